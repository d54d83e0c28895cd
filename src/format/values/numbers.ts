import type { IntKind } from '../../client/schema/model.js';
import { FormatError } from '../errors.js';

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

/** A kind's range, worked out once: as bigints, and as numbers for the fast paths. */
export interface KindRange extends IntRange {
  /** `min` and `max` as numbers: exact for the narrow kinds, rounded for u64/i64 (beyond 2^53). */
  minN: number;
  maxN: number;
  wide: boolean;
}

function kindRange(kind: IntKind): KindRange {
  const bits = BigInt(BITS[kind]);
  const unsigned = kind[0] === 'u';
  const min = unsigned ? 0n : -(1n << (bits - 1n));
  const max = unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
  return { min, max, minN: Number(min), maxN: Number(max), wide: bits === 64n };
}

const RANGES = Object.fromEntries(Object.keys(BITS).map((k) => [k, kindRange(k as IntKind)])) as Record<IntKind, KindRange>;

/** The range of `kind` as kept for every reader of it: shared, not to be changed. */
export function kindRangeOf(kind: IntKind): Readonly<KindRange> {
  return RANGES[kind];
}

/** The inclusive range of an integer kind: u8 0..255, i64 -2^63..2^63-1, … (a fresh object). */
export function intRange(kind: IntKind): IntRange {
  const r = RANGES[kind];
  return { min: r.min, max: r.max };
}

export function isWide(kind: IntKind): boolean {
  return BITS[kind] === 64;
}

export function intExpected(kind: IntKind): string {
  const r = RANGES[kind];
  return `an integer in ${r.min}..${r.max} (${kind})`;
}

/** Below 10^15, so that 15 digits are exact in a number. */
const MAX_FAST_DIGITS = 15;

/**
 * Text of an optional sign and at most 15 decimal digits, nothing else (no spaces) → its
 * value as a number (`-0` → 0); undefined for any other text, which intFromText reads.
 * The same value intFromText gives, without a regex or a bigint. Throws nothing.
 */
export function shortDecimal(text: string): number | undefined {
  const len = text.length;
  const c0 = text.charCodeAt(0);
  const i0 = c0 === 45 || c0 === 43 ? 1 : 0; // '-' or '+'
  if (len <= i0 || len - i0 > MAX_FAST_DIGITS) return undefined;
  let v = 0;
  for (let i = i0; i < len; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  // 0 - v: "-0" is 0, as the bigint path gives.
  return c0 === 45 ? 0 - v : v;
}

/**
 * `n` (a whole number below 2^53 in magnitude) checked against the range of kind `kind`.
 * @throws FormatError as parseInteger does.
 */
function checkedNumber(kind: IntKind, r: KindRange, n: number, input: unknown, path: string, expected: string): number | bigint {
  if (n < r.minN || n > r.maxN) throw outOfRange(kind, r, n < 0, input, path, expected);
  return r.wide ? BigInt(n) : n === 0 ? 0 : n;
}

function outOfRange(kind: IntKind, r: KindRange, negative: boolean, input: unknown, path: string, expected: string): FormatError {
  const detail = negative && r.min === 0n ? `${kind} is unsigned: must be ${r.min}..${r.max}` : `out of range ${r.min}..${r.max}`;
  return new FormatError(path, input, expected, detail);
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
export function parseInteger(kind: IntKind, input: unknown, path: string, expected?: string): number | bigint {
  const r = RANGES[kind];
  const exp = expected ?? intExpected(kind);
  // Fast paths: short decimal text and safe integers, checked as numbers.
  if (typeof input === 'string') {
    const v = shortDecimal(input);
    if (v !== undefined) return checkedNumber(kind, r, v, input, path, exp);
  } else if (typeof input === 'number' && Number.isSafeInteger(input)) {
    return checkedNumber(kind, r, input, input, path, exp);
  }
  let n: bigint;
  if (typeof input === 'bigint') n = input;
  else if (typeof input === 'number') {
    if (!Number.isFinite(input) || !Number.isInteger(input)) throw new FormatError(path, input, exp, 'not a whole number');
    throw new FormatError(path, input, exp, 'beyond 2^53 a JSON number loses digits: write it as a string');
  } else if (typeof input === 'string') {
    const v = intFromText(input);
    if (v === undefined) throw new FormatError(path, input, exp, whyNotInt(input));
    n = v;
  } else {
    throw new FormatError(path, input, exp);
  }
  if (n < r.min || n > r.max) throw outOfRange(kind, r, n < 0n, input, path, exp);
  return r.wide ? n : Number(n);
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

/** Whether `text` is one of the words parseBool takes (true/false, yes/no, on/off, y/n, 1/0, any case). Throws nothing. */
export function isBoolWord(text: string | undefined): boolean {
  if (text === undefined) return false;
  const w = text.trim().toLowerCase();
  return TRUE_WORDS.has(w) || FALSE_WORDS.has(w);
}

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
