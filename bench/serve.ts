/**
 * `vppapi serve` as a child process (the built program) over real sockets:
 *
 *   npm run bench:serve [-- --seconds S --clients C --interfaces N --threads T --requests R --against DIR --only PART]
 *
 * `--against DIR` serves another built checkout's serve beside this build's (A/B in one
 * run: parts 1 and 3).
 *
 * 1. POST /api/show_version from 50 concurrent keep-alive HTTP connections (wrk when
 *    installed, else a lean client in this process), requests per second, beside
 *    session.call('show_version') with 50 in flight on one session in the same run,
 *    against the same emulator (a child process). Goal: ≥ 0.5×. Beside it, the floor: a
 *    trivial node:http server answering the same POST with the same bytes.
 * 2. GET /metrics of a segment of 1,000 interfaces × 4 threads (served by the emulator's
 *    stats server in this process), median of 20 round trips, beside the library's own
 *    read of the same segment (a reader kept open, as serve keeps one), a tick of traffic
 *    before every round, taken in turn. Goal: ≤ 1.5×. `--against` adds that build's serve
 *    to the same rounds. Beside the times, the CPU time per scrape of each server and of
 *    this process as the client (on a shared machine, the CPU of both ends is what a
 *    scrape costs; their overlap is what the time gains).
 * 3. The server's resident memory (VmRSS) after 1,000 requests and after 100,000, in a
 *    fresh serve process, settled and after full collections, with the V8 heap in use,
 *    external memory and glibc malloc's arenas (memoryGrowth), in 3 runs of fresh
 *    processes (`--memory-runs N`) and their median. Goal: within 10 %. `--memory-detail`
 *    prints the figures after every 10,000 and the RSS samples of each settle
 *    (`--settle-max MS`, default 30,000).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSession } from '../src/client/session/connect.js';
import { gunzipSync } from 'node:zlib';
import { BufferSource, openStats, StatsSegment } from '../src/client/stats/index.js';
import { PrometheusRenderer } from '../src/format/stats/stats-prometheus.js';
import { scrapeSegment } from '../src/commands/serve/segment-scrape.js';
import { StatsServer } from '../src/emulator/stats/stats-server.js';
import { arg, median, startServer } from './harness.js';
import { findWrk, KeepAliveConnection, postBytes, runWrk } from './http-load.js';

const SECONDS = Number(arg('--seconds') ?? 3);
const CLIENTS = Number(arg('--clients') ?? 50);
const N = Number(arg('--interfaces') ?? 1000);
const THREADS = Number(arg('--threads') ?? 4);
const REQUESTS = Number(arg('--requests') ?? 100_000);
/** Rounds of part 1 (each server, then session.call, in turn); each figure is their median. */
const ROUNDS = Number(arg('--rounds') ?? 5);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'vppapi.cjs');
/** The memory probe loaded into serve for part 3 (serve-probe.ts). */
const PROBE = resolve(import.meta.dirname, 'serve-probe.js');
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there when it stops (node --cpu-prof). */
const PROF = arg('--cpu-prof');
/** `--only api|metrics|memory`: one part of the bench. */
const ONLY = arg('--only');
const part = (p: string) => ONLY === undefined || ONLY === p;
const body = '{}';

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/** POST `body` to `path`; the answer's text. @throws on a status other than 200. */
function postOnce(port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let t = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (t += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(t) : reject(new Error(`POST ${path} answered ${res.statusCode}: ${t}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * GET `path` as a scraper does: every byte taken off the socket, none decoded or copied
 * (the time is the server's and the transport's), on a keep-alive connection; resolves
 * once the whole answer is in, with the server's own vpp_scrape_duration_seconds (read
 * and format) in ms, found in the last two chunks (the health series comes last).
 */
function fetchAll(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (c: string) => (text += c.slice(0, 300 - text.length)));
        res.on('end', () => reject(new Error(`GET ${path} on port ${port}: ${res.statusCode} ${text}`)));
        return;
      }
      let before: Buffer | undefined;
      let last: Buffer | undefined;
      res.on('data', (c: Buffer) => {
        before = last;
        last = c;
      });
      res.on('end', () => {
        const tail = Buffer.concat([before ?? Buffer.alloc(0), last ?? Buffer.alloc(0)]).toString('latin1');
        // serve answers 200 with vpp_up 0 when it cannot read the segment: no scrape to time.
        if (/^vpp_up 0$/m.test(tail)) return reject(new Error(`GET ${path} on port ${port}: vpp_up 0, the server could not read the segment`));
        resolve(Number(/vpp_scrape_duration_seconds ([\d.]+)/.exec(tail)?.[1]) * 1000);
      });
    }).on('error', reject).end();
  });
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let t = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (t += c));
      res.on('end', () => resolve(t));
    }).on('error', reject).end();
  });
}

/** Runs `one` from `clients` loops for `seconds`; requests per second. */
async function rate(clients: number, seconds: number, one: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      await one();
      n++;
    }
  }));
  return n / ((performance.now() - t0) / 1000);
}

/** Exactly `total` calls of `one` from `clients` loops. */
async function count(clients: number, total: number, one: () => Promise<unknown>): Promise<void> {
  let left = total;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (left-- > 0) await one();
  }));
}

/** CPU time (user + system) of process `pid` so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const after = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(after[11]) + Number(after[12])) * 10;
}

/** One timed round: its rate, and CPU time per request (µs) of the server, the emulator and the load generator. */
interface Round {
  perSecond: number;
  us: { server: number; emu: number; gen: number };
}

/**
 * Runs `drive` (one round of load; it says how many requests it made, at what rate, and
 * the CPU time its generator used) and reads the server's and the emulator's CPU time
 * around it. `serverPid` undefined: the server is this process (session.call), counted as the generator.
 */
async function measured(serverPid: number | undefined, emuPid: number, drive: () => Promise<{ n: number; perSecond: number; genMs: number }>): Promise<Round> {
  const s0 = serverPid === undefined ? 0 : cpuMs(serverPid);
  const e0 = cpuMs(emuPid);
  const r = await drive();
  const per = (ms: number) => (ms * 1000) / r.n;
  return { perSecond: r.perSecond, us: { server: serverPid === undefined ? 0 : per(cpuMs(serverPid) - s0), emu: per(cpuMs(emuPid) - e0), gen: per(r.genMs) } };
}

/** `rate` of `one` from this process, with the CPU time this process used. */
async function inProcess(clients: number, seconds: number, one: () => Promise<unknown>): Promise<{ n: number; perSecond: number; genMs: number }> {
  const b0 = process.cpuUsage();
  let n = 0;
  const perSecond = await rate(clients, seconds, () => (n++, one()));
  const b = process.cpuUsage(b0);
  return { n, perSecond, genMs: (b.user + b.system) / 1000 };
}

/** An HTTP server answering POST /api/show_version: this build's serve, another build's, the node:http floor. */
export interface PostTarget {
  label: string;
  port: number;
  pid: number;
}

/**
 * The floor: a node:http server that reads each request's body and answers with a fixed
 * JSON body (the same bytes serve answers), and nothing else. What any node:http server
 * costs per request on this machine; serve cannot go below it.
 */
const REFERENCE_SERVER = `
const body = process.env.REFERENCE_BODY;
require('node:http').createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(0, '127.0.0.1', function () { process.stderr.write('serving on http://127.0.0.1:' + this.address().port + '\\n'); });
`;

/** Starts the reference server answering `answer`. @throws when it does not come up. */
async function startReference(answer: string): Promise<ServeChild> {
  const child = spawn(process.execPath, ['-e', REFERENCE_SERVER], { env: { ...process.env, REFERENCE_BODY: answer }, stdio: ['ignore', 'ignore', 'pipe'] });
  return { child, port: await portOf(child) };
}

/**
 * 1. POST /api/show_version from CLIENTS keep-alive connections, to this build's serve,
 * the `--against` build's (when given) and the node:http floor, beside session.call with
 * CLIENTS in flight on one session. The load comes from wrk when it is installed (a C
 * client: on a machine with few cores a Node client's CPU competes with the server it
 * measures), else from the lean client in this process (http-load.ts). Rounds are taken in
 * turn (server after server, then session.call; each round starts one further along the list), ROUNDS times; each line is the median
 * round, with the CPU time per request of each process (the machine may be shared: the
 * ratio and the CPU per request are the figures to compare).
 */
async function apiRate(targets: PostTarget[], api: string, emuPid: number): Promise<void> {
  const { session } = await openSession({ socketPath: api });
  const wrk = findWrk();
  const path = '/api/show_version';
  let drive: (t: PostTarget, seconds: number) => Promise<{ n: number; perSecond: number; genMs: number }>;
  let cleanup = () => {};
  if (wrk) {
    drive = async (t, seconds) => {
      const w = await runWrk(wrk, { port: t.port, path, body, connections: CLIENTS, seconds });
      if (w.bad > 0) throw new Error(`${t.label}: ${w.bad} of ${w.requests} answers were not 2xx or failed`);
      return { n: w.requests, perSecond: w.perSecond, genMs: w.cpuMs };
    };
  } else {
    console.log('wrk is not installed (Debian package wrk): the load comes from the lean client in this process, whose CPU competes with the server on few cores');
    const raw = postBytes(path, body);
    const pools = new Map<PostTarget, KeepAliveConnection[]>();
    for (const t of targets) pools.set(t, await Promise.all(Array.from({ length: CLIENTS }, () => KeepAliveConnection.open(t.port))));
    cleanup = () => [...pools.values()].flat().forEach((k) => k.close());
    drive = (t, seconds) => {
      // As many loops as connections: a loop takes a free one and gives it back.
      const free = [...pools.get(t)!];
      return inProcess(CLIENTS, seconds, async () => {
        const c = free.pop()!;
        const status = await c.request(raw);
        free.push(c);
        if (status !== 200) throw new Error(`${t.label}: POST ${path} answered ${status}`);
      });
    };
  }
  const call = (seconds: number) => inProcess(CLIENTS, seconds, () => session.call('show_version'));
  // Warm-up: the JIT of every process, the connections.
  for (const t of targets) await drive(t, 1);
  await call(1);
  const rounds = new Map<PostTarget | 'call', Round[]>();
  const add = (k: PostTarget | 'call', r: Round) => rounds.set(k, [...(rounds.get(k) ?? []), r]);
  // Each round starts with the next one in the list: no server always runs first, or after the same one.
  const order: (PostTarget | 'call')[] = [...targets, 'call'];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < order.length; i++) {
      const k = order[(r + i) % order.length]!;
      add(k, k === 'call' ? await measured(undefined, emuPid, () => call(SECONDS)) : await measured(k.pid, emuPid, () => drive(k, SECONDS)));
    }
  }
  const mid = (xs: Round[]) => xs.find((x) => x.perSecond === median(xs.map((y) => y.perSecond)))!;
  const cm = mid(rounds.get('call')!);
  const gen = wrk ? 'wrk' : 'bench';
  console.log(`POST ${path}, ${CLIENTS} keep-alive connections from ${wrk ? 'wrk (one thread)' : 'the lean client'}, ${SECONDS} s rounds in turn, median of ${ROUNDS}:`);
  const width = Math.max(...targets.map((t) => t.label.length));
  for (const t of targets) {
    const m = mid(rounds.get(t)!);
    console.log(`  ${t.label.padEnd(width)}  ${m.perSecond.toFixed(0).padStart(6)} req/s  (${(m.perSecond / cm.perSecond).toFixed(2)}× session.call; goal ≥ 0.5×)  CPU per request: server ${m.us.server.toFixed(1)} µs, emulator ${m.us.emu.toFixed(1)} µs, ${gen} ${m.us.gen.toFixed(1)} µs`);
  }
  console.log(`  baseline: session.call('show_version'), ${CLIENTS} in flight on one session: ${cm.perSecond.toFixed(0)} calls/s; CPU per call: emulator ${cm.us.emu.toFixed(1)} µs, bench ${cm.us.gen.toFixed(1)} µs`);
  cleanup();
  await session.disconnect();
}

/** VPP's own exporter on a real VPP 26.06 (about 4,500 entries): the figure to approach. */
const C_EXPORTER_MS = 5.4;
// dist/bench → the checkout → ../shared
const CAPTURE = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'captures', 'v26.06-statseg.bin.gz');

/**
 * The reference: vpp_prometheus_export answers a scrape of a real VPP 26.06 (~4,500
 * entries) in 5.4 ms (median of 20). Beside it, in this process (no HTTP), the scrape of
 * the captured segment of such a VPP as serve makes it (segment-scrape.ts: the kept text
 * filled from the raw rows, the text given back after each scrape as the server does),
 * and a full read and render of it with a kept renderer (what every scrape did before).
 */
async function capturedScrape(): Promise<void> {
  console.log(`  reference: VPP's C exporter (vpp_prometheus_export), a scrape of a real VPP 26.06 with ~4,500 entries: ${C_EXPORTER_MS} ms median of 20`);
  if (!existsSync(CAPTURE)) return console.log(`  (the captured 26.06 segment is not at ${CAPTURE}: no figure beside it)`);
  const seg = new StatsSegment(new BufferSource(gunzipSync(readFileSync(CAPTURE))));
  const served = new PrometheusRenderer();
  const full = new PrometheusRenderer();
  const times: number[] = [];
  const fullTimes: number[] = [];
  let size = 0;
  for (let i = 0; i < 25; i++) {
    let t0 = performance.now();
    const text = await scrapeSegment(seg, served, {});
    if (i >= 5) times.push(performance.now() - t0);
    size = text.length;
    served.release(text);
    t0 = performance.now();
    const { entries } = await seg.read();
    const n = entries.find((e) => e.name === '/if/names')?.value;
    full.render(entries.filter((e) => !e.error), { names: n?.kind === 'names' ? n.names : undefined });
    if (i >= 5) fullTimes.push(performance.now() - t0);
  }
  console.log(`  the same VPP's captured segment (${(size / 1e6).toFixed(1)} MB of text), scraped here as serve does: ${median(times).toFixed(2)} ms median of 20; read in full and rendered with a kept renderer: ${median(fullTimes).toFixed(2)} ms`);
}

/**
 * A server that only sends `bytes` bytes (the same size as a scrape) to every GET, from a
 * child process as serve runs: the floor of moving that many bytes through HTTP on this
 * machine now, which no formatter can go below.
 */
async function sendOnlyChild(bytes: number): Promise<ServeChild> {
  const script = `const b = Buffer.alloc(${bytes}, 'x'); require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'text/plain', 'content-length': b.length }); r.end(b); }).listen(0, '127.0.0.1', function () { process.stderr.write('serving on http://127.0.0.1:' + this.address().port + '\\n'); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { child, port: await portOf(child) };
}

/**
 * 2. GET /metrics of the 1,000-interface × 4-thread segment beside the library's own read
 * of it (a reader kept open, every entry's value taken), with --no-interface-links, and
 * with --against another build's serve: a tick of the emulated traffic (counters
 * move), then one scrape of each and one read per round, taken in turn, so that a load
 * that comes and goes weighs on all of them alike; the medians of 20 rounds after 3 to warm up.
 */
async function scrapeTimes(site: Site, port: number, pid: number, tick: () => void, against?: { bin: string }): Promise<void> {
  const { statsSock } = site;
  const body0 = await get(port, '/metrics');
  const samples = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const series = samples(body0).length;
  // Every round starts with a tick: each interface's traffic counters move, as on a VPP
  // forwarding packets, so no scrape is answered from values that stood still.
  tick();
  const before = samples(await get(port, '/metrics'));
  tick();
  const after = samples(await get(port, '/metrics'));
  const moved = after.filter((l, i) => l !== before[i]).length;
  const mb = (Buffer.byteLength(body0) / 1e6).toFixed(1);
  const lean = await startServe(site, BIN, [], false, ['--no-interface-links']);
  const base = against ? await startServe(site, against.bin) : undefined;
  const baseLean = against ? await startServe(site, against.bin, [], false, ['--no-interface-links']) : undefined;
  const floor = await sendOnlyChild(Buffer.byteLength(body0));
  const seg = await openStats({ socketPath: statsSock });
  const t = { scrape: [] as number[], own: [] as number[], lean: [] as number[], read: [] as number[], base: [] as number[], baseOwn: [] as number[], baseLean: [] as number[], floor: [] as number[] };
  // CPU time (ms, over the timed rounds) of each server and of this process as the client, per scrape.
  const cpu = { scrape: 0, base: 0, client: 0, baseClient: 0, floor: 0, floorClient: 0 };
  const timed = async (into: number[], one: () => Promise<unknown>, r: number, own?: number[], server?: { pid: number; key: 'scrape' | 'base' | 'floor' }) => {
    const s0 = server ? cpuMs(server.pid) : 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const x = await one();
    if (r >= 3) {
      into.push(performance.now() - t0);
      if (own) own.push(x as number);
      if (server) {
        const c = process.cpuUsage(c0);
        cpu[server.key] += cpuMs(server.pid) - s0;
        cpu[server.key === 'scrape' ? 'client' : server.key === 'base' ? 'baseClient' : 'floorClient'] += (c.user + c.system) / 1000;
      }
    }
  };
  try {
    for (let r = 0; r < 23; r++) {
      tick();
      await timed(t.scrape, () => fetchAll(port, '/metrics'), r, t.own, { pid, key: 'scrape' });
      await timed(t.read, async () => {
        const { entries } = await seg.read();
        for (const e of entries) void e.value;
      }, r);
      await timed(t.lean, () => fetchAll(lean.port, '/metrics'), r);
      if (base) await timed(t.base, () => fetchAll(base.port, '/metrics'), r, t.baseOwn, { pid: base.child.pid!, key: 'base' });
      if (baseLean) await timed(t.baseLean, () => fetchAll(baseLean.port, '/metrics'), r);
      await timed(t.floor, () => fetchAll(floor.port, '/'), r, undefined, { pid: floor.child.pid!, key: 'floor' });
    }
  } finally {
    seg.close();
    for (const c of [lean, base, baseLean, floor]) if (c) await stop(c.child);
  }
  const m = (xs: number[]) => median(xs);
  const l = m(t.read);
  const x = (v: number) => `${(v / l).toFixed(2)}× the library's read`;
  console.log(`GET /metrics, ${series} series (${mb} MB), ${moved} of them moved before every round: ${m(t.scrape).toFixed(1)} ms median of 20  (${x(m(t.scrape))}; goal ≤ 1.5×)`);
  const per = (ms: number) => `${(ms / t.scrape.length).toFixed(1)} ms`;
  console.log(`  the server's vpp_scrape_duration_seconds: ${m(t.own).toFixed(1)} ms (${x(m(t.own))}): its read and format, before the first byte is sent`);
  console.log(`  CPU per scrape (user + system, from /proc, in 10 ms ticks summed over the 20 rounds): the server ${per(cpu.scrape)}, this process as the HTTP client ${per(cpu.client)}`);
  console.log(`  with --no-interface-links: ${m(t.lean).toFixed(1)} ms (${x(m(t.lean))})`);
  console.log(`  baseline: the library's read of the same segment (reader kept open, every entry's value taken): ${l.toFixed(1)} ms`);
  console.log(`  floor: the same ${mb} MB from a server that only sends them, through the same client: ${m(t.floor).toFixed(1)} ms (${x(m(t.floor))}); CPU per scrape: that server ${per(cpu.floor)}, the client ${per(cpu.floorClient)}`);
  if (base) {
    console.log(`  --against ${against!.bin}, same rounds: ${m(t.base).toFixed(1)} ms (${x(m(t.base))}), its vpp_scrape_duration_seconds ${m(t.baseOwn).toFixed(1)} ms; with --no-interface-links ${m(t.baseLean).toFixed(1)} ms; CPU per scrape: that server ${per(cpu.base)}, the client ${per(cpu.baseClient)}`);
  }
  await capturedScrape();
}

/** A server child and the port it listens on. */
interface ServeChild {
  child: ChildProcess;
  port: number;
}

/** The port a child prints in its `serving on http://127.0.0.1:PORT` line; stderr is drained after. @throws when it exits first. */
function portOf(child: ChildProcess): Promise<number> {
  let log = '';
  // Only the start-up lines are kept: one line per request would grow this process.
  return new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (c) => reject(new Error(`server exited ${c}: ${log}`)));
  });
}

