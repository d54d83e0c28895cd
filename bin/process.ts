/**
 * The process side of the vppapi command: the real streams, signals and arguments into
 * main(), its result into the exit code. Shared by the plain entry (vppctl-api.ts) and
 * the bundled one that vppapi.cts starts (scripts/bundle.mjs builds it).
 */
import { endAllChildren, main } from '../src/commands/main.js';

/** Runs the command line of this process; sets process.exitCode. Throws nothing of its own. */
export async function runProcess(): Promise<void> {
  // Output piped into `head` and closed early: stop quietly, as other command-line tools do.
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  // No ssh master or exec: command outlives vppapi, however it ends.
  process.once('exit', endAllChildren);
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read only for `--args -`: opening stdin costs startup time.
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: process.env,
    signal: interrupt.signal,
  });
}
