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
import type { MessageTable } from '../table.js';
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
    const base = { index: r.index, offset: r.offset, length: r.length, id: r.id };
    if (r.id < 0) return this.count({ ...base, name: '', crc: '', status: 'short', bytes: Buffer.from(r.payload) });
    const entry = this.table.byId(r.id);
    if (!entry) return this.count({ ...base, name: '', crc: '', status: 'unknown-id', bytes: Buffer.from(r.payload) });
    const m = this.match(r.id, entry.name, entry.crc);
    const named = { ...base, name: entry.name, crc: entry.crc };
    if (!m.def || (m.status === 'changed' && !this.opts.decodeChanged)) {
      return this.count({ ...named, status: m.status, localCrc: m.localCrc, bytes: Buffer.from(r.payload) });
    }
    try {
      const value = getCodec(this.schema, m.def.name).decode(r.payload);
      return this.count({ ...named, status: m.status, value, def: m.def, localCrc: m.localCrc });
    } catch (e) {
      return this.count({ ...named, status: 'undecodable', error: (e as Error).message, bytes: Buffer.from(r.payload) });
    }
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

  private count(d: DecodedRecord): DecodedRecord {
    this.counts[d.status]++;
    return d;
  }
}