/** Where serve talks to: the emulator's sockets, and the environment (a private HOME and cache). */
interface Site {
  api: string;
  statsSock: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Starts `vppapi serve` of the build whose program is `bin`, with Node flags `node`; with
 * `probe`, the memory probe is loaded into it (serve-probe.ts) over an IPC channel.
 * @throws when it does not come up.
 */
async function startServe(site: Site, bin: string, node: string[] = [], probe = false, extra: string[] = []): Promise<ServeChild> {
  const flags = probe ? ['--expose-gc', '--import', pathToFileURL(PROBE).href, ...node] : node;
  const child = spawn(process.execPath, [...flags, bin, '--socket', site.api, '--stats-socket', site.statsSock, 'serve', '--listen', '127.0.0.1:0', '--max-concurrent', String(CLIENTS * 2), ...extra], { env: site.env, stdio: ['ignore', 'ignore', 'pipe', ...(probe ? ['ipc' as const] : [])] });
  return { child, port: await portOf(child) };
}

/** SIGINT, then its exit. */
async function stop(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const gone = new Promise((r) => c.once('exit', r));
  c.kill('SIGINT');
  await gone;
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]);
}

interface ProbeAnswer {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** /proc/self/smaps_rollup, KiB. */
  kernel: Record<string, number>;
  /** glibc mallinfo2, bytes (absent when koffi could not load it). */
  malloc?: { arena: number; inUse: number; free: number; mmapped: number };
  error?: string;
}

