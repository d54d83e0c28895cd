/**
 * Writes VPP's binary API trace format (docs/trace.md §3, layout in binary-reader.ts): what
 * the emulator's `api trace save` produces, and the bench's large files.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { HEADER_SIZE } from './binary-reader.js';
import { encodeVarint } from './varint.js';

export interface TraceTableInput {
  id: number;
  /** `<name>_<crc>`. */
  key: string;
}

/** The table section: BE u32 count, then (varint id, varint length, name bytes) each. Throws RangeError for an id beyond u16. */
export function encodeTable(entries: readonly TraceTableInput[]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(entries.length);
  for (const e of entries) {
    if (e.id > 0xffff) throw new RangeError(`message id ${e.id} does not fit 16 bits`);
    const name = Buffer.from(e.key, 'latin1');
    parts.push(encodeVarint(e.id), encodeVarint(name.length), name);
  }
  return Buffer.concat(parts);
}

/** A whole trace in memory: header, table, records (each the message bytes, id first). Throws as encodeTable. */
export function encodeBinaryTrace(entries: readonly TraceTableInput[], records: readonly Uint8Array[], wrapped = false): Buffer {
  const table = encodeTable(entries);
  const head = Buffer.alloc(HEADER_SIZE);
  head.writeUInt32BE(records.length, 0);
  head.writeUInt32BE(table.length, 4);
  head[8] = wrapped ? 1 : 0;
  const parts: Buffer[] = [head, table];
  for (const r of records) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(r.length);
    parts.push(len, Buffer.from(r.buffer, r.byteOffset, r.byteLength));
  }
  return Buffer.concat(parts);
}

/**
 * Streams a trace to a file: the header's record count is written when the writer is
 * closed, so records need not be known in advance. `flags` 'wx' refuses an existing file.
 */
export class BinaryTraceWriter {
  private readonly fd: number;
  private count = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** @throws the fs error (EEXIST with 'wx', EACCES, ...); RangeError as encodeTable. */
  constructor(path: string, entries: readonly TraceTableInput[], opts: { wrapped?: boolean; flags?: string } = {}) {
    const table = encodeTable(entries);
    this.fd = openSync(path, opts.flags ?? 'w', 0o644);
    const head = Buffer.alloc(HEADER_SIZE);
    head.writeUInt32BE(table.length, 4);
    head[8] = opts.wrapped ? 1 : 0;
    writeSync(this.fd, head);
    writeSync(this.fd, table);
  }

  /** Appends one record (the message bytes, id first). */
  add(payload: Uint8Array): void {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(payload.length);
    this.pending.push(len, Buffer.from(payload)); // a copy: callers may reuse their buffer
    this.pendingBytes += 4 + payload.length;
    this.count++;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length) writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes what is left and the record count; returns the count. @throws the fs error. */
  close(): number {
    try {
      this.flush();
      const n = Buffer.alloc(4);
      n.writeUInt32BE(this.count);
      writeSync(this.fd, n, 0, 4, 0);
    } finally {
      closeSync(this.fd);
    }
    return this.count;
  }
}
