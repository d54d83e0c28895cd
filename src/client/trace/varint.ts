/**
 * VPP's "likely small unsigned" varint (serialize_likely_small_unsigned_integer,
 * docs/trace.md §4). The low bits of the first byte give the width; the multi-byte forms are
 * little-endian, unlike the rest of a trace file.
 *
 * | value x                | bytes | stored                                   |
 * |------------------------|-------|------------------------------------------|
 * | 0 … 127                | 1     | `2x + 1` (low bit 1)                     |
 * | 128 … 16511            | 2     | u16 LE `4(x − 128) + 2` (low bits `10`)  |
 * | 16512 … 536887423      | 4     | u32 LE `8(x − 16512) + 4` (low bits `100`)|
 * | ≥ 536887424            | 9     | `00`, then u64 LE of x itself            |
 */
import { TraceFormatError } from './errors.js';

const TWO_MAX = 128 + (1 << 14) - 1; // 16511
const FOUR_MAX = 16512 + 2 ** 29 - 1; // 536887423

export interface VarintRead {
  value: number;
  /** Bytes taken. */
  size: number;
}

/**
 * Reads one varint at `pos` within `buf[0..end)`; `base` turns positions into file offsets
 * for the error message.
 * @throws TraceFormatError when the varint runs past `end`, or its 9-byte form holds a
 *   value beyond 2^53 (no length or id in a trace can be that large).
 */
export function readVarint(buf: Uint8Array, pos: number, end: number, base = 0, what = 'varint'): VarintRead {
  if (pos >= end) throw new TraceFormatError(`${what} at byte ${base + pos}: the data ends before it`, base + pos);
  const y = buf[pos]!;
  const need = y & 1 ? 1 : y & 2 ? 2 : y & 4 ? 4 : 9;
  if (pos + need > end) {
    throw new TraceFormatError(`${what} at byte ${base + pos}: its first byte 0x${y.toString(16).padStart(2, '0')} announces ${need} bytes, only ${end - pos} left`, base + pos);
  }
  switch (need) {
    case 1:
      return { value: y >> 1, size: 1 };
    case 2:
      return { value: 128 + ((y | (buf[pos + 1]! << 8)) >>> 2), size: 2 };
    case 4: {
      const u = (y | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
      return { value: 16512 + Math.floor(u / 8), size: 4 };
    }
    default: {
      const lo = (buf[pos + 1]! | (buf[pos + 2]! << 8) | (buf[pos + 3]! << 16) | (buf[pos + 4]! << 24)) >>> 0;
      const hi = (buf[pos + 5]! | (buf[pos + 6]! << 8) | (buf[pos + 7]! << 16) | (buf[pos + 8]! << 24)) >>> 0;
      if (hi >= 0x20_0000) {
        throw new TraceFormatError(`${what} at byte ${base + pos}: its 9-byte form holds 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}, beyond any length or id`, base + pos);
      }
      return { value: hi * 2 ** 32 + lo, size: 9 };
    }
  }
}

/** The bytes of `x` (a non-negative safe integer). @throws RangeError otherwise. */
export function encodeVarint(x: number): Buffer {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`a trace varint holds a non-negative integer, not ${x}`);
  if (x <= 127) return Buffer.from([2 * x + 1]);
  if (x <= TWO_MAX) {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(4 * (x - 128) + 2);
    return b;
  }
  if (x <= FOUR_MAX) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(8 * (x - 16512) + 4);
    return b;
  }
  const b = Buffer.alloc(9);
  b.writeBigUInt64LE(BigInt(x), 1);
  return b;
}