/** One line of a probe's answer, MiB. */
function probeLine(p: ProbeAnswer): string {
  const m = (b: number) => (b / 1048576).toFixed(1);
  const k = p.kernel;
  const mal = p.malloc ? ` malloc: arenas ${m(p.malloc.arena)} (in use ${m(p.malloc.inUse)}, free ${m(p.malloc.free)}), mmap'd ${m(p.malloc.mmapped)}` : '';
  return `RSS ${m(p.rss)} (anonymous ${m((k.Anonymous ?? 0) * 1024)}, file ${m(((k.Shared_Clean ?? 0) + (k.Private_Clean ?? 0)) * 1024)}); V8 heap ${m(p.heapUsed)} of ${m(p.heapTotal)}; external ${m(p.external)} (array buffers ${m(p.arrayBuffers)});${mal}`;
}

/** Asks a probed serve child for its memory, after full collections with `gc`. @throws the probe's error. */
function probe(c: ChildProcess, ask: 'sample' | 'gc'): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    c.once('message', (m: ProbeAnswer) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    c.send(ask);
  });
}

/** What is read of a server's memory at one point. */
interface MemoryPoint {
  /** VmRSS (KiB) without requests, once settled: the median of the last 8 samples 250 ms apart, which are within 1 % of it (or those after 30 s). */
  settled: number;
  /** How long it took to settle (ms). */
  settleMs: number;
  /** After two full collections: VmRSS (KiB) and the V8 heap in use (KiB). */
  rssAfterGc: number;
  heapAfterGc: number;
  /** The V8 heap's reserved size after the collections (KiB): the young generation's growth shows here. */
  heapTotal: number;
  /** The whole probe answer after the collections. */
  detail: ProbeAnswer;
}

