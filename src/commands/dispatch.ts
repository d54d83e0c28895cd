/**
 * From a command line's words to an exit code: the one place that loads command code.
 *
 * | word                      | loaded (import(), only then)                              |
 * |---------------------------|-----------------------------------------------------------|
 * | a built-in (registry.ts)  | builtins/<name>.ts, and commander (program.ts) to parse it |
 * | anything else             | request/message-command.ts: the word is a message          |
 * | `__complete` (first word) | builtins/complete.ts alone: no runtime, no commander       |
 * | any other process         | the runtime, printer and error report (runArgv), beside the message command when the word is one |
 *
 * Commands that run other command lines (help, exec, the REPL) get this dispatcher as
 * their runtime's `runner` rather than importing this file.
 */
import type { Session } from '../client/session/session.js';
import type { TargetEntry } from '../client/targets/config.js';
import { type BuiltinName, builtin } from './registry.js';
import { CliError } from './runtime/errors.js';
import { EXIT } from './runtime/exit-codes.js';
import { type GlobalOptions, defaultGlobals, applySourceGlobals, extractGlobals, scanLeadingGlobals } from './runtime/globals.js';
import type { Io } from './runtime/io.js';
import { NOT_FANNED_OUT, ONE_TARGET_ONLY, SERVES_FLEET, targetsWanted } from './fleet/wanted.js';
import type { BuiltinModule, CliRuntime, CommandRunner, Runtime } from './runtime/runtime.js';

/** The code of each built-in: keyed by the registry's names, so a new entry needs its loader. */
const LOADERS: Record<BuiltinName, () => Promise<BuiltinModule>> = {
  'message-table': () => import('./builtins/message-table.js'),
  describe: () => import('./builtins/describe.js'),
  check: () => import('./builtins/check.js'),
  api: () => import('./builtins/api.js'),
  cli: () => import('./builtins/cli-inband.js'),
  emulate: () => import('./builtins/emulate.js'),
  repl: () => import('./builtins/repl.js'),
  exec: () => import('./builtins/exec.js'),
  watch: () => import('./builtins/watch.js'),
  'api-trace': () => import('./builtins/api-trace.js'),
  stats: () => import('./builtins/stats.js'),
  serve: () => import('./serve/command.js'),
  completion: () => import('./builtins/completion-script.js'),
  generate: () => import('./builtins/generate.js'),
  __complete: () => import('./builtins/complete.js'),
  help: () => import('./builtins/help.js'),
  targets: () => import('./fleet/targets-command.js'),
};

/** The code of built-in `name`. @throws the import's error (a broken install). */
export function loadBuiltin(name: BuiltinName): Promise<BuiltinModule> {
  return LOADERS[name]();
}

/** Runs built-in `name` with `args`, or prints its help. */
async function runBuiltin(rt: Runtime, name: BuiltinName, args: readonly string[], help: boolean): Promise<number> {
  const spec = builtin(name)!;
  // commander is loaded for built-ins only: a message call never needs it.
  const [{ runBuiltin: parseAndRun }, mod] = await Promise.all([import('./program.js'), help ? undefined : loadBuiltin(name)]);
  return parseAndRun(rt, spec, mod, args, help);
}

/** `--version`: the package's version on stdout. Throws nothing. */
async function printVersion(io: Io): Promise<number> {
  const { packageVersion } = await import('./runtime/package-version.js');
  io.stdout.write(`${packageVersion()}\n`);
  return EXIT.OK;
}

/**
 * Runs `words` (command word first; global options already taken out of what came
 * before it) on `rt`. Returns the exit code.
 * @throws whatever the command throws (CliError, session errors): reportError prints them.
 */
export async function runCommand(rt: Runtime, words: readonly string[]): Promise<number> {
  const g = rt.globals;
  const [word, ...rest] = words;
  if (g.version && word === undefined) return printVersion(rt.io);
  if (word === undefined) {
    if (g.help) return runBuiltin(rt, 'help', [], false);
    const p = rt.printer();
    p.note('Usage: vppapi [options] <message|command> [flags]');
    p.hint('vppapi --help lists the commands and the modules of messages; try vppapi --emulator show_version');
    return EXIT.USAGE;
  }
  const b = builtin(word);
  if (b) {
    const args = extractGlobals(rest, g, b.ownOptions);
    if (b.ownProcess && rt.borrowed) {
      throw new CliError(`${word} runs only as its own command: vppapi ${word}`);
    }
    // The statistics segment cannot cross ssh: stats runs on the remote host.
    const remote = b.name === 'stats' && !g.help ? (rt as { target?: () => TargetEntry | null }).target?.() : undefined;
    if (remote && remote.target.kind !== 'unix') {
      const { runRemoteStats } = await import('./fleet/remote-stats.js');
      return runRemoteStats(rt, remote, args);
    }
    return runBuiltin(rt, b.name as BuiltinName, args, g.help);
  }
  const { runMessage } = await import('./request/message-command.js');
  return runMessage(rt, word, g.help ? ['--help', ...rest] : rest);
}

