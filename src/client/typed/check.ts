/**
 * The one run-time check of typed bindings: the CRC each message had in the definitions
 * the bindings were generated from, against this VPP's message table and against the
 * definitions the session encodes with. A difference means the types describe another
 * layout than the one on the wire.
 *
 * | status    | means                                                        |
 * |-----------|--------------------------------------------------------------|
 * | available | VPP (and the session's definitions) have it with this CRC    |
 * | changed   | VPP has the name with another CRC                            |
 * | missing   | VPP has no message of that name (plugin not loaded?)          |
 * | local     | VPP agrees, the session's own definitions have another CRC   |
 */
import { VppApiError } from '../errors.js';
import type { Schema } from '../schema/model.js';
import type { MessageTable } from '../session/message-table.js';

export type BindingStatus = 'available' | 'changed' | 'missing' | 'local';

export interface BindingRow {
  name: string;
  status: BindingStatus;
  /** The CRC in the bindings. */
  crc: string;
  /** VPP's CRC (available, changed, local). */
  vppCrc?: string;
  /** The session's definition's CRC, when it has one. */
  localCrc?: string;
}

/** Every message of `crcs`, classified. Throws nothing. */
export function compareBindings(crcs: { readonly [m: string]: string }, table: MessageTable, schema: Schema): BindingRow[] {
  const rows: BindingRow[] = [];
  for (const name of Object.keys(crcs)) rows.push(classifyOne(name, crcs[name]!, table, schema));
  return rows;
}

/** One message of the bindings against VPP's table and the session's definitions. Throws nothing. */
export function classifyOne(name: string, crc: string, table: MessageTable, schema: Schema): BindingRow {
  const e = table.byName(name);
  const localCrc = schema.messages.get(name)?.crc;
  if (!e) return { name, status: 'missing', crc, localCrc };
  if (e.crc !== crc) return { name, status: 'changed', crc, vppCrc: e.crc, localCrc };
  if (localCrc !== undefined && localCrc !== crc) return { name, status: 'local', crc, vppCrc: e.crc, localCrc };
  return { name, status: 'available', crc, vppCrc: e.crc, localCrc };
}

/** One line per row, as `vppapi check` words them. */
export function describeRow(r: BindingRow): string {
  switch (r.status) {
    case 'changed': return `${r.name}: bindings ${r.crc} → VPP ${r.vppCrc} (changed: generate the bindings again from this VPP's definitions)`;
    case 'missing': return `${r.name}: bindings ${r.crc}, not in this VPP (a plugin not loaded, or bindings of another VPP release?)`;
    case 'local': return `${r.name}: bindings and VPP ${r.crc}, the session's definitions ${r.localCrc} (load the definitions the bindings came from)`;
    default: return `${r.name}: ${r.crc} available`;
  }
}

/** A typed call used a message whose CRC in the bindings is not what this VPP (or the session) has. */
export class BindingsMismatchError extends VppApiError {
  declare readonly code: 'EBINDINGS';
  constructor(
    /** The request called. */
    readonly request: string,
    /** Every message it involves that does not match, one row each. */
    readonly rows: readonly BindingRow[],
  ) {
    super('EBINDINGS', `${request}: the typed bindings do not match: ${rows.map(describeRow).join('; ')}`);
  }
}