/** RSS samples of a settle: every SETTLE_STEP ms; settled when the last SETTLE_RUN are within 1 % of their median, or after SETTLE_MAX ms. */
const SETTLE_STEP = 250;
const SETTLE_RUN = 8;
const SETTLE_MAX = Number(arg('--settle-max') ?? 30_000);

async function memoryPoint(c: ChildProcess): Promise<MemoryPoint> {
  const samples: number[] = [];
  const t0 = performance.now();
  for (;;) {
    samples.push(rssKiB(c.pid!));
    const run = samples.slice(-SETTLE_RUN);
    const mid = median(run);
    if (run.length === SETTLE_RUN && Math.max(...run) - Math.min(...run) <= mid * 0.01) break;
    if (performance.now() - t0 > SETTLE_MAX) break;
    await sleep(SETTLE_STEP);
  }
  const settled = median(samples.slice(-SETTLE_RUN));
  const settleMs = performance.now() - t0;
  if (process.argv.includes('--memory-detail')) console.log(`    RSS samples while settling: ${samples.map((k) => (k / 1024).toFixed(1)).join(' ')}`);
  const g = await probe(c, 'gc');
  return { settled, settleMs, rssAfterGc: g.rss / 1024, heapAfterGc: g.heapUsed / 1024, heapTotal: g.heapTotal / 1024, detail: g };
}