/**
 * Runs one command line given as words (as a shell would split it) on a session that is
 * already open, writing to `io`, and returns its exit code: what the REPL calls for each
 * line. Global options apply to this line only (`base` holds the session's defaults).
 * Errors are printed to io.stderr, never thrown.
 */
export async function runLine(argv: readonly string[], session: Session, io: Io, base?: Partial<GlobalOptions>): Promise<number> {
  const [{ SessionRuntime }, { reportError }] = await Promise.all([import('./runtime/runtime.js'), import('./runtime/report.js')]);
  const g: GlobalOptions = { ...defaultGlobals(io.env), ...base, help: false, version: false };
  const rt = new SessionRuntime(io, g, RUNNER, session);
  try {
    const words = scanLeadingGlobals(argv, g);
    if (g.record !== base?.record) {
      throw new CliError('--record applies to a whole connection, not one line', undefined, 'give it when starting the shell or exec: vppapi --record FILE repl');
    }
    return await interruptible(runCommand(rt, words), io.signal);
  } catch (e) {
    return reportError(e, rt.printer(), io.env);
  }
}

/** The dispatcher as commands see it (Runtime.runner). */
export const RUNNER: CommandRunner = {
  run: runCommand,
  help: (rt, name) => {
    if (!builtin(name)) throw new CliError(`no built-in command called "${name}"`, EXIT.INTERNAL);
    return runBuiltin(rt, name as BuiltinName, [], true);
  },
  line: runLine,
};

/**
 * Runs the command line `argv` of one `vppapi` process on `io` with the global options
 * `g`; returns the exit code. Errors are printed to io.stderr, never thrown; whatever was
 * opened (session, emulator) is closed.
 */
export async function runArgv(argv: readonly string[], io: Io, g: GlobalOptions): Promise<number> {
  let words: readonly string[] = [];
  let bad: { error: unknown } | undefined;
  try {
    words = scanLeadingGlobals(argv, g);
    applySourceGlobals(words, g);
  } catch (error) {
    bad = { error };
  }
  // `--version` alone is answered before the runtime (most of the program) is loaded.
  if (!bad && g.version && words[0] === undefined) return printVersion(io);
  // A message's code is loaded beside the runtime rather than after it: most calls are one.
  const message = !bad && words[0] !== undefined && !builtin(words[0]);
  const [{ reportError }, { CliRuntime }, { Printer, outputSettings }] = await Promise.all([
    import('./runtime/report.js'), import('./runtime/runtime.js'), import('./runtime/output.js'),
    message ? import('./request/message-command.js') : undefined,
  ]);
  let rt: CliRuntime | undefined;
  try {
    if (bad) throw bad.error;
    let entry = null;
    let fleet: TargetEntry[] | undefined;
    const word = words[0];
    if (word !== undefined && !NOT_FANNED_OUT.has(word) && targetsWanted(g, io.env)) {
      const { selectTargets } = await import('./fleet/select.js');
      const sel = selectTargets(g, io.env);
      if (sel.fleet && SERVES_FLEET.has(word)) fleet = sel.entries;
      else if (sel.fleet) {
        if (ONE_TARGET_ONLY.has(word)) throw new CliError(`${word} runs on one target; ${sel.entries.map((e) => e.name).join(', ')} are ${sel.entries.length}`, EXIT.USAGE, 'name one target with --target');
        const { runFleet } = await import('./fleet/run.js');
        return await runFleet(io, g, words, sel.entries, RUNNER);
      }
      entry = sel.entries[0] ?? null;
    }
    rt = new CliRuntime(io, g, RUNNER, { entry, fleet });
    return await interruptible(runCommand(rt, words), io.signal);
  } catch (e) {
    return reportError(e, rt?.printer() ?? new Printer(io.stdout, io.stderr, outputSettings(g, io)), io.env);
  } finally {
    await rt?.close();
  }
}

/**
 * `__complete`'s options and words (what follows `__complete`), answered without the CLI
 * runtime or commander (a Tab press should not pay for them).
 * @throws what completion throws (main prints nothing for it).
 */
export async function runComplete(argv: readonly string[], io: Io, g: GlobalOptions): Promise<number> {
  const { completeArgv } = await import('./builtins/complete.js');
  return completeArgv(io, g, argv);
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
