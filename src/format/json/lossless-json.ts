import { hex } from '../values/bytes.js';
import { FormatError } from '../errors.js';

/**
 * Lossless JSON for human values (see human.ts): integers beyond 2^53 travel as exact
 * number literals both ways (bigint in memory), key order is insertion order (definition
 * order for values built by the format layer).
 *
 * Writing: bigint → digits; Uint8Array → `"0x…"`; undefined object members are left
 * out and undefined list elements written as null; NaN/±Infinity as null (as JSON.stringify).
 * Reading: RFC 8259 JSON. An integer literal (no fraction, no exponent) outside the safe
 * range becomes a bigint, every other number a number. Duplicate keys are an error.
 */

export interface StringifyOptions {
  /** Spaces per level; 0 or absent writes one line (the JSON-lines form). */
  indent?: number;
}

/**
 * Native JSON.stringify does the walking (several times faster than a walk in
 * JavaScript: `api-trace show --jsonl` writes a million of these); the replacer turns
 * bytes into `"0x…"` and bigints into a marker that is then replaced by the bare digits.
 * @throws TypeError for values JSON cannot hold (functions, symbols, cycles).
 */
export function stringifyJson(value: unknown, opts: StringifyOptions = {}): string {
  const indent = opts.indent ?? 0;
  const space = indent > 0 ? indent : undefined;
  // Most values (every `--json` form a message is shown in) hold neither: no replacer then.
  if (plain(value, 0)) return JSON.stringify(value, undefined, space) ?? 'null';
  let big = false;
  const replacer = function (this: Record<string, unknown>, key: string, v: unknown): unknown {
    const raw = this[key];
    if (raw instanceof Uint8Array) return `0x${hex(raw)}`;
    switch (typeof v) {
      case 'bigint':
        big = true;
        return `${BIG_MARK}${v.toString()}`;
      case 'function':
      case 'symbol':
        throw new TypeError(`cannot write a ${typeof v} as JSON`);
    }
    return v;
  };
  let out: string | undefined;
  try {
    out = JSON.stringify(value, replacer, space);
  } catch (e) {
    if (e instanceof TypeError && /circular/i.test(e.message)) throw new TypeError('cannot write a cyclic value as JSON');
    throw e;
  }
  if (out === undefined) return 'null';
  return big ? out.replace(BIG_RE, '$1') : out;
}

/**
 * True when native JSON.stringify alone writes `v` as stringifyJson must: no bigint,
 * bytes, function or symbol anywhere, and not too deep to check (cycles end up there).
 */
function plain(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (depth > 64 || v instanceof Uint8Array) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const k in v) if (!plain((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/** A marker no JSON string from VPP or a user holds (a NUL, escaped by JSON as \u0000). */
const BIG_MARK = '\u0000bigint:';
const BIG_RE = /"\\u0000bigint:(-?\d+)"/g;

/** One compact line per value, each ended by a newline. */
export function stringifyJsonLines(values: Iterable<unknown>): string {
  let out = '';
  for (const v of values) out += `${stringifyJson(v)}\n`;
  return out;
}

const MAX_DEPTH = 512;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Parses JSON text without losing integer digits.
 * @throws FormatError (path = `label`) saying where the text stops being JSON (line, column).
 */
export function parseJson(text: string, label = 'JSON'): unknown {
  let pos = 0;

  const fail = (why: string, at = pos): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    const near = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
    throw new FormatError(label, text, 'valid JSON', `${why} at line ${line} column ${col}`, {
      message: `not valid JSON: ${why} at line ${line} column ${col} (near ${JSON.stringify(near)})`,
    });
  };
  const ws = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r')) pos++;
  };
  const shown = (): string => (pos >= text.length ? 'end of text' : JSON.stringify(text[pos]));

  const str = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const e = text[pos + 1];
      if (e === 'u') {
        const h = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(h, 16));
        pos += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        pos += 2;
      } else {
        fail('bad escape');
      }
      start = pos;
    }
    out += text.slice(start, pos);
    pos++;
    return out;
  };

  const num = (): number | bigint => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(`unexpected ${shown()}`);
    pos = NUMBER.lastIndex;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  };

  const word = (w: string, v: unknown): unknown => {
    if (text.startsWith(w, pos)) {
      pos += w.length;
      return v;
    }
    return fail(`unexpected ${shown()}`);
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[pos] === '}') {
        pos++;
        return o;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail(`expected a key in quotes, found ${shown()}`);
        const keyAt = pos;
        const k = str();
        if (Object.prototype.hasOwnProperty.call(o, k)) fail(`duplicate key ${JSON.stringify(k)}`, keyAt);
        ws();
        if (text[pos] !== ':') fail(`expected ':', found ${shown()}`);
        pos++;
        // defineProperty: a key "__proto__" stays a plain member.
        Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return o;
        }
        fail(`expected ',' or '}', found ${shown()}`);
      }
    }
    if (c === '[') {
      pos++;
      const a: unknown[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return a;
        }
        fail(`expected ',' or ']', found ${shown()}`);
      }
    }
    if (c === '"') return str();
    if (c === 't') return word('true', true);
    if (c === 'f') return word('false', false);
    if (c === 'n') return word('null', null);
    return num();
  };

  const v = value(0);
  ws();
  if (pos < text.length) fail(`unexpected ${shown()} after the value`);
  return v;
}

/**
 * JSON lines: one value per non-blank line.
 * @throws FormatError naming `label:line` for the first line that is not JSON.
 */
export function parseJsonLines(text: string, label = 'JSON'): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() !== '') out.push(parseJson(line, `${label}:${i + 1}`));
  });
  return out;
}
