/**
 * `vppapi exec FILE [--continue-on-error] [--pipeline[=N]]` (`-` reads standard input):
 * runs each line as the REPL would (same words, `name=value` pairs, `help`, `.json
 * on|off`) on one connection, stops at the first failing line unless
 * --continue-on-error, then prints a summary on stderr. Blank lines and `#` comments are
 * skipped; a line ending in `\` continues on the next. The exit code is the first
 * failing line's (0 when none failed).
 *
 * Requests are read and sent through their request plans (plan/, docs/request-plan.md),
 * and stdout is written in batches. Without --pipeline a line is sent once the one before
 * it has been answered (it is read while that one is in flight, and the answer is printed
 * after it is sent); with it, up to N requests are in flight (exec-pipeline.ts runs both).
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Session } from '../../client/session/session.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { BatchWriter, type Io } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { ScriptText } from '../syntax/script.js';
import { type ExecContext, type ExecState, PLAIN_NAME, firstWord, isExitLine } from './exec-lines.js';
import { builtin } from '../registry.js';
import { runPipelined } from './exec-pipeline.js';
import { fsReason } from '../../client/fs-reason.js';

export const DEFAULT_PIPELINE = 64;
const MAX_PIPELINE = 65_536;

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`exec: cannot read ${file}: ${fsReason(e)}`, EXIT.USAGE, undefined, { cause: e });
  }
}

/**
 * The messages a script sends, when every line is a request, `cli` or a dot command:
 * then only their definitions are loaded (a full load costs ~0.3 s of start-up); any
 * other built-in or `help` may need every definition, so undefined. Throws nothing (a
 * line that does not split is left for its run to report).
 */
export function scriptNames(lines: ScriptText): string[] | undefined {
  const names = new Set<string>();
  // A script repeats its message line after line: the last name needs no second look,
  // and a line that starts with it (a plain name, then a blank) is not made into a string.
  let last: string | undefined;
  let plainLast = false;
  for (let k = 0; k < lines.length; k++) {
    if (plainLast) k += lines.runOf(k, last!);
    if (k >= lines.length) break;
    const line = lines.get(k);
    let w: string | undefined;
    try {
      w = firstWord(line);
    } catch {
      continue;
    }
    if (w === undefined || w === last || w.startsWith('.') || isExitLine(line.text)) continue;
    if (w === 'cli') {
      names.add('cli_inband');
      continue;
    }
    if (w === 'help' || w.startsWith('-') || builtin(w)) return undefined;
    names.add(w);
    last = w;
    plainLast = PLAIN_NAME.test(w);
  }
  return [...names];
}

/** `--pipeline` → 64, `--pipeline=N` → N. @throws CliError for anything but 1..65536. */
export function pipelineDepth(v: unknown): number | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return DEFAULT_PIPELINE;
  const n = Number(v);
  if (!/^\d+$/.test(String(v)) || n < 1 || n > MAX_PIPELINE) {
    throw new CliError(`exec: --pipeline ${JSON.stringify(v)} is not a number of requests in flight (1..${MAX_PIPELINE})`, EXIT.USAGE, 'exec --pipeline FILE (64 in flight) or exec --pipeline=N FILE');
  }
  return n;
}

function summary(st: ExecState): string {
  const { ran, failures } = st;
  const left = st.stoppedAt === undefined ? 0 : st.lines.length - st.stoppedAt - 1 - st.inFlightAfterStop.length;
  const failed = failures.length === 0 ? 'none failed' : `${failures.length} failed (line${failures.length === 1 ? '' : 's'} ${failures.map((f) => f.no).join(', ')})`;
  const flight = st.inFlightAfterStop.length
    ? `; line${st.inFlightAfterStop.length === 1 ? '' : 's'} ${st.inFlightAfterStop.join(', ')} had been sent before the failure was seen`
    : '';
  return `exec: ${ran} command${ran === 1 ? '' : 's'} run, ${ran - failures.length} ok, ${failed}${flight}${left > 0 ? `; stopped, ${left} line${left === 1 ? '' : 's'} not run` : ''}`;
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number> {
  // `exec --pipeline FILE`: commander took the file for the option's value.
  let file = args[0];
  let depthOpt = opts.pipeline;
  if (file === undefined && typeof depthOpt === 'string' && !/^\d+$/.test(depthOpt)) [file, depthOpt] = [depthOpt, true];
  if (file === undefined) throw new CliError('exec: no script given', EXIT.USAGE, 'vppapi exec FILE, or exec - to read the script from standard input');
  const depth = pipelineDepth(depthOpt);
  const out = new BatchWriter(rt.io.stdout);
  // One signal of exec's own for the calls in flight (up to N listeners on it), aborted with the caller's.
  const abort = new AbortController();
  setMaxListeners((depth ?? 1) + 16, abort.signal);
  const onAbort = (): void => abort.abort();
  if (rt.io.signal?.aborted) abort.abort();
  rt.io.signal?.addEventListener('abort', onAbort, { once: true });
  const io: Io = { ...rt.io, stdout: out, stderr: out.beforeOther(rt.io.stderr), signal: rt.io.signal ? abort.signal : undefined };
  const p = new Printer(io.stdout, io.stderr, outputSettings(rt.globals, io));
  const st: ExecState = { lines: new ScriptText(file === '-' ? await rt.readStdin() : readScript(file)), failures: [], ran: 0, inFlightAfterStop: [] };
  let session: Session | undefined;
  const ctx: ExecContext = {
    rt, io, p, base: { ...rt.globals }, continueOnError: opts.continueOnError === true,
    session: async () => (session ??= await rt.session(scriptNames(st.lines))),
  };
  try {
    // Without --pipeline: one request in flight, the next line read while it is (its
    // request waits for the answer before it, and is not sent after a failure).
    await runPipelined(ctx, st, depth ?? 1);
    if (io.signal?.aborted) return EXIT.INTERRUPTED;
    const first = st.failures[0];
    if (first?.code === EXIT.INTERRUPTED) return EXIT.INTERRUPTED;
    // Nothing else can run without a connection: no summary of lines never tried.
    if (session === undefined && first?.code === EXIT.CONNECT) return EXIT.CONNECT;
    p.note(summary(st));
    return first?.code ?? EXIT.OK;
  } finally {
    rt.io.signal?.removeEventListener('abort', onAbort);
    out.flush();
  }
}
