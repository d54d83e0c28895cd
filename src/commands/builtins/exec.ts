/**
 * `vppapi exec FILE [--continue-on-error] [--pipeline[=N]]` (`-` reads standard input):
 * runs each line as the REPL would (same words, `name=value` pairs, `help`, `.json
 * on|off`) on one connection, stops at the first failing line unless
 * --continue-on-error, then prints a summary on stderr. Blank lines and `#` comments are
 * skipped; a line ending in `\` continues on the next. The exit code is the first
 * failing line's (0 when none failed).
 *
 * Plain requests take the fast path (request/plain-line.ts), and stdout is written in
 * batches. Without --pipeline a line is sent once the one before it has been answered;
 * with it, up to N plain requests are in flight (exec-pipeline.ts).
 */
import { readFileSync } from 'node:fs';
import type { Session } from '../../client/session.js';
import { CliError, EXIT } from '../runtime/exit-codes.js';
import { BatchWriter, type Io } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { scriptLines } from '../syntax/script.js';
import { type ExecContext, type ExecState, isExitLine, record, runAlone } from './exec-lines.js';
import { runPipelined } from './exec-pipeline.js';

export const DEFAULT_PIPELINE = 64;
const MAX_PIPELINE = 65_536;

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`exec: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.USAGE, undefined, { cause: e });
  }
}

async function runSequential(ctx: ExecContext, st: ExecState): Promise<void> {
  for (const [k, line] of st.lines.entries()) {
    if (ctx.rt.io.signal?.aborted) {
      st.stoppedAt = k;
      st.failures.push({ no: line.no, code: EXIT.INTERRUPTED });
      return;
    }
    if (isExitLine(line.text)) return;
    const code = await runAlone(ctx, line.text);
    if (code === EXIT.CONNECT && !ctx.connected()) {
      st.failures.push({ no: line.no, code });
      st.stoppedAt = k;
      return;
    }
    if (!record(ctx, st, k, code)) return;
  }
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
  const io: Io = { ...rt.io, stdout: out, stderr: out.beforeOther(rt.io.stderr) };
  const p = new Printer(io.stdout, io.stderr, outputSettings(rt.globals, io));
  const st: ExecState = { lines: scriptLines(file === '-' ? await rt.readStdin() : readScript(file)), failures: [], ran: 0, inFlightAfterStop: [] };
  let session: Session | undefined;
  const ctx: ExecContext = {
    rt, io, p, base: { ...rt.globals }, continueOnError: opts.continueOnError === true,
    session: async () => (session ??= await rt.session()),
    connected: () => session !== undefined,
  };
  try {
    if (depth === undefined) await runSequential(ctx, st);
    else await runPipelined(ctx, st, depth);
    const first = st.failures[0];
    if (first?.code === EXIT.INTERRUPTED) return EXIT.INTERRUPTED;
    // Nothing else can run without a connection: no summary of lines never tried.
    if (session === undefined && first?.code === EXIT.CONNECT) return EXIT.CONNECT;
    p.note(summary(st));
    return first?.code ?? EXIT.OK;
  } finally {
    out.flush();
  }
}
