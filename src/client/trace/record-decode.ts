/**
 * Decoding trace records with the local definitions through the file's own message table
 * (ids differ between VPP runs: a record's id means only what the file's table says).
 *
 * | status        | meaning                                                         |
 * |---------------|-----------------------------------------------------------------|
 * | ok            | the table's `<name>_<crc>` is a local definition; decoded        |
 * | changed       | a local definition of that name has another CRC: not decoded,    |
 * |               | unless asked to (decodeChanged), then decoded with the local one  |
 * | unknown       | no local definition of that name (a plugin's, or a newer VPP's)  |
 * | unknown-id    | the id is not in the file's table                                |
 * | short         | fewer than 2 bytes: no message id                                |
 * | undecodable   | the bytes do not fit the definition (error says where)           |
 */
import { getCodec } from '../codec/index.js';
import type { MessageDef, Schema } from '../schema/model.js';
import type { MessageTable } from '../session/message-table.js';
import type { RawRecord } from './binary-reader.js';

export type RecordStatus = 'ok' | 'changed' | 'unknown' | 'unknown-id' | 'short' | 'undecodable';

export interface DecodedRecord {
  index: number;
  /** File offset of the record. */
  offset: number;
  length: number;
  /** The id in the file, -1 for a record too short to hold one. */
  id: number;
  /** From the file's table ('' for unknown-id and short). */
  name: string;
  crc: string;
  status: RecordStatus;
  /** ok: the decoded message, header fields (client_index, context) included. */
  value?: Record<string, unknown>;
  /** ok: the local definition used. */
  def?: MessageDef;
  /** changed: the local definition's CRC. */
  localCrc?: string;
  /** undecodable: why. */
  error?: string;
  /** Everything but ok: a copy of the record's bytes. */
  bytes?: Buffer;
}

/** Decodes records of one file. Throws nothing: every problem becomes a status. */
export class TraceDecoder {
  /** Per status, how many records had it. */
  readonly counts: Record<RecordStatus, number> = { ok: 0, changed: 0, unknown: 0, 'unknown-id': 0, short: 0, undecodable: 0 };
  private readonly byId = new Map<number, { def?: MessageDef; status: RecordStatus; localCrc?: string }>();

  constructor(
    private readonly schema: Schema,
    private readonly table: MessageTable,
    /** decodeChanged: decode a record whose CRC differs from the local one with the local definition anyway (status stays changed). */
    private readonly opts: { decodeChanged?: boolean } = {},
  ) {}

  decode(r: RawRecord): DecodedRecord {
    const entry = r.id < 0 ? undefined : this.table.byId(r.id);
    const status: RecordStatus = r.id < 0 ? 'short' : entry ? 'ok' : 'unknown-id';
    const d: DecodedRecord = { index: r.index, offset: r.offset, length: r.length, id: r.id, name: entry?.name ?? '', crc: entry?.crc ?? '', status };
    if (!entry) return this.raw(d, r);
    const m = this.match(r.id, entry.name, entry.crc);
    d.status = m.status;
    d.localCrc = m.localCrc;
    if (!m.def || (m.status === 'changed' && !this.opts.decodeChanged)) return this.raw(d, r);
    try {
      d.value = getCodec(this.schema, m.def.name).decode(r.payload);
      d.def = m.def;
    } catch (e) {
      d.status = 'undecodable';
      d.error = (e as Error).message;
      return this.raw(d, r);
    }
    this.counts[d.status]++;
    return d;
  }

  /** Not decoded: keep a copy of the bytes. */
  private raw(d: DecodedRecord, r: RawRecord): DecodedRecord {
    d.bytes = Buffer.from(r.payload);
    this.counts[d.status]++;
    return d;
  }

  private match(id: number, name: string, crc: string): { def?: MessageDef; status: RecordStatus; localCrc?: string } {
    let m = this.byId.get(id);
    if (m) return m;
    const def = this.schema.messages.get(name);
    if (!def) m = { status: 'unknown' };
    else if (def.crc !== crc) m = { def, status: 'changed', localCrc: def.crc };
    else m = { def, status: 'ok' };
    this.byId.set(id, m);
    return m;
  }
}
