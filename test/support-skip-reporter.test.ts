import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipSummary } from './support/skip-reporter.js';

describe('the skip line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-skipline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const reads = join(dir, 'reads.test.ts');
  const other = join(dir, 'other.test.ts');
  writeFileSync(reads, "import { HAVE_SHARED } from '../support/shared.js';\n");
  writeFileSync(other, "it.skipIf(!zsh)('zsh', () => {});\n");

  it('puts skips of files that read ../shared down to it when it is absent, the rest apart', () => {
    expect(skipSummary([{ file: reads, skipped: 7 }, { file: other, skipped: 2 }, { file: reads, skipped: 0 }], false)).toBe(
      "tests skipped: 7 skipped because ../shared (VPP's API definitions and captures, beside the checkout in CI) is absent, in 1 files; 2 skipped for their own reasons (a shell, a tool or a user this machine lacks: see each test's condition)",
    );
  });

  it('blames nothing on ../shared when it is there, and says nothing when nothing was skipped', () => {
    expect(skipSummary([{ file: reads, skipped: 3 }], true)).toBe("tests skipped: 3 skipped for their own reasons (a shell, a tool or a user this machine lacks: see each test's condition)");
    expect(skipSummary([{ file: reads, skipped: 0 }], false)).toBeUndefined();
  });
});