/**
 * 3. Resident memory after 1,000 requests and after REQUESTS, of this build's serve and
 * (with --against) the other build's, each a fresh process started for this part (no
 * /metrics scrape or earlier load in it), both loaded in turn in chunks. Three figures at
 * each point: RSS settled (what the kernel gives the process: the goal's figure), and after
 * two full collections RSS and the V8 heap in use: a settled RSS that grows while the heap
 * after a collection does not is garbage not yet collected (GC timing); a heap that grows
 * is growth.
 */
async function memoryGrowth(site: Site, builds: { label: string; bin: string }[], run: number): Promise<{ label: string; settled: number; afterGc: number }[]> {
  const raw = postBytes('/api/show_version', body);
  const servers = await Promise.all(builds.map(async (b) => ({ ...b, ...(await startServe(site, b.bin, [], true)), points: [] as MemoryPoint[], series: [] as number[], details: [] as ProbeAnswer[] })));
  try {
    // Connections opened per chunk: a server closes keep-alive connections left idle while the other is loaded.
    const load = async (s: (typeof servers)[number], n: number) => {
      const conns = await Promise.all(Array.from({ length: CLIENTS }, () => KeepAliveConnection.open(s.port)));
      const free = [...conns];
      try {
        await count(CLIENTS, n, async () => {
          const c = free.pop()!;
          const status = await c.request(raw);
          free.push(c);
          if (status !== 200) throw new Error(`${s.label}: POST /api/show_version answered ${status}`);
        });
      } finally {
        for (const k of conns) k.close();
      }
    };
    for (const s of servers) await load(s, 1000);
    for (const s of servers) s.points.push(await memoryPoint(s.child));
    // RSS right after each chunk too: a sawtooth that falls back (old-space garbage collected) is not growth; a climb is.
    const chunk = 10_000;
    for (let done = 1000; done < REQUESTS; done += chunk) {
      for (const s of servers) {
        await load(s, Math.min(chunk, REQUESTS - done));
        s.series.push(rssKiB(s.child.pid!));
        s.details.push(await probe(s.child, 'sample'));
      }
    }
    for (const s of servers) s.points.push(await memoryPoint(s.child));
    const mib = (k: number) => `${(k / 1024).toFixed(1)} MiB`;
    const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
    console.log(`run ${run}: resident memory of serve after 1,000 and after ${REQUESTS.toLocaleString('en')} POST /api/show_version (a fresh process each; RSS settled = without requests, sampled every 250 ms until 8 in a row are within 1 % (at most 30 s), their median):`);
    for (const s of servers) {
      const [a, b] = s.points as [MemoryPoint, MemoryPoint];
      const within = (x: number, y: number) => Math.abs((y - x) / x) <= 0.1;
      const verdict = within(a.settled, b.settled) ? 'met' : within(a.rssAfterGc, b.rssAfterGc) && within(a.heapAfterGc, b.heapAfterGc) ? 'not met settled; met after full GC: the difference is garbage not yet collected' : 'NOT met, after full GC too: growth (the V8 heap in use beside the reserved heap says whether of objects or of reserved pages)';
      console.log(`  ${s.label}: goal ${verdict}`);
      console.log(`    RSS settled ${mib(a.settled)} → ${mib(b.settled)} (${pct(a.settled, b.settled)}; goal within 10 %; settled in ${(a.settleMs / 1000).toFixed(1)} s and ${(b.settleMs / 1000).toFixed(1)} s); after full GC: RSS ${mib(a.rssAfterGc)} → ${mib(b.rssAfterGc)} (${pct(a.rssAfterGc, b.rssAfterGc)}), V8 heap in use ${mib(a.heapAfterGc)} → ${mib(b.heapAfterGc)} (${pct(a.heapAfterGc, b.heapAfterGc)}) of ${mib(a.heapTotal)} → ${mib(b.heapTotal)} reserved`);
      console.log(`    RSS after each 10,000 (not settled): ${s.series.map((k) => (k / 1024).toFixed(0)).join(' ')} MiB`);
      console.log(`    after 1,000, full GC: ${probeLine(a.detail)}`);
      console.log(`    after ${REQUESTS.toLocaleString('en')}, full GC: ${probeLine(b.detail)}`);
      if (process.argv.includes('--memory-detail')) for (const [i, d] of s.details.entries()) console.log(`    after ${((i + 1) * chunk + 1000).toLocaleString('en')}: ${probeLine(d)}`);
    }
    const growth = (x: number, y: number) => ((y - x) / x) * 100;
    return servers.map((s) => ({ label: s.label, settled: growth(s.points[0]!.settled, s.points[1]!.settled), afterGc: growth(s.points[0]!.rssAfterGc, s.points[1]!.rssAfterGc) }));
  } finally {
    for (const s of servers) await stop(s.child);
  }
}

