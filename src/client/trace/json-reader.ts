/**
 * Reads VPP's JSON API trace (`api trace save-json`, docs/trace.md §5) tolerantly: a JSON
 * array of one object per record, or a single object. A message without JSON converter
 * leaves an empty element (`},\n,\n{`), which makes the file invalid JSON: such elements
 * are skipped and reported, as are elements that do not parse or are not messages.
 * Offsets are bytes from the start of the file.
 */
import { readFileSync } from 'node:fs';
import { TraceFormatError } from './errors.js';

export interface JsonTraceRecord {
  /** 0-based among the messages read (skipped elements take no index). */
  index: number;
  /** Byte offset of the element. */
  offset: number;
  name: string;
  /** 8 hex digits as written, '' when `_crc` is absent. */
  crc: string;
  /** The element as parsed: `_msgname`, `_crc`, then the fields as VPP wrote them. */
  fields: Record<string, unknown>;
}

export interface JsonTraceSkip {
  offset: number;
  reason: string;
}

export interface JsonTrace {
  records: JsonTraceRecord[];
  /** Elements left out, with why (empty elements, unparsable ones, non-messages). */
  skipped: JsonTraceSkip[];
  /**
   * Set when the text stops being readable before its end (unterminated array or
   * string): every element before `error.offset` is in `records`.
   */
  error?: TraceFormatError;
}

/** Parses one element's text; default JSON.parse. Must throw on bad text. */
export type JsonParse = (text: string, label: string) => unknown;

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Reads a file. @throws the fs error when it cannot be read. */
export function readJsonTraceFile(path: string, parse?: JsonParse): JsonTrace {
  return readJsonTrace(readFileSync(path), parse);
}

/** Reads JSON trace text (bytes or a string). Throws nothing: problems are in the result. */
export function readJsonTrace(input: Uint8Array | string, parse: JsonParse = (t) => JSON.parse(t)): JsonTrace {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const out: JsonTrace = { records: [], skipped: [] };
  let pos = skipWs(buf, buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0);
  if (pos >= buf.length) {
    out.error = new TraceFormatError('empty file: a JSON API trace is an array of messages', pos);
    return out;
  }
  const take = (start: number, end: number): void => addElement(buf, start, end, parse, out);
  if (buf[pos] === 0x7b) {
    const end = valueEnd(buf, pos);
    if (end < 0) out.error = unterminated(buf, pos);
    else {
      take(pos, end);
      trailing(buf, end, out);
    }
    return out;
  }
  if (buf[pos] !== 0x5b) {
    out.error = new TraceFormatError(`byte ${pos}: a JSON API trace starts with "[" or "{", found ${JSON.stringify(String.fromCharCode(buf[pos]!))}`, pos);
    return out;
  }
  pos++;
  for (;;) {
    pos = skipWs(buf, pos);
    if (pos >= buf.length) {
      out.error = new TraceFormatError(`truncated file: the array is not closed, the file ends at byte ${pos}`, pos);
      return out;
    }
    const c = buf[pos]!;
    if (c === 0x5d) {
      trailing(buf, pos + 1, out);
      return out;
    }
    if (c === 0x2c) {
      out.skipped.push({ offset: pos, reason: 'empty element (VPP writes nothing for a message it has no JSON converter for)' });
      pos++;
      continue;
    }
    const end = valueEnd(buf, pos);
    if (end < 0) {
      out.error = unterminated(buf, pos);
      return out;
    }
    take(pos, end);
    pos = skipWs(buf, end);
    if (buf[pos] === 0x2c) pos++;
    else if (pos < buf.length && buf[pos] !== 0x5d) {
      out.error = new TraceFormatError(`byte ${pos}: expected "," or "]" after the element at byte ${end}`, pos);
      return out;
    }
  }
}

function addElement(buf: Buffer, start: number, end: number, parse: JsonParse, out: JsonTrace): void {
  let v: unknown;
  try {
    v = parse(buf.toString('utf8', start, end), `element at byte ${start}`);
  } catch (e) {
    out.skipped.push({ offset: start, reason: `not JSON: ${(e as Error).message}` });
    return;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.skipped.push({ offset: start, reason: 'not an object' });
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o._msgname !== 'string' || o._msgname === '') {
    out.skipped.push({ offset: start, reason: 'no "_msgname": not a message' });
    return;
  }
  const crc = typeof o._crc === 'string' ? o._crc.toLowerCase().replace(/^0x/, '') : '';
  out.records.push({ index: out.records.length, offset: start, name: o._msgname, crc, fields: o });
}

function trailing(buf: Buffer, pos: number, out: JsonTrace): void {
  const p = skipWs(buf, pos);
  if (p < buf.length) out.skipped.push({ offset: p, reason: `${buf.length - p} bytes after the end of the trace, ignored` });
}

function unterminated(buf: Buffer, start: number): TraceFormatError {
  return new TraceFormatError(`truncated file: the element at byte ${start} is not closed before the end of the file at byte ${buf.length}`, start);
}

function skipWs(buf: Buffer, pos: number): number {
  while (pos < buf.length && WS.has(buf[pos]!)) pos++;
  return pos;
}

/**
 * The end (exclusive) of the JSON value starting at `pos`: brackets counted outside
 * strings, a scalar up to the next `,` `]` `}` or blank. -1 when the file ends first.
 */
function valueEnd(buf: Buffer, pos: number): number {
  const first = buf[pos]!;
  if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
    let p = pos;
    while (p < buf.length && !WS.has(buf[p]!) && buf[p] !== 0x2c && buf[p] !== 0x5d && buf[p] !== 0x7d) p++;
    return p;
  }
  let depth = 0;
  for (let p = pos; p < buf.length; p++) {
    const c = buf[p]!;
    if (c === 0x22) {
      p++;
      while (p < buf.length && buf[p] !== 0x22) p += buf[p] === 0x5c ? 2 : 1;
      if (p >= buf.length) return -1;
      if (depth === 0) return p + 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return p + 1;
    }
  }
  return -1;
}
