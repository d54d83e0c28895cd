/**
 * Startup time of a single call: the wall time of `vppapi show_version` (all 2,089
 * definitions of VPP 26.06 on disk, against a running emulator) beside a bare
 * `node -e 0` in the same run. Goal: at most 2.0 times bare Node for the installed
 * command (dist/bin/vppapi.cjs: the bundle with its code cache). Also shown: the same
 * bundle without the code cache, and the unbundled program (dist/bin/vppctl-api.js).
 *
 *   npm run bench:startup [-- --runs N] [--api-dir DIR]
 *
 * Runs alternate between the two commands so that load on the machine hits both alike;
 * medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, median, startServer } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const installed = join(root, 'dist', 'bin', 'vppapi.cjs');
const unbundled = join(root, 'dist', 'bin', 'vppctl-api.js');
const emulatorMain = join(root, 'dist', 'src', 'emulator', 'main.js');
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const runs = Number(arg('--runs') ?? 21);

/**
 * A cache dir of this run's own: the code cache is written by the first run that finds
 * none, so one left by another command (`exec`, `--help`) would hold other functions.
 */
const cacheHome = mkdtempSync(join(tmpdir(), 'vppapi-bench-cache-'));

function timed(args: string[], env: Record<string, string> = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

async function main(): Promise<void> {
  if (!existsSync(apiDir)) throw new Error(`no definitions at ${apiDir}: give --api-dir DIR`);
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-'));
  const socket = join(dir, 'api.sock');
  const emu = await startServer(emulatorMain, socket, ['--api-dir', apiDir, '--quiet'], 'inherit');
  try {
    const callArgs = ['--socket', socket, '--api-dir', apiDir, 'show_version'];
    const rows: { label: string; run: () => number; times: number[] }[] = [
      { label: 'node -e 0', run: () => timed(['-e', '0']), times: [] },
      { label: 'vppapi show_version (installed: bundle + code cache)', run: () => timed([installed, ...callArgs]), times: [] },
      { label: '  the bundle without code cache', run: () => timed([installed, ...callArgs], { VPPAPI_NO_CODE_CACHE: '1' }), times: [] },
      { label: '  unbundled (dist/bin/vppctl-api.js)', run: () => timed([unbundled, ...callArgs]), times: [] },
    ];
    for (const r of rows) r.run(); // warm the file cache (and write the code cache)
    // Alternating, so that load on the machine hits every row alike.
    for (let i = 0; i < runs; i++) for (const r of rows) r.times.push(r.run());
    const bare = median(rows[0]!.times);
    console.log(`definitions: ${apiDir}; ${runs} runs each, medians`);
    for (const r of rows) {
      const m = median(r.times);
      console.log(`${r.label.padEnd(54)} ${m.toFixed(1).padStart(6)} ms  (min ${Math.min(...r.times).toFixed(1)})  ${(m / bare).toFixed(2)}×`);
    }
    console.log('goal: the installed command ≤ 2.0× node -e 0');
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

await main();
