/**
 * Builds dist/ once before the tests (`npx tsc -p tsconfig.json`), so that the CLI tests
 * can run the real program (`node dist/bin/vppctl-api.js`) as a child process. Type
 * errors elsewhere in the tree do not stop the build (tsc still emits); when no program
 * comes out, `cliDist` is '' and those tests are skipped (the in-process ones still run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of dist/bin/vppctl-api.js, or '' when it could not be built. */
    cliDist: string;
  }
}

export default function setup(project: TestProject): void {
  const root = resolve(import.meta.dirname, '..', '..');
  const bin = join(root, 'dist', 'bin', 'vppctl-api.js');
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], {
      cwd: root,
      stdio: 'pipe',
      timeout: 120_000,
    });
  } catch {
    // Type errors still emit JavaScript; whether the program exists is what counts.
  }
  project.provide('cliDist', existsSync(bin) ? bin : '');
}
