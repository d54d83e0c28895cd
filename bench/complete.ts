/**
 * Latency of shell completion: the wall time of `vppapi __complete` (what each Tab press
 * in bash, zsh or fish runs) at three positions, with VPP 26.06's 2,089 definitions on
 * disk and with the built-in set, beside a bare `node -e 0` and beside the in-process
 * part (loading the engine's definitions and computing the candidates, no process start).
 *
 *   npm run build && node dist/bench/complete.js [--runs N] [--api-dir DIR]
 *
 * Runs alternate between the commands so that load on the machine hits all alike;
 * medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { complete } from '../src/commands/complete/engine.js';
import { completionSource } from '../src/commands/complete/shell-definitions.js';
import { arg, median } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'bin', 'vppctl-api.js');
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const runs = Number(arg('--runs') ?? 15);

const POSITIONS: { label: string; words: string[] }[] = [
  { label: 'message name  sw_interface_set_<Tab>', words: ['sw_interface_set_'] },
  { label: 'flag          sw_interface_set_flags --<Tab>', words: ['sw_interface_set_flags', '--'] },
  { label: 'enum value    sw_interface_set_flags --flags <Tab>', words: ['sw_interface_set_flags', '--flags', ''] },
];

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

async function inProcess(dir: string | undefined, env: NodeJS.ProcessEnv, words: string[]): Promise<number> {
  const t0 = performance.now();
  const src = await completionSource(dir, env);
  await complete(src, words.slice(0, -1), words[words.length - 1]!);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const cache = mkdtempSync(join(tmpdir(), 'vppapi-bench-'));
  // No cache of VPP's definitions and no installed ones: only what each row names.
  const env = { ...process.env, XDG_CACHE_HOME: cache, VPP_API_DIR: '' };
  const sets: { label: string; dir?: string }[] = [{ label: 'built-in set' }];
  if (existsSync(apiDir)) sets.unshift({ label: `26.06 files (${apiDir})`, dir: apiDir });
  else console.log(`(no definitions at ${apiDir}: give --api-dir DIR for the full set)`);
  try {
    const bare = ['-e', '0'];
    timed(bare, env);
    const bareTimes: number[] = [];
    for (const set of sets) {
      console.log(`definitions: ${set.label}`);
      for (const pos of POSITIONS) {
        const args = [cli, '__complete', '--shell', 'bash', '--', ...(set.dir ? ['--api-dir', set.dir] : []), ...pos.words];
        timed(args, env); // warm the file cache
        const t: number[] = [];
        for (let i = 0; i < runs; i++) {
          t.push(timed(args, env));
          bareTimes.push(timed(bare, env));
        }
        const inner: number[] = [];
        for (let i = 0; i < runs; i++) inner.push(await inProcess(set.dir, env, pos.words));
        console.log(`  ${pos.label.padEnd(52)} median ${median(t).toFixed(1)} ms  (min ${Math.min(...t).toFixed(1)}; engine and definitions in-process ${median(inner).toFixed(1)} ms)`);
      }
    }
    console.log(`node -e 0 ${' '.repeat(50)} median ${median(bareTimes).toFixed(1)} ms  (${runs} runs per row)`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

await main();
