import { hex } from './bytes.js';
import { FormatError } from './errors.js';

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

/** @throws TypeError for values JSON cannot hold (functions, symbols, cycles). */
export function stringifyJson(value: unknown, opts: StringifyOptions = {}): string {
  const indent = opts.indent ?? 0;
  const seen = new Set<object>();
  const write = (v: unknown, depth: number): string | undefined => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return Number.isFinite(v) ? String(v) : 'null';
      case 'bigint':
        return v.toString();
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return undefined;
      case 'object':
        break;
      default:
        throw new TypeError(`cannot write a ${typeof v} as JSON`);
    }
    if (v instanceof Uint8Array) return JSON.stringify(`0x${hex(v)}`);
    const o = v as object;
    if (seen.has(o)) throw new TypeError('cannot write a cyclic value as JSON');
    seen.add(o);
    const pad = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
    const end = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
    const colon = indent > 0 ? ': ' : ':';
    let out: string;
    if (Array.isArray(o)) {
      const items = o.map((x) => write(x, depth + 1) ?? 'null');
      out = items.length === 0 ? '[]' : `[${items.map((s) => pad + s).join(',')}${end}]`;
    } else {
      const items: string[] = [];
      for (const k of Object.keys(o)) {
        const s = write((o as Record<string, unknown>)[k], depth + 1);
        if (s !== undefined) items.push(`${pad}${JSON.stringify(k)}${colon}${s}`);
      }
      out = items.length === 0 ? '{}' : `{${items.join(',')}${end}}`;
    }
    seen.delete(o);
    return out;
  };
  return write(value, 0) ?? 'null';
}

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
