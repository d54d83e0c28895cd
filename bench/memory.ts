/**
 * Resident memory of the shell: `vppapi repl` with all 2,089 definitions of VPP 26.06
 * resolved (as the shell holds them, for completion of every message) and one dump
 * done, beside a bare `node` idling in the same run. Goal: the shell at most 60 MB.
 *
 *   npm run bench:memory [-- --runs N] [--api-dir DIR]
 *
 * RSS and its peak (VmHWM) are read from /proc/<pid>/status (Linux) once the dump's
 * table has been printed and the shell is waiting for its next line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, median, startServer } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const installed = join(root, 'dist', 'bin', 'vppapi.cjs');
const unbundled = join(root, 'dist', 'bin', 'vppctl-api.js');
const emulatorMain = join(root, 'dist', 'src', 'emulator', 'main.js');
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const runs = Number(arg('--runs') ?? 5);

interface Mem {
  rss: number;
  peak: number;
}

/** VmRSS and VmHWM of `pid`, in MB. */
function memOf(pid: number): Mem {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function exited(c: ChildProcess): Promise<void> {
  return c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));
}

/** A bare Node process, idle, for the baseline. */
async function bareNode(): Promise<Mem> {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(300);
  const m = memOf(c.pid!);
  c.kill();
  await exited(c);
  return m;
}

/** The shell on `socket`: one sw_interface_dump, then its memory while it waits for the next line. */
async function shell(program: string, socket: string, home: string): Promise<Mem> {
  const c = spawn(process.execPath, [program, '--socket', socket, '--api-dir', apiDir, 'repl', '--no-history'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', HOME: home, XDG_CACHE_HOME: join(home, '.cache') },
  });
  let out = '';
  let err = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const until = async (re: RegExp, ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > end || c.exitCode !== null) throw new Error(`the shell did not print ${re} (stdout: ${out.slice(-300)}; stderr: ${err.slice(-300)})`);
      await sleep(10);
    }
  };
  try {
    await until(/Connected to VPP/, 20_000);
    c.stdin!.write('sw_interface_dump\n');
    await until(/local0[\s\S]*vppapi> $/, 20_000);
    await sleep(200);
    return memOf(c.pid!);
  } finally {
    c.stdin!.end('.exit\n');
    const t = setTimeout(() => c.kill(), 5000);
    await exited(c);
    clearTimeout(t);
  }
}

async function main(): Promise<void> {
  if (!existsSync(apiDir)) throw new Error(`no definitions at ${apiDir}: give --api-dir DIR`);
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-mem-'));
  const socket = join(dir, 'api.sock');
  const emu = await startServer(emulatorMain, socket, ['--api-dir', apiDir, '--quiet'], 'inherit');
  try {
    const rows: { label: string; run: () => Promise<Mem>; got: Mem[] }[] = [
      { label: 'node (idle, bare)', run: bareNode, got: [] },
      { label: 'vppapi repl (installed), all definitions, one dump', run: () => shell(installed, socket, dir), got: [] },
      { label: '  unbundled (dist/bin/vppctl-api.js)', run: () => shell(unbundled, socket, dir), got: [] },
    ];
    await rows[1]!.run(); // writes the code cache and the name index
    for (let i = 0; i < runs; i++) for (const r of rows) r.got.push(await r.run());
    console.log(`definitions: ${apiDir}; ${runs} runs each, medians`);
    const bare = median(rows[0]!.got.map((m) => m.rss));
    for (const r of rows) {
      const rss = median(r.got.map((m) => m.rss));
      const peak = median(r.got.map((m) => m.peak));
      console.log(`${r.label.padEnd(52)} RSS ${rss.toFixed(1).padStart(5)} MB  peak ${peak.toFixed(1).padStart(5)} MB  ${(rss / bare).toFixed(2)}× bare`);
    }
    console.log('goal: the shell ≤ 60 MB');
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
