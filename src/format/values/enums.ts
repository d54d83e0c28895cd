import type { EnumType } from '../../client/schema/model.js';
import { FormatError } from '../errors.js';
import { intFromText, kindRangeOf, shortDecimal } from './numbers.js';

/**
 * Enums and flag sets between numbers (the value form) and names.
 *
 * Decisions:
 * - Output: a known value prints as its full name (`IF_STATUS_API_FLAG_ADMIN_UP`), an
 *   unknown value of a plain enum as its number. With `short`, names lose the prefix
 *   every name of the enum shares (`ADMIN_UP`); JSON always uses full names (vat2 form).
 * - Bit sets are `enumflags`, and also plain `enum`s whose name ends in `_flags`: VPP
 *   declares most flag sets (if_status_flags, sub_if_flags, …) as plain enums.
 * - A bit set prints as ONE string: the names of its set bits joined by `|` in declaration
 *   order, then any unnamed remainder in hex: `ADMIN_UP|LINK_UP`, `ADMIN_UP|0x100`. A value
 *   that equals a named value exactly prints as that name (`SUB_IF_API_FLAG_MASK_VNET`);
 *   0 prints as the name whose value is 0, else as `"0"`. In the `--json` form a bit set is
 *   a list of names instead (enumJson), so a field always holds one JSON type.
 * - Input, any case: the full name; the name without the shared prefix (`admin_up`); a
 *   tail of a name that starts after `_` and picks one value (`mtu`); a number in decimal
 *   or `0x` hex (any value in range of the wire type, named or not). Bit sets also take
 *   several of those joined by `|`, `,` or spaces, or a list; `""` and `[]` are 0.
 */

interface EnumInfo {
  /** Every name shares it and keeps a non-numeric rest; '' when there is none. */
  prefix: string;
  bitSet: boolean;
  /** Named values with exactly one bit set, in declaration order. */
  bits: Array<{ name: string; value: number }>;
  upper: Map<string, number>;
}

// Weakly keyed by the resolved enum: dies with its schema.
const infos = new WeakMap<EnumType, EnumInfo>();

function info(e: EnumType): EnumInfo {
  let i = infos.get(e);
  if (!i) {
    i = {
      prefix: sharedPrefix(e.values.map((v) => v.name)),
      bitSet: e.flags || /_flags$/i.test(e.name),
      bits: e.values.filter((v) => v.value > 0 && (v.value & (v.value - 1)) === 0),
      upper: new Map(e.values.map((v) => [v.name.toUpperCase(), v.value])),
    };
    infos.set(e, i);
  }
  return i;
}

function sharedPrefix(names: string[]): string {
  if (names.length < 2) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, p.length - 1);
  p = p.slice(0, p.lastIndexOf('_') + 1);
  if (p === '') return '';
  // A rest that reads as a number would be taken for one on input.
  if (names.some((n) => n.length === p.length || intFromText(n.slice(p.length)) !== undefined)) return '';
  return p;
}

/** True when values of `e` are sets of bits (see the decisions above). */
export function isBitSet(e: EnumType): boolean {
  return info(e).bitSet;
}

/** `name` without the prefix all names of `e` share (when `short`). */
export function displayName(e: EnumType, name: string, short: boolean): string {
  const p = info(e).prefix;
  return short && p !== '' && name.startsWith(p) ? name.slice(p.length) : name;
}

/** Names as a person would type them: the short forms. */
export function shortNames(e: EnumType): string[] {
  return e.values.map((v) => displayName(e, v.name, true));
}

export function enumExpected(e: EnumType): string {
  const names = shortNames(e);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
  return isBitSet(e)
    ? `flags of ${e.name} (${shown}) joined by |, or a number`
    : `a value of ${e.name} (${shown}) or its number`;
}

/**
 * Decoded number → name (plain enum: the number when unknown; bit set: a string as
 * described above). Never throws.
 */
export function formatEnum(e: EnumType, v: unknown, short = false): unknown {
  if (typeof v !== 'number') return v;
  const exact = e.byValue.get(v);
  if (exact !== undefined) return displayName(e, exact, short);
  if (!isBitSet(e) || v < 0 || !Number.isInteger(v)) return v;
  if (v === 0) return '0';
  const parts: string[] = [];
  let rest = v;
  for (const b of info(e).bits) {
    if ((rest & b.value) >>> 0 !== 0) {
      parts.push(displayName(e, b.name, short));
      rest = (rest & ~b.value) >>> 0;
    }
  }
  // `>>> 0` keeps u32 sets with bit 31 set positive.
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|');
}

/**
 * Decoded number → the `--json` form (docs/json-form.md): a plain enum as formatEnum gives
 * it; a bit set as the list of the full names of its set bits in declaration order, then
 * any unnamed remainder as one number: `[]`, `["IF_STATUS_API_FLAG_ADMIN_UP"]`,
 * `["IF_STATUS_API_FLAG_ADMIN_UP", 256]`. parseEnum reads every one back. Never throws.
 */
export function enumJson(e: EnumType, v: unknown): unknown {
  if (!isBitSet(e) || typeof v !== 'number' || v < 0 || !Number.isInteger(v)) return formatEnum(e, v, false);
  const out: Array<string | number> = [];
  let rest = v;
  for (const b of info(e).bits) {
    if ((rest & b.value) >>> 0 !== 0) {
      out.push(b.name);
      rest = (rest & ~b.value) >>> 0;
    }
  }
  if (rest !== 0) out.push(rest);
  return out;
}

/**
 * Why `v` is no value the definition of `e` gives, or undefined when it is one: a bit set
 * with a bit no value of it defines, a plain enum's number that names nothing. For what a
 * user asks to send (the request reader); what VPP sends is read as it is. Throws nothing.
 */
