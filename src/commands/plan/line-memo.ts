/**
 * What reading a script line produced, remembered by the line's text, so that a script
 * that repeats a line (20,000 times `sw_interface_set_flags --sw-if-index 0 --flags 0`)
 * reads it once: the tokenizer, the flag table, the format and the defined-values check
 * run for the first copy only. docs/request-plan.md ("The line memo") says why an entry
 * can never be stale.
 *
 * Kept: a LineRequest (plan, value, options) for a line whose value follows from its text
 * and the plan alone: no global option among its words, no `--args @file` (the file may
 * change), no need met from outside (standard input, the interface table), no request
 * option (--help, --dry-run, --force), not a registration (want_*: the session notes it
 * per call). Its value (plain objects, arrays, scalars, byte arrays) is frozen, so that
 * a change to it throws; a byte array (an address) cannot be frozen, and is only read:
 * by the encoder, which copies it into the frame. The value is marked fixed for the
 * session (client/session/calls.ts markFixed): it is encoded once per connection, and each
 * line sends that frame with its own context.
 *
 * Scope and bound: one table per (definitions, the options the line starts from): a new
 * schema (another VPP, definitions loaded again) or a changed base (`.json on`) makes a
 * new lineGlobals object and so starts an empty table. At most MEMO_LINES entries of at
 * most MEMO_TEXT characters each; a full table is emptied and filled again.
 */
import type { Schema } from '../../client/schema/model.js';
import { markFixed } from '../../client/session/calls.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { RequestPlan } from './plan.js';
import type { Args } from './read.js';

/** A line read and ready to send at once (plan/line.ts readLine). */
export interface LineRequest {
  plan: RequestPlan;
  value: Record<string, unknown>;
  /** The line's options: `merged`, or a copy with the line's global options. */
  globals: GlobalOptions;
}

/** Entries per table: a script's distinct request lines rarely number more. */
export const MEMO_LINES = 1024;
/** Longer lines are read every time (an `--args` with a large JSON body). */
export const MEMO_TEXT = 512;

const tables = new WeakMap<Schema, WeakMap<GlobalOptions, Map<string, LineRequest>>>();
/** The last table used, with what it is for: a script's lines all ask for the same one. */
let last: { schema: Schema; merged: GlobalOptions; table: Map<string, LineRequest> } | undefined;

function tableFor(schema: Schema, merged: GlobalOptions): Map<string, LineRequest> {
  if (last?.schema === schema && last.merged === merged) return last.table;
  let bySchema = tables.get(schema);
  if (!bySchema) tables.set(schema, (bySchema = new WeakMap()));
  let table = bySchema.get(merged);
  if (!table) bySchema.set(merged, (table = new Map()));
  last = { schema, merged, table };
  return table;
}

/** The request remembered for `text` under (schema, merged), if any. Throws nothing. */
export function recalled(schema: Schema, merged: GlobalOptions, text: string): LineRequest | undefined {
  return text.length > MEMO_TEXT ? undefined : tableFor(schema, merged).get(text);
}

/**
 * Remembers `req`, read from `text` as `args`, when its value follows from the text and the
 * plan alone (see above); `req.value` is frozen then. Throws nothing.
 */
export function remember(schema: Schema, merged: GlobalOptions, text: string, args: Args, req: LineRequest): void {
  if (text.length > MEMO_TEXT || args.globals !== undefined || args.readsFile || args.help || args.dryRun || args.force) return;
  if (req.globals !== merged || req.plan.needs.events.length > 0 || !freezable(req.value)) return;
  deepFreeze(req.value);
  // Frozen for good: the session may encode it once per connection and resend the frame.
  markFixed(req.value);
  const table = tableFor(schema, merged);
  if (table.size >= MEMO_LINES) table.clear();
  table.set(text, Object.freeze(req));
}

/** Whether `v` holds only scalars, byte arrays, plain objects and arrays (what the format reads a line into). */
function freezable(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return typeof v !== 'function';
  if (v instanceof Uint8Array) return true;
  if (Array.isArray(v)) return v.every(freezable);
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!freezable((v as Record<string, unknown>)[k])) return false;
  return true;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return;
  for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  Object.freeze(v);
}
