/**
 * Lays out a statistics segment image the way VPP 26.06 does (docs/stats.md §2–4): header at
 * 0, data from 4096 on, VPP vectors (`len` u32 at −8), a directory of 144-byte entries.
 * Pointers are `base + offset`. Counter vectors are 64-byte aligned with VPP's 64-byte
 * header (56 zero bytes, then the vector header), other vectors 8-byte aligned.
 * Records where each counter row and each entry's word lie, for in-place updates.
 */
export const TYPE = { SCALAR: 1, SIMPLE: 2, COMBINED: 3, NAMES: 4, SYMLINK: 6, HISTOGRAM: 7, GAUGE: 9 } as const;

export type EntrySpec =
  | { name: string; kind: 'scalar' | 'gauge'; value: bigint }
  | { name: string; kind: 'simple'; rows: readonly BigUint64Array[] }
  | { name: string; kind: 'combined'; rows: readonly BigUint64Array[] /** packets, bytes interleaved */ }
  | { name: string; kind: 'names'; names: readonly (string | null)[] }
  | { name: string; kind: 'symlink'; target: string; column: number }
  | { name: string; kind: 'histogram'; rows: readonly { minExp: number; bins: BigUint64Array }[] };

export interface Image {
  bytes: Buffer;
  /** Bytes in use from 0 (what must be written to the memfd). */
  used: number;
  directoryOffset: number;
  /** Entry name → directory index. */
  index: Map<string, number>;
  /** Entry name → data offset of each row (counter and histogram vectors). */
  rows: Map<string, number[]>;
}

const DATA_START = 4096;
const ENTRY = 144;

class Layout {
  next = DATA_START;
  readonly chunks: { at: number; bytes: Buffer }[] = [];
  constructor(readonly base: bigint) {}

  /** A vector of `count` elements with VPP's header; returns the data offset. */
  vec(elSize: number, count: number, align: 8 | 64): { at: number; data: Buffer } {
    const header = align === 64 ? 64 : 8;
    const start = Math.ceil(this.next / align) * align;
    const at = start + header;
    const data = Buffer.alloc(Math.max(elSize * count, 0));
    const hdr = Buffer.alloc(header);
    hdr.writeUInt32LE(count, header - 8);
    hdr.writeUInt8(header / 8, header - 4);
    hdr.writeUInt8(0x80 | Math.log2(align), header - 3);
    this.chunks.push({ at: start, bytes: hdr }, { at, bytes: data });
    this.next = at + data.length;
    return { at, data };
  }

  ptr(off: number): bigint {
    return this.base + BigInt(off);
  }

  pointers(offsets: readonly number[], align: 8 | 64): number {
    const v = this.vec(8, offsets.length, align);
    offsets.forEach((o, i) => v.data.writeBigUInt64LE(o === 0 ? 0n : this.ptr(o), 8 * i));
    return v.at;
  }

  u64Rows(rows: readonly BigUint64Array[], perElement: number): { outer: number; inner: number[] } {
    const inner = rows.map((r) => {
      const v = this.vec(8 * perElement, r.length / perElement, 64);
      Buffer.from(r.buffer, r.byteOffset, r.byteLength).copy(v.data);
      return v.at;
    });
    return { outer: this.pointers(inner, 64), inner };
  }
}

/**
 * The whole image. Symlinks must name entries of the same spec list.
 * @throws Error when a symlink's target is missing (a bug of the caller).
 */
export function buildImage(specs: readonly EntrySpec[], base: bigint, epoch: bigint): Image {
  const l = new Layout(base);
  const index = new Map(specs.map((s, i) => [s.name, i] as const));
  const rows = new Map<string, number[]>();
  const words: (bigint | [number, number])[] = specs.map((s) => {
    switch (s.kind) {
      case 'scalar':
      case 'gauge':
        return s.value;
      case 'simple':
      case 'combined': {
        const r = l.u64Rows(s.rows, s.kind === 'combined' ? 2 : 1);
        rows.set(s.name, r.inner);
        return l.ptr(r.outer);
      }
      case 'histogram': {
        const r = l.u64Rows(s.rows.map((x) => BigUint64Array.from([BigInt.asUintN(64, BigInt(x.minExp)), ...x.bins])), 1);
        rows.set(s.name, r.inner);
        return l.ptr(r.outer);
      }
      case 'names': {
        const strs = s.names.map((n) => {
          if (n === null) return 0;
          const b = Buffer.from(`${n}\0`, 'latin1');
          const v = l.vec(1, b.length, 8);
          b.copy(v.data);
          return v.at;
        });
        return l.ptr(l.pointers(strs, 8));
      }
      case 'symlink': {
        const t = index.get(s.target);
        if (t === undefined) throw new Error(`symlink ${s.name}: no entry ${s.target}`);
        return [t, s.column];
      }
    }
  });
  const dir = l.vec(ENTRY, specs.length, 8);
  specs.forEach((s, i) => writeEntry(dir.data, i * ENTRY, s, words[i]!));
  const used = l.next;
  const bytes = Buffer.alloc(used);
  for (const c of l.chunks) c.bytes.copy(bytes, c.at);
  bytes.writeBigUInt64LE(2n, 0);
  bytes.writeBigUInt64LE(base, 8);
  bytes.writeBigUInt64LE(epoch, 16);
  bytes.writeBigUInt64LE(0n, 24);
  bytes.writeBigUInt64LE(l.ptr(dir.at), 32);
  return { bytes, used, directoryOffset: dir.at, index, rows };
}

const CODE: Record<EntrySpec['kind'], number> = { scalar: TYPE.SCALAR, gauge: TYPE.GAUGE, simple: TYPE.SIMPLE, combined: TYPE.COMBINED, names: TYPE.NAMES, symlink: TYPE.SYMLINK, histogram: TYPE.HISTOGRAM };

function writeEntry(b: Buffer, at: number, s: EntrySpec, word: bigint | [number, number]): void {
  b.writeUInt32LE(CODE[s.kind], at);
  if (Array.isArray(word)) {
    b.writeUInt32LE(word[0], at + 8);
    b.writeUInt32LE(word[1], at + 12);
  } else b.writeBigUInt64LE(word, at + 8);
  const name = Buffer.from(s.name, 'latin1');
  if (name.length > 127) throw new Error(`stats entry name longer than 127 bytes: ${s.name}`);
  name.copy(b, at + 16);
}
