/**
 * One command line, from its words to an exit code: the dispatch shared by the CLI
 * (main.ts) and by anything that runs command lines on a session it holds (the REPL).
 */
import type { Session } from '../client/session.js';
import { builtin } from './registry.js';
import { CliError, EXIT } from './runtime/exit-codes.js';
import { type GlobalOptions, defaultGlobals, extractGlobals, scanLeadingGlobals } from './runtime/globals.js';
import type { Io } from './runtime/io.js';
import { runMessage } from './request/message-command.js';
import { reportError } from './runtime/report.js';
import { type Runtime, SessionRuntime } from './runtime/runtime.js';
import { packageVersion } from './runtime/version.js';

/**
 * Runs `words` (command word first; global options already taken out of what came
 * before it) on `rt`. Returns the exit code.
 * @throws whatever the command throws (CliError, session errors): reportError prints them.
 */
export async function runCommand(rt: Runtime, words: readonly string[]): Promise<number> {
  const g = rt.globals;
  const [word, ...rest] = words;
  if (g.version && word === undefined) {
    rt.io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  if (word === undefined) {
    const help = builtin('help')!;
    if (g.help) return (await import('./program.js')).runBuiltin(rt, help, [], false);
    const p = rt.printer();
    p.note('Usage: vppapi [options] <message|command> [flags]');
    p.hint('vppapi --help lists the commands and the modules of messages; try vppapi --emulator show_version');
    return EXIT.USAGE;
  }
  const b = builtin(word);
  if (b) {
    const args = extractGlobals(rest, g, b.ownOptions);
    if (b.ownProcess && rt instanceof SessionRuntime) {
      throw new CliError(`${word} runs only as its own command: vppapi ${word}`);
    }
    // commander is loaded for built-ins only: a message call never needs it.
    return (await import('./program.js')).runBuiltin(rt, b, args, g.help);
  }
  return runMessage(rt, word, g.help ? ['--help', ...rest] : rest);
}

/**
 * Runs one command line given as words (as a shell would split it) on a session that is
 * already open, writing to `io`, and returns its exit code: what the REPL calls for each
 * line. Global options apply to this line only (`base` holds the session's defaults).
 * Errors are printed to io.stderr, never thrown.
 */
export async function runLine(argv: readonly string[], session: Session, io: Io, base?: Partial<GlobalOptions>): Promise<number> {
  const g: GlobalOptions = { ...defaultGlobals(io.env), ...base, help: false, version: false };
  const rt = new SessionRuntime(io, g, session);
  try {
    return await interruptible(runCommand(rt, scanLeadingGlobals(argv, g)), io.signal);
  } catch (e) {
    return reportError(e, rt.printer(), io.env);
  }
}

/** `work`'s exit code, or 130 as soon as `signal` fires (work is then left to fail quietly). */
export function interruptible(work: Promise<number>, signal: AbortSignal | undefined): Promise<number> {
  if (!signal) return work;
  return new Promise<number>((resolve, reject) => {
    const onAbort = (): void => resolve(EXIT.INTERRUPTED);
    if (signal.aborted) {
      work.catch(() => {});
      return onAbort();
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const off = (): void => signal.removeEventListener('abort', onAbort);
    work.then(
      (code) => {
        off();
        resolve(code);
      },
      (e: unknown) => {
        off();
        reject(e);
      },
    );
  });
}
