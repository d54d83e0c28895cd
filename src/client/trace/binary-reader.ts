/**
 * Reads VPP's binary API trace (`api trace save`, `/tmp/api_post_mortem.<pid>`;
 * TRACE.md §3), records one at a time, so a file of any size reads in constant memory.
 *
 * | offset          | size         | field                                        |
 * |-----------------|--------------|----------------------------------------------|
 * | 0               | 4            | nitems, BE u32                               |
 * | 4               | 4            | msgtbl_size, BE u32                          |
 * | 8               | 1            | wrapped: 1 when the ring overwrote records   |
 * | 9               | msgtbl_size  | BE u32 count, count × (varint id, varint length, `<name>_<crc>`) |
 * | 9 + msgtbl_size | …            | nitems × (BE u32 length, the message as received, id first) |
 */
import { MessageTable, splitTableKey } from '../session/message-table.js';
import { TraceFormatError } from './errors.js';
import { bufferSource, fileSource, type ByteSource } from './file-window.js';
import { readVarint } from './varint.js';

export const HEADER_SIZE = 9;

export interface TraceHeader {
  /** Records the file says it holds. */
  nitems: number;
  /** Bytes of the message table section. */
  msgtblSize: number;
  /** The ring had wrapped: older records were lost before the save. */
  wrapped: boolean;
}

export interface FileTableEntry {
  /** The id this VPP gave the message when it wrote the file. */
  id: number;
  /** `<name>_<crc>` as written. */
  key: string;
  name: string;
  /** 8 hex digits, '' when the key has none. */
  crc: string;
  /** File offset of the entry. */
  offset: number;
}

export interface RawRecord {
  /** 0-based, in file order (oldest first). */
  index: number;
  /** File offset of the record's length field. */
  offset: number;
  /** Bytes of the message (what the length field said). */
  length: number;
  /** The message id (first two bytes, BE), or -1 when the record is shorter than 2 bytes. */
  id: number;
  /** The message bytes, id first. A view, valid until the next record is read: copy to keep. */
  payload: Buffer;
}

export interface BinaryTrace {
  readonly header: TraceHeader;
  /** The message table in file order (VPP writes hash order, not id order). */
  readonly entries: readonly FileTableEntry[];
  /** The same table by id and name (the first entry of a repeated id or key wins). */
  readonly table: MessageTable;
  /** File size in bytes. */
  readonly size: number;
  /** Oddities that do not stop reading: a repeated id, unused table bytes, a wrapped byte other than 0/1. */
  readonly warnings: readonly string[];
  /**
   * The records, oldest first. After the last one, bytes left in the file are reported
   * through `warnings` (pushed when the iteration ends).
   * @throws TraceFormatError (after yielding every complete record before it) for a
   *   record whose length runs past the end of the file, or a file that ends before the
   *   `nitems` records the header announced.
   */
  records(): Generator<RawRecord, void, undefined>;
  /** Releases the file. Throws nothing. */
  close(): void;
}

/**
 * Opens a binary trace (a path, or the bytes themselves) and reads its header and table.
 * `window`: bytes of the file held in memory at a time (default 1 MiB; grows for a longer record).
 * @throws the fs error when the file cannot be opened; TraceFormatError naming the byte
 *   offset for a short header, a table longer than the file, or a table entry that does
 *   not fit (bad varint, a name running past the table, an id beyond 65535).
 */
export function openBinaryTrace(input: string | Uint8Array, opts: { window?: number } = {}): BinaryTrace {
  const src = typeof input === 'string' ? fileSource(input, opts.window) : bufferSource(input);
  try {
    return readTrace(src);
  } catch (e) {
    src.close();
    throw e;
  }
}

