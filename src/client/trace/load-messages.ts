/**
 * Any of the three kinds of file as one sequence of messages, decoded with the local
 * definitions:
 *
 * | kind    | what                                  | told apart by                          |
 * |---------|---------------------------------------|----------------------------------------|
 * | binary  | `api trace save`, post-mortem dumps   | anything not JSON                      |
 * | json    | `api trace save-json`                 | starts with `[` or `{` (not a session) |
 * | session | a vppapi `--record` file              | first line `{"t":…,"dir":…}`           |
 *
 * The JSON forms need the format layer (text → value); it is passed in as TraceForms so
 * that this module stays below it.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { getCodec } from '../codec/index.js';
import type { MessageDef, Schema } from '../schema/model.js';
import { openBinaryTrace, type BinaryTrace, type FileTableEntry, type TraceHeader } from './binary-reader.js';
import { TraceDecoder, type RecordStatus } from './record-decode.js';
import { TraceFormatError } from './errors.js';
import { readJsonTrace, type JsonParse } from './json-reader.js';
import { looksLikeSessionLog, readSessionLog } from './session-record-reader.js';
import { describeForeign, describeJson, looksLikeBinaryTable, magicFormat, textDescription } from './sniff.js';

export type TraceKind = 'binary' | 'json' | 'session';

export interface TraceForms {
  /** JSON text → value, integers exact. Throws on bad text. */
  parseJson: JsonParse;
  /** A message in JSON (VPP's or the `--json` form) → codec value of its body fields; never throws. */
  fromJson(def: MessageDef, fields: Record<string, unknown>): { value: Record<string, unknown>; lost: string[] };
}

export interface TraceItem {
  /** 0-based, as printed; `--range` counts these. */
  index: number;
  name: string;
  crc: string;
  /** `send` for a VPP trace: those are what clients sent to VPP. */
  direction: 'send' | 'receive';
  status: RecordStatus;
  /** ok (and changed when decodeChanged): codec value; header fields may be present. */
  value?: Record<string, unknown>;
  def?: MessageDef;
  context?: number;
  /** Binary: file offset and length; JSON: byte offset; session: line. */
  offset?: number;
  length?: number;
  line?: number;
  time?: Date;
  /** Binary: the file's id. */
  id?: number;
  /** Not decoded: the bytes (binary) and why. */
  bytes?: Buffer;
  error?: string;
  /** changed: the local definition's CRC. */
  localCrc?: string;
  /** JSON forms: fields that could not be taken back, `path: why`. */
  lost?: string[];
}

export interface OpenTraceOptions {
  schema: Schema;
  forms: TraceForms;
  /** Decode a record whose CRC differs from the local definition's with the local one anyway. */
  decodeChanged?: boolean;
}

export interface OpenedTrace {
  readonly kind: TraceKind;
  readonly path: string;
  /** Binary only. */
  readonly header?: TraceHeader;
  readonly entries?: readonly FileTableEntry[];
  /**
   * The messages in file order. Binary files are read as iterated.
   * @throws TraceFormatError after yielding everything before the broken spot.
   */
  items(): Generator<TraceItem, void, undefined>;
  /** Oddities and elements left out, each naming its offset or line; filled as items() runs. */
  readonly notes: string[];
  /** Items per status; filled as items() runs. */
  readonly counts: Record<RecordStatus, number>;
  close(): void;
}

/**
 * The kind of file at `path`, from its first bytes.
 * @throws the fs error; TraceFormatError "not an API trace: <what it looks like>" for a
 *   file that starts like none of the three (compressed, text, other binary data, empty).
 */
export function traceKind(path: string): TraceKind {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(4096);
  let n: number;
  let size: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  const head = buf.subarray(0, n);
  const lead = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (lead.startsWith('[') || lead.startsWith('{')) return looksLikeSessionLog(lead) ? 'session' : 'json';
  if (magicFormat(head) === undefined && looksLikeBinaryTable(head)) return 'binary';
  throw new TraceFormatError(`not an API trace: the file is ${describeForeign(head, size)}`, 0);
}

/**
 * Opens a trace of any kind.
 * @throws the fs error; TraceFormatError for a file that is not an API trace (said once,
 *   with what it looks like: traceKind, and JSON that holds no message at all) and for a
 *   binary file whose header or table is broken.
 */
export function openTrace(path: string, opts: OpenTraceOptions): OpenedTrace {
  const kind = traceKind(path);
  const counts: Record<RecordStatus, number> = { ok: 0, changed: 0, unknown: 0, 'unknown-id': 0, short: 0, undecodable: 0 };
  const notes: string[] = [];
  if (kind === 'binary') return binaryItems(path, openBinaryTrace(path), opts, notes);
  const text = readFileSync(path);
  const gen = kind === 'json' ? jsonItems(jsonTrace(text, opts, notes), opts) : sessionItems(text.toString('utf8'), opts);
  return {
    kind,
    path,
    notes,
    counts,
    *items() {
      for (const it of gen) {
        counts[it.status]++;
        yield it;
      }
    },
    close() {},
  };
}

function binaryItems(path: string, t: BinaryTrace, opts: OpenTraceOptions, notes: string[]): OpenedTrace {
  const dec = new TraceDecoder(opts.schema, t.table, { decodeChanged: opts.decodeChanged });
  notes.push(...t.warnings);
  const seen = t.warnings.length;
  return {
    kind: 'binary',
    path,
    header: t.header,
    entries: t.entries,
    notes,
    counts: dec.counts,
    *items() {
      try {
        for (const r of t.records()) {
          const d = dec.decode(r);
          yield {
            index: d.index, name: d.name, crc: d.crc, direction: 'send', status: d.status, value: d.value, def: d.def,
            context: d.value && d.def && d.def.contextOffset >= 0 ? Number(d.value.context) : undefined,
            offset: d.offset, length: d.length, id: d.id, bytes: d.bytes, error: d.error, localCrc: d.localCrc,
          };
        }
      } finally {
        notes.push(...t.warnings.slice(seen));
      }
    },
    close: () => t.close(),
  };
}

