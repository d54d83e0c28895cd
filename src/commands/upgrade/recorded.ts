/**
 * The requests of recorded files, with the fields each sets (paths.ts: a recorded value
 * counts as set when it is not zero or empty), read with the existing readers of
 * client/trace. Memclnt messages and pings are left out: a replay does its own.
 *
 * | kind    | request's CRC              | its fields from                                         |
 * |---------|----------------------------|---------------------------------------------------------|
 * | session | the recorded `_crc`        | the recorded `--json` form                              |
 * | json    | the recorded `_crc`        | the fields as VPP wrote them                            |
 * | binary  | the file's message table   | the record decoded with a local definition of that CRC  |
 */
import { getCodec } from '../../client/codec/index.js';
import type { MessageDef, Schema } from '../../client/schema/model.js';
import { openBinaryTrace } from '../../client/trace/binary-reader.js';
import { TraceDecoder } from '../../client/trace/record-decode.js';
import { readJsonTrace } from '../../client/trace/json-reader.js';
import { isMemclnt } from '../../client/trace/replay.js';
import { readSessionLog } from '../../client/trace/session-record-reader.js';
import { parseJson } from '../../format/json/lossless-json.js';
import { traceForms } from '../../format/trace/trace-forms.js';
import type { FileRequest } from './kinds.js';
import { recordedPaths } from './paths.js';

export interface RecordedRead {
  requests: FileRequest[];
  /** Records in the file (requests or not). */
  records: number;
  notes: string[];
}

const JSON_SKIP = new Set(['_msgname', '_crc', '_vl_msg_id', 'client_index', 'context']);

const parse = (t: string, label: string): unknown => parseJson(t, label);

const FORMS = traceForms();

/**
 * The set fields of a message recorded in JSON: read back into values with the local
 * definition of its CRC when there is one (so `"0.0.0.0"` or an enum's zero member count
 * as unset, as their bytes would), else as the JSON gives them.
 */
function jsonSetPaths(def: MessageDef | undefined, fields: Record<string, unknown>): string[][] {
  if (def) {
    const { value } = FORMS.fromJson(def, fields);
    const body = new Set(def.bodyFields.map((f) => f.name));
    const given = Object.fromEntries(Object.entries(value).filter(([k]) => body.has(k) && k in fields));
    return recordedPaths(given, JSON_SKIP).map((p) => [...p]);
  }
  return recordedPaths(fields, JSON_SKIP).map((p) => [...p]);
}

/** The local definition of `name` when it has `crc` (so the recorded values are its fields). */
function sameDef(local: Schema, name: string, crc: string) {
  const d = local.messages.get(name);
  return d && d.crc === crc ? d : undefined;
}

/**
 * Frames captured on the API socket by a proxy, one JSON line each: `{"t", "dir": "c2s" |
 * "s2c", "id", "name": "<name>_<crc>", "len", "hex"}` with the payload (message id first).
 * Requests are the `c2s` frames; their fields come from decoding the payload with a
 * local definition of the same CRC. Throws nothing: bad lines are notes.
 */
function readCapture(text: string, local: Schema): RecordedRead {
  const out: RecordedRead = { requests: [], records: 0, notes: [] };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const index = out.records++;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
    } catch (e) {
      out.notes.push(`line ${i + 1}: ${(e as Error).message}`);
      return;
    }
    const m = typeof o.name === 'string' ? /^(.+)_([0-9a-f]{8})$/.exec(o.name) : null;
    if (o.dir !== 'c2s' || !m || isMemclnt(m[1]!, local.messages.get(m[1]!))) return;
    const [name, crc] = [m[1]!, m[2]!];
    const def = sameDef(local, name, crc);
    let set: string[][] | undefined;
    if (def && typeof o.hex === 'string') {
      try {
        const value = getCodec(local, name).decode(Buffer.from(o.hex, 'hex'));
        set = recordedPaths(pick(value, def.bodyFields.map((f) => f.name)), JSON_SKIP).map((p) => [...p]);
      } catch (e) {
        out.notes.push(`line ${i + 1}: ${name}: ${(e as Error).message}`);
      }
    }
    out.requests.push({ at: { record: index }, name, crc, old: def, set });
  });
  return out;
}

