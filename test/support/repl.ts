/**
 * A terminal-like harness for the shell: PassThrough streams as keyboard and screen
 * (terminal mode, so that Tab, Ctrl-C and history behave as in a real terminal), the
 * screen's text without escape sequences, and waits on what appears.
 */
import { afterEach } from 'vitest';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { Session } from '../../src/client/session/session.js';
import { loadSchema } from '../../src/client/schema/load.js';
import type { Schema } from '../../src/client/schema/model.js';
import { runLine } from '../../src/commands/dispatch.js';
import { type Shell, type ShellOptions, startShell } from '../../src/commands/repl/shell.js';
import { builtinSources, tempDir } from './cli.js';

let schema: Schema | undefined;

/** The built-in definitions, loaded once. */
export function builtinSchema(): Schema {
  return (schema ??= loadSchema(builtinSources()).schema);
}

export interface Terminal {
  shell: Shell;
  session: Session;
  /** Everything written to the screen so far, escape sequences removed. */
  screen(): string;
  /** The screen since the last mark(). */
  sinceMark(): string;
  mark(): void;
  /** Types text (\r is Enter, \t Tab, \x03 Ctrl-C, \x04 Ctrl-D). */
  type(text: string): void;
  /** Waits until the screen since the mark matches `re` (default 5 s). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** The line being edited. */
  line(): string;
  historyFile: string;
  close(): Promise<void>;
}

// CSI sequences (cursor moves, clears) and the carriage returns readline writes.
const ESC = /\x1b\[[0-9;?]*[A-Za-z]|\r/g;

const opened: Terminal[] = [];

/** Registers the hook that closes, after each test, every terminal the test opened. */
export function useTerminals(): void {
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close();
  });
}

/** A shell on a terminal-like stream, connected to `socketPath`; closed by useTerminals()' hook or close(). */
export async function openTerminal(socketPath: string, opts: Partial<ShellOptions> = {}): Promise<Terminal> {
  const session = new Session({ socketPath, schema: builtinSchema() });
  await session.connect();
  const input = new PassThrough();
  const output = new PassThrough() as PassThrough & { columns?: number };
  output.columns = 100;
  let text = '';
  let markAt = 0;
  output.on('data', (d: Buffer) => (text += d.toString()));
  const historyFile = join(tempDir('vppapi-history-'), 'history');
  const shell = startShell({
    input,
    output,
    terminal: true,
    session,
    run: runLine,
    env: { VPPAPI_HISTORY: historyFile, NO_COLOR: '1' },
    reconnectDelaysMs: [50, 100],
    ...opts,
  });
  const screen = (): string => text.replace(ESC, '');
  const sinceMark = (): string => text.slice(markAt).replace(ESC, '');
  let closing: Promise<void> | undefined;
  const term: Terminal = {
    shell,
    session,
    screen,
    sinceMark,
    mark: () => (markAt = text.length),
    type: (t) => input.write(t),
    async waitFor(re, ms = 5000) {
      const end = Date.now() + ms;
      while (!re.test(sinceMark())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${re} on the screen; it shows:\n${sinceMark()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return sinceMark();
    },
    line: () => (shell.server as unknown as { line: string }).line,
    historyFile,
    close() {
      if (!closing) {
        shell.close();
        closing = shell.closed;
      }
      return closing;
    },
  };
  opened.push(term);
  return term;
}
