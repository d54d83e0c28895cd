/**
 * Replaying a trace or a recorded session onto a connected VPP: each request is sent as
 * a fresh call (session.call), re-encoded from its decoded values with this session's
 * client_index and context, and its reply awaited.
 *
 * | input                                           | outcome                                       |
 * |-------------------------------------------------|-----------------------------------------------|
 * | not a request (reply, details, event), received | not replayed, not reported                    |
 * | memclnt and ping messages                       | skipped: the session does its own handshake, pings, keepalives |
 * | no local definition, bytes that do not decode   | skipped                                       |
 * | recorded CRC ≠ local definition's               | refused, unless allowChanged (then decoded with the local one) |
 * | the live table lacks the name                   | skipped (missing)                             |
 * | the live table has the name with another CRC    | refused, unless allowChanged                  |
 * | a guard says it harms this VPP (guards.ts)      | refused, unless force                         |
 * | otherwise                                       | sent (or, dryRun, only shown)                 |
 *
 * A recorded session holds the replies: indexes VPP allocated (allocations.ts) are
 * mapped from the recorded to the live values for later requests, a non-zero retval
 * that is the recorded one is not a failure, and `compare` diffs every reply
 * (compare.ts). VPP's own traces hold no replies: values go as recorded.
 *
 * Stops at the first failure (a non-zero retval other than the recorded one, or an
 * error) unless continueOnError; a closed connection always stops.
 */
import { guardVerdict } from '../session/guards.js';
import { retvalName } from '../session/retvals.js';
import type { MessageDef } from '../schema/model.js';
import type { CallOptions, Session } from '../session/session.js';
import { vppVersion } from '../session/vpp-version.js';
import { missingModuleReason } from '../schema/module-kind.js';
import { allocationsOf, remapIndexes, type IndexMap, type Remap } from './allocations.js';
import { differences, type Difference } from './compare.js';
import type { TraceItem } from './load-messages.js';
import type { RecordedOutcome, ReplayInput } from './pairing.js';

export type ReplayAction = 'sent' | 'failed' | 'skipped' | 'refused' | 'dry-run';

export interface ReplayResult {
  index: number;
  name: string;
  action: ReplayAction;
  /** skipped, refused, failed: why. */
  reason?: string;
  retval?: number;
  retvalName?: string;
  /** The recorded retval, when the file holds the reply. */
  recordedRetval?: number;
  /** Time from send to the last answer, ms. */
  ms?: number;
  /** What was (or, dryRun, would be) sent: codec value of the body. */
  sent?: Record<string, unknown>;
  def?: MessageDef;
  remapped?: Remap[];
  /** New index mappings learnt from this reply. */
  allocated?: { field: string; from: number; to: number }[];
  /** compare: fields that differ from the recorded answer. */
  differences?: Difference[];
  /** A guard's warning (sent anyway). */
  warning?: string;
}

export interface ReplaySummary {
  /** Inputs that were requests within the selection. */
  requests: number;
  sent: number;
  ok: number;
  failed: number;
  skipped: number;
  refused: number;
  /** compare: replies that differ. */
  differing: number;
  /** Set when the replay stopped before the end: the index it stopped at. */
  stoppedAt?: number;
  /** Skipped and refused, per reason. */
  reasons: Record<string, number>;
}

export interface ReplayOptions {
  allowChanged?: boolean;
  force?: boolean;
  continueOnError?: boolean;
  dryRun?: boolean;
  compare?: boolean;
  /** Which inputs to consider (filter, range); default all. */
  select?: (item: TraceItem) => boolean;
  /** VPP's version for the guards; default: asked with show_version (not in dryRun). */
  vppVersion?: string;
  /** Per-call timeout, ms (default the session's). */
  timeoutMs?: number;
  /** Called once per reported input, in order. */
  onResult?: (r: ReplayResult) => void;
  /** Values are compared in this form when given (e.g. the `--json` form); default the codec values. */
  view?: (def: MessageDef, value: Record<string, unknown>) => unknown;
  /**
   * How a request is sent (the CLI's request plan); default session.call. Resolves with
   * what Session.call resolves with; rejects with its errors.
   */
  send?: (name: string, value: Record<string, unknown>, opts: CallOptions) => Promise<unknown>;
}

const MEMCLNT_EXTRA = new Set(['control_ping', 'get_first_msg_id', 'api_versions', 'get_api_json', 'trace_plugin_msg_ids']);

/** Whether the session does this message itself (handshake, pings, keepalives, table fetches). */
export function isMemclnt(name: string, def?: MessageDef): boolean {
  return def?.module === 'memclnt' || MEMCLNT_EXTRA.has(name) || name.startsWith('memclnt_') || name.startsWith('sockclnt_');
}

/**
 * Replays `inputs` in order over `session` (running).
 * Throws nothing for a message's failure (it is a result); rejects only when onResult throws.
 */
