import type { EnumType, IntKind, TypeNode } from '../../client/schema/model.js';
import { type ByteLimits, bytesExpected, formatBytes, parseBytes } from '../values/bytes.js';
import { completeEnum, enumExpected, enumJson, enumPlaceholder, formatEnum, parseEnum } from '../values/enums.js';
import { FormatError, childPath } from '../errors.js';
import { parseJson, stringifyJson } from '../json/lossless-json.js';
import { pruneZeros } from '../values/prune.js';
import { readableValue } from '../values/readable-value.js';
import {
  BOOL_EXPECTED,
  BOOL_WORDS,
  F64_EXPECTED,
  formatF64,
  formatInteger,
  intExpected,
  isWide,
  parseBool,
  parseF64,
  parseInteger,
} from '../values/numbers.js';
import type { SpecialFormat, ValueFormat } from '../values/value-format.js';

/** Formats of the base kinds, strings, bytes, enums, lists and special types. */

export function intFormat(kind: IntKind): ValueFormat {
  const expected = intExpected(kind);
  return {
    placeholder: kind,
    expected,
    scalar: true,
    parse: (input, path) => parseInteger(kind, input, path, expected),
    format: (v) => formatInteger(kind, v),
    complete: () => [],
    zero: () => (isWide(kind) ? 0n : 0),
  };
}

export const boolFormat: ValueFormat = {
  placeholder: 'bool',
  expected: BOOL_EXPECTED,
  scalar: true,
  parse: parseBool,
  format: (v) => v,
  complete: (partial) => BOOL_WORDS.filter((w) => w.startsWith(partial.toLowerCase())),
  zero: () => false,
};

export const f64Format: ValueFormat = {
  placeholder: 'number',
  expected: F64_EXPECTED,
  scalar: true,
  parse: parseF64,
  format: formatF64,
  complete: () => [],
  zero: () => 0,
};

/** `string x[N]` holds at most N-1 bytes of UTF-8 (then a NUL); `string x[]` any, or `limit`. */
export function stringFormat(maxBytes: number | undefined): ValueFormat {
  const expected = maxBytes === undefined ? 'a string' : `a string of at most ${maxBytes} bytes (UTF-8)`;
  return {
    placeholder: 'text',
    expected,
    scalar: true,
    parse(input, path) {
      if (typeof input !== 'string') throw new FormatError(path, input, expected, 'not a string');
      if (input.includes('\0')) throw new FormatError(path, input, expected, 'contains a NUL character');
      const n = Buffer.byteLength(input, 'utf8');
      if (maxBytes !== undefined && n > maxBytes) throw new FormatError(path, input, expected, `${n} bytes given`);
      return input;
    },
    format: (v) => v,
    complete: () => [],
    zero: () => '',
  };
}

export function bytesFormat(limits: ByteLimits): ValueFormat {
  return {
    placeholder: '0xhex',
    expected: bytesExpected(limits),
    scalar: true,
    parse: (input, path) => parseBytes(input, path, limits),
    format: formatBytes,
    complete: () => [],
    zero: () => new Uint8Array(limits.exact ?? 0),
  };
}

export function enumFormat(e: EnumType): ValueFormat {
  return {
    placeholder: enumPlaceholder(e),
    expected: enumExpected(e),
    scalar: true,
    parse: (input, path) => parseEnum(e, input, path),
    format: (v, opts) => (opts?.json ? enumJson(e, v) : formatEnum(e, v, opts?.short ?? false)),
    complete: (partial) => completeEnum(e, partial),
    zero: () => 0,
  };
}

/**
 * Lists. Input: a list, JSON text `[…]`, or (for one-word elements) a comma list
 * `1,2,3`. A fixed-length list of one-word values must be given whole (exact length when
 * given, zeros when omitted), so a short list is an error, not silently padded. A
 * fixed-length list of structs (`structs`) may be shorter: the `--json` form leaves out its all-zero
 * tail (`label_stack`), so the rest are zeros (docs/json-form.md).
 */
