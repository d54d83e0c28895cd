/**
 * `npm run bench:exec`: lines per second of `vppapi exec` running a 20,000-line script of
 * `sw_interface_set_flags --sw-if-index 0 --flags 0`, beside what the wire allows, all in
 * the same run and against the same servers:
 * - session.call in sequence (one round trip at a time): the baseline of plain exec;
 * - session.call pipelined, 64 in flight: the baseline of exec --pipeline (64 by default);
 * - the floor client (bench/floor-client.ts), standing in for VPP's C client
 *   `vpp_api_test`: a process of its own that sends one precomputed frame per line,
 *   blocks until its reply is whole and prints a line, through libc. Timed whole (its
 *   process start included, as `vpp_api_test`'s is) and net of start-up (its 1-line
 *   run taken off), with the round trip it measured itself.
 *
 * Servers, each in a child process: the emulator (a real implementation, slower than
 * VPP), the canned responder (bench/client-responder.ts: canned answers on Node's event
 * loop, ~40 µs a round trip) and the fast responder (bench/fast-responder.ts: the same
 * answers from a blocking loop through libc, as quick as VPP). exec runs as the installed
 * command (dist/bin/vppapi.cjs) with the 26.06 definitions; its figure is given from
 * wall time, and net of start-up (a 1-line script's wall time taken off). Goals: against
 * the emulator, exec ≥ 0.8× sequential calls and exec --pipeline ≥ 0.5× pipelined calls;
 * against the fast responder (issue 17's goals against `vpp_api_test` on a real VPP),
 * exec ≤ 1.5× the floor client's time and exec --pipeline ≤ 1.0×, both whole.
 *
 * `exec, event loop` is plain exec with VPPAPI_NO_BLOCKING_READ=1: answers waited for on
 * the event loop instead of read in the program's own thread (a script of 1,000 lines or
 * more otherwise), so the two figures side by side show what that read is worth.
 *
 * Beside them, where a cold run's time goes (wall time, then the same split of the
 * program's CPU time, user + system, reported by bench/cpu-at-exit.ts: what the
 * JavaScript costs, which a busy machine moves far less than wall time), each from fresh processes of the same run:
 * start-up (a 1-line script's wall time), then the cost per line of the first 2,000 lines
 * (a 2,000-line script, start-up taken off: V8 still compiling and optimizing) and of the
 * rest ((20,000 − 2,000 lines) / 18,000: the steady state).
 *
 * The machine's load moves both figures (a round trip between two processes is faster on
 * a busy machine, whose cores do not sleep), so each run measures its baselines right
 * before its exec, and the ratio given is the median of the runs' own ratios.
 *
 *   npm run bench:exec [-- --lines N] [--runs N (5; --pipeline 3N)] [--api-dir DIR]
 *                      [--server emulator|responder|fast|both (emulator and responder)|all, or a comma list]
 *                      [--cli PATH (another build's dist/bin/vppapi.cjs, to compare in the same run)]
 *                      [--modes seq,loop,pipeline (which of the three to time)]
 *                      [--baseline PATH[,PATH…] (other builds' dist/bin/vppapi.cjs: all timed in every run, in turn)]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getCodec } from '../src/client/codec/index.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema } from '../src/client/schema/load.js';
import { Session } from '../src/client/session/session.js';
import { type ChildServer, arg, median, startServer } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const cli = resolve(arg('--cli') ?? join(root, 'dist', 'bin', 'vppapi.cjs'));
/** `--baseline PATH[,PATH…]`: other builds' dist/bin/vppapi.cjs, timed in the same runs, in turn with this one (baseline 1, 2, … in the output). */
const baseline = arg('--baseline');
/** `--modes seq,loop,pipeline` (all by default): exec, exec with the event loop's wait, exec --pipeline. */
const only = (arg('--modes') ?? 'seq,loop,pipeline').split(',');
const clis = baseline === undefined ? [cli] : [cli, ...baseline.split(',').map((b) => resolve(b))];
const apiDir = arg('--api-dir') ?? resolve(root, '..', 'shared', 'vpp-api', 'v26.06');
const lines = Number(arg('--lines') ?? 20_000);
const runs = Number(arg('--runs') ?? 5);
/** `--server`: which servers, in this order. */
const SERVERS = ['emulator', 'responder', 'fast'] as const;
const which = ((w: string): Set<string> => new Set(w === 'both' ? ['emulator', 'responder'] : w === 'all' ? SERVERS : w.split(',')))(arg('--server') ?? 'both');
const WINDOW = 64;
/** The first lines of a cold run, timed apart from the rest. */
const FIRST = 2_000;
const LINE = 'sw_interface_set_flags --sw-if-index 0 --flags 0';
const ARGS = { sw_if_index: 0, flags: 0 };
const tmp = mkdtempSync(join(tmpdir(), 'vppapi-bench-exec-'));