/** Fresh processes per build for part 3 (`--memory-runs`): one run's growth moves by several points from run to run. */
const MEMORY_RUNS = Number(arg('--memory-runs') ?? 3);

/** Part 3, MEMORY_RUNS times; then each build's growth per run and its median. */
async function memoryRuns(site: Site, builds: { label: string; bin: string }[]): Promise<void> {
  const runs: { label: string; settled: number; afterGc: number }[][] = [];
  for (let r = 1; r <= MEMORY_RUNS; r++) runs.push(await memoryGrowth(site, builds, r));
  const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
  console.log(`resident memory, ${MEMORY_RUNS} runs (goal: after ${REQUESTS.toLocaleString('en')} within 10 % of after 1,000):`);
  for (const [i, b] of builds.entries()) {
    const settled = runs.map((r) => r[i]!.settled);
    const gc = runs.map((r) => r[i]!.afterGc);
    console.log(`  ${b.label}: settled ${settled.map(f).join(', ')} (median ${f(median(settled))}); after full GC ${gc.map(f).join(', ')} (median ${f(median(gc))})`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `--against DIR`: another built checkout (its dist/bin/vppapi.cjs), served beside this build's. */
function againstBuild(): { label: string; bin: string } | undefined {
  const dir = arg('--against');
  if (dir === undefined) return undefined;
  const bin = resolve(dir, 'dist', 'bin', 'vppapi.cjs');
  if (!existsSync(bin)) throw new Error(`--against ${dir}: no ${bin} (build that checkout first)`);
  return { label: `--against ${dir}`, bin };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-serve-'));
  const api = join(dir, 'api.sock');
  const statsSock = join(dir, 'stats.sock');
  const ifaces = Array.from({ length: N }, (_, i) => ({ swIfIndex: i, name: i === 0 ? 'local0' : `loop${i - 1}`, adminUp: i % 2 === 1 }));
  const stats = StatsServer.start({ socketPath: statsSock, threads: THREADS, intervalMs: 3_600_000, interfaces: () => ifaces });
  const emu = await startServer(resolve(import.meta.dirname, '..', 'src', 'emulator', 'main.js'), api, ['--quiet']);
  // Without NODE_EXTRA_CA_CERTS: reading extra certificates adds to every Node start, and serve makes no TLS client.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };
  delete env.NODE_EXTRA_CA_CERTS;
  const site: Site = { api, statsSock, env };
  const against = againstBuild();
  const extra: ServeChild[] = [];
  const { child, port } = await startServe(site, BIN, PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROF)] : []);
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  try {
    for (let i = 0; i < 3; i++) stats.tick();
    console.log(`vppapi serve (pid ${child.pid}) on 127.0.0.1:${port}; emulator child; stats: ${N} interfaces × ${THREADS} threads`);

    if (part('api')) {
      const targets: PostTarget[] = [{ label: 'this build', port, pid: child.pid! }];
      if (against) {
        const a = await startServe(site, against.bin, PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROF, 'against')] : []);
        extra.push(a);
        targets.push({ label: against.label, port: a.port, pid: a.child.pid! });
      }
      const answer = await postOnce(port, '/api/show_version', body);
      const ref = await startReference(answer);
      extra.push(ref);
      targets.push({ label: 'node:http floor', port: ref.port, pid: ref.child.pid! });
      await apiRate(targets, api, emu.child.pid!);
    }
    if (part('metrics')) await scrapeTimes(site, port, child.pid!, () => stats.tick(), against);
    if (part('memory')) await memoryRuns(site, [{ label: 'this build', bin: BIN }, ...(against ? [against] : [])]);
    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    agent.destroy();
    for (const c of [child, ...extra.map((e) => e.child)]) await stop(c);
    await emu.stop();
    stats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