/** True when the first line is a proxy capture's (`"dir": "c2s"` or `"s2c"`). */
function isCapture(text: string): boolean {
  const first = text.slice(0, 4096).split('\n').find((l) => l.trim() !== '') ?? '';
  return /"dir"\s*:\s*"(c2s|s2c)"/.test(first);
}

/**
 * A recorded session (`--record`), or a proxy's capture of the socket. Bad lines are notes.
 * @throws Error when not one line is a session entry.
 */
export function readSession(text: string, local: Schema): RecordedRead {
  if (isCapture(text)) return readCapture(text, local);
  const log = readSessionLog(text, parse);
  if (log.entries.length === 0) throw new Error(`no session entries in it${log.skipped[0] ? ` (line ${log.skipped[0].line}: ${log.skipped[0].reason})` : ''}`);
  const out: RecordedRead = { requests: [], records: log.entries.length, notes: log.skipped.map((s) => `line ${s.line}: ${s.reason}`) };
  log.entries.forEach((e, index) => {
    if (e.direction !== 'send' || isMemclnt(e.name, local.messages.get(e.name))) return;
    const crc = e.crc || undefined;
    const old = crc ? sameDef(local, e.name, crc) : undefined;
    out.requests.push({ at: { record: index }, name: e.name, crc, old, set: e.msg ? jsonSetPaths(old, e.msg) : undefined });
  });
  return out;
}

/** A JSON trace (`api trace save-json`). @throws TraceFormatError or Error when the text is not such a trace, or holds no message. */
export function readJsonTraceFile(text: Buffer, local: Schema): RecordedRead {
  const t = readJsonTrace(text, parse);
  if (t.error && t.records.length === 0) throw t.error;
  if (t.records.length === 0) throw new Error(`no messages in it (a JSON API trace is an array of objects with "_msgname")${t.skipped[0] ? `; ${t.skipped[0].reason}` : ''}`);
  const out: RecordedRead = { requests: [], records: t.records.length, notes: t.skipped.map((s) => `byte ${s.offset}: ${s.reason}`) };
  if (t.error) out.notes.push(`the rest of the file is not read: ${t.error.message}`);
  for (const r of t.records) {
    if (isMemclnt(r.name, local.messages.get(r.name))) continue;
    const crc = r.crc || undefined;
    const old = crc ? sameDef(local, r.name, crc) : undefined;
    out.requests.push({ at: { record: r.index }, name: r.name, crc, old, set: jsonSetPaths(old, r.fields) });
  }
  return out;
}

/**
 * A binary trace (`api trace save`, a post-mortem dump), read record by record.
 * @throws TraceFormatError for a file whose header or message table is broken (not a trace).
 */
export function readBinaryTrace(path: string, local: Schema): RecordedRead {
  const t = openBinaryTrace(path);
  const out: RecordedRead = { requests: [], records: 0, notes: [] };
  try {
    const dec = new TraceDecoder(local, t.table);
    try {
      for (const r of t.records()) {
        out.records++;
        const d = dec.decode(r);
        if (!d.name) {
          out.requests.push({ at: { record: d.index }, name: '', unreadable: d.status === 'short' ? 'a record too short to hold a message id' : `message id ${d.id} is not in the file's table` });
          continue;
        }
        if (isMemclnt(d.name, d.def ?? local.messages.get(d.name))) continue;
        const skip = new Set(JSON_SKIP);
        const set = d.status === 'ok' && d.value && d.def ? recordedPaths(pick(d.value, d.def.bodyFields.map((f) => f.name)), skip) : undefined;
        out.requests.push({ at: { record: d.index }, name: d.name, crc: d.crc, old: d.def, set });
      }
    } catch (e) {
      // What follows the damage is unknown, so the check cannot say it would work.
      out.requests.push({ at: { record: out.records }, name: '', unreadable: `the rest of the file cannot be read: ${(e as Error).message}` });
    }
    out.notes.push(...t.warnings);
  } finally {
    t.close();
  }
  return out;
}

function pick(v: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in v) out[k] = v[k];
  return out;
}
