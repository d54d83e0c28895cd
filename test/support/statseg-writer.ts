/**
 * A deliberately naive writer of VPP statistics segments, written from docs/stats.md alone and
 * importing nothing from src/: the oracle the reader is tested against. It lays out a
 * fresh segment in a Buffer (bump allocation from 4096, as VPP's heap starts one page in),
 * then the directory and the header. Everything is little-endian; pointers are
 * `base + offset`. It checks nothing: hostile segments are made by poking the bytes.
 *
 * Vector headers: 8 bytes before the data, `len` u32 at −8, hdr_size u8 at −4 (1 = the
 * 8-byte header only), log2 align at −3 (bit 7 set: default heap), grow_elts at −2.
 */

export type Cell = bigint | number;

export interface NaiveEntry {
  type: number;
  /** The u64 at offset 8 (value or pointer), or [index1, index2] for symlinks. */
  word: bigint | [number, number];
  name: string;
  /** Bytes written after the name's NUL and in the padding, as VPP leaves in symlinks. */
  garbage?: boolean;
}

/** 22.06+ type numbers; the old layout renumbers names/empty/symlink and has ERROR_INDEX. */
export const T = { ILLEGAL: 0, SCALAR: 1, SIMPLE: 2, COMBINED: 3, NAMES: 4, EMPTY: 5, SYMLINK: 6, HISTOGRAM: 7, RING: 8, GAUGE: 9 } as const;
export const OLD_T = { SCALAR: 1, SIMPLE: 2, COMBINED: 3, ERROR_INDEX: 4, NAMES: 5, EMPTY: 6, SYMLINK: 7 } as const;

export class NaiveSegment {
  readonly buf: Buffer;
  next = 4096;
  readonly entries: NaiveEntry[] = [];
  epoch = 1n;
  inProgress = 0n;
  /** Offset of directory entry 0 after finish(). */
  dirOffset = 0;
  headerWord40 = 0n;
  version = 2n;

  constructor(
    readonly size = 1 << 20,
    readonly base = 0x7f2e_f6cd_6000n,
  ) {
    this.buf = Buffer.alloc(size);
  }

  ptr(off: number): bigint {
    return this.base + BigInt(off);
  }

  /** Room for `bytes`, aligned; returns the offset. */
  alloc(bytes: number, align = 8): number {
    this.next = Math.ceil(this.next / align) * align;
    const at = this.next;
    this.next += bytes;
    if (this.next > this.size) throw new Error(`naive segment of ${this.size} bytes is full`);
    return at;
  }

  /** A vector of `count` elements of `elSize` bytes; returns the data offset (len at −8). */
  vec(elSize: number, count: number, align = 8): number {
    const start = this.alloc(8 + elSize * count + 8, align);
    // data must be aligned, header just before it
    let data = start + 8;
    if (data % align !== 0) data += align - (data % align);
    this.buf.writeUInt32LE(count, data - 8);
    this.buf.writeUInt8(1, data - 4);
    this.buf.writeUInt8(0x80 | Math.log2(align), data - 3);
    this.next = Math.max(this.next, data + elSize * count);
    return data;
  }

  u64Vec(values: readonly Cell[]): number {
    const at = this.vec(8, values.length);
    values.forEach((v, i) => this.buf.writeBigUInt64LE(BigInt(v), at + 8 * i));
    return at;
  }

  /** A vector of pointers to the given data offsets (0 stays a null pointer). */
  ptrVec(offsets: readonly number[]): number {
    return this.u64Vec(offsets.map((o) => (o === 0 ? 0n : this.ptr(o))));
  }

  add(e: NaiveEntry): number {
    this.entries.push(e);
    return this.entries.length - 1;
  }

  scalar(name: string, v: Cell): number {
    return this.add({ type: T.SCALAR, word: BigInt(v), name });
  }

  gauge(name: string, v: Cell): number {
    return this.add({ type: T.GAUGE, word: BigInt(v), name });
  }

  /** rows[thread][index] */
  simple(name: string, rows: readonly (readonly Cell[])[], type: number = T.SIMPLE): number {
    const inner = rows.map((r) => this.u64Vec(r));
    return this.add({ type, word: this.ptr(this.ptrVec(inner)), name });
  }

  /** rows[thread][index] = [packets, bytes] */
  combined(name: string, rows: readonly (readonly [Cell, Cell][])[]): number {
    const inner = rows.map((r) => {
      const at = this.vec(16, r.length);
      r.forEach(([p, b], i) => {
        this.buf.writeBigUInt64LE(BigInt(p), at + 16 * i);
        this.buf.writeBigUInt64LE(BigInt(b), at + 16 * i + 8);
      });
      return at;
    });
    return this.add({ type: T.COMBINED, word: this.ptr(this.ptrVec(inner)), name });
  }

  /** Strings with their NUL; null → a null pointer. */
  names(name: string, values: readonly (string | null)[], type: number = T.NAMES): number {
    const strs = values.map((s) => {
      if (s === null) return 0;
      const b = Buffer.from(`${s}\0`, 'latin1');
      const at = this.vec(1, b.length);
      b.copy(this.buf, at);
      return at;
    });
    return this.add({ type, word: this.ptr(this.ptrVec(strs)), name });
  }