interface Server extends ChildServer {
  label: string;
}

async function start(label: string, script: string, args: string[]): Promise<Server> {
  return { label, ...(await startServer(script, join(tmp, `${label}.sock`), args)) };
}

/** Calls per second of `n` calls: one after another ('seq'), or WINDOW in flight ('piped'). */
async function sessionRate(socketPath: string, n: number, mode: 'seq' | 'piped'): Promise<number> {
  const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
  const s = new Session({ socketPath, schema });
  await s.connect();
  try {
    for (let i = 0; i < 2000; i++) await s.call('sw_interface_set_flags', ARGS); // warm-up
    const t0 = performance.now();
    if (mode === 'seq') {
      for (let i = 0; i < n; i++) await s.call('sw_interface_set_flags', ARGS);
    } else {
      let sent = 0;
      await new Promise<void>((done, fail) => {
        let answered = 0;
        const one = (): void => {
          sent++;
          s.call('sw_interface_set_flags', ARGS).then(() => {
            if (++answered === n) done();
            else if (sent < n) one();
          }, fail);
        };
        for (let i = 0; i < Math.min(WINDOW, n); i++) one();
      });
    }
    return (n * 1000) / (performance.now() - t0);
  } finally {
    await s.disconnect();
  }
}

/** What one run of `vppapi exec` took: wall time and the program's CPU time (user + system), both in ms. */
interface Took {
  ms: number;
  cpu: number;
}

/** The module that reports a child's CPU time at its exit (bench/cpu-at-exit.ts). */
const cpuHook = pathToFileURL(join(import.meta.dirname, 'cpu-at-exit.js')).href;

/**
 * Each build's own cache directory (code cache, definitions index), fresh for this run.
 * exec's code cache keeps what the run that wrote it compiled and is not rewritten while
 * V8 takes it (bin/vppapi.cts), so a cache left by an earlier, shorter exec of one build
 * (a test's, say) would make its every run compile the per-line code anew (~30–50 ms of
 * CPU) while the other build's did not: here the same warm-up run writes both.
 */
const cacheHome = (cli: string): string => join(tmp, `cache-${clis.indexOf(cli)}`);

/** Wall and CPU time of `vppapi exec` (build `cli`) on a script of `count` lines. */
function execTime(cli: string, socketPath: string, count: number, extra: string[], env: Record<string, string> = {}): Took {
  const file = join(tmp, `script-${count}.txt`);
  if (!existsSync(file)) writeFileSync(file, `${LINE}\n`.repeat(count));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuHook, cli, '--socket', socketPath, '--api-dir', apiDir, 'exec', ...extra, file], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome(cli), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`exec ${extra.join(' ')} exited ${r.status}: ${String(r.stderr).slice(-500)}`);
  return { ms, cpu: Number(String(r.output[3])) / 1000 };
}

/** What one run of the floor client took: wall and CPU as Took, and the round trips' own time (ms) it reported. */
interface FloorTook extends Took {
  trips: number;
}

/** The floor client's request: the payload of `sw_interface_set_flags` (ARGS) and the names the server's table gives it. */
const floorRequest = ((): string[] => {
  const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
  const payload = getCodec(schema, 'sw_interface_set_flags').encode(0, ARGS).toString('hex');
  return ['--message', schema.messages.get('sw_interface_set_flags')!.key, '--payload', payload, '--delete', schema.messages.get('sockclnt_delete')!.key];
})();

/** Wall and CPU time of the floor client (bench/floor-client.ts) sending `count` lines. */
function floorTime(socketPath: string, count: number): FloorTook {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuHook, join(import.meta.dirname, 'floor-client.js'), '--socket', socketPath, '--lines', String(count), ...floorRequest], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const trips = /round trips in ([\d.]+) ms/.exec(String(r.stderr));
  if (r.status !== 0 || !trips) throw new Error(`floor client exited ${r.status}: ${String(r.stderr).slice(-500)}`);
  return { ms, cpu: Number(String(r.output[3])) / 1000, trips: Number(trips[1]) };
}

