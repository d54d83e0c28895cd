/**
 * The shell's history file: one command per line, oldest first (as bash and Python
 * keep theirs), private to the user.
 *
 * | path                                   | when                                   |
 * |----------------------------------------|----------------------------------------|
 * | `$VPPAPI_HISTORY` ('' = no history)    | set                                    |
 * | `$XDG_STATE_HOME/vppapi/history`       | XDG_STATE_HOME is an absolute path     |
 * | `~/.vppapi_history`                    | otherwise                              |
 *
 * The file is created with mode 0600 (its directory 0700) and an existing one is made
 * 0600: lines may hold addresses and keys. Each line is appended as it is entered, so a
 * crash loses nothing; past twice `max` lines, the file is cut to the last `max` (written
 * to a temporary file and renamed).
 */
import { appendFileSync, chmodSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { writePrivateFile } from '../../client/private-file.js';
import { makeDirs } from '../../client/make-dirs.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the history is kept; undefined when turned off. Throws nothing. */
export function historyPath(env: Env): string | undefined {
  if (env.VPPAPI_HISTORY !== undefined) return env.VPPAPI_HISTORY === '' ? undefined : env.VPPAPI_HISTORY;
  if (env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME)) return join(env.XDG_STATE_HOME, 'vppapi', 'history');
  return join(env.HOME || os.homedir(), '.vppapi_history');
}

export class HistoryFile {
  private failed = false;

  /** `onError` hears of the first failure to read or write; the shell goes on without history. */
  constructor(
    readonly file: string,
    readonly max = 1000,
    private readonly onError: (e: Error) => void = () => {},
  ) {}

  /** The saved lines, oldest first (at most `max`); [] when there is no file yet. Throws nothing. */
  load(): string[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
      if ((statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.fail(e as Error);
      return [];
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 2 * this.max) this.rewrite(lines.slice(-this.max));
    return lines.slice(-this.max);
  }

  /** Appends one line (newlines in it become spaces). Throws nothing. */
  add(line: string): void {
    if (this.failed || line.trim() === '') return;
    try {
      makeDirs(dirname(this.file), 0o700);
      appendFileSync(this.file, `${line.replace(/[\r\n]+/g, ' ')}\n`, { mode: 0o600 });
    } catch (e) {
      this.fail(e as Error);
    }
  }

  private rewrite(lines: string[]): void {
    try {
      writePrivateFile(this.file, `${lines.join('\n')}\n`);
    } catch (e) {
      this.fail(e as Error);
    }
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.onError(e);
  }
}
