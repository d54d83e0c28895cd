/**
 * One line at the end of a run that says how many tests were skipped and why, so that a
 * clone without `../shared` (VPP's API definitions and captures, which CI has beside the
 * checkout) does not pass silently with a hundred tests left out. A skipped test is put
 * down to `../shared` when it is absent and the test's file reads it (imports
 * test/support/shared.ts or the oracle's definition reader, or names `../shared`); every
 * other skip is counted apart. The skipped tests stay skipped in vitest's own report.
 */
import { readFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { HAVE_SHARED } from './shared.js';

const READS_SHARED = /support\/shared(\.js)?['"]|oracle\/read-defs(\.js)?['"]|\.\.\/shared\b/;

function readsShared(file: string): boolean {
  try {
    return READS_SHARED.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

export function skipSummary(modules: ReadonlyArray<{ file: string; skipped: number }>, haveShared: boolean): string | undefined {
  let shared = 0;
  let other = 0;
  let files = 0;
  for (const m of modules) {
    if (m.skipped === 0) continue;
    if (!haveShared && readsShared(m.file)) {
      shared += m.skipped;
      files++;
    } else other += m.skipped;
  }
  if (shared === 0 && other === 0) return undefined;
  const parts: string[] = [];
  if (shared > 0) parts.push(`${shared} skipped because ../shared (VPP's API definitions and captures, beside the checkout in CI) is absent, in ${files} files`);
  if (other > 0) parts.push(`${other} skipped for their own reasons (a shell, a tool or a user this machine lacks: see each test's condition)`);
  return `tests skipped: ${parts.join('; ')}`;
}

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = testModules.map((m) => ({
      file: m.moduleId,
      skipped: [...m.children.allTests()].filter((t) => t.result().state === 'skipped').length,
    }));
    const line = skipSummary(counts, HAVE_SHARED);
    if (line) process.stdout.write(`\n${line}\n`);
  }
}
