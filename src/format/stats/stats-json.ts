/**
 * Stats as JSON values (to be written with stringifyJson: u64 counters stay exact as
 * bigint). One object per entry, in directory order:
 *
 * | type      | members (summed over threads)                 | with perThread                     |
 * |-----------|-----------------------------------------------|------------------------------------|
 * | scalar, gauge | value                                      | same                               |
 * | simple    | values: [v per element]                       | threads: [[v per element]]         |
 * | combined  | packets: [..], bytes: [..]                    | threads: [{packets, bytes}]        |
 * | names     | names: [string or null]                       | same                               |
 * | histogram | threads: [{min_exp, bins}]                    | same                               |
 * | ring      | entry_size, ring_size, schema_version, schema ("0x…" or null), threads: [{head, sequence, entries: [{sequence, data}]}] | same |
 *
 * Symlinks add `target` and `column`, and carry their one column as a one-element vector.
 * Interface counters name their interfaces from `/if/names` (when given): an `/if/<counter>`
 * vector adds `interfaces`, the name of each element by position (= sw_if_index; null
 * where `/if/names` has none), an `/interfaces/<name>/<counter>` link `interface`, the name
 * at its `column`. Values stay where they were: the names are beside them, never instead.
 * With rates (watch), counters add `rates` (simple) or `packet_rates` / `byte_rates`
 * (combined), shaped like the values; null where no rate is known yet or the counter was
 * cleared. An entry that could not be read has `error` instead of values.
 */
import type { EntryRates, StatEntry, StatValue } from '../../client/types/stat-entries.js';
import { add, counterOf, type Num } from './stats-shape.js';

export interface StatsJsonOptions {
  perThread?: boolean;
  rates?: ReadonlyMap<string, EntryRates>;
  /** `/if/names`, to name the elements of interface counters. */
  names?: readonly (string | null)[];
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

function sumArrays(rows: readonly ArrayLike<bigint | number>[]): Num[] {
  const out: Num[] = [];
  for (const r of rows) for (let i = 0; i < r.length; i++) out[i] = i in out ? add(out[i]!, r[i]!) : r[i]!;
  return out;
}

/** JSON can hold no NaN: a cleared counter's rate becomes null. */
const rate = (xs: readonly Num[]) => xs.map((x) => (typeof x === 'number' && Number.isNaN(x) ? null : x));

/** `interface` of a link, `interfaces` of a vector (one name per element). */
function interfaceNames(e: StatEntry, v: Extract<StatValue, { kind: 'simple' | 'combined' }>, names: readonly (string | null)[]): Record<string, unknown> {
  if (e.symlink) return { interface: names[e.symlink.column] ?? null };
  const n = v.kind === 'simple' ? Math.max(0, ...v.rows.map((r) => r.length)) : Math.max(0, ...v.rows.map((r) => r.packets.length));
  return { interfaces: Array.from({ length: n }, (_, i) => names[i] ?? null) };
}

export function statsJson(entries: readonly StatEntry[], opts: StatsJsonOptions = {}): Record<string, unknown>[] {
  return entries.map((e) => entryJson(e, opts));
}

function entryJson(e: StatEntry, opts: StatsJsonOptions): Record<string, unknown> {
  const o: Record<string, unknown> = { name: e.name, type: e.type, index: e.index };
  if (e.symlink) Object.assign(o, { target: e.symlink.target, column: e.symlink.column });
  const v = e.value;
  if (!v) return { ...o, error: e.error };
  if (opts.names && (v.kind === 'simple' || v.kind === 'combined') && counterOf(e)) Object.assign(o, interfaceNames(e, v, opts.names));
  const r = opts.rates?.get(e.name);
  switch (v.kind) {
    case 'scalar':
    case 'gauge':
      return { ...o, value: v.value };
    case 'simple':
      if (opts.perThread) return { ...o, threads: v.rows.map((x) => [...x]), ...(opts.rates && { rates: r?.kind === 'simple' ? r.rows.map((x) => rate([...x])) : null }) };
      return { ...o, values: sumArrays(v.rows), ...(opts.rates && { rates: r?.kind === 'simple' ? rate(sumArrays(r.rows)) : null }) };
    case 'combined': {
      const rr = r?.kind === 'combined' ? r : undefined;
      if (opts.perThread) {
        return {
          ...o,
          threads: v.rows.map((x, t) => ({
            packets: [...x.packets],
            bytes: [...x.bytes],
            ...(opts.rates && { packet_rates: rr ? rate([...rr.packets[t]!]) : null, byte_rates: rr ? rate([...rr.bytes[t]!]) : null }),
          })),
        };
      }
      return {
        ...o,
        packets: sumArrays(v.rows.map((x) => x.packets)),
        bytes: sumArrays(v.rows.map((x) => x.bytes)),
        ...(opts.rates && { packet_rates: rr ? rate(sumArrays(rr.packets)) : null, byte_rates: rr ? rate(sumArrays(rr.bytes)) : null }),
      };
    }
    case 'names':
      return { ...o, names: v.names };
    case 'histogram':
      return { ...o, threads: v.rows.map((x) => ({ min_exp: x.minExp, bins: [...x.bins] })) };
    case 'ring': {
      const g = v.ring;
      return {
        ...o,
        entry_size: g.entrySize,
        ring_size: g.ringSize,
        schema_version: g.schemaVersion,
        schema: g.schema ? hex(g.schema) : null,
        threads: g.threads.map((t) => ({ head: t.head, sequence: t.sequence, entries: t.entries.map((b, i) => ({ sequence: t.firstSequence + BigInt(i), data: hex(b) })) })),
      };
    }
  }
}