export async function replay(session: Session, inputs: Iterable<ReplayInput>, opts: ReplayOptions = {}): Promise<ReplaySummary> {
  const sum: ReplaySummary = { requests: 0, sent: 0, ok: 0, failed: 0, skipped: 0, refused: 0, differing: 0, reasons: {} };
  const ctx: RunContext = { session, opts, map: new Map(), version: opts.vppVersion, versionAsked: opts.vppVersion !== undefined };
  for (const input of inputs) {
    const { item } = input;
    if (item.direction !== 'send') continue;
    if (opts.select && !opts.select(item)) continue;
    if (item.def && item.def.header !== 'request' && item.status === 'ok') continue;
    sum.requests++;
    const r = await one(ctx, input);
    tally(sum, r);
    opts.onResult?.(r);
    if (r.action === 'failed' && (!opts.continueOnError || session.state !== 'running')) {
      sum.stoppedAt = item.index;
      break;
    }
  }
  return sum;
}

interface RunContext {
  session: Session;
  opts: ReplayOptions;
  map: IndexMap;
  version: string | undefined;
  versionAsked: boolean;
}

function tally(sum: ReplaySummary, r: ReplayResult): void {
  if (r.action === 'sent') {
    sum.sent++;
    sum.ok++;
  } else if (r.action === 'failed') {
    if (r.retval !== undefined) sum.sent++;
    sum.failed++;
  } else if (r.action === 'skipped' || r.action === 'refused') {
    sum[r.action]++;
    const key = r.reason?.split(':')[0] ?? r.action;
    sum.reasons[key] = (sum.reasons[key] ?? 0) + 1;
  }
  if (r.differences?.length) sum.differing++;
}

async function one(ctx: RunContext, input: ReplayInput): Promise<ReplayResult> {
  const { item } = input;
  const base = { index: item.index, name: item.name };
  const blocked = await check(ctx, item);
  if (blocked) return { ...base, ...blocked };
  const def = item.def!;
  const sent = body(def, item.value!);
  const remapped = remapIndexes(def.bodyFields, sent, ctx.map);
  const guard = await guardCheck(ctx, item);
  if (guard?.action === 'refuse' && !ctx.opts.force) return { ...base, action: 'refused', reason: `guarded: ${guard.message}; --force sends it`, sent, def };
  const warning = guard?.message;
  if (ctx.opts.dryRun) return { ...base, action: 'dry-run', sent, def, remapped, warning };
  return call(ctx, input, { ...base, sent, def, remapped, warning });
}

/** Why the item cannot be sent, or undefined. */
async function check(ctx: RunContext, item: TraceItem): Promise<Pick<ReplayResult, 'action' | 'reason'> | undefined> {
  if (isMemclnt(item.name, item.def)) return { action: 'skipped', reason: 'memclnt: handshake, pings and keepalives are the session\'s own' };
  switch (item.status) {
    case 'unknown':
      return { action: 'skipped', reason: `no local definition: ${item.name}_${item.crc} is not among the definitions loaded` };
    case 'unknown-id':
      return { action: 'skipped', reason: `unknown id: ${item.id} is not in the file's message table` };
    case 'short':
      return { action: 'skipped', reason: 'too short: the record holds no message id' };
    case 'undecodable':
      return { action: 'skipped', reason: `undecodable: ${item.error ?? 'the bytes do not fit the definition'}` };
    case 'changed':
      if (!ctx.opts.allowChanged || !item.value) {
        return { action: 'refused', reason: `changed: recorded with CRC ${item.crc}, the local definition has ${item.localCrc}; --allow-changed sends it with the local one` };
      }
  }
  if (!item.value || !item.def) return { action: 'skipped', reason: 'undecodable: no value' };
  const table = ctx.session.table;
  if (table.byKey(`${item.name}_${item.crc}`)) return undefined;
  const live = table.byName(item.name);
  if (!live) return { action: 'skipped', reason: `missing: this VPP has no ${item.name} (module ${item.def.module}: ${missingModuleReason(ctx.session.schema, item.def.module)})` };
  if (!ctx.opts.allowChanged) {
    return { action: 'refused', reason: `changed: recorded with CRC ${item.crc}, this VPP has ${live.crc}; --allow-changed sends it with the local definition` };
  }
  return undefined;
}

async function guardCheck(ctx: RunContext, item: TraceItem): Promise<ReturnType<typeof guardVerdict>> {
  const crc = ctx.session.table.byName(item.name)?.crc ?? item.crc;
  const v = guardVerdict(item.name, crc, ctx.version);
  if (!v || ctx.versionAsked || ctx.opts.dryRun) return v;
  ctx.versionAsked = true;
  // Unknown (undefined): the guards treat it as a release the harm was seen on.
  ctx.version = await vppVersion(ctx.session);
  return guardVerdict(item.name, crc, ctx.version);
}

