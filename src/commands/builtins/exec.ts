/**
 * `vppapi exec FILE [--continue-on-error]` (`-` reads standard input): runs each line as
 * the REPL would (same words, `name=value` pairs, `help`, `.json on|off`) on one
 * connection, stops at the first failing line unless --continue-on-error, then prints a
 * summary on stderr. Blank lines and `#` comments are skipped; a line ending in `\`
 * continues on the next. The exit code is the first failing line's (0 when none failed).
 */
import { readFileSync } from 'node:fs';
import type { Session } from '../../client/session.js';
import { CliError, EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { reportError } from '../runtime/report.js';
import type { Runtime } from '../runtime/runtime.js';
import { tokenize } from '../syntax/tokenizer.js';
import { outputCommand, runShellWords } from '../repl/line-runner.js';
import { scriptLines } from '../syntax/script.js';

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
        code = await runShellWords(words, session, rt.io, base, rt.runner.line);
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
