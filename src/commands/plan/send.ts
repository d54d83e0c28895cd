/**
 * One send-and-print for every request of a plan: the call its pattern dictates, the
 * answer printed, the exit code it stands for.
 *
 * | pattern | sent                        | printed                                   | exit |
 * |---------|-----------------------------|-------------------------------------------|------|
 * | single  | the request                 | the reply (retval ≠ 0: error line; JSON modes still print the reply) | 0 / 1 |
 * | dump    | request + control_ping      | the details (table, array, lines); cut off: those that came, then PartialError | 0 / error's |
 * | stream  | request (again per cursor)  | the details; a retval ≠ 0 as for single   | 0 / 1 |
 * | none    | the request                 | nothing                                   | 0    |
 *
 * Two ways in, one printing: sendAndPrint (a request and its answer together, details
 * printed as they arrive under --jsonl), and send, then answerCode and printAnswer (exec
 * --pipeline: the request queued now, its answer printed in script order later).
 */
import { EncodeError } from '../../client/errors.js';
import { guardVerdict } from '../../client/session/guards.js';
import { retvalInfo } from '../../client/session/retvals.js';
import type { MessageDef } from '../../client/schema/model.js';
import { RetvalError } from '../../client/session/errors.js';
import type { CallOptions, CallSink, Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Printer } from '../runtime/output.js';
import { interfaceTable } from './interfaces.js';
import { PartialError, cutsOff } from './partial.js';
import type { RequestPlan } from './plan.js';

type Msg = Record<string, unknown>;

/**
 * What a call of `plan` resolved with: single → the reply, dump → the details, stream →
 * { details, reply }, none → undefined.
 */
export type Answer = unknown;

/**
 * Queues `value` as a request of `plan` on `session` (before this returns: the order of
 * the calls is the order of the writes) and resolves with its Answer. The promise is
 * the session's own, with nothing chained in between: a sequential script's next request
 * leaves as soon as this one's answer is read.
 * Rejects with the session's errors as they are (requestError words them as a CLI
 * reports them: a value the codec refuses, nothing sent, is a usage error).
 */
export function send(session: Session, plan: RequestPlan, value: Msg, opts: CallOptions): Promise<Answer> {
  return session.call(plan.name, value, opts);
}

/**
 * send(), the answer told to `sink` with `token` (Session.callInto: synchronously as it
 * is read, an error as the value's `error`) instead of a promise: exec's lines cost no
 * promise or closure each. `sink.settled` must not throw. Throws nothing.
 */
export function sendInto<T>(session: Session, plan: RequestPlan, value: Msg, opts: CallOptions, sink: CallSink<T>, token: T): void {
  session.callInto(plan.name, value, opts, sink, token);
}

/**
 * What a failure of a call of `plan` is to report: a value the codec refuses is a usage
 * error (exit 2), as when it is found before connecting; the rest as it is. Throws nothing.
 */
export function requestError(plan: RequestPlan, e: unknown): unknown {
  return e instanceof EncodeError ? new CliError(`${plan.name}: ${e.message}`, EXIT.USAGE, undefined, { cause: e }) : e;
}

/**
 * The request's value as it goes on the wire (encoded and read back: defaults filled,
 * counts set), for --dry-run and for a check before connecting.
 * @throws CliError (exit 2) for a value the codec refuses.
 */
export function wireValue(plan: RequestPlan, value: Msg): Msg {
  const codec = plan.codec();
  try {
    return codec.decode(codec.encode(1, value));
  } catch (e) {
    throw requestError(plan, e);
  }
}

/**
 * Refuses (CliError, exit 2, nothing sent) a guarded request unless `force`, or hands
 * `warn` the warning when the guard only warns on this VPP's release (a printer's stderr
 * for the CLI). VPP's version is asked once per connection (client/session/vpp-version.ts).
 * Undefined (nothing to wait for) when `plan` is not guarded or this VPP has no such message.
 * `session` must be connected (its message table is read).
 */
export function guard(warn: (message: string) => void, session: Session, plan: RequestPlan, force: boolean): Promise<void> | undefined {
  if (!plan.needs.guard) return undefined;
  // A message this VPP lacks cannot harm it: the send reports it missing (exit 5), as any other.
  if (!session.table.byName(plan.def.name)) return undefined;
  return vppVersion(session).then((version) => {
    const { def } = plan;
    const v = guardVerdict(def.name, def.crc, version);
    if (!v) return;
    // Verdict messages start with the request's name.
    const why = `it ${v.message.slice(def.name.length + 1)}`;
    if (v.action === 'refuse' && !force) throw new CliError(`${def.name} not sent: ${why}`, EXIT.USAGE, 'add --force to send it anyway');
    warn(v.action === 'refuse' ? `${def.name} sent anyway (--force), though ${why}` : v.message);
  });
}

/** The interface table for what `plan` prints, when it prints names (FIB paths) as a table or block; undefined prints indexes. */
function namesFor(p: Printer, session: Session, plan: RequestPlan, timeoutMs: number | undefined): (() => Promise<InterfaceTable | undefined>) | undefined {
  if (!plan.needs.namesOut || p.mode !== 'human') return undefined;
  return () => interfaceTable(session, timeoutMs ?? 5000, 2000).catch(() => undefined);
}

/**
 * Sends `value` as a request of `plan` and prints what comes back as its pattern
 * dictates; resolves with the exit code. The request is queued on the session before
 * this returns. Guards are the caller's (guard()).
 * Rejects with the session's errors (UnavailableError, TimeoutError, ...); a value the
 * codec refuses as a CliError (exit 2); a dump or stream whose connection failed or
 * timed out after some details as a PartialError, those details printed.
 */
