/**
 * What exec's two ways of running a script share (exec.ts runs lines one after another,
 * exec-pipeline.ts with several in flight): the run's state, a line's outcome, and a
 * line run alone on the session as the shell runs it.
 */
import type { Session } from '../../client/session/session.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { Io } from '../runtime/io.js';
import type { Printer } from '../runtime/output.js';
import { reportError } from '../runtime/report.js';
import type { Runtime } from '../runtime/runtime.js';
import { outputCommand, runShellWords } from '../repl/line-runner.js';
import type { ScriptLine, ScriptText } from '../syntax/script.js';
import { tokenize } from '../syntax/tokenizer.js';

/** What a run of a script came to, for the summary. */
export interface ExecState {
  readonly lines: ScriptText;
  failures: { no: number; code: number }[];
  ran: number;
  /** Index in `lines` of the line that stopped the run. */
  stoppedAt?: number;
  /** Pipelined: lines after the one that stopped the run that were already sent (they ran). */
  inFlightAfterStop: number[];
}

/** Everything a line runs with. */
export interface ExecContext {
  rt: Runtime;
  /** stdout batched, stderr flushing it first. */
  io: Io;
  p: Printer;
  base: Partial<GlobalOptions>;
  continueOnError: boolean;
  session(): Promise<Session>;
}

/** Is `text` a line that ends the script (`.exit`, `exit`, `quit`)? */
export function isExitLine(text: string): boolean {
  const c = text.charCodeAt(0);
  // Only `.`, `e` and `q` can start one: a script's other lines skip the regex.
  return (c === 46 || c === 101 || c === 113) && /^(\.exit|exit|quit)(\s*#.*)?$/.test(text);
}

/**
 * A line that is not for the session: `.json`/`.jsonl` (applied to `base`), another dot
 * command (refused). Returns the exit code, or undefined for a line to run.
 * @throws CliError for a dot command that does not exist or a bad argument.
 */
export function shellCommand(words: readonly string[], base: Partial<GlobalOptions>): number | undefined {
  if (words.length === 0) return EXIT.OK;
  if (words[0] === '.json' || words[0] === '.jsonl') {
    outputCommand(words[0].slice(1) as 'json' | 'jsonl', words.slice(1).join(' '), base);
    return EXIT.OK;
  }
  if (words[0]!.startsWith('.')) {
    throw new CliError(`unknown shell command ${words[0]}`, EXIT.USAGE, 'the shell commands are .json on|off, .jsonl on|off and .exit');
  }
  return undefined;
}

/** What ends the first word of a trimmed script line (scriptLines trims it). */
const BLANK = /[ \t]/;

/** A plain name: a message's, or a built-in's. */
export const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The command word of `line` (tokenize's first word), for a look over the whole script
 * before it runs. A script's usual line starts with a message name: read by one regex,
 * so that the look costs no token arrays kept for 20,000 lines (they would outlive
 * several scavenges and be copied by each).
 * @throws as tokenize does, for a line that does not split.
 */
export function firstWord(line: ScriptLine): string | undefined {
  const t = line.text;
  const end = t.search(BLANK);
  const w = end < 0 ? t : t.slice(0, end);
  return PLAIN_NAME.test(w) ? w : tokenize(t)[0];
}

/** Notes a line's outcome; returns false when the run must stop (a failure without --continue-on-error). */
export function record(ctx: ExecContext, st: ExecState, k: number, code: number): boolean {
  st.ran++;
  if (code === EXIT.OK) return true;
  const line = st.lines.get(k);
  st.failures.push({ no: line.no, code });
  ctx.p.note(`exec: line ${line.no} failed (exit ${code}): ${line.text}`);
  if (code === EXIT.INTERRUPTED || !ctx.continueOnError) {
    st.stoppedAt ??= k;
    return false;
  }
  return true;
}

/** One line, alone: the words run on the session as the shell runs them. Errors printed; returns the exit code. */
export async function runAlone(ctx: ExecContext, text: string): Promise<number> {
  let session: Session | undefined;
  try {
    const words = tokenize(text);
    const own = shellCommand(words, ctx.base);
    if (own !== undefined) return own;
    session = await ctx.session();
    return await runShellWords(words, session, ctx.io, ctx.base, ctx.rt.runner.line);
  } catch (e) {
    return reportError(e, ctx.p, ctx.io.env);
  }
}
