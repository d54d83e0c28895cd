/**
 * `exec --pipeline[=N]`: up to N plain requests in flight on the one connection, for
 * scripts whose lines do not depend on each other. Each line's output (stdout and
 * stderr) is kept apart and printed in script order, once every line before it is done.
 *
 * | line                                              | how it runs                           |
 * |---------------------------------------------------|---------------------------------------|
 * | a plain request (single, dump, stream, no reply)  | sent as soon as fewer than N are in flight |
 * | anything else: a built-in, `help`, `want_*`, `.json on`, `--dry-run`, leading global options | after every line before it is done, alone |
 * | a line that does not parse                        | a failure at its place; nothing sent  |
 *
 * Once a failure is seen (in whichever line it comes), no further line is sent; the
 * lines already in flight (at most N−1 after the failing one) run to their end and are
 * reported. With --continue-on-error every failure is reported with its line, and the
 * run goes on.
 */
import type { Session } from '../../client/session.js';
import { type OutputSettings, Printer, outputSettings } from '../runtime/output.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { EXIT } from '../runtime/exit-codes.js';
import { BufferWriter, type Io } from '../runtime/io.js';
import { reportError } from '../runtime/report.js';
import { type PlainRequest, preparePlain, sendPlain } from '../request/plain-line.js';
import { toCliWords } from '../repl/pairs.js';
import type { ScriptLine } from '../syntax/script.js';
import { type ExecContext, type ExecState, isExitLine, lineWords, record, runAlone } from './exec-lines.js';

interface Slot {
  k: number;
  done: Promise<number>;
  out: BufferWriter;
  err: BufferWriter;
}

/** What a line is, read without sending anything: a request to pipeline, a line to run alone, or its failure. */
type Reading = { plain: PlainRequest } | { alone: true } | { failed: Slot };

/** Output of one line, kept until its turn; as the terminal would show it (colour, width). */
function slotIo(io: Io): { out: BufferWriter; err: BufferWriter; io: Io } {
  const out = new BufferWriter(io.stdout.isTTY === true, io.stdout.columns);
  const err = new BufferWriter(io.stderr.isTTY === true, io.stderr.columns);
  // No signal per call (an abort listener each, up to N at once): Ctrl-C ends exec as a
  // whole, and closing the session fails whatever is still in flight.
  return { out, err, io: { ...io, stdout: out, stderr: err, signal: undefined } };
}

async function read(ctx: ExecContext, session: Session, k: number, line: ScriptLine): Promise<Reading> {
  try {
    const words = lineWords(line);
    if (words[0]?.startsWith('.') || words[0] === 'help') return { alone: true };
    const plain = await preparePlain(session.schema, toCliWords(words, session.schema), ctx.io, ctx.base);
    return plain ? { plain } : { alone: true };
  } catch (e) {
    const lio = slotIo(ctx.io);
    const p = new Printer(lio.out, lio.err, outputSettings({ ...ctx.rt.globals, ...ctx.base }, lio.io));
    return { failed: { k, done: Promise.resolve(reportError(e, p, ctx.io.env)), out: lio.out, err: lio.err } };
  }
}

/** Output settings per mode and colour: the same for every slot (their writers stand for the same terminal). */
const settingsFor = new WeakMap<ExecContext, { output: string; color: boolean | undefined; settings: OutputSettings }[]>();

function slotSettings(ctx: ExecContext, g: GlobalOptions, io: Io): OutputSettings {
  let kept = settingsFor.get(ctx);
  if (!kept) settingsFor.set(ctx, (kept = []));
  for (const k of kept) if (k.output === g.output && k.color === g.color) return k.settings;
  const settings = outputSettings(g, io);
  kept.push({ output: g.output, color: g.color, settings });
  return settings;
}

function send(ctx: ExecContext, session: Session, k: number, plain: PlainRequest): Slot {
  const lio = slotIo(ctx.io);
  const p = new Printer(lio.out, lio.err, slotSettings(ctx, plain.globals, lio.io));
  return { k, done: sendPlain(session, plain, p, lio.io), out: lio.out, err: lio.err };
}

/** Runs `st.lines` with up to `depth` requests in flight. Errors are printed, never thrown. */
export async function runPipelined(ctx: ExecContext, st: ExecState, depth: number): Promise<void> {
  const queue: Slot[] = [];
  let stop = false;
  // A failure in any line in flight, seen as it arrives: nothing is sent after it.
  let seen = false;
  const settle = async (): Promise<void> => {
    const s = queue.shift()!;
    const code = await s.done;
    // Ctrl-C: exec is over (main answers 130 and closes the session); nothing more is reported.
    if (ctx.io.signal?.aborted) {
      stop = true;
      return;
    }
    if (s.out.text) ctx.io.stdout.write(s.out.text);
    if (s.err.text) ctx.io.stderr.write(s.err.text);
    if (stop) {
      if (st.stoppedAt !== undefined) st.inFlightAfterStop.push(st.lines[s.k]!.no);
      st.ran++;
      if (code !== EXIT.OK) {
        st.failures.push({ no: st.lines[s.k]!.no, code });
        ctx.p.note(`exec: line ${st.lines[s.k]!.no} failed (exit ${code}): ${st.lines[s.k]!.text}`);
      }
      return;
    }
    if (!record(ctx, st, s.k, code)) stop = true;
  };
  const drain = async (): Promise<void> => {
    while (queue.length > 0) await settle();
  };
  let session: Session | undefined;
  try {
    for (const [k, line] of st.lines.entries()) {
      if (stop || (seen && !ctx.continueOnError)) break;
      if (ctx.io.signal?.aborted) {
        st.stoppedAt ??= k;
        st.failures.push({ no: line.no, code: EXIT.INTERRUPTED });
        return;
      }
      if (isExitLine(line.text)) break;
      if (!session) {
        try {
          session = await ctx.session();
        } catch (e) {
          // Cut short by Ctrl-C: the interruption is all there is to say.
          st.failures.push({ no: line.no, code: ctx.io.signal?.aborted ? EXIT.INTERRUPTED : reportError(e, ctx.p, ctx.io.env) });
          st.stoppedAt = k;
          return;
        }
      }
      const r = await read(ctx, session, k, line);
      if ('alone' in r) {
        await drain();
        if (stop) break;
        if (!record(ctx, st, k, await runAlone(ctx, line.text))) stop = true;
        continue;
      }
      while (queue.length >= depth) await settle();
      if (stop || (seen && !ctx.continueOnError)) break;
      const slot = 'failed' in r ? r.failed : send(ctx, session, k, r.plain);
      slot.done.then((code) => {
        if (code !== EXIT.OK) seen = true;
      }, () => {});
      queue.push(slot);
    }
    await drain();
  } finally {
    // Only on an unexpected throw: the calls in flight still belong to the session.
    queue.length = 0;
  }
}
