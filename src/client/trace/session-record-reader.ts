/**
 * Reading a recorded vppapi session (`--record FILE`): one JSON object per line, keys
 * `t`, `dir` (`send` | `receive`), `context`, and `msg` (the `--json` form) or, for a
 * message that was not decoded, `id`, `name`, `len`, `hex`, `error`. The line writer is
 * src/format/trace/session-record-lines.ts (it needs the format layer's `--json` form); this side only
 * needs a JSON parser, passed in.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { JsonParse } from './json-reader.js';

export interface SessionLogEntry {
  /** 1-based line number. */
  line: number;
  time?: Date;
  direction: 'send' | 'receive';
  context?: number;
  name: string;
  crc: string;
  /** The message as written (`_msgname`, `_crc`, fields); undefined for an undecoded line. */
  msg?: Record<string, unknown>;
  /** An undecoded line: VPP's id, the payload in hex, and why. */
  id?: number;
  hex?: string;
  error?: string;
  /** `"own":true`: vppapi's own lookup (an interface table for a name), not the user's request. */
  own?: boolean;
}

export interface SessionLog {
  entries: SessionLogEntry[];
  /** Lines that are not session entries, with why. */
  skipped: { line: number; reason: string }[];
}

/** True when the first non-blank line of `text` looks like a recorded session. Throws nothing. */
export function looksLikeSessionLog(text: string): boolean {
  const first = text.slice(0, 4096).split('\n').find((l) => l.trim() !== '');
  return first !== undefined && /^\s*\{\s*"t"\s*:/.test(first) && /"dir"\s*:/.test(first);
}

/** Reads a recorded session. Throws nothing: bad lines are in `skipped`. */
export function readSessionLog(text: string, parse: JsonParse = (t) => JSON.parse(t)): SessionLog {
  const out: SessionLog = { entries: [], skipped: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (raw.trim() === '') continue;
    let o: unknown;
    try {
      o = parse(raw, `line ${line}`);
    } catch (e) {
      out.skipped.push({ line, reason: (e as Error).message });
      continue;
    }
    const e = entryOf(o, line);
    if (typeof e === 'string') out.skipped.push({ line, reason: e });
    else out.entries.push(e);
  }
  return out;
}

function entryOf(o: unknown, line: number): SessionLogEntry | string {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const r = o as Record<string, unknown>;
  if (r.dir !== 'send' && r.dir !== 'receive') return `"dir" is ${JSON.stringify(r.dir) ?? 'missing'}, expected "send" or "receive"`;
  const time = typeof r.t === 'string' && !Number.isNaN(Date.parse(r.t)) ? new Date(r.t) : undefined;
  const context = typeof r.context === 'number' ? r.context : undefined;
  const base = { line, time, direction: r.dir, context, ...(r.own === true ? { own: true } : {}) } as const;
  if (typeof r.msg === 'object' && r.msg !== null && !Array.isArray(r.msg)) {
    const msg = r.msg as Record<string, unknown>;
    if (typeof msg._msgname !== 'string') return '"msg" has no "_msgname"';
    return { ...base, name: msg._msgname, crc: typeof msg._crc === 'string' ? msg._crc.toLowerCase() : '', msg };
  }
  if (typeof r.hex === 'string') {
    const key = typeof r.name === 'string' ? r.name : '';
    const m = /^(.+)_([0-9a-f]{8})$/.exec(key);
    const id = typeof r.id === 'number' ? r.id : undefined;
    return { ...base, name: m ? m[1]! : key, crc: m ? m[2]! : '', id, hex: r.hex, error: typeof r.error === 'string' ? r.error : undefined };
  }
  return 'neither "msg" nor "hex": not a session entry';
}

/**
 * Appends lines to a recorded-session file, each written at once (a crash loses
 * nothing already seen). Opened in append mode, created 0600: a session may hold secrets.
 */
export class SessionLogWriter {
  private fd: number | undefined;
  /** @throws the fs error (EACCES, ENOENT for a missing directory, EISDIR). */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** Writes one line (a newline is added). @throws the fs error (ENOSPC, ...). */
  write(line: string): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${line}\n`);
  }

  /** Throws nothing. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already gone: nothing more can be written anyway.
    }
    this.fd = undefined;
  }
}
