/**
 * The one place where `serve` meets the request route (docs/request-plan.md): from a
 * message name and a JSON body to a value checked against the request's plan, and from
 * that to VPP's answer in the `--json` form. Everything else under serve/ (HTTP, routing,
 * auth, limits, SSE, OpenAPI) goes through this module.
 *
 * | step      | what it does                                                               |
 * |-----------|----------------------------------------------------------------------------|
 * | resolve   | the request's plan (unknown → 404, not a request → 400)                     |
 * | read      | the body as lossless JSON, read by the plan's reader, then the encode check: a bad field is named, nothing sent |
 * | guard     | requests known to harm this VPP's release are refused (no `--force` over HTTP) |
 * | single    | one reply, as JSON                                                         |
 * | details   | a dump or stream, one JSON object at a time as VPP sends them (not buffered: the session's iterator) |
 */
import type { Schema } from '../../client/schema/model.js';
import type { MessageDef } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { parseJson } from '../../format/json/lossless-json.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { interfaceTable } from '../plan/interfaces.js';
import { type RequestPlan, planFor as planOf } from '../plan/plan.js';
import { isNeed, readJson, supplied } from '../plan/read.js';
import { guard as planGuard, wireValue } from '../plan/send.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { HttpError } from './status.js';

type Msg = Record<string, unknown>;

/** A request as the gateway serves it: its plan. */
export type Plan = RequestPlan;

/** The request `name` of `schema`. @throws CliError 2 (not a request); HttpError 404 (no such message). */
export function planFor(schema: Schema, name: string): Plan {
  const plan = planOf(schema, name);
  if (!plan) throw new HttpError(404, `no message called ${JSON.stringify(name)} in the loaded definitions`);
  return plan;
}

/** A body that gives no field: empty, or `{}` (what most reads send), taken without the parser. */
const NO_FIELDS = /^\s*(?:\{\s*\}\s*)?$/;

/**
 * The request value from the body's JSON text (the form `--args` takes; empty = no field).
 * A FIB path naming an interface asks `session` for VPP's interface table (read-only):
 * only then is the answer a promise (a plain body is read with none).
 * @throws CliError (exit 2) naming the field, the value and what was expected; the
 *   session's errors when the interface table is needed and cannot be had.
 */
export function readBody(plan: Plan, text: string, session: () => Promise<Session>, timeoutMs: number): Msg | Promise<Msg> {
  let body: unknown = {};
  try {
    if (!NO_FIELDS.test(text)) body = parseJson(text, 'body');
  } catch (e) {
    throw new CliError(`${plan.name}: ${(e as Error).message}`, EXIT.USAGE, undefined, { cause: e });
  }
  const r = readJson(plan, body);
  if (!isNeed(r)) return encodable(plan, r.value);
  return supplied(r, { interfaces: async (fresh) => interfaceTable(await session(), timeoutMs, fresh ? 0 : Infinity) }).then((a) => encodable(plan, a.value));
}

/** `value` once the codec takes it. @throws CliError (exit 2): the encode check (a too-long list, a string too long), nothing sent. */
function encodable(plan: Plan, value: Msg): Msg {
  wireValue(plan, value);
  return value;
}

/**
 * Refuses a request known to harm this VPP's release (no --force over HTTP). A guard that
 * only warns lets the request through; its warning is what the promise resolves with,
 * for the answer to carry (the command line prints it on stderr). Undefined when the
 * request is not guarded (nothing to wait for). @throws CliError 2; the session's errors (show_version).
 */
export function guard(session: Session, plan: Plan): Promise<string | undefined> | undefined {
  let warning: string | undefined;
  return planGuard((w) => (warning = w), session, plan, false)?.then(() => warning);
}

/** A message value in the `--json` form (`_msgname`, `_crc`, fields as text where they have one). Throws nothing. */
export function toJson(def: MessageDef, value: Msg): Msg {
  return defaultRegistry.forMessage(def).toJson(value);
}

export interface CallLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A single (or reply-less) request: VPP's reply as decoded (shown() gives its JSON form),
 * or undefined. The options are written out, not spread (a spread per request was most of
 * this function's time), and the promise is the session's own.
 * @throws the session's errors (unavailable, timeout, closed, aborted).
 */
export function single(session: Session, plan: Plan, value: Msg, lim: CallLimits): Promise<unknown> {
  return session.call(plan.name, value, { timeoutMs: lim.timeoutMs, signal: lim.signal, checkRetval: false });
}

/** A single request's reply in JSON form, or undefined (none, or a request without one). Throws nothing. */
export function shown(plan: Plan, reply: unknown): Msg | undefined {
  return reply && plan.shown ? toJson(plan.shown, reply as Msg) : undefined;
}

/**
 * A dump or stream: each detail in JSON form as it arrives, then (stream) the final reply.
 * @throws (from the iterator) the session's errors.
 */
export async function* details(session: Session, plan: Plan, value: Msg, lim: CallLimits): AsyncGenerator<Msg, Msg | undefined> {
  const it = session.iterate(plan.name, value, { ...lim, checkRetval: false });
  let r = await it.next();
  for (; !r.done; r = await it.next()) yield toJson(plan.shown!, r.value);
  const end = r.value as Msg | undefined;
  return end && plan.reply && plan.svc.pattern === 'stream' ? toJson(plan.reply, end) : undefined;
}

/** A retval ≠ 0 in `reply` (JSON form), else undefined. Throws nothing. */
export function retvalOf(reply: Msg | undefined): number | undefined {
  const rv = reply?.retval;
  return typeof rv === 'number' && rv !== 0 ? rv : undefined;
}
