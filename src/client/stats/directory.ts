/**
 * The directory: a vector of 144-byte entries (layout.ts), read under one epoch. A name
 * → index map built here is valid for that epoch only (indices are reused after removals).
 */
import { SegmentError } from './errors.js';
import type { Frame } from './frame.js';
import { ENTRY_NAME, ENTRY_SIZE, ENTRY_UNION, HDR_DIRECTORY, NAME_SIZE, typeOfCode } from './layout.js';
import type { DirEntry } from '../types/stat-entries.js';

export interface Directory {
  readonly epoch: bigint;
  /** Offset of entry 0's first byte (scalar values and pointers are re-read from here). */
  readonly offset: number;
  readonly entries: readonly DirEntry[];
  /** Name → index (built on first use); for duplicate names the first entry. EMPTY entries are left out. */
  indexOf(name: string): number | undefined;
}

/** @throws SegmentError when the directory pointer or its length is out of bounds. */
export function readDirectory(frame: Frame, epoch: bigint): Directory {
  const ptr = frame.src.u64(HDR_DIRECTORY);
  const { len, bytes } = frame.vector(ptr, ENTRY_SIZE, 'directory');
  const offset = frame.offset(ptr, 0, 'directory');
  // 144-byte entries are 4-aligned: u32 fields by index, in host order as the segment is.
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, (len * ENTRY_SIZE) / 4);
  const names = new NameReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const entries: DirEntry[] = new Array(len);
  const W = ENTRY_SIZE / 4;
  for (let i = 0; i < len; i++) {
    const code = words[i * W]!;
    const u = i * W + ENTRY_UNION / 4;
    entries[i] = { index: i, name: names.at(i * ENTRY_SIZE + ENTRY_NAME), type: typeOfCode(code), code, index1: words[u]!, index2: words[u + 1]! };
  }
  let byName: Map<string, number> | undefined;
  const indexOf = (name: string) => {
    if (!byName) {
      byName = new Map();
      for (const e of entries) if (e.type !== 'empty' && !byName.has(e.name)) byName.set(e.name, e.index);
    }
    return byName.get(name);
  };
  return { epoch, offset, entries, indexOf };
}

/**
 * Entry names: each up to its NUL, or all 128 bytes when there is none (bytes after the
 * NUL are garbage in symlinks). The directory is decoded as latin1 once and each name
 * sliced from it, and the next NUL found is kept until passed, so the search costs one
 * pass over the directory even when a hostile one has no NUL at all: a byte loop and a
 * toString per name were a fifth of a 17,000-entry read.
 */
class NameReader {
  private readonly all: string;
  private nextNul = -1;

  constructor(private readonly text: Buffer) {
    this.all = text.toString('latin1');
  }

  at(start: number): string {
    if (this.nextNul < start) {
      this.nextNul = this.text.indexOf(0, start);
      if (this.nextNul < 0) this.nextNul = this.text.length;
    }
    return this.all.slice(start, Math.min(this.nextNul, start + NAME_SIZE));
  }
}

/** The union word of entry `index`, read afresh (scalars move without an epoch change). */
export function entryWord(frame: Frame, dir: Directory, index: number): bigint {
  const at = dir.offset + index * ENTRY_SIZE + ENTRY_UNION;
  if (at + 8 > frame.size) throw new SegmentError(`directory entry ${index} lies outside the segment`);
  return frame.src.u64(at);
}
