/**
 * Builds dist/ once before the tests (`npx tsc -p tsconfig.json`, then the bundle of
 * scripts/bundle.mjs), so that the CLI tests can run the real program (`node
 * dist/bin/vppctl-api.js`) and the installed command (`dist/bin/vppapi.cjs`, the bundle)
 * as child processes. Type errors elsewhere in the tree do not stop the build (tsc still
 * emits); when no program comes out, `cliDist` (or `cliBundle`) is '' and those tests are
 * skipped (the in-process ones still run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of dist/bin/vppctl-api.js, or '' when it could not be built. */
    cliDist: string;
    /** Absolute path of dist/bin/vppapi.cjs with its bundle beside it, or '' when it could not be built. */
    cliBundle: string;
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
  const installed = join(root, 'dist', 'bin', 'vppapi.cjs');
  let bundled = false;
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'pipe', timeout: 120_000 });
    bundled = existsSync(join(root, 'dist', 'bin', 'vppapi.bundle.cjs'));
  } catch {
    /* no bundle: its tests are skipped */
  }
  project.provide('cliBundle', bundled && existsSync(installed) ? installed : '');
}
