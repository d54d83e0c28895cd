/**
 * `vppapi serve` as a child process (the built program) over real sockets:
 *
 *   npm run bench:serve [-- --seconds S --clients C --interfaces N --threads T --requests R --baseline-bin PATH]
 *
 * 1. POST /api/show_version from 50 concurrent HTTP clients (keep-alive), requests per
 *    second, beside session.call('show_version') with 50 in flight on one session in the
 *    same run, against the same emulator (a child process). Goal: ≥ 0.5×.
 * 2. GET /metrics of a segment of 1,000 interfaces × 4 threads (served by the emulator's
 *    stats server in this process), median of 20 round trips, beside the library's own
 *    read of the same segment (a reader kept open, as serve keeps one), taken in turn.
 *    Goal: ≤ 1.5×. `--baseline-bin` adds another build's serve to the same rounds.
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
import { scrapeSegment } from '../src/commands/serve/segment-scrape.js';
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
 * GET `path` as a scraper does: every byte taken off the socket, none decoded or copied
 * (the time is the server's and the transport's), on a keep-alive connection; resolves
 * once the whole answer is in, with the server's own vpp_scrape_duration_seconds (read
 * and format) in ms, found in the last two chunks (the health series comes last).
 */
function fetchAll(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let before: Buffer | undefined;
      let last: Buffer | undefined;
      res.on('data', (c: Buffer) => {
        before = last;
        last = c;
      });
      res.on('end', () => {
        const tail = Buffer.concat([before ?? Buffer.alloc(0), last ?? Buffer.alloc(0)]).toString('latin1');
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

/** `vppapi serve` of `bin` as a child on an ephemeral port; its port and how to stop it. */
async function serveChild(bin: string, args: readonly string[], statsSock: string, api: string, env: NodeJS.ProcessEnv): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, '--socket', api, '--stats-socket', statsSock, 'serve', '--listen', '127.0.0.1:0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let t = '';
    const onData = (d: Buffer) => {
      t += d.toString();
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(t);
      if (m) {
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${t}`)));
  });
  const stop = async () => {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await gone;
  };
  return { port, stop };
}

/**
 * A server that only sends `bytes` bytes (the same size as a scrape) to every GET, from a
 * child process as serve runs: the floor of moving that many bytes through HTTP on this
 * machine now, which no formatter can go below.
 */
async function sendOnlyChild(bytes: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const script = `const b = Buffer.alloc(${bytes}, 'x'); const s = require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'text/plain', 'content-length': b.length }); r.end(b); }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (c) => reject(new Error(`the send-only server exited ${c}`)));
  });
  const stop = async () => {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await gone;
  };
  return { port, stop };
}

/**
 * `--baseline-bin PATH`: another build's dist/bin/vppapi.cjs (the main branch's, say),
 * served beside this one and scraped in the same rounds: an A/B on a shared machine.
 */
const BASELINE_BIN = arg('--baseline-bin');

/**
 * 2. GET /metrics of the 1,000-interface × 4-thread segment beside the library's own read
 * of it (a reader kept open, every entry's value taken), with --no-interface-links, and
 * with --baseline-bin another build's serve: a tick of the emulated traffic (counters
 * move), then one scrape of each and one read per round, taken in turn, so that a load that comes and goes weighs on all of them alike; the
 * medians of 20 rounds after 3 to warm up.
 */
async function scrapeTimes(at: { port: number; statsSock: string; api: string; env: NodeJS.ProcessEnv; tick: () => void }): Promise<void> {
  const { port, statsSock, api, env, tick } = at;
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
  const lean = await serveChild(BIN, ['--no-interface-links'], statsSock, api, env);
  const base = BASELINE_BIN ? await serveChild(resolve(BASELINE_BIN), [], statsSock, api, env) : undefined;
  const baseLean = BASELINE_BIN ? await serveChild(resolve(BASELINE_BIN), ['--no-interface-links'], statsSock, api, env) : undefined;
  const floor = await sendOnlyChild(Buffer.byteLength(body0));
  const seg = await openStats({ socketPath: statsSock });
  const t = { scrape: [] as number[], own: [] as number[], lean: [] as number[], read: [] as number[], base: [] as number[], baseOwn: [] as number[], baseLean: [] as number[], floor: [] as number[] };
  const timed = async (into: number[], one: () => Promise<unknown>, r: number, own?: number[]) => {
    const t0 = performance.now();
    const x = await one();
    if (r >= 3) {
      into.push(performance.now() - t0);
      if (own) own.push(x as number);
    }
  };
  try {
    for (let r = 0; r < 23; r++) {
      tick();
      await timed(t.scrape, () => fetchAll(port, '/metrics'), r, t.own);
      await timed(t.read, async () => {
        const { entries } = await seg.read();
        for (const e of entries) void e.value;
      }, r);
      await timed(t.lean, () => fetchAll(lean.port, '/metrics'), r);
      if (base) await timed(t.base, () => fetchAll(base.port, '/metrics'), r, t.baseOwn);
      if (baseLean) await timed(t.baseLean, () => fetchAll(baseLean.port, '/metrics'), r);
      await timed(t.floor, () => fetchAll(floor.port, '/'), r);
    }
  } finally {
    seg.close();
    await lean.stop();
    await base?.stop();
    await baseLean?.stop();
    await floor.stop();
  }
  const m = (xs: number[]) => median(xs);
  const l = m(t.read);
  const x = (v: number) => `${(v / l).toFixed(2)}× the library's read`;
  console.log(`GET /metrics, ${series} series (${mb} MB), ${moved} of them moved before every round: ${m(t.scrape).toFixed(1)} ms median of 20  (${x(m(t.scrape))}; goal ≤ 1.5×)`);
  console.log(`  of which the server's own read and format (its vpp_scrape_duration_seconds): ${m(t.own).toFixed(1)} ms (${x(m(t.own))}); the rest is the ${mb} MB through HTTP to the client`);
  console.log(`  with --no-interface-links: ${m(t.lean).toFixed(1)} ms (${x(m(t.lean))})`);
  console.log(`  baseline: the library's read of the same segment (reader kept open, every entry's value taken): ${l.toFixed(1)} ms`);
  console.log(`  floor: the same ${mb} MB from a server that only sends them, through the same client: ${m(t.floor).toFixed(1)} ms (${x(m(t.floor))})`);
  if (base) {
    console.log(`  ${BASELINE_BIN}, same rounds: ${m(t.base).toFixed(1)} ms (${x(m(t.base))}), its own read and format ${m(t.baseOwn).toFixed(1)} ms; with --no-interface-links ${m(t.baseLean).toFixed(1)} ms`);
  }
  await capturedScrape();
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
    if (part('metrics')) await scrapeTimes({ port, statsSock, api, env, tick: () => stats.tick() });
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
