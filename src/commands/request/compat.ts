/**
 * VPP's message table against the local definitions (PROTOCOL.md §2):
 *
 * | status    | VPP's table            | local definition        |
 * |-----------|------------------------|-------------------------|
 * | available | name_crc               | same name and CRC       |
 * | changed   | name_crc               | same name, other CRC    |
 * | missing   | no message of the name | defined                 |
 * | unknown   | name_crc               | none                    |
 *
 * Shared by `message-table` and `check`.
 */
import type { Schema } from '../../client/schema/model.js';
import type { MessageTable } from '../../client/session/message-table.js';

export type CompatStatus = 'available' | 'changed' | 'missing' | 'unknown';

export interface CompatRow {
  /** VPP's id; undefined for missing. */
  id?: number;
  name: string;
  /** VPP's CRC; undefined for missing. */
  crc?: string;
  /** The local definition's CRC; undefined for unknown. */
  localCrc?: string;
  module?: string;
  status: CompatStatus;
}

/** Every message of either side: VPP's in id order, then the missing ones by name. Throws nothing. */
export function compare(table: MessageTable, schema: Schema): CompatRow[] {
  const rows: CompatRow[] = [];
  const seen = new Set<string>();
  for (const e of table.entries()) {
    const local = schema.messages.get(e.name);
    seen.add(e.name);
    rows.push({
      id: e.id,
      name: e.name,
      crc: e.crc,
      localCrc: local?.crc,
      module: local?.module,
      status: !local ? 'unknown' : local.crc === e.crc ? 'available' : 'changed',
    });
  }
  const missing = [...schema.messages.values()].filter((d) => !seen.has(d.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of missing) rows.push({ name: d.name, localCrc: d.crc, module: d.module, status: 'missing' });
  return rows;
}

/** Counts per status. */
export function countStatus(rows: readonly CompatRow[]): Record<CompatStatus, number> {
  const c: Record<CompatStatus, number> = { available: 0, changed: 0, missing: 0, unknown: 0 };
  for (const r of rows) c[r.status]++;
  return c;
}

/**
 * A matcher for names: a glob when the pattern has `*`, `?` or `[…]` (whole name),
 * else a prefix. Case-insensitive. Throws nothing.
 */
export function namePattern(pattern: string): (name: string) => boolean {
  const p = pattern.toLowerCase();
  if (!/[*?[]/.test(p)) return (n) => n.toLowerCase().startsWith(p);
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = p.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`);
  return (n) => rx.test(n.toLowerCase());
}

/** The JSON form of a row: stable keys, null for what a side lacks. */
export function rowJson(r: CompatRow): Record<string, unknown> {
  return { id: r.id ?? null, name: r.name, crc: r.crc ?? null, local_crc: r.localCrc ?? null, module: r.module ?? null, status: r.status };
}
