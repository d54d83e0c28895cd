/**
 * Reading VPP's statistics segment: a segment of 1,000 interfaces × 4 threads (17,000+
 * directory entries, 17 counter vectors of 4 rows) served by the emulator's stats server
 * on a real stats socket, read through the memfd it passes.
 *
 *   npm run bench:stats [-- --interfaces N --threads T --seconds S]
 *
 * 1. read + decode every entry (a fresh reader each time: directory included), beside a
 *    baseline in the same run that only pread()s the very byte ranges that read touched,
 *    into fresh buffers, and decodes nothing. Goal: within 3× the baseline.
 * 2. the same with the directory cached (the steady state of `watch`).
 * 3. `watch` of every interface counter (/if/*): samples per second with rates, and with
 *    the screen of a 50-line terminal drawn from them. Goal: ≥ 20 per second.
 */
import { mkdtempSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStats, sample, StatsSegment, type SegmentSource } from '../src/client/stats/index.js';
import { StatsServer } from '../src/emulator/stats/stats-server.js';
import { renderStatsText } from '../src/format/stats/stats-text.js';
import { arg, median } from './harness.js';

const N = Number(arg('--interfaces') ?? 1000);
const THREADS = Number(arg('--threads') ?? 4);
const SECONDS = Number(arg('--seconds') ?? 3);

/** Passes reads through, noting each (offset, length). */
class Recorder implements SegmentSource {
  ranges: [number, number][] = [];
  constructor(private readonly inner: SegmentSource) {}
  get identity() {
    return this.inner.identity;
  }
  size() {
    return this.inner.size();
  }
  read(o: number, l: number) {
    this.ranges.push([o, l]);
    return this.inner.read(o, l);
  }
  u64(o: number) {
    this.ranges.push([o, 8]);
    return this.inner.u64(o);
  }
  close() {}
}

/** Median ms of `fn` over runs filling about `seconds`, after a warm-up. */
async function time(fn: () => Promise<unknown> | unknown, seconds: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || out.length < 5) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-stats-'));
  const socketPath = join(dir, 'stats.sock');
  const ifaces = Array.from({ length: N }, (_, i) => ({ swIfIndex: i, name: i === 0 ? 'local0' : `loop${i - 1}`, adminUp: i % 2 === 1 }));
  const server = StatsServer.start({ socketPath, threads: THREADS, intervalMs: 3_600_000, interfaces: () => ifaces });
  try {
    for (let i = 0; i < 3; i++) server.tick();
    const seg = await openStats({ socketPath });
    const src = seg.source;
    const probe = new Recorder(src);
    const first = await new StatsSegment(probe).read();
    const bad = first.entries.filter((e) => e.error);
    if (bad.length) throw new Error(`${bad.length} entries failed: ${bad[0]!.error}`);
    const ranges = probe.ranges;
    const bytes = ranges.reduce((s, [, l]) => s + l, 0);
    console.log(`segment: ${N} interfaces × ${THREADS} threads, ${first.entries.length} entries; one full read = ${ranges.length} preads, ${(bytes / 1e6).toFixed(2)} MB`);

    // The warm read's own ranges: with the directory cached it reads only the header words and the data.
    const warmProbe = new Recorder(src);
    const warmSeg = new StatsSegment(warmProbe);
    await warmSeg.read();
    warmProbe.ranges = [];
    await warmSeg.read();
    const warmRanges = warmProbe.ranges;

    const fd = (src as unknown as { fd: number }).fd;
    const replay = (rs: [number, number][]) => () => {
      for (const [o, l] of rs) {
        const b = new Uint8Array(new ArrayBuffer(l));
        readSync(fd, b, 0, l, o);
      }
    };
    const cold = () => new StatsSegment(src).read();
    const warmReader = new StatsSegment(src);
    const warm = () => warmReader.read();
    // Symlink values are copied out of their target on first use: this takes every one.
    const all = async () => {
      for (const e of (await warmReader.read()).entries) void e.value;
    };
    const tBase = Math.min(await time(replay(ranges), SECONDS), await time(replay(ranges), SECONDS));
    const tWarmBase = Math.min(await time(replay(warmRanges), SECONDS), await time(replay(warmRanges), SECONDS));
    const tCold = await time(cold, SECONDS);
    const tWarm = await time(warm, SECONDS);
    const tAll = await time(all, SECONDS);
    console.log(`read + decode every entry, fresh reader (directory parsed): ${tCold.toFixed(2)} ms  (${(tCold / tBase).toFixed(2)}× its baseline; goal ≤ 3×)`);
    console.log(`  baseline: pread of the same ${ranges.length} ranges (${(bytes / 1e6).toFixed(2)} MB), no decoding: ${tBase.toFixed(2)} ms`);
    const wb = warmRanges.reduce((n, [, l]) => n + l, 0);
    console.log(`read + decode every entry, directory cached (watch's steady state): ${tWarm.toFixed(2)} ms  (${(tWarm / tWarmBase).toFixed(2)}× its baseline)`);
    console.log(`  … and every symlink's value taken: ${tAll.toFixed(2)} ms  (${(tAll / tWarmBase).toFixed(2)}× the baseline)`);
    console.log(`  baseline: pread of the same ${warmRanges.length} ranges (${(wb / 1e6).toFixed(2)} MB), no decoding: ${tWarmBase.toFixed(2)} ms`);

    for (const render of [false, true]) {
      const ac = new AbortController();
      let n = 0;
      const t0 = performance.now();
      setTimeout(() => ac.abort(), SECONDS * 1000);
      const names = first.entries.find((e) => e.name === '/if/names')?.value;
      for await (const ev of sample({ open: () => openStats({ socketPath }), socketPath, intervalMs: 0, signal: ac.signal, select: (x) => x.startsWith('/if/') })) {
        if (ev.kind !== 'sample') continue;
        // As on an 80 × 50 terminal: the screen's rows of the table are computed, not all 1,000, and fitted to the width.
        if (render) renderStatsText(ev.entries, { names: names?.kind === 'names' ? names.names : undefined, rates: ev.rates, maxRows: 47, form: 'terminal', width: 80 });
        n++;
        server.tick();
      }
      const rate = (n * 1000) / (performance.now() - t0);
      console.log(`watch of every interface counter (17 × ${N} × ${THREADS})${render ? ', 50-line screen drawn' : ', rates only  '}: ${rate.toFixed(1)} samples/s (goal ≥ 20/s)`);
    }
    seg.close();
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
