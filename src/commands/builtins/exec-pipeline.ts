/**
 * How exec runs a script: up to N plain requests in flight on the one connection (N = 1
 * without --pipeline), each line's output printed in script order once every line
 * before it is done.
 *
 * | line                                              | how it runs                           |
 * |---------------------------------------------------|---------------------------------------|
 * | a request with nothing to wait for (plan/run.ts: sendsAtOnce) | sent as soon as fewer than N are in flight |
 * | anything else: a built-in, `help`, `.json on`, `--help`, `--dry-run`, `--args -`, an interface name to look up, a guarded request, leading global options | after every line before it is done, alone |
 * | a line that does not parse                        | a failure at its place; nothing sent  |
 *
 * Once a failure is seen (in whichever line it comes), no further line is sent; the
 * lines already in flight (at most N−1 after the failing one) run to their end and are
 * reported. With --continue-on-error every failure is reported with its line, and the
 * run goes on.
 *
 * The per-line work is kept off the round trip: as an answer arrives its outcome is read
 * (a retval, no text), the next request goes out at once (read while the one before it
 * was in flight), and only then is the answer printed and the line after read. So with
 * N = 1 a line still waits for the answer before it, and a script of plain requests
 * runs at nearly the rate of calls made one after another.
 */
import type { CallSink, Session } from '../../client/session/session.js';
import type { BlockingReader } from '../../client/transport/blocking-read.js';
import { lazy } from '../lazy-modules.js';
import { EXIT } from '../runtime/exit-codes.js';
import { reportError } from '../runtime/report.js';
import { type LineRequest, Printers, lineGlobals, readLineText } from '../plan/line.js';
import { answerCode, printAnswer, requestError, sendInto } from '../plan/send.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { Printer } from '../runtime/output.js';
import { toCliWords } from '../repl/pairs.js';
import { tokenize } from '../syntax/tokenizer.js';
import { type ExecContext, type ExecState, isExitLine, record, runAlone } from './exec-lines.js';

/** Scripts shorter than this wait on the event loop: loading the reader costs more than it saves. */
const READER_MIN_LINES = 1000;
/** How long one wait in this thread lasts before the event loop takes over (VPP answers in microseconds). */
const READ_SLICE_MS = 20;
/** The event loop's turn comes at least this often while answers are read in this thread. */
const LOOP_TURN_MS = 20;

/** A line on its way: a request sent, or a line that did not read (done at once). */
interface Slot {
  readonly k: number;
  readonly p: Printer;
  readonly plain?: LineRequest;
  done: boolean;
  answer?: unknown;
  /** A call's rejection, or why the line did not read. */
  error?: unknown;
}

/** An error's class and text: two lines that failed alike print it once. */
function errorKey(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}

/** What a line is, read without sending anything. */
type Reading = { plain: LineRequest } | { alone: true } | { exit: true } | { failed: unknown };

class ScriptRun implements CallSink<Slot> {
  /** Index of the next line to take. */
  private next = 0;
  /** Line `next`, read while the requests before it are in flight. */
  private ahead: Reading | undefined;
  /** Lines sent or failed, oldest first: printed from the front. */
  private readonly queue: Slot[] = [];
  private inFlight = 0;
  /** A failure has arrived: nothing more is sent (without --continue-on-error). */
  private seen = false;
  /** A failure reached its turn (record said stop). */
  private stop = false;
  /** Line `next` runs alone, once the queue is empty. */
  private barrier = false;
  /** An exit line was read: nothing after it. */
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly printers: Printers;
  /**
   * The last error printed (errorKey). A lost connection fails every call in flight with
   * the same error: it is printed once, and each line after it only gets its "line N
   * failed" note. Any other error (another text) is printed in full.
   */
  private reported: { key: string; code: number } | undefined;
  /** The options a line starts from, while no line that runs alone has changed `base`. */
  private merged: GlobalOptions | undefined;
  /** The last call's options, for the next line with the same timeout (the session only reads them). */
  private callOpts: { timeoutMs: number; checkRetval: false } | undefined;
  /** Free places in the window before requests are sent again: 1 for N = 1, 16 for 64. */
  private readonly batch: number;

