/**
 * `POST /api/<message>`: the body is the `--json` form `--args` takes; the answer is the
 * reply in the `--json` form, a dump's details as one JSON array, or with `Accept:
 * application/x-ndjson` one JSON object per line, written as each detail arrives (a
 * stream's final reply is the last line, `{"_end": reply}`). Nothing is sent to VPP
 * before the body has been read, checked and allowed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { type AccessPolicy, refusal } from './access.js';
import { details, guard, type Plan, planFor, readBody as readRequest, retvalOf, shown, single } from './adapter.js';
import { gatewayJson, readBody, sendJson } from './http.js';
import { HttpError, retvalBody } from './status.js';

export interface ApiContext {
  schema(): Schema;
  /** The session, connected (or the connection error). */
  session(): Promise<Session>;
  /** The session when it is connected and running now (no promise); undefined sends the caller to session(). */
  current?: () => Session | undefined;
  globals: GlobalOptions;
  policy: AccessPolicy;
  allowMatchers: ((name: string) => boolean)[];
  maxBody: number;
  timeoutMs: number;
}

/**
 * Serves one API request. @throws HttpError and the adapter's and session's errors, for
 * the server to turn into a status (status.ts); once the answer has started, errors end
 * the stream with an `{"_error": …}` line instead.
 */
export async function serveApi(ctx: ApiContext, name: string, req: IncomingMessage, res: ServerResponse, signal: () => AbortSignal, note: (text: string) => void = () => {}): Promise<void> {
  const plan = planFor(ctx.schema(), name);
  if (plan.svc.events.length > 0) throw new HttpError(403, `${name} registers for events: subscribe with GET /events/${plan.svc.events[0]} instead`);
  const why = refusalOf(ctx, plan);
  if (why) throw new HttpError(403, why);
  // Each step below is awaited only when it has something to wait for: a small body is in
  // whole, a plain one needs no interface table, a running session is there, most
  // requests have no guard. A promise per step per request was most of the garbage.
  const text = readBody(req, ctx.maxBody, ctx.timeoutMs);
  const read = readRequest(plan, typeof text === 'string' ? text : await text, () => ctx.session(), ctx.timeoutMs);
  const value = read instanceof Promise ? await read : read;
  const session = ctx.current?.() ?? (await ctx.session());
  const guarded = guard(session, plan);
  const warning = guarded && (await guarded);
  if (warning !== undefined) {
    res.setHeader('warning', warningHeader(warning));
    note(`warning: ${warning}`);
  }
  // A single call is bounded by its timeout; a dump is also abandoned when the client leaves.
  if (plan.svc.pattern === 'single' || plan.svc.pattern === 'none') {
    const reply = shown(plan, await single(session, plan, value, { timeoutMs: ctx.timeoutMs }));
    const rv = retvalOf(reply);
    if (rv !== undefined) return sendJson(res, 422, retvalBody(name, rv, reply!));
    return sendJson(res, 200, reply ?? {});
  }
  const ndjson = /application\/x-ndjson/i.test(req.headers.accept ?? '');
  const it = details(session, plan, value, { timeoutMs: ctx.timeoutMs, signal: signal() });
  if (!ndjson) {
    const rows: unknown[] = [];
    let r = await it.next();
    for (; !r.done; r = await it.next()) rows.push(r.value);
    const rv = retvalOf(r.value);
    if (rv !== undefined) return sendJson(res, 422, { ...retvalBody(name, rv, r.value!), details: rows });
    return sendJson(res, 200, rows);
  }
  await streamLines(res, it, name);
}

/** Each policy's refusals by plan: the naming rules run once per (policy, request). */
const refusals = new WeakMap<AccessPolicy, WeakMap<Plan, string | null>>();

/** Why `plan` is refused under `ctx`'s policy, or undefined. Throws nothing. */
function refusalOf(ctx: ApiContext, plan: Plan): string | undefined {
  let m = refusals.get(ctx.policy);
  if (!m) refusals.set(ctx.policy, (m = new WeakMap()));
  let why = m.get(plan);
  if (why === undefined) m.set(plan, (why = refusal(plan.name, plan.svc, ctx.policy, ctx.allowMatchers) ?? null));
  return why ?? undefined;
}

/**
 * A `Warning` header (RFC 7234 §5.5: code 299, a persistent warning; agent `vppapi`; the
 * text quoted): what HTTP clients and proxies log as a warning. A header is Latin-1 text
 * without control characters: others become `?`. Throws nothing.
 */
export function warningHeader(text: string): string {
  return `299 vppapi "${text.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&')}"`;
}

/** Writes each detail as a line as it arrives, waiting for the socket to drain (no whole dump in memory). */
async function streamLines(res: ServerResponse, it: AsyncGenerator<Record<string, unknown>, Record<string, unknown> | undefined>, name: string): Promise<void> {
  // The first detail (or the error) before the status: an error then still gets its status.
  let r = await it.next();
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  try {
    for (; !r.done; r = await it.next()) {
      if (!res.write(`${gatewayJson(r.value)}\n`)) await drained(res);
    }
    const rv = retvalOf(r.value);
    if (r.value) res.write(`${gatewayJson(rv === undefined ? { _end: r.value } : { _error: retvalBody(name, rv, r.value) })}\n`);
  } catch (e) {
    res.write(`${gatewayJson({ _error: { error: (e as Error).message } })}\n`);
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