function readTrace(src: ByteSource): BinaryTrace {
  const head = src.read(0, HEADER_SIZE);
  if (head.length < HEADER_SIZE) {
    throw new TraceFormatError(`truncated header at byte ${head.length}: the file has ${src.size} bytes, a binary API trace starts with a 9-byte header (is this a file from "api trace save"?)`, head.length);
  }
  const header: TraceHeader = { nitems: head.readUInt32BE(0), msgtblSize: head.readUInt32BE(4), wrapped: head[8] !== 0 };
  const warnings: string[] = [];
  if (head[8]! > 1) warnings.push(`byte 8 (wrapped) is ${head[8]}, expected 0 or 1: taken as wrapped`);
  const tableEnd = HEADER_SIZE + header.msgtblSize;
  if (tableEnd > src.size) {
    throw new TraceFormatError(`truncated message table: the header at byte 4 announces ${header.msgtblSize} bytes of table, the file has ${src.size - HEADER_SIZE} after the header`, src.size);
  }
  const tbl = Buffer.from(src.read(HEADER_SIZE, header.msgtblSize));
  const entries = parseTable(tbl, HEADER_SIZE, warnings);
  const table = new MessageTable(entries);
  let open = true;
  return {
    header,
    entries,
    table,
    size: src.size,
    warnings,
    records: () => walkRecords(src, header.nitems, tableEnd, warnings),
    close() {
      if (open) src.close();
      open = false;
    },
  };
}

/** The table section (bytes `tbl`, at file offset `base`). */
function parseTable(tbl: Buffer, base: number, warnings: string[]): FileTableEntry[] {
  if (tbl.length < 4) {
    throw new TraceFormatError(`truncated message table at byte ${base}: ${tbl.length} bytes, its count alone takes 4`, base + tbl.length);
  }
  const count = tbl.readUInt32BE(0);
  const entries: FileTableEntry[] = [];
  const seen = new Set<number>();
  let pos = 4;
  for (let i = 0; i < count; i++) {
    const at = pos;
    const id = readVarint(tbl, pos, tbl.length, base, `message table entry ${i} of ${count}: id`);
    pos += id.size;
    if (id.value > 0xffff) throw new TraceFormatError(`message table entry ${i} at byte ${base + at}: id ${id.value} does not fit VPP's 16-bit message ids`, base + at);
    const len = readVarint(tbl, pos, tbl.length, base, `message table entry ${i} of ${count}: name length`);
    pos += len.size;
    if (pos + len.value > tbl.length) {
      throw new TraceFormatError(`message table entry ${i} at byte ${base + at}: its name of ${len.value} bytes runs past the table's end at byte ${base + tbl.length}`, base + pos);
    }
    const key = tbl.toString('latin1', pos, pos + len.value);
    pos += len.value;
    if (seen.has(id.value)) warnings.push(`message table: id ${id.value} appears again at byte ${base + at} (${key}); the first entry is used`);
    seen.add(id.value);
    entries.push({ id: id.value, key, ...splitTableKey(key), offset: base + at });
  }
  if (pos < tbl.length) warnings.push(`message table: ${tbl.length - pos} bytes after its ${count} entries, at byte ${base + pos}, ignored`);
  return entries;
}

function* walkRecords(src: ByteSource, nitems: number, start: number, warnings: string[]): Generator<RawRecord, void, undefined> {
  let pos = start;
  for (let index = 0; index < nitems; index++) {
    const lenBytes = src.read(pos, 4);
    if (lenBytes.length < 4) {
      throw new TraceFormatError(`truncated file: record ${index} of ${nitems} should start at byte ${pos}, the file ends at byte ${src.size}`, pos);
    }
    const length = lenBytes.readUInt32BE(0);
    if (pos + 4 + length > src.size) {
      throw new TraceFormatError(`record ${index} at byte ${pos} announces ${length} bytes, only ${src.size - pos - 4} remain in the file`, pos);
    }
    const payload = src.read(pos + 4, length);
    const id = length >= 2 ? payload.readUInt16BE(0) : -1;
    yield { index, offset: pos, length, id, payload };
    pos += 4 + length;
  }
  if (pos < src.size) warnings.push(`${src.size - pos} bytes after the last of ${nitems} records, at byte ${pos}, ignored`);
}
