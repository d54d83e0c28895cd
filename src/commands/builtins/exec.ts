/**
 * `vppapi exec FILE [--continue-on-error]` (`-` reads standard input): runs each line as
 * the REPL would (same words, `name=value` pairs, `help`, `.json on|off`) on one
 * connection, stops at the first failing line unless --continue-on-error, then prints a
 * summary on stderr. Blank lines and `#` comments are skipped; a line ending in `\`
 * continues on the next. The exit code is the first failing line's (0 when none failed).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Session } from '../../client/session.js';
import { CliError, EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { reportError } from '../runtime/report.js';
import type { Runtime } from '../runtime/runtime.js';
import { tokenize } from '../syntax/tokenizer.js';
import { outputCommand, runShellWords } from '../repl/line-runner.js';

export function configure(cmd: Command): void {
  cmd
    .argument('<file>', 'the script: one command per line, as typed in vppapi repl; - for standard input')
    .option('--continue-on-error', 'run every line even after one failed (the exit code is still the first failure\'s)')
    .addHelpText(
      'after',
      '\nExample script:\n' +
        '  # bring up a loopback\n' +
        '  create_loopback\n' +
        '  sw_interface_set_flags sw_if_index=1 flags=admin_up\n' +
        '  sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24\n' +
        '  cli show interface addr',
    );
}

export interface ScriptLine {
  /** 1-based number of the line where the command starts. */
  no: number;
  text: string;
}

/** The command lines of a script: continuations joined, blank and comment-only lines kept out. Throws nothing. */
export function scriptLines(text: string): ScriptLine[] {
  const out: ScriptLine[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    let line = raw[i]!;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < raw.length) line = line.slice(0, -1) + raw[++i]!;
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    out.push({ no, text: t });
  }
  return out;
}

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`exec: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.USAGE, undefined, { cause: e });
  }
}

interface Failure {
  no: number;
  code: number;
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number> {
  const file = args[0]!;
  const lines = scriptLines(file === '-' ? await rt.readStdin() : readScript(file));
  const p = rt.printer();
  const base: Partial<GlobalOptions> = { ...rt.globals };
  const signal = rt.io.signal;
  const failures: Failure[] = [];
  let session: Session | undefined;
  let ran = 0;
  let stoppedAt: number | undefined;
  for (const [k, line] of lines.entries()) {
    if (signal?.aborted) return EXIT.INTERRUPTED;
    if (/^(\.exit|exit|quit)(\s*#.*)?$/.test(line.text)) break;
    ran++;
    let code: number;
    try {
      const words = tokenize(line.text);
      if (words[0] === '.json' || words[0] === '.jsonl') {
        outputCommand(words[0].slice(1) as 'json' | 'jsonl', words.slice(1).join(' '), base);
        code = EXIT.OK;
      } else if (words[0]!.startsWith('.')) {
        throw new CliError(`unknown shell command ${words[0]}`, EXIT.USAGE, 'the shell commands are .json on|off, .jsonl on|off and .exit');
      } else {
        session ??= await rt.session();
        code = await runShellWords(words, session, rt.io, base);
      }
    } catch (e) {
      code = reportError(e, p, rt.io.env);
      if (session === undefined && code === EXIT.CONNECT) return code; // nothing else can run
    }
    if (code === EXIT.INTERRUPTED) return code;
    if (code !== EXIT.OK) {
      failures.push({ no: line.no, code });
      p.note(`exec: line ${line.no} failed (exit ${code}): ${line.text}`);
      if (!opts.continueOnError) {
        stoppedAt = k;
        break;
      }
    }
  }
  const left = stoppedAt === undefined ? 0 : lines.length - stoppedAt - 1;
  const failed = failures.length === 0 ? 'none failed' : `${failures.length} failed (line${failures.length === 1 ? '' : 's'} ${failures.map((f) => f.no).join(', ')})`;
  p.note(`exec: ${ran} command${ran === 1 ? '' : 's'} run, ${ran - failures.length} ok, ${failed}${left > 0 ? `; stopped, ${left} line${left === 1 ? '' : 's'} not run` : ''}`);
  return failures[0]?.code ?? EXIT.OK;
}
