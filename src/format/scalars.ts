import type { IntKind } from '../client/schema/model.js';
import { FormatError } from './errors.js';

/**
 * Integers, booleans and f64 between their value form (model.ts table) and what people
 * write. Integers are read as decimal or `0x` hex text, JSON numbers or bigints, checked
 * exactly (through bigint) against the range of their kind. u64/i64 come back as bigint,
 * the narrower kinds as number.
 */

const BITS: Record<IntKind, number> = { u8: 8, u16: 16, u32: 32, u64: 64, i8: 8, i16: 16, i32: 32, i64: 64 };

export interface IntRange {
  min: bigint;
  max: bigint;
}

/** The inclusive range of an integer kind: u8 0..255, i64 -2^63..2^63-1, … */
export function intRange(kind: IntKind): IntRange {
  const bits = BigInt(BITS[kind]);
  if (kind[0] === 'u') return { min: 0n, max: (1n << bits) - 1n };
  return { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n };
}

export function isWide(kind: IntKind): boolean {
  return BITS[kind] === 64;
}

export function intExpected(kind: IntKind): string {
  const r = intRange(kind);
  return `an integer in ${r.min}..${r.max} (${kind})`;
}

const INT_TEXT = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|([0-9]+))$/;

/**
 * Reads integer text: optional sign, then decimal digits or `0x` and hex digits.
 * Returns undefined when the text is not of that form (fractions, exponents, words).
 */
export function intFromText(text: string): bigint | undefined {
  const m = INT_TEXT.exec(text.trim());
  if (!m) return undefined;
  const n = m[2] !== undefined ? BigInt(`0x${m[2]}`) : BigInt(m[3]);
  return m[1] === '-' ? -n : n;
}

/** Why text that is not an integer was refused, for the error's detail. */
function whyNotInt(text: string): string {
  const t = text.trim();
  if (t === '') return 'empty';
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(t)) return 'fractions are not allowed';
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t)) return 'exponent notation is not allowed';
  return 'write decimal digits or 0x and hex digits';
}

/**
 * Any integer input (text, number, bigint) of kind `kind` → number (narrow kinds) or bigint
 * (u64, i64).
 * @throws FormatError naming `path`, the input and the range when the input is not an
 *   integer or lies outside the range of `kind`.
 */
export function parseInteger(kind: IntKind, input: unknown, path: string, expected = intExpected(kind)): number | bigint {
  let n: bigint;
  if (typeof input === 'bigint') n = input;
  else if (typeof input === 'number') {
    if (!Number.isFinite(input) || !Number.isInteger(input)) throw new FormatError(path, input, expected, 'not a whole number');
    if (!Number.isSafeInteger(input)) {
      throw new FormatError(path, input, expected, 'beyond 2^53 a JSON number loses digits: write it as a string');
    }
    n = BigInt(input);
  } else if (typeof input === 'string') {
    const v = intFromText(input);
    if (v === undefined) throw new FormatError(path, input, expected, whyNotInt(input));
    n = v;
  } else {
    throw new FormatError(path, input, expected);
  }
  const r = intRange(kind);
  if (n < r.min || n > r.max) {
    const detail = n < 0n && r.min === 0n ? `${kind} is unsigned: must be ${r.min}..${r.max}` : `out of range ${r.min}..${r.max}`;
    throw new FormatError(path, input, expected, detail);
  }
  return isWide(kind) ? n : Number(n);
}

/** Decoded integer → human form: bigint for u64/i64, number otherwise. Never throws. */
export function formatInteger(kind: IntKind, v: unknown): unknown {
  if (isWide(kind)) {
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    return v;
  }
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return v;
}

export const BOOL_EXPECTED = 'a boolean (true/false, yes/no, on/off, 1/0)';
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'n']);
export const BOOL_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off'];

/**
 * true/false, 1/0 (number or text), yes/no, y/n, on/off (any case) → boolean.
 * @throws FormatError for anything else.
 */
export function parseBool(input: unknown, path: string): boolean {
  if (typeof input === 'boolean') return input;
  if (input === 1 || input === 0 || input === 1n || input === 0n) return input == 1;
  if (typeof input === 'string') {
    const w = input.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  throw new FormatError(path, input, BOOL_EXPECTED);
}

export const F64_EXPECTED = 'a number such as 1.5, -2e-3, NaN or Infinity';
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/**
 * Decimal number text, a JSON number, a bigint, or NaN/Infinity/-Infinity → number.
 * @throws FormatError for other text and types.
 */
export function parseF64(input: unknown, path: string): number {
  if (typeof input === 'number') return input;
  if (typeof input === 'bigint') return Number(input);
  if (typeof input === 'string') {
    const t = input.trim();
    if (FLOAT_TEXT.test(t)) {
      const n = Number(t);
      // 1e999 would become Infinity: something other than what was typed.
      if (!Number.isFinite(n)) throw new FormatError(path, input, F64_EXPECTED, 'beyond the range of f64 (about ±1.8e308); write Infinity if that is meant');
      return n;
    }
    // Own keys only: "constructor" or "__proto__" must not find Object's prototype members.
    const w = t.toLowerCase();
    if (Object.hasOwn(SPECIAL_FLOATS, w)) return SPECIAL_FLOATS[w]!;
  }
  throw new FormatError(path, input, F64_EXPECTED);
}

/** f64 → human form: a number, or the text NaN/Infinity/-Infinity that JSON cannot hold. */
export function formatF64(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}
