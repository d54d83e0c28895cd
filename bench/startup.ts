/**
 * Start-up time of a single call, beside a bare `node -e 0` in the same run, split by
 * what the call does (all 2,089 definitions of VPP 26.06 on disk, an emulator serving
 * them on a socket):
 *
 * | row                      | what it adds to bare Node                                        |
 * |--------------------------|------------------------------------------------------------------|
 * | `--version`              | loading the bundle (code cache) and its top level                |
 * | `--emulator show_version` | the built-in definitions, an in-process emulator, one call      |
 * | `show_version`           | definitions read from the directory, a socket, one call          |
 * | `exec` of a 1-line script | the same as a script: what a long `exec` pays before its first line |
 * | the same, after `--version` | as above, in a cache dir whose code cache `--version` wrote first |
 *
 * Goal: the installed command (dist/bin/vppapi.cjs: the bundle with its code cache) at
 * most 2.0 times bare Node. Also shown for `show_version`: the same bundle without the
 * code cache, and the unbundled program (dist/bin/vppctl-api.js).
 *
 *   npm run bench:startup [-- --runs N] [--api-dir DIR] [--baseline DIST]
 *
 * `--baseline DIST`: another build's dist directory (e.g. the main branch's, built and
 * copied aside); each row then runs both builds, and the figures are an A/B of one run.
 * Runs alternate between all rows so that load on the machine hits each alike; medians
 * are reported, with the load average before and after, and (on Linux) the mean CPU time
 * of each row's runs, which a loaded machine disturbs less than wall time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, median, startServer } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const baseline = arg('--baseline');
const emulatorMain = join(dist, 'src', 'emulator', 'main.js');
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const runs = Number(arg('--runs') ?? 21);

/** The temporary directory of this run: the socket, the script, each build's cache. */
const tmp = mkdtempSync(join(tmpdir(), 'vppapi-bench-startup-'));

/**
 * A cache dir per build and command: the code cache is written by the first run that
 * finds none, so one left by another command (`exec`, `--help`) would hold other
 * functions; a build must not prune or rebuild another's files.
 */
function cacheHome(build: string, cmd: string): string {
  return join(tmp, `cache-${build}-${cmd}`);
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

/**
 * CPU time (user + system, ms) of this process's waited-for children so far, from
 * /proc/self/stat (Linux); undefined elsewhere. CPU time is what a change saves; wall
 * time on a loaded machine also holds the waits for the other processes.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * TICK_MS; // cutime, cstime (fields 16, 17)
  } catch {
    return undefined;
  }
}

interface Run {
  wall: number;
  cpu: number | undefined;
}

function timed(args: string[], env: Record<string, string> = {}): Run {
  const c0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return { wall, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 };
}

interface Row {
  label: string;
  run: () => Run;
  times: number[];
  /** CPU ms of each run (whole ticks: only their mean over many runs means much). */
  cpu: number[];
  /** Run once before the warm-up run. */
  prepare?: () => void;
}

interface Build {
  name: string;
  dir: string;
}

