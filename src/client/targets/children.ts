/**
 * Every child process the targets start (ssh masters, ssh -O requests, exec: commands),
 * so that none outlives the process: endAllChildren() is what a Ctrl-C or an exit runs.
 * Children are started from an argument vector (never a shell) with stdin/stdout as
 * the caller asks, stderr kept (its last few KB) to explain a failure.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';

const live = new Set<ChildProcess>();

/** The last bytes of stderr kept per child. */
const STDERR_KEEP = 4096;

export interface Child {
  readonly process: ChildProcess;
  /** What the child wrote to stderr so far (the last STDERR_KEEP bytes), trimmed. */
  stderr(): string;
  /** Resolves with the exit code (or `signal:NAME`) once the child has exited. Never rejects. */
  readonly exited: Promise<number | string>;
  /** Whether it has exited. */
  readonly done: boolean;
  /** SIGTERM now, SIGKILL after `graceMs` if it is still there. Resolves when it is gone. Throws nothing. */
  end(graceMs?: number): Promise<void>;
}

/**
 * Starts `argv[0]` with `argv.slice(1)`.
 * @throws nothing itself: a program that cannot be started shows as an exit with
 *   `spawn:CODE` (ENOENT, EACCES) and its message in stderr().
 */
export function startChild(argv: readonly string[], stdio: StdioOptions = ['ignore', 'ignore', 'pipe'], env?: NodeJS.ProcessEnv): Child {
  // node:child_process is taken at the first child, not imported: every start would pay
  // for loading it (and node:dgram, node:net with it), and most runs start no child.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const proc = spawn(argv[0]!, argv.slice(1), { stdio, env, shell: false, windowsHide: true });
  live.add(proc);
  let err = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (s: string) => {
    err = (err + s).slice(-STDERR_KEEP);
  });
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    proc.once('error', (e: NodeJS.ErrnoException) => {
      if (proc.pid !== undefined) return; // started; 'exit' follows
      err += `cannot start ${argv[0]}: ${e.code === 'ENOENT' ? 'no such program' : e.message}`;
      done = true;
      live.delete(proc);
      resolve(`spawn:${e.code ?? 'ERROR'}`);
    });
    proc.once('close', (code, signal) => {
      done = true;
      live.delete(proc);
      resolve(code ?? `signal:${signal}`);
    });
  });
  return {
    process: proc,
    exited,
    get done() {
      return done;
    },
    stderr: () => err.trim(),
    end: async (graceMs = 1000) => {
      if (done) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

/** How many children started here are still running. Throws nothing. */
export function liveChildren(): number {
  return live.size;
}

/**
 * Sends SIGTERM to every child still running, synchronously: safe in an `exit`
 * handler. Throws nothing.
 */
export function endAllChildren(): void {
  for (const p of live) {
    try {
      p.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
