/**
 * One output from many targets' pieces (capture.ts), in target order, never interleaved
 * (docs/fleets.md):
 *
 * | mode   | output                                                                       |
 * |--------|------------------------------------------------------------------------------|
 * | human  | every target printed one table (a dump): one table, first column `target`; else each target's output under a `[name]` header line |
 * | json   | one array: every object with `_target` first (a dump: every details object), then one `{_target, _status, _exit, _partial?, _received?, _error?}` per target |
 * | jsonl  | the same objects, one per line, each target's as soon as it and those before it are done |
 *
 * Failures go to stderr as `name: cannot connect: …` (what the exit code says, then the
 * message); what a target printed before failing is kept and marked partial; a dump cut
 * off after N details (plan/partial.ts) is named `name: partial: N details, then …`, and
 * its status object carries `_partial: true` and `_received: N`.
 */
import { stringifyJson } from '../../format/json/lossless-json.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { Printer } from '../runtime/output.js';
import { PartialError } from '../plan/partial.js';
import type { Piece } from './capture.js';

export interface TargetResult {
  name: string;
  /** The options in force when its command ended (flags after the command name included). */
  globals: GlobalOptions;
  code: number;
  /** The error that ended it, when one did. */
  error?: Error;
  pieces: Piece[];
  /** What it wrote to stderr (warnings, notes), without the error itself. */
  stderr: string;
}

/** ok: exit 0; partial: failed after printing something; failed: nothing printed. */
export function statusOf(r: TargetResult): 'ok' | 'partial' | 'failed' {
  if (r.code === EXIT.OK) return 'ok';
  return r.pieces.some((p) => p.kind !== 'text' || p.text.trim() !== '') ? 'partial' : 'failed';
}

const WHAT: Record<number, string> = {
  [EXIT.RETVAL]: 'VPP refused',
  [EXIT.USAGE]: 'bad input',
  [EXIT.CONNECT]: 'cannot connect',
  [EXIT.NO_ANSWER]: 'no answer',
  [EXIT.UNAVAILABLE]: 'not available',
  [EXIT.INTERRUPTED]: 'interrupted',
};

/** The one stderr line naming a target's failure. Throws nothing. */
export function failureLine(r: TargetResult): string {
  // A dump cut off says so itself: `partial: N details, then …`.
  if (r.error instanceof PartialError) return `${r.name}: ${r.error.message}`;
  const what = WHAT[r.code] ?? 'failed';
  const msg = r.error?.message ?? `exit ${r.code}`;
  const text = msg.startsWith(`${what}:`) || (what === 'cannot connect' && msg.startsWith('cannot connect')) ? msg : `${what}: ${msg}`;
  return `${r.name}: ${text}${statusOf(r) === 'partial' ? ' (the results above are partial)' : ''}`;
}

/** A target's stderr lines and failure, each line prefixed with its name. */
export function writeStderr(p: Printer, r: TargetResult): void {
  for (const line of r.stderr.split('\n')) if (line !== '') p.err.write(`${r.name}: ${line}\n`);
  if (r.code !== EXIT.OK) p.err.write(`${failureLine(r)}\n`);
}

/** The JSON objects of one target, `_target` first in each, then its status object. */
export function jsonObjects(r: TargetResult): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of r.pieces) {
    if (p.kind === 'data') {
      for (const v of Array.isArray(p.value) ? p.value : [p.value]) out.push(isObject(v) ? { _target: r.name, ...v } : { _target: r.name, value: v });
    } else if (p.kind === 'text' && p.text.trim() !== '') {
      // Commands that write their JSON as text (exec's replies) are read back as values.
      const values = jsonValues(p.text);
      if (values) for (const v of values) out.push(isObject(v) ? { _target: r.name, ...v } : { _target: r.name, value: v });
      else out.push({ _target: r.name, _text: p.text.replace(/\n$/, '') });
    } else if (p.kind === 'table') {
      for (const row of p.rows) out.push({ _target: r.name, ...Object.fromEntries(p.head.map((h, i) => [h, row[i] ?? ''])) });
    }
  }
  const status = statusOf(r);
  const cut = r.error instanceof PartialError ? { _partial: true, _received: r.error.received } : undefined;
  out.push({ _target: r.name, _status: status, _exit: r.code, ...cut, ...(r.error && { _error: r.error.message }) });
  return out;
}

/** jsonl: one target's lines. */
export function writeJsonl(p: Printer, r: TargetResult): void {
  for (const o of jsonObjects(r)) p.out.write(`${stringifyJson(o, { indent: 0 })}\n`);
}

/** Whether every target printed exactly one table and nothing else (failed ones: nothing). */
export function oneTableEach(results: readonly TargetResult[]): boolean {
  let tables = 0;
  for (const r of results) {
    const real = r.pieces.filter((p) => p.kind !== 'text' || p.text.trim() !== '');
    if (real.length > 1 || (real.length === 1 && real[0]!.kind !== 'table')) return false;
    tables += real.length;
  }
  return tables > 0;
}

/**
 * The targets' tables as one: `target` first, then the union of their columns in the
 * order first seen (a mixed-release fleet may differ in columns; a missing cell is empty).
 */
export function mergeTables(results: readonly TargetResult[]): { head: string[]; rows: string[][] } {
  const head: string[] = [];
  for (const r of results) for (const p of r.pieces) if (p.kind === 'table') for (const h of p.head) if (!head.includes(h)) head.push(h);
  const rows: string[][] = [];
  for (const r of results) {
    for (const p of r.pieces) {
      if (p.kind !== 'table') continue;
      const at = head.map((h) => p.head.indexOf(h));
      for (const row of p.rows) rows.push([r.name, ...at.map((i) => (i < 0 ? '' : row[i] ?? ''))]);
    }
  }
  return { head: ['target', ...head], rows };
}

/** Human output of one target under its header line. */
export async function writeSection(p: Printer, r: TargetResult): Promise<void> {
  p.out.write(`[${r.name}]\n`);
  for (const piece of r.pieces) {
    if (piece.kind === 'text') p.out.write(piece.text);
    else if (piece.kind === 'table') await writeTable(p, piece.head, piece.rows);
    else p.out.write(`${stringifyJson(piece.value, { indent: 2 })}\n`);
  }
}

/** A table in the form the settings ask for (TSV with --tsv). */
export async function writeTable(p: Printer, head: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
  if (p.settings.tsv) {
    p.out.write([head, ...rows].map((r) => r.join('\t')).join('\n') + '\n');
    return;
  }
  if (rows.length === 0) {
    p.err.write('(none)\n');
    return;
  }
  await p.table(head, rows);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The JSON values written one after another in `text` (pretty or one per line), or
 * undefined when it is not wholly such values. Throws nothing.
 */
export function jsonValues(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      } else if (depth < 0) return undefined;
    } else if (depth === 0 && !/\s/.test(c)) return undefined;
  }
  return depth === 0 && !inString && out.length > 0 ? out : undefined;
}
