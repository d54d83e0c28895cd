/**
 * `vppapi serve` as a child process (the built program) over real sockets:
 *
 *   npm run bench:serve [-- --seconds S --clients C --interfaces N --threads T --requests R]
 *
 * 1. POST /api/show_version from 50 concurrent HTTP clients (keep-alive), requests per
 *    second, beside session.call('show_version') with 50 in flight on one session in the
 *    same run, against the same emulator (a child process). Goal: ≥ 0.5×.
 * 2. GET /metrics of a segment of 1,000 interfaces × 4 threads (served by the emulator's
 *    stats server in this process), median of 20 round trips, beside the library's own
 *    read of the same segment (a reader kept open, as serve keeps one). Goal: ≤ 1.5×.
 * 3. The server's resident memory (VmRSS) after 1,000 requests and after 100,000. Goal:
 *    within 10 %.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSession } from '../src/client/session/connect.js';
import { gunzipSync } from 'node:zlib';
import { BufferSource, openStats, StatsSegment } from '../src/client/stats/index.js';
import { PrometheusRenderer } from '../src/format/stats/stats-prometheus.js';
import { StatsServer } from '../src/emulator/stats/stats-server.js';
import { arg, median, startServer } from './harness.js';
import { KeepAliveConnection, postBytes } from './http-load.js';

const SECONDS = Number(arg('--seconds') ?? 3);
const CLIENTS = Number(arg('--clients') ?? 50);
const N = Number(arg('--interfaces') ?? 1000);
const THREADS = Number(arg('--threads') ?? 4);
const REQUESTS = Number(arg('--requests') ?? 100_000);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'vppapi.cjs');
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there when it stops (node --cpu-prof). */
const PROF = arg('--cpu-prof');
/** `--only api|metrics|memory`: one part of the bench. */
const ONLY = arg('--only');
const part = (p: string) => ONLY === undefined || ONLY === p;
const body = '{}';

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * GET `path`; resolves once the whole answer is in (its bytes not decoded: the time is the
 * server's), with the server's own vpp_scrape_duration_seconds (read and format) in ms.
 */
function fetchAll(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let tail = Buffer.alloc(0);
      res.on('data', (c: Buffer) => (tail = Buffer.concat([tail, c]).subarray(-200)));
      res.on('end', () => resolve(Number(/vpp_scrape_duration_seconds ([\d.]+)/.exec(tail.toString('latin1'))?.[1]) * 1000));
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

/** `rate` of `one`, with the CPU time per operation of the server, the emulator and this process. */
async function costed(pids: { serve: number; emu: number }, clients: number, seconds: number, one: () => Promise<unknown>): Promise<{ perSecond: number; us: { serve: number; emu: number; bench: number } }> {
  const s0 = cpuMs(pids.serve);
  const e0 = cpuMs(pids.emu);
  const b0 = process.cpuUsage();
  let n = 0;
  const perSecond = await rate(clients, seconds, () => (n++, one()));
  const b = process.cpuUsage(b0);
  const per = (ms: number) => (ms * 1000) / n;
  return { perSecond, us: { serve: per(cpuMs(pids.serve) - s0), emu: per(cpuMs(pids.emu) - e0), bench: (b.user + b.system) / n } };
}

/**
 * 1. POST /api/show_version from CLIENTS keep-alive connections (the lean client: one
 * request in flight on each) beside session.call with CLIENTS in flight on one session,
 * rounds taken in turn; the medians, and each side's CPU time per request (the machine
 * may be shared: the ratio and the CPU per request are the figures to compare).
 */
async function apiRate(port: number, api: string, servePid: number, emuPid: number): Promise<void> {
  const { session } = await openSession({ socketPath: api });
  const conns = await Promise.all(Array.from({ length: CLIENTS }, () => KeepAliveConnection.open(port)));
  const raw = postBytes('/api/show_version', body);
  // As many loops as connections: a loop takes a free one and gives it back.
  const free = [...conns];
  const viaHttp = async () => {
    const c = free.pop()!;
    const status = await c.request(raw);
    free.push(c);
    if (status !== 200) throw new Error(`POST /api/show_version answered ${status}`);
  };
  const pids = { serve: servePid, emu: emuPid };
  const loops = (one: () => Promise<unknown>) => rate(CLIENTS, 1, one);
  await loops(viaHttp);
  await loops(() => session.call('show_version'));
  const h: Awaited<ReturnType<typeof costed>>[] = [];
  const c: Awaited<ReturnType<typeof costed>>[] = [];
  for (let r = 0; r < 3; r++) {
    h.push(await costed(pids, CLIENTS, SECONDS, viaHttp));
    c.push(await costed(pids, CLIENTS, SECONDS, () => session.call('show_version')));
  }
  const mid = (xs: typeof h) => xs.find((x) => x.perSecond === median(xs.map((y) => y.perSecond)))!;
  const hm = mid(h);
  const cm = mid(c);
  const us = (x: typeof hm) => `serve ${x.us.serve.toFixed(1)} µs, emulator ${x.us.emu.toFixed(1)} µs, bench ${x.us.bench.toFixed(1)} µs`;
  console.log(`POST /api/show_version, ${CLIENTS} keep-alive clients: ${hm.perSecond.toFixed(0)} req/s  (${(hm.perSecond / cm.perSecond).toFixed(2)}× session.call; goal ≥ 0.5×)`);
  console.log(`  CPU per request: ${us(hm)}`);
  console.log(`  baseline: session.call('show_version'), ${CLIENTS} in flight on one session: ${cm.perSecond.toFixed(0)} calls/s; CPU per call: ${us(cm)}`);
  for (const k of conns) k.close();
  await session.disconnect();
}

/** VPP's own exporter on a real VPP 26.06 (about 4,500 entries): the figure to approach. */
const C_EXPORTER_MS = 5.4;
// dist/bench → the checkout → ../shared
const CAPTURE = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'captures', 'v26.06-statseg.bin.gz');

/**
 * The reference: vpp_prometheus_export answers a scrape of a real VPP 26.06 (~4,500
 * entries) in 5.4 ms (median of 20). Beside it, the read and render of the captured
 * segment of such a VPP in this process (no HTTP): the same work for the same entries.
 */
async function capturedScrape(): Promise<void> {
  console.log(`  reference: VPP's C exporter (vpp_prometheus_export), a scrape of a real VPP 26.06 with ~4,500 entries: ${C_EXPORTER_MS} ms median of 20`);
  if (!existsSync(CAPTURE)) return console.log(`  (the captured 26.06 segment is not at ${CAPTURE}: no figure beside it)`);
  const seg = new StatsSegment(new BufferSource(gunzipSync(readFileSync(CAPTURE))));
  const r = new PrometheusRenderer();
  const times: number[] = [];
  let series = 0;
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    const { entries } = await seg.read();
    const n = entries.find((e) => e.name === '/if/names')?.value;
    const text = r.render(entries.filter((e) => !e.error), { names: n?.kind === 'names' ? n.names : undefined });
    if (i >= 5) times.push(performance.now() - t0);
    series = text.length;
  }
  console.log(`  the same VPP's captured segment (${(series / 1e6).toFixed(1)} MB of text), read and rendered here with a kept renderer: ${median(times).toFixed(1)} ms median of 20`);
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-serve-'));
  const api = join(dir, 'api.sock');
  const statsSock = join(dir, 'stats.sock');
  const ifaces = Array.from({ length: N }, (_, i) => ({ swIfIndex: i, name: i === 0 ? 'local0' : `loop${i - 1}`, adminUp: i % 2 === 1 }));
  const stats = StatsServer.start({ socketPath: statsSock, threads: THREADS, intervalMs: 3_600_000, interfaces: () => ifaces });
  const emu = await startServer(resolve(import.meta.dirname, '..', 'src', 'emulator', 'main.js'), api, ['--quiet']);
  const env = { ...process.env, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };
  const child = spawn(process.execPath, [...(PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROF)] : []), BIN, '--socket', api, '--stats-socket', statsSock, 'serve', '--listen', '127.0.0.1:0', '--max-concurrent', String(CLIENTS * 2)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  // Only the start-up lines are kept: one line per request would grow this process.
  const port = await new Promise<number>((resolve, reject) => {
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
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${log}`)));
  });
  try {
    for (let i = 0; i < 3; i++) stats.tick();
    console.log(`vppapi serve (pid ${child.pid}) on 127.0.0.1:${port}; emulator child; stats: ${N} interfaces × ${THREADS} threads`);

    if (part('api')) await apiRate(port, api, child.pid!, emu.child.pid!);
    if (part('metrics')) {
    // 2. Scrape time beside the library's read.
    const body0 = await get(port, '/metrics');
    const series = body0.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const scrapes: number[] = [];
    const serverSide: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t0 = performance.now();
      const own = await fetchAll(port, '/metrics');
      if (i >= 3) scrapes.push(performance.now() - t0);
      if (i >= 3) serverSide.push(own);
    }
    const seg = await openStats({ socketPath: statsSock });
    const reads: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t0 = performance.now();
      const { entries } = await seg.read();
      for (const e of entries) void e.value;
      if (i >= 3) reads.push(performance.now() - t0);
    }
    seg.close();
    const lean: number[] = [];
    const childLean = spawn(process.execPath, [BIN, '--socket', api, '--stats-socket', statsSock, 'serve', '--listen', '127.0.0.1:0', '--no-interface-links'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const leanPort = await new Promise<number>((resolve) => {
      let t = '';
      childLean.stderr!.on('data', (d: Buffer) => {
        t += d.toString();
        const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(t);
        if (m) resolve(Number(m[1]));
      });
    });
    for (let i = 0; i < 23; i++) {
      const t0 = performance.now();
      await fetchAll(leanPort, '/metrics');
      if (i >= 3) lean.push(performance.now() - t0);
    }
    childLean.kill('SIGINT');
    const s = median(scrapes);
    const l = median(reads);
    console.log(`GET /metrics, ${series} series (${(body0.length / 1e6).toFixed(1)} MB): ${s.toFixed(1)} ms median of 20  (${(s / l).toFixed(2)}× the library's read; goal ≤ 1.5×)`);
    console.log(`  of which the server's own read and format (its vpp_scrape_duration_seconds): ${median(serverSide).toFixed(1)} ms (${(median(serverSide) / median(reads)).toFixed(2)}× the library's read); the rest is the ${(body0.length / 1e6).toFixed(1)} MB through HTTP to the client`);
    console.log(`  with --no-interface-links: ${median(lean).toFixed(1)} ms`);
    console.log(`  baseline: the library's read of the same segment (reader kept open, every entry's value taken): ${l.toFixed(1)} ms`);
    await capturedScrape();

    }
    if (part('memory')) {
    // 3. Memory.
    await count(CLIENTS, 1000, () => post(port, '/api/show_version', body));
    await new Promise((r) => setTimeout(r, 500));
    const after1k = rssKiB(child.pid!);
    await count(CLIENTS, REQUESTS - 1000, () => post(port, '/api/show_version', body));
    await new Promise((r) => setTimeout(r, 500));
    const afterAll = rssKiB(child.pid!);
    console.log(`resident memory of serve: ${(after1k / 1024).toFixed(1)} MiB after 1,000 requests, ${(afterAll / 1024).toFixed(1)} MiB after ${REQUESTS.toLocaleString('en')}  (${(((afterAll - after1k) / after1k) * 100).toFixed(1)} %; goal within 10 %)`);
    }
  } finally {
    agent.destroy();
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await gone;
    await emu.stop();
    stats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
