/**
 * Loaded into a timed program with `node --import` (bench/exec.ts): at exit it writes the
 * process's CPU time (user + system, µs) to file descriptor 3, where the bench reads it.
 * CPU time is what the program's own code costs; unlike wall time it does not count the
 * waits for the server nor the time other processes of a busy machine hold the cores.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.cpuUsage();
  try {
    writeSync(3, `${u.user + u.system}\n`);
  } catch {
    // Not started by the bench (no descriptor 3): nothing to report.
  }
});
