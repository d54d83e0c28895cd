/**
 * A real terminal for the shell: a program run in a tmux pane (its own tmux server on a
 * private socket), keys sent as tmux sends them (several keys of one `send-keys` reach
 * the program in one write), and the screen and cursor read back. Waits are on what the
 * screen shows, never a fixed time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from './cli.js';

export interface Tmux {
  /** `tmux send-keys` with these arguments: text and key names (`Tab`, `C-u`, `Enter`), all in one write to the program. */
  keys(...keys: string[]): void;
  /** The visible screen, one string per row, trailing spaces trimmed. */
  rows(): string[];
  /** The cursor's row's text up to the cursor (its spaces kept), after `prompt`. */
  line(): string;
  /** Waits until `test` holds for the screen (rows joined by \n); 20 s by default, the screen in the error. */
  waitFor(test: (screen: string) => boolean, what: string, ms?: number): Promise<string>;
  /** Waits until the edited line is `expected`. */
  waitLine(expected: string, ms?: number): Promise<void>;
  close(): void;
}

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

const open: Tmux[] = [];

/** Registers the hook that ends, after each test, the tmux servers the test started. */
export function useTmux(): void {
  afterEach(() => {
    for (const t of open.splice(0)) t.close();
  });
}

/**
 * Runs `argv` in a 200×50 tmux pane with `env` (the pane's whole environment beside TERM)
 * and waits until `prompt` shows.
 * @throws when tmux cannot start or the prompt does not show within 30 s.
 */
export async function openTmux(argv: string[], env: Record<string, string>, prompt: string): Promise<Tmux> {
  const dir = tempDir('vppapi-tmux-');
  const socket = join(dir, 'tmux.sock');
  const tmux = (...args: string[]): string => {
    const r = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TMUX_TMPDIR: dir, TERM: 'xterm' } });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const vars = Object.entries({ TERM: 'xterm', ...env }).map(([k, v]) => `${k}=${v}`);
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'vppapi', '-x', '200', '-y', '50', 'env', '-i', ...vars, ...argv);
  const state = (): { rows: string[]; x: number; y: number } => {
    const out = tmux('capture-pane', '-p', '-t', 'vppapi', ';', 'display-message', '-p', '-t', 'vppapi', '#{cursor_x} #{cursor_y}');
    const lines = out.split('\n');
    lines.pop();
    const [x, y] = lines.pop()!.split(' ').map(Number);
    return { rows: lines.map((l) => l.trimEnd()), x: x!, y: y! };
  };
  const line = (): string => {
    const s = state();
    const row = (s.rows[s.y] ?? '').padEnd(s.x).slice(0, Math.max(s.x, (s.rows[s.y] ?? '').length));
    return row.startsWith(prompt) ? row.slice(prompt.length) : row;
  };
  let closed = false;
  const t: Tmux = {
    keys: (...keys) => void tmux('send-keys', '-t', 'vppapi', ...keys),
    rows: () => state().rows,
    line,
    async waitFor(test, what, ms = 20_000) {
      const end = Date.now() + ms;
      for (;;) {
        const screen = state().rows.join('\n');
        if (test(screen)) return screen;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen shows:\n${screen}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async waitLine(expected, ms = 20_000) {
      const end = Date.now() + ms;
      while (line() !== expected) {
        if (Date.now() > end) throw new Error(`the line is ${JSON.stringify(line())}, expected ${JSON.stringify(expected)}; the screen shows:\n${state().rows.join('\n')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close() {
      if (closed) return;
      closed = true;
      spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
    },
  };
  open.push(t);
  await t.waitFor((s) => s.split('\n').some((r) => r.startsWith(prompt.trimEnd())), `the prompt ${JSON.stringify(prompt)}`, 30_000);
  return t;
}
