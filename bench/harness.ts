/**
 * Tiny benchmark harness: runs a function in timed rounds after a warm-up and reports the
 * best round's rate (the least disturbed by GC and the other core's load).
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import net from 'node:net';

export interface Rate {
  name: string;
  perSecond: number;
}

export function measure(name: string, fn: () => void, opts: { rounds?: number; roundMs?: number } = {}): Rate {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 300;
  // Warm-up: let the JIT settle before timing.
  const warmEnd = performance.now() + roundMs;
  while (performance.now() < warmEnd) for (let i = 0; i < 100; i++) fn();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < roundMs) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      t = performance.now();
    }
    best = Math.max(best, (n * 1000) / (t - t0));
  }
  return { name, perSecond: best };
}

export function fmtRate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(1)} k/s`;
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Resolves once something accepts connections on Unix socket `p` (10 s at most); throws otherwise. */
export async function waitForSocket(p: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.createConnection(p, () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no server came up at ${p}`);
}

/** The middle value of `xs` (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A server the bench runs as a child process on a Unix socket: the emulator, the canned responder. */
export interface ChildServer {
  socketPath: string;
  child: ChildProcess;
  /** SIGINT, then its exit (at once when it has exited already). */
  stop(): Promise<void>;
}

/**
 * Starts `node script --socket socketPath ...args` and waits until it accepts connections.
 * @throws when it does not come up (waitForSocket).
 */
export async function startServer(script: string, socketPath: string, args: readonly string[], stdio: StdioOptions = ['ignore', 'ignore', 'inherit']): Promise<ChildServer> {
  const child = spawn(process.execPath, [script, '--socket', socketPath, ...args], { stdio });
  await waitForSocket(socketPath);
  return {
    socketPath,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await gone;
    },
  };
}