  /** A remembered request read from line k, and the last line after it with the same text (read). */
  private same: { reading: Reading; last: number; merged: GlobalOptions } | undefined;

  /** When the event loop is next given a turn (headDone). */
  private turnDue = 0;

  constructor(
    private readonly ctx: ExecContext,
    private readonly st: ExecState,
    private readonly depth: number,
    private readonly session: Session,
    /** Reads answers in this thread (transport/blocking-read.ts); undefined: the event loop waits. */
    private readonly reader: BlockingReader | undefined,
  ) {
    this.printers = new Printers(ctx.io);
    this.batch = Math.ceil(depth / 4);
  }

  private get aborted(): boolean {
    return this.ctx.io.signal?.aborted === true;
  }

  private halted(): boolean {
    return this.stop || this.ended || this.aborted || (this.seen && !this.ctx.continueOnError);
  }

  /** A line's words for the plan's reader; undefined for a dot command or `help` (they run alone). @throws as tokenize. */
  private readonly words = (text: string): readonly string[] | undefined => {
    const words = tokenize(text);
    if (words[0]?.startsWith('.') || words[0] === 'help') return undefined;
    return toCliWords(words, this.session.schema);
  };

  /**
   * Reads line `k`; throws nothing (a line that does not read is a failed Reading). A
   * line whose request the line memo keeps (frozen and shared: plan/line-memo.ts) stands
   * for the copies of its text that follow it: those are not read again while the
   * options they start from (`merged`) are the same.
   */
  private read(k: number): Reading {
    const same = this.same;
    if (same !== undefined && k <= same.last && same.merged === this.merged) return same.reading;
    const text = this.st.lines.line(k);
    if (isExitLine(text)) return { exit: true };
    try {
      // `base` changes only in lines that run alone (`.json on`): merged once until the next such line.
      const merged = (this.merged ??= lineGlobals(this.ctx.io, this.ctx.base, false));
      const plain = readLineText(this.session.schema, text, merged, this.words);
      if (plain === undefined) return { alone: true };
      const reading = { plain };
      if (Object.isFrozen(plain)) this.same = { reading, last: k + this.st.lines.repeats(k), merged };
      return reading;
    } catch (e) {
      return { failed: e };
    }
  }

  /**
   * Sends what may be sent now (queued on the session, written at the next flush), once
   * a quarter of the window is free: then the requests leave in one write, not one
   * each, while VPP still has three quarters of the window to answer. Throws nothing.
   */
  private sendReady(): void {
    if (this.depth - this.inFlight < this.batch) return;
    while (!this.barrier && !this.halted() && this.inFlight < this.depth && this.next < this.st.lines.length) {
      const k = this.next;
      const r = this.ahead ?? this.read(k);
      this.ahead = undefined;
      if ('exit' in r) this.ended = true;
      else if ('alone' in r) this.barrier = true;
      else {
        this.next++;
        if ('failed' in r) {
          this.queue.push({ k, p: this.printers.for(lineGlobals(this.ctx.io, this.ctx.base)), done: true, error: r.failed });
          this.seen = true;
        } else this.send(k, r.plain);
      }
    }
  }

  /** Reads line `next` while the requests before it are in flight. Throws nothing. */
  private readAhead(): void {
    if (this.ahead === undefined && !this.barrier && !this.halted() && this.next < this.st.lines.length) this.ahead = this.read(this.next);
  }