/** Status and value of a message given as JSON fields. */
function fromFields(opts: OpenTraceOptions, name: string, crc: string, fields: Record<string, unknown>): Pick<TraceItem, 'status' | 'value' | 'def' | 'localCrc' | 'lost' | 'error'> {
  const def = opts.schema.messages.get(name);
  if (!def) return { status: 'unknown' };
  const changed = crc !== '' && crc !== def.crc;
  if (changed && !opts.decodeChanged) return { status: 'changed', localCrc: def.crc };
  const { value, lost } = opts.forms.fromJson(def, fields);
  const localCrc = changed ? def.crc : undefined;
  const lostOrNot = lost.length ? lost : undefined;
  // Through the codec and back: every field present (defaults, zeros), as a binary record decodes.
  try {
    const codec = getCodec(opts.schema, def.name);
    return { status: changed ? 'changed' : 'ok', value: codec.decode(codec.encode(0, value)), def, localCrc, lost: lostOrNot };
  } catch (e) {
    return { status: 'undecodable', error: (e as Error).message, localCrc, lost: lostOrNot };
  }
}

/**
 * VPP's JSON trace, read whole. JSON that holds no message at all is not an API trace
 * (said once, with what it is); elements that are not messages beside real ones are one
 * note per reason, with their count.
 * @throws TraceFormatError for JSON without any message.
 */
function jsonTrace(text: Buffer, opts: OpenTraceOptions, notes: string[]): ReturnType<typeof readJsonTrace> {
  const t = readJsonTrace(text, opts.forms.parseJson);
  const foreign = t.skipped.filter((s) => !s.reason.startsWith('empty element'));
  if (t.records.length === 0 && (foreign.length > 0 || (t.error && !text.toString('utf8').trim().startsWith('[')))) {
    // A first byte of `{` or `[` made it look like JSON; bytes that are not text (random
    // data starts so 2 times in 256) are described as what they are.
    const head = text.subarray(0, 4096);
    const what = textDescription(head) === undefined ? describeForeign(head, text.length) : describeJsonText(text.toString('utf8'));
    throw new TraceFormatError(`not an API trace: the file is ${what}; a JSON API trace is an array of messages, each with "_msgname"`, 0);
  }
  const byReason = new Map<string, { n: number; first: number }>();
  for (const s of t.skipped) {
    const r = byReason.get(s.reason);
    if (r) r.n++;
    else byReason.set(s.reason, { n: 1, first: s.offset });
  }
  for (const [reason, { n, first }] of byReason) notes.push(n === 1 ? `byte ${first}: ${reason}` : `${n} elements left out, the first at byte ${first}: ${reason}`);
  return t;
}

/** What JSON text holds: one value, or lines of values (JSON Lines); "text that is not JSON" otherwise. Throws nothing. */
function describeJsonText(text: string): string {
  try {
    return describeJson(JSON.parse(text));
  } catch {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    try {
      return describeJson(JSON.parse(lines[0] ?? ''), lines.length);
    } catch (e) {
      return `text that is not valid JSON (${(e as Error).message})`;
    }
  }
}

function* jsonItems(t: ReturnType<typeof readJsonTrace>, opts: OpenTraceOptions): Generator<TraceItem, void, undefined> {
  for (const r of t.records) {
    yield { index: r.index, name: r.name, crc: r.crc, direction: 'send', offset: r.offset, ...fromFields(opts, r.name, r.crc, r.fields) };
  }
  if (t.error) throw t.error;
}

/**
 * A recorded session: one JSON object per line; lines marked `"own":true` (vppapi's own
 * lookups) are left out. A line that is not an entry (a file cut
 * mid-line, another kind of JSON Lines) makes the file damaged there: the entries before
 * it are yielded, then it is thrown, once.
 */
function* sessionItems(text: string, opts: OpenTraceOptions): Generator<TraceItem, void, undefined> {
  const log = readSessionLog(text, opts.forms.parseJson);
  const bad = log.skipped[0];
  let index = 0;
  for (const e of log.entries) {
    if (bad && e.line > bad.line) break;
    // vppapi's own lookups were not asked for: not shown, replayed, compared or scripted.
    if (e.own) continue;
    const base = { index: index++, name: e.name, crc: e.crc, direction: e.direction, context: e.context, line: e.line, time: e.time };
    if (!e.msg) {
      yield { ...base, status: 'undecodable', id: e.id, bytes: Buffer.from(e.hex ?? '', 'hex'), error: e.error ?? 'not decoded when recorded' };
      continue;
    }
    yield { ...base, ...fromFields(opts, e.name, e.crc, e.msg) };
  }
  if (bad) {
    // The JSON parser's message already names the line.
    const reason = bad.reason.startsWith(`line ${bad.line}:`) ? bad.reason : `line ${bad.line}: ${bad.reason}`;
    const more = log.skipped.length > 1 ? ` (and ${log.skipped.length - 1} more line${log.skipped.length > 2 ? 's' : ''} after it)` : '';
    throw new TraceFormatError(`damaged recorded session: ${reason}${more}; a --record file has one JSON object per line`, 0);
  }
}
