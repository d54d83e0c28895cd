/**
 * `vppapi api-trace show FILE`: the records of a VPP trace (binary or JSON) or a recorded
 * session, in one of these forms:
 *
 * | form          | per record                                                           |
 * |---------------|----------------------------------------------------------------------|
 * | (default)     | `#N name (crc)  context C` then the fields as a key/value block      |
 * | `--json`      | one JSON array of `--json` objects (`_msgname`, `_crc`, fields)      |
 * | `--jsonl`     | one such object per line                                             |
 * | `--as-script` | one `vppapi exec` line per request (script.ts)                       |
 * | `--summary`   | no records: counts per message, statuses, the file's header          |
 *
 * A record that could not be decoded is shown as such (name, CRC, length, hex; in JSON
 * `_status`, `_length`, `_hex`) and counted. A broken file prints every record before
 * the break, then the error naming the byte offset (exit 2).
 */
import type { OpenedTrace, TraceItem } from '../../client/trace/load-messages.js';
import { renderMessage } from '../../format/rendering/render.js';
import { stringifyJson } from '../../format/json/lossless-json.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Printer } from '../runtime/output.js';
import { scriptLine } from './as-script.js';
import { selected, type Selector } from './record-select.js';

export type ShowForm = 'human' | 'json' | 'jsonl' | 'script' | 'summary';

const STATUS_TEXT: Record<string, string> = {
  changed: 'CRC differs from the local definition',
  unknown: 'no local definition',
  'unknown-id': "id not in the file's message table",
  short: 'shorter than a message id',
  undecodable: 'does not decode',
};

/** Prints the selection of `t` in `form`; returns the exit code. Throws only for I/O. */
export function show(t: OpenedTrace, sel: Selector, form: ShowForm, p: Printer): number {
  const out = new Batch(p);
  const tally = new Map<string, number>();
  let n = 0;
  const lost: string[] = [];
  let failure: Error | undefined;
  if (form === 'json') out.write('[');
  try {
    for (const it of selected(t.items(), sel)) {
      if (form === 'summary') {
        const label = it.name || `(id ${it.id ?? '?'})`;
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
      else out.write(render(it, form, n, t.kind === 'session', p));
      // The readable form shows them under the record; the others would lose them.
      if (form !== 'human') for (const l of it.lost ?? []) lost.push(`#${it.index} ${it.name}: ${l}`);
      n++;
    }
  } catch (e) {
    if ((e as { code?: string }).code !== 'ETRACE') throw e;
    failure = e as Error;
  }
  if (form === 'json') out.write(n ? '\n]\n' : ']\n');
  out.flush();
  if (form === 'summary') summary(t, tally, n, p);
  else undecodedNote(t, p);
  for (const note of t.notes) p.warn(note);
  for (const l of lost) p.warn(`not taken back: ${l}`);
  if (failure) {
    p.error(`${t.path}: ${failure.message}`);
    p.hint(`the ${n} record${n === 1 ? '' : 's'} before it ${n === 1 ? 'is' : 'are'} shown above`);
    return EXIT.USAGE;
  }
  return EXIT.OK;
}

function render(it: TraceItem, form: ShowForm, n: number, session: boolean, p: Printer): string {
  switch (form) {
    case 'json':
      return `${n ? ',' : ''}\n${indent(stringifyJson(jsonOf(it, p), { indent: 2 }))}`;
    case 'jsonl':
      return `${stringifyJson(jsonOf(it, p))}\n`;
    case 'script':
      return scriptLine(it, p);
    default:
      return block(it, session);
  }
}

const indent = (s: string): string => s.replace(/^/gm, '  ');

/** The `--json` form; an undecoded record says so in `_`-keys. */
export function jsonOf(it: TraceItem, p: Printer): Record<string, unknown> {
  if (it.value && it.def) return p.toJson(it.def, it.value);
  const o: Record<string, unknown> = { _msgname: it.name || null, _crc: it.crc || null, _status: it.status };
  if (it.id !== undefined) o._id = it.id;
  if (it.bytes) {
    o._length = it.bytes.length;
    o._hex = it.bytes.toString('hex');
  }
  if (it.error) o._error = it.error;
  return o;
}

function block(it: TraceItem, session: boolean): string {
  const dir = session ? (it.direction === 'send' ? ' →' : ' ←') : '';
  const ctx = it.context !== undefined ? `  context ${it.context}` : '';
  const where = it.offset !== undefined && it.length !== undefined ? `  (${it.length} bytes at ${it.offset})` : it.line !== undefined ? `  (line ${it.line})` : '';
  const name = it.name ? `${it.name} (${it.crc || 'no CRC'})` : `id ${it.id ?? '?'}`;
  let head = `#${it.index}${dir} ${name}${ctx}${where}`;
  if (it.value && it.def) {
    if (it.status === 'changed') head += `  [${STATUS_TEXT.changed}: local ${it.localCrc}, decoded with it]`;
    const body = renderMessage(it.def, it.value);
    const lost = (it.lost ?? []).map((l) => `  ! ${l}\n`).join('');
    return `${head}\n${body ? indent(body) + '\n' : ''}${lost}`;
  }
  const why = `${STATUS_TEXT[it.status] ?? it.status}${it.localCrc ? ` (local ${it.localCrc})` : ''}${it.error ? `: ${it.error}` : ''}`;
  const hex = it.bytes ? `  length: ${it.bytes.length}\n  hex: ${it.bytes.toString('hex')}\n` : '';
  return `${head}  [${why}]\n${hex}`;
}

function undecodedNote(t: OpenedTrace, p: Printer): void {
  const c = t.counts;
  const bad = Object.entries(c).filter(([k, v]) => k !== 'ok' && v > 0);
  if (bad.length === 0) return;
  p.warn(`not decoded: ${bad.map(([k, v]) => `${v} ${STATUS_TEXT[k] ?? k}`).join(', ')} (shown with their bytes)`);
}

function summary(t: OpenedTrace, tally: Map<string, number>, n: number, p: Printer): void {
  const rows = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (p.mode !== 'human') {
    p.data({ file: t.path, kind: t.kind, header: t.header ?? null, records: n, statuses: t.counts, messages: Object.fromEntries(rows) });
    return;
  }
  const h = t.header;
  const head = h
    ? `binary trace: ${h.nitems} records${h.wrapped ? ', WRAPPED (older records were lost)' : ', not wrapped'}, message table of ${t.entries?.length ?? 0} entries`
    : t.kind === 'json' ? 'JSON trace (api trace save-json)' : 'recorded vppapi session';
  const w = Math.max(5, ...rows.map(([, c]) => String(c).length));
  const lines = [head, `${n} record${n === 1 ? '' : 's'} shown`, '', `${'count'.padStart(w)}  message`, ...rows.map(([m, c]) => `${String(c).padStart(w)}  ${m}`)];
  const st = Object.entries(t.counts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push('', `decoding: ${st || 'nothing read'}`);
  p.line(lines.join('\n'));
}

/** Output in large writes: a million records do not make a million writes. */
class Batch {
  private buf = '';
  constructor(private readonly p: Printer) {}
  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf) this.p.out.write(this.buf);
    this.buf = '';
  }
}