function pipelineSupported(): boolean {
  const r = spawnSync(process.execPath, [cli, 'exec', '--help'], { encoding: 'utf8' });
  return /--pipeline/.test(r.stdout);
}

const k = (x: number): string => `${(x / 1000).toFixed(1)} k/s`;

/** One build's timings of one mode, each run's: wall (ms), CPU (ms) of 1, FIRST and all lines. */
interface Timings {
  one: number[];
  first: number[];
  all: number[];
  cpuOne: number[];
  cpuFirst: number[];
  cpuAll: number[];
  ratios: number[];
  /** This build's wall time over the floor client's, each run's: whole, and net of both start-ups. */
  floorWhole: number[];
  floorNet: number[];
}

const spreadOf = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

const us = (ms: number, n: number): string => `${((ms * 1000) / n).toFixed(1)} µs`;

/** Start-up, then the cost per line of the first FIRST lines and of the rest, from medians of 1, FIRST and all lines. */
function split(one: number[], first: number[], all: number[]): string {
  return `start-up ${median(one).toFixed(0)} ms; first ${FIRST} lines ${us(median(first) - median(one), FIRST - 1)}; the rest ${us(median(all) - median(first), lines - FIRST)}`;
}

async function bench(s: Server, pipeline: boolean): Promise<void> {
  // A pipelined run takes a tenth of a sequential one and its ratio swings more: three times the runs.
  const modes: { key: string; label: string; extra: string[]; env?: Record<string, string>; rate: 'seq' | 'piped'; baseLabel: string; goal?: number; floorGoal?: number; runs: number }[] = [
    { key: 'seq', label: 'exec', extra: [], rate: 'seq', baseLabel: 'sequential session.call', goal: 0.8, floorGoal: 1.5, runs },
    // The same without reading answers in the program's own thread (src/client/transport/blocking-read.ts): what that read is worth.
    { key: 'loop', label: 'exec, event loop', extra: [], env: { VPPAPI_NO_BLOCKING_READ: '1' }, rate: 'seq', baseLabel: 'sequential session.call', runs },
  ];
  if (pipeline) modes.push({ key: 'pipeline', label: `exec --pipeline`, extra: ['--pipeline'], rate: 'piped', baseLabel: `session.call, ${WINDOW} in flight`, goal: 0.5, floorGoal: 1.0, runs: runs * 3 });
  console.log(`${s.label}:`);
  for (const m of modes) {
    if (!only.includes(m.key)) continue;
    const bases: number[] = [];
    const t = clis.map((): Timings => ({ one: [], first: [], all: [], cpuOne: [], cpuFirst: [], cpuAll: [], ratios: [], floorWhole: [], floorNet: [] }));
    const floor = { one: [] as number[], all: [] as number[], cpuOne: [] as number[], cpuAll: [] as number[], trips: [] as number[] };
    for (const c of clis) execTime(c, s.socketPath, lines, m.extra, m.env); // warm: code cache, name index, file cache
    for (let i = 0; i < m.runs; i++) {
      const base = await sessionRate(s.socketPath, lines, m.rate);
      bases.push(base);
      const floorOne = floorTime(s.socketPath, 1);
      const floorAll = floorTime(s.socketPath, lines);
      floor.one.push(floorOne.ms);
      floor.all.push(floorAll.ms);
      floor.cpuOne.push(floorOne.cpu);
      floor.cpuAll.push(floorAll.cpu);
      floor.trips.push(floorAll.trips);
      // Each build in turn within the run (the order alternating between runs): both see the same load.
      for (let j = 0; j < clis.length; j++) {
        const c = i % 2 === 0 ? j : clis.length - 1 - j;
        const x = t[c]!;
        const startup = execTime(clis[c]!, s.socketPath, 1, m.extra, m.env);
        const first = execTime(clis[c]!, s.socketPath, FIRST, m.extra, m.env);
        const wall = execTime(clis[c]!, s.socketPath, lines, m.extra, m.env);
        x.one.push(startup.ms);
        x.first.push(first.ms);
        x.all.push(wall.ms);
        x.cpuOne.push(startup.cpu);
        x.cpuFirst.push(first.cpu);
        x.cpuAll.push(wall.cpu);
        x.ratios.push((lines * 1000) / Math.max(1, wall.ms - startup.ms) / base);
        x.floorWhole.push(wall.ms / floorAll.ms);
        x.floorNet.push(Math.max(1, wall.ms - startup.ms) / Math.max(1, floorAll.ms - floorOne.ms));
      }
    }
    console.log(
      `  ${'floor client'.padEnd(17)} ${(median(floor.all) / 1000).toFixed(2)} s whole, ${((median(floor.all) - median(floor.one)) / 1000).toFixed(2)} s net of start-up (${median(floor.one).toFixed(0)} ms);` +
        ` round trip ${us(median(floor.trips), lines)} (its own timing); CPU per line ${us(median(floor.cpuAll) - median(floor.cpuOne), lines - 1)} net of start-up (${median(floor.cpuOne).toFixed(0)} ms)`,
    );
    for (let c = 0; c < clis.length; c++) {
      const { one, first, all, ratios } = t[c]!;
      const label = clis.length > 1 ? `${m.label} [${c === 0 ? 'this' : clis.length > 2 ? `baseline ${c}` : 'baseline'}]` : m.label;
      const wall = (lines * 1000) / median(all);
      const net_ = (lines * 1000) / Math.max(1, median(all) - median(one));
      const goal = m.goal && s.label === 'emulator' ? `  (goal ≥ ${m.goal})` : '';
      const spread = spreadOf(ratios);
      console.log(
        `  ${label.padEnd(17)} ${(median(all) / 1000).toFixed(2)} s: ${k(wall)} wall, ${k(net_)} net of start-up (${median(one).toFixed(0)} ms);` +
          ` ${m.baseLabel} ${k(median(bases))}; ratio ${median(ratios).toFixed(2)}× (runs ${spread})${goal}`,
      );
      console.log(`  ${''.padEnd(17)} per line, cold: ${split(one, first, all)}`);
      // CPU time: the program's own cost, which a busy machine moves far less than wall time.
      console.log(`  ${''.padEnd(17)} CPU per line, cold: ${split(t[c]!.cpuOne, t[c]!.cpuFirst, t[c]!.cpuAll)}`);
      const { floorWhole, floorNet } = t[c]!;
      const floorGoal = m.floorGoal && s.label === 'fast' ? `  (goal ≤ ${m.floorGoal.toFixed(1)}× whole)` : '';
      console.log(
        `  ${''.padEnd(17)} exec / floor client: ${median(floorWhole).toFixed(2)}× whole (runs ${spreadOf(floorWhole)}), ${median(floorNet).toFixed(2)}× net of start-up (runs ${spreadOf(floorNet)})${floorGoal}`,
      );
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(apiDir)) throw new Error(`no definitions at ${apiDir}: give --api-dir DIR`);
  const pipeline = pipelineSupported();
  if (lines <= FIRST) throw new Error(`--lines must be more than ${FIRST}: the first ${FIRST} are timed apart`);
  console.log(clis.length > 1 ? [`this: ${cli}`, ...clis.slice(1).map((b, i) => `baseline${clis.length > 2 ? ` ${i + 1}` : ''}: ${b}`)].join('\n') : `${cli}`);
  console.log(`${lines} lines of \`${LINE}\`; ${runs} runs of exec, ${runs * 3} of exec --pipeline, medians${pipeline ? '' : '; this build has no exec --pipeline'}`);
  const servers: Server[] = [];
  try {
    const scripts: Record<(typeof SERVERS)[number], [string, string[]]> = {
      emulator: [join(root, 'dist', 'src', 'emulator', 'main.js'), ['--api-dir', apiDir, '--quiet']],
      responder: [join(root, 'dist', 'bench', 'client-responder.js'), ['--interfaces', '10']],
      fast: [join(root, 'dist', 'bench', 'fast-responder.js'), ['--interfaces', '10']],
    };
    for (const w of which) if (!(SERVERS as readonly string[]).includes(w)) throw new Error(`--server ${w}: expected emulator, responder, fast, both or all`);
    for (const w of SERVERS) if (which.has(w)) servers.push(await start(w, ...scripts[w]));
    for (const s of servers) await bench(s, pipeline);
  } finally {
    for (const s of servers) await s.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
