/**
 * The one place where `serve` meets the calling code: from a message name and a JSON
 * body to a checked request value, and from that to VPP's answer in the `--json` form.
 * Everything else under serve/ (HTTP, routing, auth, limits, SSE, OpenAPI) goes through
 * this module, so that moving the gateway onto another request route changes this file
 * alone.
 *
 * | step      | what it does                                                               |
 * |-----------|----------------------------------------------------------------------------|
 * | resolve   | the definition and call pattern of a request (unknown → 404, not a request → 400) |
 * | read      | the body through the `--args` reader, then an encode check: a bad field is named, nothing sent |
 * | guard     | requests known to harm this VPP's release are refused (no `--force` over HTTP) |
 * | single    | one reply, as JSON                                                         |
 * | details   | a dump or stream, one JSON object at a time as VPP sends them               |
 */
import { getCodec } from '../../client/codec/message.js';
import { EncodeError } from '../../client/errors.js';
import { guardVerdict, isGuarded } from '../../client/session/guards.js';
import type { MessageDef, Schema, ServiceDef } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { parseMessageArgs } from '../request/args.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { HttpError } from './status.js';
import type { GlobalOptions } from '../runtime/globals.js';

type Msg = Record<string, unknown>;

/** A request as the gateway serves it. */
export interface Plan {
  name: string;
  schema: Schema;
  def: MessageDef;
  svc: ServiceDef;
  /** The message whose values come back: the reply (single) or the details (dump, stream). */
  shown?: MessageDef;
}

/** The request `name` of `schema`. @throws CliError 2 (not a request); HttpError 404 (no such message). */
export function planFor(schema: Schema, name: string): Plan {
  const def = schema.messages.get(name);
  if (!def) throw new HttpError(404, `no message called ${JSON.stringify(name)} in the loaded definitions`);
  const svc = schema.services.get(name);
  if (!svc) throw new CliError(`${name} is not a request: VPP sends it${schema.replyOf.get(name)?.length ? ` in answer to ${schema.replyOf.get(name)!.join(', ')}` : ''}`);
  const shownName = svc.pattern === 'stream' ? svc.streamMsg : svc.reply;
  return { name, schema, def, svc, shown: shownName === undefined ? undefined : schema.messages.get(shownName) };
}

/**
 * The request value from the body's JSON text (the form `--args` takes; empty = no field).
 * @throws CliError (exit 2) naming the field, the value and what was expected.
 */
export async function readBody(plan: Plan, text: string, g: GlobalOptions): Promise<Msg> {
  const { def } = plan;
  // A copy of the globals: the reader applies global options it finds (none in --args).
  const parsed = await parseMessageArgs(def, defaultRegistry.forMessage(def), text.trim() === '' ? [] : ['--args', text], { ...g }, { fillsPid: plan.svc.events.length > 0 });
  try {
    getCodec(plan.schema, def.name).encode(1, parsed.value);
  } catch (e) {
    if (e instanceof EncodeError) throw new CliError(`${def.name}: ${e.message}`, EXIT.USAGE, undefined, { cause: e });
    throw e;
  }
  return parsed.value;
}

/** Refuses a request known to harm this VPP's release. @throws CliError 2; the session's errors (show_version). */
export async function guard(session: Session, plan: Plan): Promise<string | undefined> {
  if (!isGuarded(plan.name)) return undefined;
  const v = guardVerdict(plan.name, plan.def.crc, await vppVersion(session));
  if (!v) return undefined;
  if (v.action === 'refuse') throw new CliError(`${plan.name} not sent: it ${v.message.slice(plan.name.length + 1)}`);
  return v.message;
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
 * A single (or reply-less) request: its reply in JSON form, or undefined.
 * @throws the session's errors (unavailable, timeout, closed, aborted).
 */
export async function single(session: Session, plan: Plan, value: Msg, lim: CallLimits): Promise<Msg | undefined> {
  const reply = (await session.call(plan.name, value, { ...lim, checkRetval: false })) as Msg | undefined;
  return reply && plan.shown ? toJson(plan.shown, reply) : undefined;
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
  const replyDef = plan.svc.reply ? plan.schema.messages.get(plan.svc.reply) : undefined;
  return end && replyDef && plan.svc.pattern === 'stream' ? toJson(replyDef, end) : undefined;
}

/** A retval ≠ 0 in `reply` (JSON form), else undefined. Throws nothing. */
export function retvalOf(reply: Msg | undefined): number | undefined {
  const rv = reply?.retval;
  return typeof rv === 'number' && rv !== 0 ? rv : undefined;
}