export function undefinedValue(e: EnumType, v: unknown): string | undefined {
  if (typeof v !== 'number') return undefined;
  const list = (items: ReadonlyArray<{ name: string; value: number }>): string => items.map((x) => `${x.name} (${x.value})`).join(', ');
  if (!isBitSet(e)) {
    return e.byValue.has(v) ? undefined : `${v} is no value of ${e.name}; its values are ${list(e.values)}`;
  }
  let known = 0;
  for (const x of e.values) known = (known | x.value) >>> 0;
  const extra = (v & ~known) >>> 0;
  if (extra === 0 && v >= 0) return undefined;
  const bits = info(e).bits;
  return `${v} sets bit${(extra & (extra - 1)) === 0 ? '' : 's'} 0x${extra.toString(16)}, which ${e.name} does not define; its bits are ${list(bits)}`;
}

/** One word (name in any of its forms, or a number) → value, or a reason it is not one. */
function lookup(e: EnumType, word: string): number | string {
  // Short decimal text, the usual number: read as such without a bigint.
  const small = shortDecimal(word);
  if (small !== undefined) {
    const r = kindRangeOf(e.base);
    return small < r.minN || small > r.maxN ? `${small} is out of range ${r.min}..${r.max} (${e.base})` : small;
  }
  const i = info(e);
  const up = word.trim().toUpperCase();
  const n = intFromText(up);
  if (n !== undefined) {
    const r = kindRangeOf(e.base);
    if (n < r.min || n > r.max) return `${n} is out of range ${r.min}..${r.max} (${e.base})`;
    return Number(n);
  }
  if (up === '') return 'empty';
  const exact = i.upper.get(up) ?? (i.prefix !== '' ? i.upper.get(i.prefix + up) : undefined);
  if (exact !== undefined) return exact;
  const tail = `_${up}`;
  const hits = e.values.filter((v) => v.name.toUpperCase().endsWith(tail));
  const values = new Set(hits.map((h) => h.value));
  if (values.size === 1) return hits[0].value;
  if (values.size > 1) return `"${word}" could be ${hits.map((h) => h.name).join(' or ')}`;
  return `no value of ${e.name} is called "${word}"`;
}

/** @throws FormatError naming `path`, the input and the names accepted, with `why`. */
function refuse(e: EnumType, input: unknown, path: string, why: string): never {
  // The names are listed only for the error: on every value read they cost more than the read.
  throw new FormatError(path, input, enumExpected(e), why);
}

/** One name or number of `e` → its value. @throws FormatError as parseEnum does. */
function oneValue(e: EnumType, word: unknown, input: unknown, path: string): number {
  let r: number | string;
  if (typeof word === 'string') r = lookup(e, word);
  else if (typeof word === 'number' || typeof word === 'bigint') r = lookup(e, String(word));
  else r = 'not a name or a number';
  if (typeof r === 'string') return refuse(e, input, path, r);
  return r;
}

const SEPARATOR = /[|,\s]/;
const SEPARATORS = /[|,\s]+/;

/** The words of a bit set's input: a list as is, text split at `|`, `,` and spaces. */
function setWords(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (typeof input !== 'string') return [input];
  // One word (the usual `0` or `ADMIN_UP`): no split.
  if (!SEPARATOR.test(input)) return input === '' ? [] : [input];
  return input.split(SEPARATORS).filter((w) => w !== '');
}

/** Below 2^31 a bitwise OR of numbers is exact and non-negative. */
const SMALL_BITS = 0x7fffffff;

/**
 * A name, a number, or (bit sets) several of them → the number.
 * @throws FormatError naming `path`, the input and the names accepted.
 */
export function parseEnum(e: EnumType, input: unknown, path: string): number {
  if (!isBitSet(e)) {
    if (typeof input === 'number' && !Number.isInteger(input)) refuse(e, input, path, 'not a whole number');
    return oneValue(e, input, input, path);
  }
  // Numbers while every value is below 2^31; bigints once one is not.
  let small = 0;
  let big: bigint | undefined;
  for (const w of setWords(input)) {
    if (typeof w === 'number' && !Number.isInteger(w)) refuse(e, input, path, 'not a whole number');
    const x = oneValue(e, w, input, path);
    if (big === undefined && x >= 0 && x <= SMALL_BITS) small |= x;
    else big = (big ?? BigInt(small)) | BigInt(x);
  }
  const r = kindRangeOf(e.base);
  if (big === undefined ? small > r.maxN : big > r.max) refuse(e, input, path, `out of range ${r.min}..${r.max} (${e.base})`);
  return big === undefined ? small : Number(big);
}

/**
 * Completion candidates for a partly typed value, matched without regard to case and
 * spelled as the definition does (`ad` → `ADMIN_UP`): short names that start with
 * `partial`, and full names when `partial` begins one. For bit sets the last word after
 * `|` or `,` is completed and the words before it kept as typed.
 */
export function completeEnum(e: EnumType, partial: string): string[] {
  let head = '';
  let word = partial;
  if (isBitSet(e)) {
    const cut = Math.max(partial.lastIndexOf('|'), partial.lastIndexOf(','));
    head = partial.slice(0, cut + 1);
    word = partial.slice(cut + 1);
  }
  const w = word.toLowerCase();
  const out = new Set<string>();
  for (const s of shortNames(e)) if (s.toLowerCase().startsWith(w)) out.add(head + s);
  if (w !== '') for (const v of e.values) if (v.name.toLowerCase().startsWith(w)) out.add(head + v.name);
  return [...out];
}

/** A short placeholder for help: `IP4|IP6`, or the enum's name when that would be long. */
export function enumPlaceholder(e: EnumType): string {
  const joined = shortNames(e).join('|');
  return joined.length <= 32 && joined !== '' ? joined : e.name;
}