export function sendAndPrint(session: Session, p: Printer, plan: RequestPlan, value: Msg, opts: CallOptions): Promise<number> {
  const names = namesFor(p, session, plan, opts.timeoutMs);
  const { name, svc } = plan;
  let done: Promise<number>;
  switch (svc.pattern) {
    case 'none':
      done = session.call(name, value, opts).then(() => EXIT.OK);
      break;
    case 'single':
      done = session.call(name, value, opts).then(async (reply) => printReply(p, plan, reply as Msg, await names?.()));
      break;
    case 'dump':
    case 'stream':
      done = printDetails(p, plan, session.iterate(name, value, opts), names);
  }
  return done.catch((e: unknown) => Promise.reject(requestError(plan, e)));
}

async function printDetails(p: Printer, plan: RequestPlan, it: AsyncIterableIterator<Msg, unknown>, names?: () => Promise<InterfaceTable | undefined>): Promise<number> {
  const rows: Msg[] = [];
  const detailDef = plan.shown!;
  let received = 0;
  let r: IteratorResult<Msg, unknown>;
  try {
    for (r = await it.next(); !r.done; r = await it.next()) {
      received++;
      if (p.mode === 'jsonl') p.detailLine(detailDef, r.value);
      else rows.push(r.value);
    }
  } catch (e) {
    if (!cutsOff(e, received)) throw e;
    // What came before the failure is printed (jsonl: already), then the failure says so.
    if (p.mode !== 'jsonl') await p.details(detailDef, rows, await names?.());
    throw new PartialError(received, e);
  }
  if (p.mode !== 'jsonl') await p.details(detailDef, rows, await names?.());
  return streamEnd(p, plan, r.value as Msg | undefined);
}

/** A stream's final reply: retval ≠ 0 reported as for a single call. */
function streamEnd(p: Printer, plan: RequestPlan, end: Msg | undefined): number {
  if (plan.svc.pattern === 'stream' && end && typeof end.retval === 'number' && end.retval !== 0) {
    const info = retvalInfo(end.retval);
    p.error(new RetvalError(plan.name, end.retval, info?.name, info?.description, end).message);
    return EXIT.RETVAL;
  }
  return EXIT.OK;
}

/**
 * The exit code `answer` stands for, before anything is printed: 1 for a retval ≠ 0 in a
 * reply or a stream's end, else 0. Throws nothing.
 */
export function answerCode(plan: RequestPlan, answer: Answer): number {
  const { pattern } = plan.svc;
  const end = pattern === 'single' ? answer : pattern === 'stream' ? (answer as { reply?: unknown } | undefined)?.reply : undefined;
  const rv = (end as Msg | undefined)?.retval;
  return typeof rv === 'number' && rv !== 0 ? EXIT.RETVAL : EXIT.OK;
}

/** The values of `answer`, for a caller that prints them its own way (JSON with `_msgname` via Printer.toJson). Throws nothing. */
export function answerValues(plan: RequestPlan, answer: Answer): { reply?: Msg; details?: Msg[] } {
  switch (plan.svc.pattern) {
    case 'none': return {};
    case 'single': return { reply: answer as Msg };
    case 'dump': return { details: answer as Msg[] };
    case 'stream': return answer as { details: Msg[]; reply: Msg };
  }
}

/**
 * Prints `answer` the way sendAndPrint prints what comes back: the same blocks, tables
 * and errors; gives the same exit code as answerCode, without a promise when nothing had
 * to wait (Printer.messageNow). `session` gives the interface names a FIB path prints with.
 * @throws CliError (exit 2) for --columns naming no field of the details.
 */
export function printAnswer(p: Printer, plan: RequestPlan, answer: Answer, session?: Session, timeoutMs?: number): number | Promise<number> {
  const names = session && namesFor(p, session, plan, timeoutMs);
  if (names) return names().then((t) => printWith(p, plan, answer, t));
  return printWith(p, plan, answer, undefined);
}

function printWith(p: Printer, plan: RequestPlan, answer: Answer, names: InterfaceTable | undefined): number | Promise<number> {
  switch (plan.svc.pattern) {
    case 'none':
      return EXIT.OK;
    case 'single':
      return printReply(p, plan, answer as Msg, names);
    case 'dump':
      return p.details(plan.shown!, answer as Msg[], names).then(() => EXIT.OK);
    case 'stream': {
      const { details, reply } = answer as { details: Msg[]; reply: Msg };
      return p.details(plan.shown!, details, names).then(() => streamEnd(p, plan, reply));
    }
  }
}

/**
 * A single reply: printed, or (retval ≠ 0) reported; JSON modes print it either way. A
 * registration (want_*) that succeeded says in human mode how long it lasts.
 */
function printReply(p: Printer, plan: RequestPlan, reply: Msg, interfaces?: InterfaceTable): number | Promise<number> {
  const def: MessageDef = plan.reply!;
  const rv = reply.retval;
  if (typeof rv === 'number' && rv !== 0) {
    if (p.mode !== 'human') p.data(p.toJson(def, reply));
    const info = retvalInfo(rv);
    p.error(new RetvalError(plan.name, rv, info?.name, info?.description, reply).message);
    return EXIT.RETVAL;
  }
  if (p.messageNow(def, reply, interfaces)) return registered(p, plan);
  return p.message(def, reply, interfaces).then(() => registered(p, plan));
}

function registered(p: Printer, plan: RequestPlan): number {
  if (plan.needs.events.length > 0 && p.mode === 'human') {
    p.hint(`this registers the connection for ${plan.needs.events.join(', ')}; the registration ends when vppapi exits`);
  }
  return EXIT.OK;
}
