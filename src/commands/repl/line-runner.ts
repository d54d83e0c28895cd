/**
 * One line of the shell's syntax run on an open session: what the REPL does per line
 * and `exec` per script line. Beside every CLI command it knows:
 *
 * | line                       | does                                              |
 * |----------------------------|---------------------------------------------------|
 * | `help`                     | the shell's own help (commands, syntax, keys)     |
 * | `help <message>`           | `describe <message>`                              |
 * | `help <module|command>`    | as the CLI's `help`                               |
 * | `.json on|off`, `.jsonl on|off` | the output mode of the lines after it        |
 */
import type { Session } from '../../client/session/session.js';
import { BUILTINS } from '../registry.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions, OutputMode } from '../runtime/globals.js';
import { helpWidth, twoColumns, wrapWords } from '../runtime/help-text.js';
import type { Io } from '../runtime/io.js';
import type { CommandRunner } from '../runtime/runtime.js';
import { toCliWords } from './pairs.js';
import { runRequestLine } from '../plan/line.js';

/** Runs one line's words on an open session (the dispatcher's, injected: see runtime.ts). */
export type LineRunner = CommandRunner['line'];

/** What `help` prints in the shell, wrapped to `width` columns (helpWidth). */
export function shellHelp(width: number): string {
  const cmds = BUILTINS.filter((b) => !b.hidden && !b.ownProcess).map((b) => [b.name, b.summary] as const);
  return [
    ...wrapWords('Every API request is a command; Tab completes names, flags and values.', width),
    ...twoColumns([
      ['sw_interface_dump', ''],
      ['sw_interface_set_flags --sw-if-index 1 --flags ADMIN_UP', ''],
      ['sw_interface_set_flags sw_if_index=1 flags=ADMIN_UP', 'name=value; route.prefix=… for nested fields'],
      ['show_version --json', 'global options apply to one line'],
    ], width, 2, 52),
    '',
    'Commands:',
    ...twoColumns(cmds, width, 2, 14),
    '',
    ...twoColumns([
      ['help <message>', 'its fields, reply and events (as describe); <message> --help: its flags'],
      ['help <module>', 'the requests of a module'],
      ['help, .help', 'this help'],
      ['.json on|off', 'JSON output for the lines after it; .jsonl on|off: one line per object'],
      ['.save FILE', 'the lines that succeeded (requests, cli, .json), to run again with exec FILE'],
      ['.exit, Ctrl-D', 'leave; Ctrl-C cancels the running call'],
    ], width, 0, 18),
  ].join('\n');
}

/**
 * Applies `.json` / `.jsonl` with `arg` ('on', 'off', '' to ask) to `base`; returns the
 * line to print.
 * @throws CliError (exit 2) for another argument.
 */
export function outputCommand(cmd: 'json' | 'jsonl', arg: string, base: { output?: OutputMode }): string {
  const a = arg.trim().toLowerCase();
  if (a === 'on' || a === 'off') {
    if (a === 'on') base.output = cmd;
    else if (base.output === cmd) base.output = 'human';
  } else if (a !== '') {
    throw new CliError(`.${cmd}: "${arg.trim()}" is not on or off`, EXIT.USAGE, `.${cmd} on, .${cmd} off`);
  }
  return `output: ${base.output ?? 'human'}`;
}

/**
 * Runs the words of one line on `session`: `help` as the shell has it, a request's
 * `name=value` pairs as flags, the rest as on the command line. Returns the exit code;
 * errors are printed to io.stderr, never thrown.
 */
export async function runShellWords(words: readonly string[], session: Session, io: Io, base: Partial<GlobalOptions>, runLine: LineRunner): Promise<number> {
  if (words[0] === 'help' && words.length <= 2) {
    if (words.length === 1) {
      io.stdout.write(`${shellHelp(helpWidth(io.stdout.isTTY ? (io.stdout.columns ?? 80) : Infinity))}\n`);
      return EXIT.OK;
    }
    if (session.schema.messages.has(words[1]!)) return runLine(['describe', words[1]!], session, io, base);
  }
  const cli = toCliWords(words, session.schema);
  // A request runs on its plan with the session as its host (no runtime per line); the rest through the dispatcher.
  return (await runRequestLine(cli, session, io, base)) ?? runLine(cli, session, io, base);
}