/** The body fields of `value` (header fields are the session's), as a fresh object. */
function body(def: MessageDef, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.bodyFields) if (value[f.name] !== undefined) out[f.name] = structuredClone(value[f.name]);
  return out;
}

type Pending = Omit<ReplayResult, 'action'>;

async function call(ctx: RunContext, input: ReplayInput, r: Pending): Promise<ReplayResult> {
  const { session, opts } = ctx;
  const t0 = performance.now();
  let answer: unknown;
  try {
    const callOpts: CallOptions = { checkRetval: false, timeoutMs: opts.timeoutMs };
    answer = await (opts.send ? opts.send(r.name, r.sent!, callOpts) : session.call(r.name, r.sent!, callOpts));
  } catch (e) {
    return { ...r, action: 'failed', reason: `${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}`, ms: performance.now() - t0 };
  }
  const ms = performance.now() - t0;
  const live = outcome(session, r.name, answer);
  const retval = typeof live.reply?.retval === 'number' ? live.reply.retval : undefined;
  const rec = input.recorded;
  const recordedRetval = typeof rec?.reply?.retval === 'number' ? rec.reply.retval : undefined;
  const allocated = rec ? learn(ctx, r, rec, live) : undefined;
  const diffs = opts.compare && rec ? compareOutcome(ctx, rec, live) : undefined;
  const res: ReplayResult = { ...r, action: 'sent', ms, retval, retvalName: retval !== undefined ? retvalName(retval) : undefined, recordedRetval, allocated, differences: diffs };
  if (retval !== undefined && retval !== 0 && retval !== recordedRetval) {
    res.action = 'failed';
    res.reason = `retval ${retval}${res.retvalName ? ` ${res.retvalName}` : ''}${recordedRetval !== undefined ? ` (recorded: ${recordedRetval})` : ''}`;
  }
  return res;
}

/** The call's answer as reply + details, whatever its pattern. */
function outcome(session: Session, name: string, answer: unknown): RecordedOutcome {
  const svc = session.schema.services.get(name);
  if (svc?.pattern === 'dump') return { details: (answer as Record<string, unknown>[]) ?? [], detailsName: svc.reply };
  if (svc?.pattern === 'stream') {
    const s = answer as { details: Record<string, unknown>[]; reply: Record<string, unknown> };
    return { details: s.details, detailsName: svc.streamMsg, reply: s.reply, replyName: svc.reply };
  }
  return { details: [], reply: answer as Record<string, unknown> | undefined, replyName: svc?.reply };
}

/** Maps the indexes the recorded reply allocated to the live ones. */
function learn(ctx: RunContext, r: Pending, rec: RecordedOutcome, live: RecordedOutcome): ReplayResult['allocated'] {
  if (!rec.reply || !live.reply || !live.replyName) return undefined;
  const replyDef = ctx.session.schema.messages.get(live.replyName);
  if (!replyDef) return undefined;
  const out: { field: string; from: number; to: number }[] = [];
  for (const a of allocationsOf(replyDef, r.def, r.sent!)) {
    const from = rec.reply[a.field];
    const to = live.reply[a.field];
    if (typeof from !== 'number' || typeof to !== 'number') continue;
    let m = ctx.map.get(a.kind);
    if (!m) ctx.map.set(a.kind, (m = new Map()));
    m.set(from, to);
    out.push({ field: a.field, from, to });
  }
  return out.length ? out : undefined;
}

function compareOutcome(ctx: RunContext, rec: RecordedOutcome, live: RecordedOutcome): Difference[] {
  const schema = ctx.session.schema;
  const view = (name: string | undefined, v: Record<string, unknown>): unknown => {
    const def = name ? schema.messages.get(name) : undefined;
    if (!def) return v;
    const mapped = structuredClone(v);
    remapIndexes(def.bodyFields, mapped, ctx.map);
    return ctx.opts.view ? ctx.opts.view(def, mapped) : mapped;
  };
  const liveView = (name: string | undefined, v: Record<string, unknown>): unknown => {
    const def = name ? schema.messages.get(name) : undefined;
    return def && ctx.opts.view ? ctx.opts.view(def, v) : v;
  };
  const out: Difference[] = [];
  if (rec.reply || live.reply) {
    differences(rec.reply && view(rec.replyName, rec.reply), live.reply && liveView(live.replyName, live.reply), 'reply', out);
  }
  if (rec.details.length !== live.details.length) out.push({ path: 'details.length', recorded: rec.details.length, live: live.details.length });
  const n = Math.min(rec.details.length, live.details.length);
  for (let i = 0; i < n; i++) differences(view(rec.detailsName, rec.details[i]!), liveView(live.detailsName, live.details[i]!), `details[${i}]`, out);
  return out;
}
