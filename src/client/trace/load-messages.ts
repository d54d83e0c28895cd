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
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { getCodec } from '../codec/index.js';
import type { MessageDef, Schema } from '../schema/model.js';
import { openBinaryTrace, type BinaryTrace, type FileTableEntry, type TraceHeader } from './binary-reader.js';
import { TraceDecoder, type RecordStatus } from './record-decode.js';
import { readJsonTrace, type JsonParse } from './json-reader.js';
import { looksLikeSessionLog, readSessionLog } from './session-record-reader.js';

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

/** The kind of file at `path`, from its first bytes. @throws the fs error. */
export function traceKind(path: string): TraceKind {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(4096);
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.toString('utf8', 0, n);
  const lead = text.replace(/^\uFEFF/, '').trimStart();
  if (!lead.startsWith('[') && !lead.startsWith('{')) return 'binary';
  return looksLikeSessionLog(lead) ? 'session' : 'json';
}

/**
 * Opens a trace of any kind.
 * @throws the fs error; TraceFormatError for a binary file whose header or table is broken.
 */
export function openTrace(path: string, opts: OpenTraceOptions): OpenedTrace {
  const kind = traceKind(path);
  const counts: Record<RecordStatus, number> = { ok: 0, changed: 0, unknown: 0, 'unknown-id': 0, short: 0, undecodable: 0 };
  const notes: string[] = [];
  if (kind === 'binary') return binaryItems(path, openBinaryTrace(path), opts, notes);
  const text = readFileSync(path);
  const gen = kind === 'json' ? jsonItems(text, opts, notes) : sessionItems(text.toString('utf8'), opts, notes);
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

function* jsonItems(text: Buffer, opts: OpenTraceOptions, notes: string[]): Generator<TraceItem, void, undefined> {
  const t = readJsonTrace(text, opts.forms.parseJson);
  for (const s of t.skipped) notes.push(`byte ${s.offset}: ${s.reason}`);
  for (const r of t.records) {
    yield { index: r.index, name: r.name, crc: r.crc, direction: 'send', offset: r.offset, ...fromFields(opts, r.name, r.crc, r.fields) };
  }
  if (t.error) throw t.error;
}

function* sessionItems(text: string, opts: OpenTraceOptions, notes: string[]): Generator<TraceItem, void, undefined> {
  const log = readSessionLog(text, opts.forms.parseJson);
  for (const s of log.skipped) notes.push(`line ${s.line}: ${s.reason}`);
  let index = 0;
  for (const e of log.entries) {
    const base = { index: index++, name: e.name, crc: e.crc, direction: e.direction, context: e.context, line: e.line, time: e.time };
    if (!e.msg) {
      yield { ...base, status: 'undecodable', id: e.id, bytes: Buffer.from(e.hex ?? '', 'hex'), error: e.error ?? 'not decoded when recorded' };
      continue;
    }
    yield { ...base, ...fromFields(opts, e.name, e.crc, e.msg) };
  }
}