export function arrayFormat(el: ValueFormat, fixed: number | undefined, structs = false): ValueFormat {
  const expected = `a list${fixed === undefined ? '' : ` of ${structs ? 'at most' : 'exactly'} ${fixed}`} of ${el.expected}`;
  return {
    placeholder: el.scalar ? `${el.placeholder},…` : 'json',
    expected,
    scalar: false,
    parse(input, path, ctx) {
      let list: unknown = input;
      if (typeof input === 'string') list = listText(input, path, expected, el.scalar);
      if (!Array.isArray(list)) throw new FormatError(path, input, expected, 'not a list');
      if (fixed !== undefined && (list.length > fixed || (list.length < fixed && !structs))) throw new FormatError(path, input, expected, `${list.length} element(s) given`);
      const out = list.map((x, i) => el.parse(x, childPath(path, i), ctx));
      // Structs: the --json form leaves out an all-zero tail (docs/json-form.md); zeros fill it.
      while (fixed !== undefined && out.length < fixed) out.push(el.zero());
      return out;
    },
    format: (v, opts) => (Array.isArray(v) ? v.map((x) => el.format(x, opts)) : v),
    complete(partial) {
      if (!el.scalar) return [];
      const cut = partial.lastIndexOf(',') + 1;
      return el.complete(partial.slice(cut)).map((c) => partial.slice(0, cut) + c);
    },
    zero: () => (fixed === undefined ? [] : Array.from({ length: fixed }, () => el.zero())),
  };
}

/**
 * A list written as text: JSON `[…]`; for one-word elements also `a,b,c` and the form
 * tables print, `[a, b, c]` (elements split at commas outside JSON braces and quotes, so
 * an element that prints as JSON stays whole).
 */
function listText(input: string, path: string, expected: string, scalarElements: boolean): unknown {
  const t = input.trim();
  if (!scalarElements) {
    if (t.startsWith('[')) return parseJson(t, path);
    throw new FormatError(path, input, expected, 'write a JSON list');
  }
  if (t.startsWith('[')) {
    try {
      return parseJson(t, path);
    } catch (e) {
      if (!t.endsWith(']')) throw e;
      return splitTopLevel(t.slice(1, -1));
    }
  }
  return t === '' ? [] : splitTopLevel(t);
}

/** `a, {"x":[1,2]}, b` → three parts, trimmed; '' → none. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length) out.push(last);
  return out;
}

/** Text that starts (after any spaces) with `[` or `{`: JSON, for the generic form. */
function jsonText(input: string): boolean {
  const c = input.charCodeAt(0);
  // A printable ASCII first character decides without the regex.
  if (c > 32 && c < 127) return c === 91 || c === 123; // '[' '{'
  return /^\s*[[{]/.test(input);
}

/** A special type: text through `spec`, everything else through the generic form. */
export function specialFormat(spec: SpecialFormat, type: TypeNode, generic: ValueFormat): ValueFormat {
  if (spec.displayOnly) return { ...generic, format: (v, opts) => spec.format(v, type, opts) ?? generic.format(v, opts) };
  return {
    placeholder: spec.placeholder,
    expected: spec.expected,
    scalar: true,
    parse(input, path, ctx) {
      if (typeof input !== 'string' || jsonText(input)) return generic.parse(input, path, ctx);
      return spec.parse(input, type, (reason, needs) => {
        throw new FormatError(path, input, spec.expected, reason, { needs });
      }, ctx);
    },
    format(v, opts) {
      if (spec.textWhenShort && !opts?.short) return generic.format(v, opts);
      const text = spec.format(v, type, opts);
      if (text !== undefined || !spec.textWhenShort) return text ?? generic.format(v, opts);
      return stringifyJson(generic.format(pruneZeros(readableValue(v, type), type), { ...opts, short: false }), { indent: 0 });
    },
    complete: (partial) => spec.complete?.(partial) ?? [],
    zero: () => generic.zero(),
  };
}
