#!/usr/bin/env node
// The vppapi command: the real process streams into main(), its result into the exit code.
import { main } from '../src/commands/main.js';

// Output piped into `head` and closed early: stop quietly, as other command-line tools do.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

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
