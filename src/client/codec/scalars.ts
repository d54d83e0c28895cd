/**
 * Leaf types: integers (big-endian), f64 (little-endian: VPP never swaps it), bool,
 * enums, strings and byte arrays.
 */
import type { BaseKind, EnumType, IntKind } from '../schema/model.js';
import type { Reader, Writer } from './cursor.js';
import { FieldFault, show } from './fault.js';
import type { Node } from './node.js';

const SIZE: Record<BaseKind, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f64: 8, bool: 1 };
const RANGE: Record<IntKind, [number, number]> = {
  u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffffffff], i8: [-0x80, 0x7f], i16: [-0x8000, 0x7fff],
  i32: [-0x80000000, 0x7fffffff], u64: [0, 0], i64: [0, 0],
};
const BIG_RANGE = { u64: [0n, 0xffffffffffffffffn], i64: [-0x8000000000000000n, 0x7fffffffffffffffn] } as const;

export function truncated(what: string, r: Reader, need: number): FieldFault {
  return new FieldFault(`truncated: needs ${need} byte(s) at offset ${r.pos}, only ${Math.max(0, r.end - r.pos)} left`, undefined, what, r.pos);
}

/** Coerces a 32-bit-or-smaller integer value, or throws a FieldFault. */
function toSmallInt(v: unknown, kind: IntKind, label: string): number {
  const [lo, hi] = RANGE[kind];
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint' && v >= BigInt(lo) && v <= BigInt(hi)) n = Number(v);
  else throw new FieldFault(`${show(v)} is not ${label}`, v, `${label} (${lo}..${hi})`);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new FieldFault(`${show(v)} is out of range for ${label}`, v, `${label} (${lo}..${hi})`);
  return n;
}

function toBigInt(v: unknown, kind: 'u64' | 'i64'): bigint {
  const [lo, hi] = BIG_RANGE[kind];
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new FieldFault(`${show(v)} is not ${kind}${typeof v === 'number' ? ' (numbers beyond 2^53 must be given as bigint)' : ''}`, v, `${kind} (${lo}..${hi})`);
  if (b < lo || b > hi) throw new FieldFault(`${show(v)} is out of range for ${kind}`, v, `${kind} (${lo}..${hi})`);
  return b;
}

function leaf(size: number, write: (w: Writer, v: unknown) => void, read: (r: Reader) => unknown): Node {
  return { fixed: size, min: size, size: () => size, write, read };
}

/** Reads need `size` bytes; this wraps a reader with that one check. */
function checked(size: number, label: string, rd: (buf: Buffer, pos: number) => unknown): (r: Reader) => unknown {
  return (r) => {
    const p = r.pos;
    if (p + size > r.end) throw truncated(label, r, size);
    r.pos = p + size;
    return rd(r.buf, p);
  };
}

export function baseNode(kind: BaseKind): Node {
  const size = SIZE[kind];
  switch (kind) {
    case 'u8':
      return leaf(1, (w, v) => { if (v !== undefined) w.buf[w.pos] = toSmallInt(v, kind, kind); w.pos += 1; }, checked(1, kind, (b, p) => b[p]));
    case 'i8':
      return leaf(1, (w, v) => { if (v !== undefined) w.buf.writeInt8(toSmallInt(v, kind, kind), w.pos); w.pos += 1; }, checked(1, kind, (b, p) => b.readInt8(p)));
    case 'u16':
      return leaf(2, (w, v) => { if (v !== undefined) w.buf.writeUInt16BE(toSmallInt(v, kind, kind), w.pos); w.pos += 2; }, checked(2, kind, (b, p) => b.readUInt16BE(p)));
    case 'i16':
      return leaf(2, (w, v) => { if (v !== undefined) w.buf.writeInt16BE(toSmallInt(v, kind, kind), w.pos); w.pos += 2; }, checked(2, kind, (b, p) => b.readInt16BE(p)));
    case 'u32':
      return leaf(4, (w, v) => { if (v !== undefined) w.buf.writeUInt32BE(toSmallInt(v, kind, kind), w.pos); w.pos += 4; }, checked(4, kind, (b, p) => b.readUInt32BE(p)));
    case 'i32':
      return leaf(4, (w, v) => { if (v !== undefined) w.buf.writeInt32BE(toSmallInt(v, kind, kind), w.pos); w.pos += 4; }, checked(4, kind, (b, p) => b.readInt32BE(p)));
    case 'u64':
      return leaf(8, (w, v) => { if (v !== undefined) w.buf.writeBigUInt64BE(toBigInt(v, kind), w.pos); w.pos += 8; }, checked(8, kind, (b, p) => b.readBigUInt64BE(p)));
    case 'i64':
      return leaf(8, (w, v) => { if (v !== undefined) w.buf.writeBigInt64BE(toBigInt(v, kind), w.pos); w.pos += 8; }, checked(8, kind, (b, p) => b.readBigInt64BE(p)));
    case 'f64':
      return leaf(8, (w, v) => {
        if (v !== undefined) {
          if (typeof v !== 'number') throw new FieldFault(`${show(v)} is not a number`, v, 'f64');
          w.buf.writeDoubleLE(v, w.pos);
        }
        w.pos += 8;
      }, checked(8, kind, (b, p) => b.readDoubleLE(p)));
    case 'bool':
      return leaf(1, (w, v) => {
        if (v !== undefined) {
          if (v === true || v === 1) w.buf[w.pos] = 1;
          else if (v !== false && v !== 0) throw new FieldFault(`${show(v)} is not a boolean`, v, 'bool (true or false)');
        }
        w.pos += 1;
      }, checked(1, kind, (b, p) => b[p] !== 0));
    default:
      throw new Error(`no base type ${kind as string} (size ${size})`);
  }
}

