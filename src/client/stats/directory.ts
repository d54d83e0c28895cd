/**
 * The directory: a vector of 144-byte entries (layout.ts), read under one epoch. A name
 * → index map built here is valid for that epoch only (indices are reused after removals).
 */
import { SegmentError } from './errors.js';
import type { Frame } from './frame.js';
import { ENTRY_NAME, ENTRY_SIZE, ENTRY_UNION, HDR_DIRECTORY, NAME_SIZE, typeOfCode } from './layout.js';
import type { DirEntry } from './values.js';

export interface Directory {
  readonly epoch: bigint;
  /** Offset of entry 0's first byte (scalar values and pointers are re-read from here). */
  readonly offset: number;
  readonly entries: readonly DirEntry[];
  /** Name → index; for duplicate names the first entry. EMPTY entries are left out. */
  readonly byName: ReadonlyMap<string, number>;
}

/** @throws SegmentError when the directory pointer or its length is out of bounds. */
export function readDirectory(frame: Frame, epoch: bigint): Directory {
  const ptr = frame.src.u64(HDR_DIRECTORY);
  const { len, bytes } = frame.vector(ptr, ENTRY_SIZE, 'directory');
  const offset = frame.offset(ptr, 0, 'directory');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: DirEntry[] = new Array(len);
  const byName = new Map<string, number>();
  for (let i = 0; i < len; i++) {
    const at = i * ENTRY_SIZE;
    const code = view.getUint32(at, true);
    const type = typeOfCode(code);
    const name = entryName(bytes, at + ENTRY_NAME);
    entries[i] = { index: i, name, type, code, index1: view.getUint32(at + ENTRY_UNION, true), index2: view.getUint32(at + ENTRY_UNION + 4, true) };
    if (type !== 'empty' && !byName.has(name)) byName.set(name, i);
  }
  return { epoch, offset, entries, byName };
}

/** The name up to its NUL, or all 128 bytes when there is none (bytes after the NUL are garbage in symlinks). */
function entryName(bytes: Uint8Array, at: number): string {
  let end = at;
  const stop = at + NAME_SIZE;
  while (end < stop && bytes[end] !== 0) end++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
}

/** The union word of entry `index`, read afresh (scalars move without an epoch change). */
export function entryWord(frame: Frame, dir: Directory, index: number): bigint {
  const at = dir.offset + index * ENTRY_SIZE + ENTRY_UNION;
  if (at + 8 > frame.size) throw new SegmentError(`directory entry ${index} lies outside the segment`);
  return frame.src.u64(at);
}