function rowsFor(socket: string, script: string): Row[][] {
  const builds: Build[] = [...(baseline ? [{ name: 'baseline', dir: resolve(baseline) }] : []), { name: 'this', dir: dist }];
  const commands: { cmd: string; label: string; args: string[] }[] = [
    { cmd: 'version', label: '--version', args: ['--version'] },
    { cmd: 'emulator', label: '--emulator show_version', args: ['--emulator', 'show_version'] },
    { cmd: 'call', label: 'show_version', args: ['--socket', socket, '--api-dir', apiDir, 'show_version'] },
    { cmd: 'exec', label: 'exec (1 line)', args: ['--socket', socket, '--api-dir', apiDir, 'exec', script] },
  ];
  const bare: Row = { label: 'node -e 0', run: () => timed(['-e', '0']), times: [], cpu: [] };
  const groups: Row[][] = commands.map((c) => [
    bare,
    ...builds.map((b) => ({
      label: `${c.label} (${b.name})`,
      run: () => timed([join(b.dir, 'bin', 'vppapi.cjs'), ...c.args], { XDG_CACHE_HOME: cacheHome(b.name, c.cmd) }),
      times: [],
      cpu: [],
    })),
  ]);
  // A user's cache dir is written by whatever ran first; here `--version`, then exec.
  const exec = commands[3]!.args;
  groups.push([
    bare,
    ...builds.map((b) => ({
      label: `exec (1 line), cache dir first used by --version (${b.name})`,
      prepare: () => void timed([join(b.dir, 'bin', 'vppapi.cjs'), '--version'], { XDG_CACHE_HOME: cacheHome(b.name, 'version-then-exec') }),
      run: () => timed([join(b.dir, 'bin', 'vppapi.cjs'), ...exec], { XDG_CACHE_HOME: cacheHome(b.name, 'version-then-exec') }),
      times: [],
      cpu: [],
    })),
  ]);
  const call = commands[2]!.args;
  groups.push([
    bare,
    { label: 'show_version, the bundle without code cache', run: () => timed([join(dist, 'bin', 'vppapi.cjs'), ...call], { VPPAPI_NO_CODE_CACHE: '1', XDG_CACHE_HOME: cacheHome('this', 'call') }), times: [], cpu: [] },
    { label: 'show_version, unbundled (dist/bin/vppctl-api.js)', run: () => timed([join(dist, 'bin', 'vppctl-api.js'), ...call], { XDG_CACHE_HOME: cacheHome('this', 'call') }), times: [], cpu: [] },
  ]);
  return groups;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  if (!existsSync(apiDir)) throw new Error(`no definitions at ${apiDir}: give --api-dir DIR`);
  const socket = join(tmp, 'api.sock');
  const script = join(tmp, 'one-line.txt');
  writeFileSync(script, 'sw_interface_set_flags --sw-if-index 0 --flags 0\n');
  const emu = await startServer(emulatorMain, socket, ['--api-dir', apiDir, '--quiet'], 'inherit');
  try {
    const groups = rowsFor(socket, script);
    const rows = [...new Set(groups.flat())];
    for (const r of rows) r.prepare?.();
    for (const r of rows) r.run(); // warm the file cache (and write the code cache, the name index)
    const loadBefore = load();
    // Alternating, so that load on the machine hits every row alike.
    for (let i = 0; i < runs; i++) {
      for (const r of rows) {
        const t = r.run();
        r.times.push(t.wall);
        if (t.cpu !== undefined) r.cpu.push(t.cpu);
      }
    }
    const bare = median(rows[0]!.times);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bareCpu = rows[0]!.cpu.length === runs ? mean(rows[0]!.cpu) : undefined;
    console.log(`definitions: ${apiDir}; ${baseline ? `baseline: ${resolve(baseline)}; ` : ''}${runs} runs each, interleaved; wall: median (min); cpu: mean of the children's user+system time; load average before ${loadBefore}, after ${load()}`);
    for (const g of groups) {
      console.log('');
      for (const r of g) {
        const m = median(r.times);
        const above = r === rows[0] ? '' : ` +${(m - bare).toFixed(1)}`;
        const cpu = bareCpu === undefined || r.cpu.length !== runs ? '' : `  cpu ${mean(r.cpu).toFixed(1).padStart(6)} ms${r === rows[0] ? '' : ` +${(mean(r.cpu) - bareCpu).toFixed(1)}`}`;
        console.log(`${r.label.padEnd(50)} wall ${m.toFixed(1).padStart(6)} ms (min ${Math.min(...r.times).toFixed(1).padStart(6)}) ${(m / bare).toFixed(2)}×${above}${cpu}`);
      }
    }
    console.log('\ngoal: the installed command ≤ 2.0× node -e 0');
  } finally {
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
