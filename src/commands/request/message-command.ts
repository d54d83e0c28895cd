/**
 * `vppapi <request> [flags]`: read the flags, check every value, then (and only then)
 * connect, send, and print the answer as the call's pattern dictates.
 *
 * | pattern | sent                        | printed                                   | exit |
 * |---------|-----------------------------|-------------------------------------------|------|
 * | single  | the request                 | the reply (retval ≠ 0: error line; JSON modes still print the reply) | 0 / 1 |
 * | dump    | request + control_ping      | the details (table, array, lines)         | 0    |
 * | stream  | request (again per cursor)  | the details; a retval ≠ 0 as for single   | 0 / 1 |
 * | none    | the request                 | nothing                                   | 0    |
 *
 * A value that names an interface (a FIB path `via 10.0.0.2 loop0`) makes it ask VPP's
 * interface table first (a read-only sw_interface_dump, also under --dry-run). A request
 * known to harm VPP (client/guards.ts) is refused unless --force, or sent with a
 * warning on a VPP release later than those the harm was seen on; either way the
 * version comes from show_version, asked once per connection.
 */
import { getCodec } from '../../client/codec/message.js';
import { EncodeError } from '../../client/errors.js';
import { guardVerdict, isGuarded } from '../../client/session/guards.js';
import { retvalInfo } from '../../client/session/retvals.js';
import type { MessageDef, Schema, ServiceDef } from '../../client/schema/model.js';
import { RetvalError } from '../../client/session/errors.js';
import type { CallOptions, Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { parseMessageArgs } from './args.js';
import { namesInterfaces, sessionInterfaces } from './interfaces.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { helpWidth } from '../runtime/help-text.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';

type Msg = Record<string, unknown>;

/** The definition of request `name`, or a CliError saying what it is instead. */
async function requestDef(rt: Runtime, name: string): Promise<{ schema: Schema; def: MessageDef; svc: ServiceDef }> {
  const schema = await rt.definitions([name], { offline: false });
  const def = schema.messages.get(name);
  // Suggestions and help are off the path of a call: loaded only when wanted.
  if (!def) return (await import('./suggest.js')).unknownCommand(rt, name);
  const svc = schema.services.get(name);
  if (!svc) {
    const by = schema.replyOf.get(name);
    throw new CliError(
      `${name} is not a request: VPP sends it${by?.length ? ` in answer to ${by.join(', ')}` : ''}`,
      EXIT.USAGE,
      by?.length ? `vppapi ${by[0]} --help` : `vppapi describe ${name}`,
    );
  }
  return { schema, def, svc };
}

/** The message whose values print for request `svc`: its details (dump, stream) or its reply. */
export function shownDef(schema: Schema, svc: ServiceDef): MessageDef | undefined {
  const name = svc.pattern === 'dump' ? svc.reply : svc.pattern === 'stream' ? svc.streamMsg : svc.reply;
  return name === undefined ? undefined : schema.messages.get(name);
}

/**
 * Runs request `name` with its flags `tokens`; returns the exit code.
 * @throws CliError (2) for bad flags or values, before anything is sent; the session's
 *   errors (connection 3, no answer 4, unavailable 5, aborted 130) for main to report.
 */
export async function runMessage(rt: Runtime, name: string, tokens: readonly string[]): Promise<number> {
  const { schema, def, svc } = await requestDef(rt, name);
  const format = defaultRegistry.forMessage(def);
  const timeoutMs = rt.globals.timeoutMs;
  const shown = shownDef(schema, svc);
  const showsNames = shown !== undefined && namesInterfaces(shown, defaultRegistry);
  // Every message this call may send, so that one session (and its definitions) covers them.
  const sends = [name, ...(isGuarded(name) ? ['show_version'] : []), ...(showsNames ? ['sw_interface_dump'] : [])];
  const parsed = await parseMessageArgs(def, format, tokens, rt.globals, {
    readStdin: () => rt.readStdin(),
    fillsPid: svc.events.length > 0,
    interfaces: async (fresh) => sessionInterfaces(await rt.session([...sends, 'sw_interface_dump']), timeoutMs, fresh ? 0 : Infinity),
  });
  const p = rt.printer();
  if (parsed.help) {
    const { messageHelp } = await import('./message-help.js');
    p.line(messageHelp(schema, def, helpWidth(p.settings.width)));
    return EXIT.OK;
  }
  const codec = getCodec(schema, name);
  let wire: Msg;
  try {
    wire = codec.decode(codec.encode(1, parsed.value));
  } catch (e) {
    if (e instanceof EncodeError) throw new CliError(`${name}: ${e.message}`, EXIT.USAGE, undefined, { cause: e });
    throw e;
  }
  if (parsed.dryRun) {
    p.data(p.toJson(def, wire));
    return EXIT.OK;
  }
  if (svc.pattern !== 'single' && shown && p.settings.columns) await p.checkColumns(shown);
  p.prefetch();
  const session = await rt.session(sends);
  await guard(p, session, def, parsed.force);
  const opts = { timeoutMs, signal: rt.io.signal, checkRetval: false };
  // Interface names in what prints (FIB paths), when it prints as a table or block.
  const names = showsNames && p.mode === 'human' ? () => sessionInterfaces(session, timeoutMs, 2000).catch(() => undefined) : undefined;
  const code = await sendAndPrint(session, p, { schema, def, svc }, parsed.value, opts, names);
  if (code === EXIT.OK && svc.pattern === 'single' && svc.events.length > 0 && p.mode === 'human') {
    p.hint(`this registers the connection for ${svc.events.join(', ')}; the registration ends when vppapi exits`);
  }
  return code;
}

/**
 * Refuses (CliError, exit 2, nothing sent) a guarded request unless `force`, or warns
 * on stderr when the guard only warns on this VPP's release.
 */
async function guard(p: Printer, session: Session, def: MessageDef, force: boolean): Promise<void> {
  if (!isGuarded(def.name)) return;
  const v = guardVerdict(def.name, def.crc, await vppVersion(session));
  if (!v) return;
  // Verdict messages start with the request's name.
  const why = `it ${v.message.slice(def.name.length + 1)}`;
  if (v.action === 'refuse' && !force) throw new CliError(`${def.name} not sent: ${why}`, EXIT.USAGE, 'add --force to send it anyway');
  p.warn(v.action === 'refuse' ? `${def.name} sent anyway (--force), though ${why}` : v.message);
}

/** A request's definitions: what sendAndPrint needs besides the value. */
export interface RequestInfo {
  schema: Schema;
  def: MessageDef;
  svc: ServiceDef;
}

/** The interface table for printing names in FIB paths; undefined prints indexes. */
type NamesFor = () => Promise<InterfaceTable | undefined>;

/**
 * Sends `value` as the request and prints what comes back as its pattern dictates;
 * resolves with the exit code. The request is queued on the session before this
 * returns (exec --pipeline relies on it to keep the script's order). Guards are the
 * caller's (runMessage; the fast path of plain-line.ts never takes a guarded request).
 * Rejects with the session's errors (EncodeError, UnavailableError, TimeoutError, ...).
 */
export function sendAndPrint(session: Session, p: Printer, req: RequestInfo, value: Msg, opts: CallOptions, names?: NamesFor): Promise<number> {
  const { schema, def, svc } = req;
  const name = def.name;
  switch (svc.pattern) {
    case 'none':
      return session.call(name, value, opts).then(() => EXIT.OK);
    case 'single': {
      const replyDef = schema.messages.get(svc.reply!)!;
      return session.call(name, value, opts).then(async (reply) => printReply(p, name, replyDef, reply as Msg, await names?.()));
    }
    case 'dump':
    case 'stream': {
      const detailDef = schema.messages.get(svc.pattern === 'dump' ? svc.reply! : svc.streamMsg!)!;
      return printDetails(p, name, svc.pattern, detailDef, session.iterate(name, value, opts), names);
    }
  }
}

async function printDetails(
  p: Printer, name: string, pattern: 'dump' | 'stream', detailDef: MessageDef, it: AsyncIterableIterator<Msg, unknown>, names?: NamesFor,
): Promise<number> {
  const rows: Msg[] = [];
  let r = await it.next();
  for (; !r.done; r = await it.next()) {
    if (p.mode === 'jsonl') p.detailLine(detailDef, r.value);
    else rows.push(r.value);
  }
  if (p.mode !== 'jsonl') await p.details(detailDef, rows, await names?.());
  return streamEnd(p, name, pattern, r.value as Msg | undefined);
}

/** A stream's final reply: retval ≠ 0 reported as for a single call. */
function streamEnd(p: Printer, name: string, pattern: 'dump' | 'stream', end: Msg | undefined): number {
  if (pattern === 'stream' && end && typeof end.retval === 'number' && end.retval !== 0) {
    p.error(new RetvalError(name, end.retval, retvalInfo(end.retval)?.name, retvalInfo(end.retval)?.description, end).message);
    return EXIT.RETVAL;
  }
  return EXIT.OK;
}

/**
 * The exit code that `answer` (what Session.call resolved with for `req`: single → the
 * reply, dump → the details, stream → { details, reply }, none → undefined) stands for,
 * before anything is printed: 1 for a retval ≠ 0 in a reply or a stream's end, else 0.
 */
export function answerCode(req: RequestInfo, answer: unknown): number {
  const { pattern } = req.svc;
  const end = pattern === 'single' ? answer : pattern === 'stream' ? (answer as { reply?: unknown } | undefined)?.reply : undefined;
  const rv = (end as Msg | undefined)?.retval;
  return typeof rv === 'number' && rv !== 0 ? EXIT.RETVAL : EXIT.OK;
}

/**
 * Prints `answer` (as answerCode takes it) the way sendAndPrint prints what comes back:
 * the same blocks, tables and errors; gives the same exit code as answerCode, without
 * a promise when nothing had to wait (Printer.messageNow).
 */
export function printAnswer(p: Printer, req: RequestInfo, answer: unknown): number | Promise<number> {
  const { schema, def, svc } = req;
  switch (svc.pattern) {
    case 'none':
      return EXIT.OK;
    case 'single':
      return printReply(p, def.name, schema.messages.get(svc.reply!)!, answer as Msg);
    case 'dump':
      return p.details(schema.messages.get(svc.reply!)!, answer as Msg[]).then(() => EXIT.OK);
    case 'stream': {
      const { details, reply } = answer as { details: Msg[]; reply: Msg };
      return p.details(schema.messages.get(svc.streamMsg!)!, details).then(() => streamEnd(p, def.name, 'stream', reply));
    }
  }
}

/** A single reply: printed, or (retval ≠ 0) reported; JSON modes print it either way. */
function printReply(p: Printer, request: string, def: MessageDef, reply: Msg, interfaces?: InterfaceTable): number | Promise<number> {
  const rv = reply.retval;
  if (typeof rv === 'number' && rv !== 0) {
    if (p.mode !== 'human') p.data(p.toJson(def, reply));
    const info = retvalInfo(rv);
    p.error(new RetvalError(request, rv, info?.name, info?.description, reply).message);
    return EXIT.RETVAL;
  }
  if (p.messageNow(def, reply, interfaces)) return EXIT.OK;
  return p.message(def, reply, interfaces).then(() => EXIT.OK);
}