/**
 * Enums travel as their `enumtype` integer. Names are accepted on input (library users
 * write them); unknown numbers are accepted and decoded as numbers.
 */
export function enumNode(t: EnumType): Node {
  const base = baseNode(t.base);
  const label = `${t.flags ? 'flags' : 'enum'} ${t.name}`;
  return {
    fixed: base.fixed,
    min: base.min,
    size: base.size,
    write(w, v) {
      if (typeof v === 'string') {
        const n = t.byName.get(v);
        if (n === undefined) throw new FieldFault(`${show(v)} is not a value of ${label}`, v, `one of ${[...t.byName.keys()].join(', ')}`);
        v = n;
      }
      try {
        base.write(w, v);
      } catch (e) {
        if (e instanceof FieldFault) throw new FieldFault(`${show(v)} does not fit ${label} (${t.base})`, v, `a name of ${t.name} or a ${t.base} number`);
        throw e;
      }
    },
    read: base.read,
  };
}

/** The text of a NUL-padded `string[N]` at `p`: up to the first NUL within the N bytes. */
export function cstr(b: Buffer, p: number, n: number): string {
  let z = p;
  const lim = p + n;
  while (z < lim && b[z] !== 0) z++;
  return b.toString('utf8', p, z);
}

/**
 * `string x[N]`: N bytes, UTF-8 text of at most N-1 bytes, NUL-padded. Decoding stops
 * at the first NUL within the N bytes.
 */
export function fixedStringNode(n: number, limit?: number): Node {
  const max = Math.min(n - 1, limit ?? Infinity);
  return {
    fixed: n,
    min: n,
    size: () => n,
    write(w, v) {
      if (v !== undefined && v !== '') {
        if (typeof v !== 'string') throw new FieldFault(`${show(v)} is not a string`, v, `text of at most ${max} bytes`);
        const len = Buffer.byteLength(v);
        if (len > max) throw new FieldFault(`${show(v)} is ${len} bytes long, at most ${max} fit`, v, `text of at most ${max} bytes (UTF-8)`);
        if (v.includes('\0')) throw new FieldFault(`${show(v)} contains a NUL character`, v, 'text without NUL');
        w.buf.write(v, w.pos, len, 'utf8');
      }
      w.pos += n;
    },
    read(r) {
      const p = r.pos;
      if (p + n > r.end) throw truncated(`string[${n}]`, r, n);
      r.pos = p + n;
      return cstr(r.buf, p, n);
    },
  };
}

/** `string x[]`: u32 big-endian byte length, then the bytes, no NUL. */
export function vlaStringNode(limit?: number): Node {
  return {
    fixed: -1,
    min: 4,
    size: (v) => 4 + (typeof v === 'string' ? Buffer.byteLength(v) : 0),
    write(w, v) {
      if (v === undefined || v === '') { w.pos += 4; return; }
      if (typeof v !== 'string') throw new FieldFault(`${show(v)} is not a string`, v, 'text');
      const len = w.buf.write(v, w.pos + 4, 'utf8');
      if (limit !== undefined && len > limit) throw new FieldFault(`${show(v)} is ${len} bytes long, the limit is ${limit}`, v, `text of at most ${limit} bytes`);
      w.buf.writeUInt32BE(len, w.pos);
      w.pos += 4 + len;
    },
    read(r) {
      const p = r.pos;
      if (p + 4 > r.end) throw truncated('string length', r, 4);
      const len = r.buf.readUInt32BE(p);
      if (p + 4 + len > r.end) {
        throw new FieldFault(`string length ${len} at offset ${p} exceeds the ${r.end - p - 4} byte(s) left`, len, 'a length within the frame', p);
      }
      r.pos = p + 4 + len;
      return r.buf.toString('utf8', p + 4, p + 4 + len);
    },
  };
}

/** Accepts a Uint8Array or an array of byte numbers. */
export function toBytes(v: unknown, expected: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) {
        throw new FieldFault(`element [${i}] = ${show(x)} is not a byte`, v, expected);
      }
      out[i] = x;
    }
    return out;
  }
  throw new FieldFault(`${show(v)} is not bytes`, v, expected);
}

/**
 * `u8 x[N]` and aliases to u8[N]. Raw fields may be shorter (right-padded with zeros,
 * as VPP's C does); `exact` (addresses) demands exactly N.
 */
export function fixedBytesNode(n: number, exact: boolean): Node {
  const expected = exact ? `exactly ${n} bytes` : `at most ${n} bytes`;
  return {
    fixed: n,
    min: n,
    size: () => n,
    write(w, v) {
      if (v !== undefined) {
        const b = toBytes(v, expected);
        if (b.length > n || (exact && b.length !== n)) throw new FieldFault(`${b.length} bytes given, ${expected} expected`, v, expected);
        w.buf.set(b, w.pos);
      }
      w.pos += n;
    },
    read(r) {
      const p = r.pos;
      if (p + n > r.end) throw truncated(`u8[${n}]`, r, n);
      r.pos = p + n;
      return Buffer.from(r.buf.subarray(p, p + n));
    },
  };
}