  private send(k: number, plain: LineRequest): void {
    const slot: Slot = { k, p: this.printers.for(plain.globals), plain, done: false };
    this.queue.push(slot);
    this.inFlight++;
    const t = plain.globals.timeoutMs;
    const opts = this.callOpts?.timeoutMs === t ? this.callOpts : (this.callOpts = { timeoutMs: t, checkRetval: false });
    // The answer comes to settled() as it is read: no promise or closure per line.
    sendInto(this.session, plain.plan, plain.value, opts, this, slot);
  }

  /**
   * An answer (or a call's failure: `error` set) arrived, told by the session as it is
   * read (CallSink): the next request is queued at once. The answers that arrived in one
   * read each do so before the run goes on (run() flushes their requests in one write,
   * then prints). Throws nothing (it runs inside the session's read).
   */
  settled(slot: Slot, answer: unknown, error: unknown): void {
    slot.done = true;
    slot.answer = answer;
    slot.error = error;
    this.inFlight--;
    if (error !== undefined || answerCode(slot.plain!.plan, answer) !== EXIT.OK) this.seen = true;
    this.sendReady();
    // One in flight: the next request leaves now, not after the run's turn of the microtask queue.
    if (this.depth === 1) this.session.flush();
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /**
   * Waits until the oldest line is done, or Ctrl-C: undefined when one read in this
   * thread did it (a sequential script's usual line: no promise), else a promise.
   */
  private headDone(): Promise<void> | undefined {
    const head = this.queue[0]!;
    if (this.reader !== undefined && !this.aborted && Date.now() < this.turnDue && this.session.readNow(this.reader, READ_SLICE_MS) && head.done) return undefined;
    return head.done || this.aborted ? undefined : this.waitHead();
  }

  /**
   * headDone, waiting. With a reader, the answers are read in this thread
   * (Session.readNow) while they come within READ_SLICE_MS, and the event loop gets a
   * turn at least every LOOP_TURN_MS (timers: the output batch's flush, a call's timeout;
   * signals); whatever readNow leaves, the event loop waits for.
   */
  private async waitHead(): Promise<void> {
    const head = this.queue[0]!;
    while (!head.done && !this.aborted) {
      if (this.reader !== undefined && Date.now() < this.turnDue && this.session.readNow(this.reader, READ_SLICE_MS)) {
        // A registration, or a call refused at once, settles in a promise callback: let them run (a few deep).
        for (let i = 0; i < 4 && !head.done; i++) await undefined;
        continue;
      }
      await new Promise<void>((r) => (this.wake = r));
      this.turnDue = Date.now() + LOOP_TURN_MS;
    }
  }

  /** Prints the oldest line's output and notes its outcome; a promise only when the printing had to wait. */
  private printHead(): Promise<void> | undefined {
    const s = this.queue.shift()!;
    const env = this.ctx.io.env;
    let code: number | Promise<number>;
    try {
      const key = s.error === undefined ? undefined : errorKey(s.error);
      if (key !== undefined && key === this.reported?.key) code = this.reported.code;
      else if (s.error !== undefined) {
        code = reportError(s.plain ? requestError(s.plain.plan, s.error) : s.error, s.p, env);
        this.reported = { key: key!, code };
      }
      else {
        this.label(s.p, s.k, s.plain!.plan.name);
        code = printAnswer(s.p, s.plain!.plan, s.answer, this.session, s.plain!.globals.timeoutMs);
      }
    } catch (e) {
      code = reportError(e, s.p, env);
    }
    if (typeof code === 'number') {
      this.note(s.k, code);
      return undefined;
    }
    return code.then(
      (c) => this.note(s.k, c),
      (e: unknown) => this.note(s.k, reportError(e, s.p, env)),
    );
  }

  /**
   * In text output of a script of several lines, a request's answer is led by the line it
   * answers: `# line 3: ip_route_add_del` (a comment, so the output still reads as one).
   * JSON and TSV output stay data only: one document (or table) per answer, in script order.
   */
  private label(p: Printer, k: number, name: string): void {
    // The newline written in: Printer.line would otherwise join it on, a second string per line.
    if (this.st.lines.length > 1 && p.mode === 'human' && !p.settings.tsv) p.line(`# line ${this.st.lines.no(k)}: ${name}\n`);
  }

  /** The label of a request line that runs alone (one naming an interface, a guarded one). */
  private labelAlone(k: number): void {
    let w: string | undefined;
    try {
      w = tokenize(this.st.lines.line(k))[0];
    } catch {
      return;
    }
    if (w !== undefined && this.session.schema.messages.has(w)) this.label(this.printers.for(lineGlobals(this.ctx.io, this.ctx.base)), k, w);
  }

  private note(k: number, code: number): void {
    const { st, ctx } = this;
    if (!this.stop) {
      if (!record(ctx, st, k, code)) this.stop = true;
      return;
    }
    // After the line that stopped the run: one already sent, which ran.
    const line = st.lines.get(k);
    if (st.stoppedAt !== undefined) st.inFlightAfterStop.push(line.no);
    st.ran++;
    if (code !== EXIT.OK) {
      st.failures.push({ no: line.no, code });
      ctx.p.note(`exec: line ${line.no} failed (exit ${code}): ${line.text}`);
    }
  }

  /** Runs the script to its end, a stop, or Ctrl-C. Errors are printed, never thrown. */
  async run(): Promise<void> {
    const onAbort = (): void => this.wakeUp();
    this.ctx.io.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        this.sendReady();
        // What this loop or settled() queued goes out before anything is printed (else at the end of the tick).
        this.session.flush();
        this.readAhead();
        // Ctrl-C: exec is over (main answers 130 and closes the session); nothing more is reported.
        if (this.aborted) return;
        if (this.queue.length > 0) {
          if (!this.queue[0]!.done) {
            const waiting = this.headDone();
            if (waiting) await waiting;
            continue;
          }
          const printing = this.printHead();
          if (printing) await printing;
        } else if (this.barrier && !this.stop) {
          const k = this.next++;
          this.barrier = false;
          this.merged = undefined;
          this.labelAlone(k);
          if (!record(this.ctx, this.st, k, await runAlone(this.ctx, this.st.lines.line(k)))) this.stop = true;
        } else return;
      }
    } finally {
      this.ctx.io.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Runs `st.lines` with up to `depth` requests in flight. Errors are printed, never thrown. */
export async function runPipelined(ctx: ExecContext, st: ExecState, depth: number): Promise<void> {
  // Nothing to run (an empty script, or one that starts with .exit): no connection either.
  if (st.lines.length === 0 || isExitLine(st.lines.line(0))) return;
  let session: Session;
  try {
    session = await ctx.session();
  } catch (e) {
    // Cut short by Ctrl-C: the interruption is all there is to say.
    st.failures.push({ no: st.lines.no(0), code: ctx.io.signal?.aborted ? EXIT.INTERRUPTED : reportError(e, ctx.p, ctx.io.env) });
    st.stoppedAt = 0;
    return;
  }
  await new ScriptRun(ctx, st, depth, session, await readerFor(st, depth, ctx.io.env)).run();
}

/**
 * The blocking reader for a sequential script long enough to repay loading it (koffi,
 * 20–60 ms), unless VPPAPI_NO_BLOCKING_READ is set; undefined where the platform has
 * none. A pipelined script (depth > 1) never takes it: its answers come many to an
 * event-loop turn, so the reader saves no wake-ups, and loading koffi cost a
 * 20,000-line `exec --pipeline` more than it saved. Throws nothing.
 */
async function readerFor(st: ExecState, depth: number, env: Readonly<Record<string, string | undefined>>): Promise<BlockingReader | undefined> {
  if (depth > 1 || st.lines.length < READER_MIN_LINES || env.VPPAPI_NO_BLOCKING_READ) return undefined;
  return (await lazy.blockingRead()).blockingReader();
}
