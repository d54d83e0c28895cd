/**
 * A request from its words to its exit code, the same for every caller: `vppapi
 * <message>` (its runtime as the host), a line of the shell or of a script (the open
 * session as the host). Read every value, check it, and only then connect, send, and
 * print the answer as the call's pattern dictates.
 *
 * | the words hold / the plan needs | done before sending                               |
 * |---------------------------------|---------------------------------------------------|
 * | `--help`                        | the message's help printed; nothing sent          |
 * | `--dry-run`                     | the request printed as JSON as it would go; nothing sent |
 * | `--args -`                      | standard input read                               |
 * | a FIB path naming an interface  | VPP's interface table asked (a read-only dump, also under --dry-run) |
 * | `--columns` on a dump or stream | the columns checked against the details           |
 * | a guarded request               | VPP's version asked; refused unless --force (exit 2), or a warning |
 *
 * sendsAtOnce says when none of it applies: then exec --pipeline sends the line at once.
 */
import type { CallOptions, Session } from '../../client/session/session.js';
import { messageHelp } from '../request/message-help.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { helpWidth } from '../runtime/help-text.js';
import type { Io } from '../runtime/io.js';
import type { Printer } from '../runtime/output.js';
import { interfaceTable } from './interfaces.js';
import type { RequestPlan } from './plan.js';
import { type Args, isNeed, readArgs, supplied } from './read.js';
import { guard, sendAndPrint, wireValue } from './send.js';

/** Where a request runs: what runRequest asks of its caller. */
export interface RequestHost {
  readonly io: Io;
  /** The options in force when the words hold no global option. */
  readonly globals: GlobalOptions;
  /** The options a global option among the words is applied to (the runtime's own; a line's copy); called at most once. */
  writableGlobals(): GlobalOptions;
  printer(g: GlobalOptions): Printer;
  /**
   * The session, connected, with definitions holding `names`.
   * @throws (rejects with) the connection's errors.
   */
  session(names: readonly string[]): Session | Promise<Session>;
  /** The session is open already: a value the codec refuses is the call's error (nothing sent either way), not checked first. */
  readonly connected: boolean;
  readStdin(): Promise<string>;
}

/** Whether a request read as `args` goes out with nothing done first (none of the table's rows). Throws nothing. */
export function sendsAtOnce(plan: RequestPlan, args: Args, g: GlobalOptions): boolean {
  return !args.help && !args.dryRun && !plan.needs.guard && !(g.columns && plan.svc.pattern !== 'single' && plan.shown);
}

/** The call options of a request under `g`. */
export function callOptions(g: GlobalOptions, io: Io): CallOptions {
  return { timeoutMs: g.timeoutMs, signal: io.signal, checkRetval: false };
}

/**
 * Runs a request of `plan` from its flags (`words` from index `from` on) on `host`;
 * resolves with the exit code.
 * @throws (rejects with) CliError (2) for bad flags or values, before anything is sent;
 *   the session's errors (connection 3, no answer 4, unavailable 5, aborted 130).
 */
export async function runRequest(host: RequestHost, plan: RequestPlan, words: readonly string[], from: number): Promise<number> {
  const read = readArgs(plan, words, from, { globals: () => host.writableGlobals() });
  const args = isNeed(read) ? await supplied(read, sourcesOf(host, plan)) : read;
  const g = args.globals ?? host.globals;
  const p = host.printer(g);
  if (!sendsAtOnce(plan, args, g)) {
    const done = await beforeSending(host, plan, args, g, p);
    if (done !== undefined) return done;
  } else if (!host.connected) wireValue(plan, args.value);
  if (!host.connected) p.prefetch();
  const s = host.session(plan.sends);
  const session = s instanceof Promise ? await s : s;
  const guarded = guard((m) => p.warn(m), session, plan, args.force);
  if (guarded) await guarded;
  return sendAndPrint(session, p, plan, args.value, callOptions(g, host.io));
}

/** Where the reader gets standard input and the interface table from. */
function sourcesOf(host: RequestHost, plan: RequestPlan): Parameters<typeof supplied>[1] {
  return {
    readStdin: () => host.readStdin(),
    interfaces: async (fresh) => interfaceTable(await host.session([...plan.sends, 'sw_interface_dump']), host.globals.timeoutMs, fresh ? 0 : Infinity),
  };
}

/** Help, dry-run and the checks before connecting; the exit code when nothing is to be sent. */
async function beforeSending(host: RequestHost, plan: RequestPlan, args: Args, g: GlobalOptions, p: Printer): Promise<number | undefined> {
  if (args.help) {
    p.line(messageHelp(plan.schema, plan.def, helpWidth(p.settings.width)));
    return EXIT.OK;
  }
  const wire = wireValue(plan, args.value);
  if (args.dryRun) {
    p.data(p.toJson(plan.def, wire));
    return EXIT.OK;
  }
  if (g.columns && plan.svc.pattern !== 'single' && plan.shown) await p.checkColumns(plan.shown);
  return undefined;
}