  symlink(name: string, target: number, column: number, type: number = T.SYMLINK): number {
    return this.add({ type, word: [target, column], name, garbage: true });
  }

  /** Per row: element 0 = min_exp (may be negative), then the bins. */
  histogram(name: string, rows: readonly { minExp: number; bins: readonly Cell[] }[]): number {
    const inner = rows.map((r) => this.u64Vec([BigInt.asUintN(64, BigInt(r.minExp)), ...r.bins]));
    return this.add({ type: T.HISTOGRAM, word: this.ptr(this.ptrVec(inner)), name });
  }

  /**
   * A ring block: slots[thread][slot] are entrySize bytes each; per thread head and
   * sequence as given; an optional schema placed after the metadata.
   */
  ring(name: string, r: { entrySize: number; ringSize: number; slots: Buffer[][]; heads: number[]; sequences: bigint[]; schema?: Buffer; schemaVersion?: number }): number {
    const n = r.slots.length;
    const slotBytes = n * r.ringSize * r.entrySize;
    const meta = Math.ceil((28 + slotBytes) / 64) * 64;
    const schemaSize = r.schema?.length ?? 0;
    const at = this.alloc(meta + 64 * n + schemaSize, 64);
    const b = this.buf;
    [r.entrySize, r.ringSize, n, schemaSize, r.schemaVersion ?? 0, meta, 28].forEach((v, i) => b.writeUInt32LE(v, at + 4 * i));
    r.slots.forEach((thread, t) => thread.forEach((s, k) => s.copy(b, at + 28 + (t * r.ringSize + k) * r.entrySize)));
    for (let t = 0; t < n; t++) {
      const m = at + meta + 64 * t;
      b.writeUInt32LE(r.heads[t]!, m);
      b.writeUInt32LE(r.schemaVersion ?? 0, m + 4);
      b.writeBigUInt64LE(r.sequences[t]!, m + 8);
      b.writeUInt32LE(schemaSize ? meta + 64 * n : 0, m + 16);
      b.writeUInt32LE(schemaSize, m + 20);
    }
    r.schema?.copy(b, at + meta + 64 * n);
    return this.add({ type: T.RING, word: this.ptr(at), name });
  }

  empty(nextFree = 0xffff_ffff): number {
    return this.add({ type: T.EMPTY, word: BigInt(nextFree), name: '' });
  }

  /** Writes the directory and the header; returns the bytes (the same Buffer, live). */
  finish(): Buffer {
    const d = this.vec(144, this.entries.length);
    this.dirOffset = d;
    this.entries.forEach((e, i) => this.writeEntry(d + 144 * i, e));
    this.writeHeader(this.ptr(d));
    return this.buf;
  }

  writeEntry(at: number, e: NaiveEntry): void {
    const b = this.buf;
    b.fill(e.garbage ? 0xa5 : 0, at, at + 144);
    b.writeUInt32LE(e.type, at);
    if (Array.isArray(e.word)) {
      b.writeUInt32LE(e.word[0], at + 8);
      b.writeUInt32LE(e.word[1], at + 12);
    } else b.writeBigUInt64LE(e.word, at + 8);
    const name = Buffer.from(e.name, 'latin1');
    name.copy(b, at + 16, 0, Math.min(128, name.length));
    if (name.length < 128) b[at + 16 + name.length] = 0;
  }

  writeHeader(dirPtr: bigint): void {
    const b = this.buf;
    b.writeBigUInt64LE(this.version, 0);
    b.writeBigUInt64LE(this.base, 8);
    b.writeBigUInt64LE(this.epoch, 16);
    b.writeBigUInt64LE(this.inProgress, 24);
    b.writeBigUInt64LE(dirPtr, 32);
    b.writeBigUInt64LE(this.headerWord40, 40);
  }

  setEpoch(e: bigint): void {
    this.epoch = e;
    this.buf.writeBigUInt64LE(e, 16);
  }

  setInProgress(v: bigint): void {
    this.inProgress = v;
    this.buf.writeBigUInt64LE(v, 24);
  }

  /** The data offset of a vector whose pointer sits at `ptrOffset`. */
  deref(ptrOffset: number): number {
    return Number(this.buf.readBigUInt64LE(ptrOffset) - this.base);
  }

  /** Offset of entry i's u64 word. */
  wordAt(i: number): number {
    return this.dirOffset + 144 * i + 8;
  }
}

/**
 * The old (pre-22.06) layout: an error vector pointer at header offset 40 and the type
 * numbers of OLD_T. Returns a finished segment with one scalar, one error vector and a
 * name vector.
 */
export function oldLayoutSegment(): Buffer {
  const s = new NaiveSegment(1 << 16);
  s.scalar('/sys/heartbeat', 4);
  s.names('/if/names', ['local0'], OLD_T.NAMES);
  const errors = s.ptrVec([s.u64Vec([0, 1, 2])]);
  s.headerWord40 = s.ptr(errors);
  return s.finish();
}
