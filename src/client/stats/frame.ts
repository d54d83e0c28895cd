/**
 * Bounds-checked access to one consistent view of the segment: pointer translation
 * (offset = pointer − base) and VPP vectors (`len` u32 at −8 from the data). Every
 * pointer and length is checked against the segment's size before a byte is read; a
 * failure is a SegmentError naming what was being read.
 */
import { SegmentError } from './errors.js';
import { FIRST_DATA_OFFSET, VEC_HEADER } from './layout.js';
import type { SegmentSource } from './segment-bytes.js';

export class Frame {
  constructor(
    readonly src: SegmentSource,
    readonly base: bigint,
    readonly size: number,
  ) {}

  /**
   * The offset of `ptr`, checked so that `header` bytes before it and `need` bytes from it
   * lie inside the segment (and not in the first page, which VPP never allocates).
   * @throws SegmentError naming `what`.
   */
  offset(ptr: bigint, need: number, what: string, header = 0): number {
    if (ptr === 0n) throw new SegmentError(`${what}: null pointer`);
    const off = ptr - this.base;
    if (off < BigInt(FIRST_DATA_OFFSET + header) || off + BigInt(need) > BigInt(this.size)) {
      throw new SegmentError(`${what}: pointer 0x${ptr.toString(16)} (offset ${off}, ${need} bytes) is outside the ${this.size}-byte segment`);
    }
    return Number(off);
  }

  /** The element count of the vector at `ptr`. @throws SegmentError. */
  vectorLength(ptr: bigint, what: string): { off: number; len: number } {
    const off = this.offset(ptr, 0, what, VEC_HEADER);
    return { off, len: Number(this.src.u64(off - VEC_HEADER) & 0xffff_ffffn) };
  }

  /** A copy of the vector's `len × elementSize` bytes. @throws SegmentError when they do not fit. */
  vector(ptr: bigint, elementSize: number, what: string): { len: number; bytes: Uint8Array } {
    const { off, len } = this.vectorLength(ptr, what);
    const n = len * elementSize;
    if (off + n > this.size) throw new SegmentError(`${what}: vector of ${len} × ${elementSize} bytes at offset ${off} runs past the end of the ${this.size}-byte segment`);
    return { len, bytes: this.src.read(off, n) };
  }

  /** A vector of u64 (counters, pointers). */
  u64Vector(ptr: bigint, what: string): BigUint64Array {
    const { len, bytes } = this.vector(ptr, 8, what);
    return new BigUint64Array(bytes.buffer, bytes.byteOffset, len);
  }

  /**
   * `count` elements of `elementSize` bytes starting at element `first` of the vector at `ptr`
   * (a symlink's one column). @throws SegmentError when `first + count` exceeds `len`.
   */
  elements(ptr: bigint, elementSize: number, first: number, count: number, what: string): Uint8Array {
    const { off, len } = this.vectorLength(ptr, what);
    if (first + count > len) throw new SegmentError(`${what}: element ${first} is past the vector's length ${len}`);
    const at = off + first * elementSize;
    if (at + count * elementSize > this.size) throw new SegmentError(`${what}: element ${first} at offset ${at} is outside the ${this.size}-byte segment`);
    return this.src.read(at, count * elementSize);
  }
}
