/**
 * Startup time of a single call: the wall time of `vppapi show_version` (all 2,089
 * definitions of VPP 26.06 on disk, against a running emulator) beside a bare
 * `node -e 0` in the same run. Goal: at most 2.5 times bare Node.
 *
 *   npm run bench:startup [-- --runs N] [--api-dir DIR]
 *
 * Runs alternate between the two commands so that load on the machine hits both alike;
 * medians are reported.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'bin', 'vppctl-api.js');
const emulatorMain = join(root, 'dist', 'src', 'emulator', 'main.js');
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const runs = Number(arg('--runs') ?? 21);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

async function waitFor(path: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > end) throw new Error(`the emulator did not create ${path} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  if (!existsSync(apiDir)) throw new Error(`no definitions at ${apiDir}: give --api-dir DIR`);
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-'));
  const socket = join(dir, 'api.sock');
  const emu = spawn(process.execPath, [emulatorMain, '--socket', socket, '--api-dir', apiDir, '--quiet'], { stdio: 'inherit' });
  try {
    await waitFor(socket, 10_000);
    const call = [cli, '--socket', socket, '--api-dir', apiDir, 'show_version'];
    const bare = ['-e', '0'];
    timed(call); // warm the file cache
    timed(bare);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(timed(call));
      b.push(timed(bare));
    }
    const ma = median(a);
    const mb = median(b);
    console.log(`definitions: ${apiDir}`);
    console.log(`vppapi show_version  median ${ma.toFixed(1)} ms  (min ${Math.min(...a).toFixed(1)}, ${runs} runs)`);
    console.log(`node -e 0            median ${mb.toFixed(1)} ms  (min ${Math.min(...b).toFixed(1)})`);
    console.log(`ratio ${(ma / mb).toFixed(2)} (goal ≤ 2.5)`);
  } finally {
    emu.kill('SIGINT');
    await new Promise((r) => emu.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
