import { FormatError } from '../errors.js';

/**
 * Byte arrays (u8[N], counted u8 arrays, aliases to u8[N]) as `0x`-prefixed lower-case hex,
 * the form VPP's vat2 JSON uses. Input also takes a list of numbers 0..255 (or their text)
 * and a Uint8Array.
 */

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Decoded bytes → `"0x…"`; a list of numbers is turned into the same. Never throws. */
export function formatBytes(v: unknown): unknown {
  if (v instanceof Uint8Array) return `0x${hex(v)}`;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255)) {
    return `0x${hex(Uint8Array.from(v as number[]))}`;
  }
  return v;
}

export interface ByteLimits {
  /** Exactly this many bytes (aliases such as u8[16]). */
  exact?: number;
  /** At most this many (fixed u8 fields: the codec pads with zeros). */
  max?: number;
}

export function bytesExpected(l: ByteLimits): string {
  const n = l.exact !== undefined ? ` of exactly ${l.exact} bytes` : l.max !== undefined ? ` of at most ${l.max} bytes` : '';
  return `bytes${n} as 0x-prefixed hex or a list of numbers 0..255`;
}

/**
 * `"0x0a0b"`, `[10, 11]`, `["10", "0x0b"]` or a Uint8Array → a Uint8Array (a copy).
 * @throws FormatError for other forms, odd or non-hex digits, elements outside 0..255,
 *   and lengths other than the limits allow.
 */
export function parseBytes(input: unknown, path: string, limits: ByteLimits = {}): Uint8Array {
  const expected = bytesExpected(limits);
  let out: Uint8Array;
  if (input instanceof Uint8Array) out = Uint8Array.from(input);
  else if (typeof input === 'string') {
    const t = input.trim();
    if (!/^0[xX]/.test(t)) throw new FormatError(path, input, expected, 'hex text starts with 0x');
    const digits = t.slice(2);
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new FormatError(path, input, expected, 'not hex digits');
    if (digits.length % 2 !== 0) throw new FormatError(path, input, expected, 'an odd number of hex digits');
    out = Uint8Array.from(Buffer.from(digits, 'hex'));
  } else if (Array.isArray(input)) {
    out = new Uint8Array(input.length);
    input.forEach((x, i) => {
      const n = typeof x === 'number' ? x : typeof x === 'string' && /^\s*(0[xX][0-9a-fA-F]+|\d+)\s*$/.test(x) ? Number(x.trim()) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 255) throw new FormatError(path, input, expected, `element [${i}] is not a byte`);
      out[i] = n;
    });
  } else {
    throw new FormatError(path, input, expected);
  }
  if (limits.exact !== undefined && out.length !== limits.exact) {
    throw new FormatError(path, input, expected, `${out.length} bytes given`);
  }
  if (limits.max !== undefined && out.length > limits.max) {
    throw new FormatError(path, input, expected, `${out.length} bytes given`);
  }
  return out;
}
