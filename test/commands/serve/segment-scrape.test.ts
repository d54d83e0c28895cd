/**
 * The scrape of `GET /metrics` (src/commands/serve/segment-scrape.ts): after a full read
 * and render, scrapes of the same directory epoch fill the kept text from the raw rows.
 * Checked byte for byte against the naive exposition writer (support/oracle/prom-writer.ts)
 * on segments of the naive segment writer, whose bytes are changed in place between
 * scrapes as VPP's data plane changes them (no epoch change): counters of every width,
 * above 2^53 up to 2^64−1, zero, gauges, histograms (their `_sum` NaN where the bins'
 * lower edges overflow); vector sizes and a histogram's min_exp changed without the lock;
 * bad bytes; an epoch change. On the captured VPP 26.06 segment, each filled scrape's
 * values are checked through the naive exposition reader against VPP's own dump of that
 * segment (`vpp_get_stats`), and v2 naming and --no-interface-links against a full render.
 * And over a real descriptor: the emulator's segment changing layout while being served.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSource, openStats, StatsSegment } from '../../../src/client/stats/index.js';
import { StatsServer } from '../../../src/emulator/stats/stats-server.js';
import { PrometheusRenderer, renderPrometheusBytes, type PrometheusOptions } from '../../../src/format/stats/stats-prometheus.js';
import { scrapeSegmentHow, scrapeSegmentParts } from '../../../src/commands/serve/segment-scrape.js';
import { cleanup, tempDir } from '../../support/cli.js';
import { parsePromText } from '../../support/oracle/prom-text.js';
import { type ModelEntry, naivePrometheus, segmentOf } from '../../support/oracle/prom-writer.js';
import { CAPTURES } from '../../support/shared.js';
import type { NaiveSegment } from '../../support/statseg-writer.js';

const THREADS = 3;
const COUNTERS = ['drops', 'punt'];
const MAX_U64 = 2n ** 64n - 1n;

/** A counter's value in scrape `s`: widths from 1 to 20 digits, changing from scrape to scrape (and sometimes not). */
function value(s: number, k: number): bigint {
  const pick = (s * 7 + k * 13) % 13;
  if (pick === 0) return 0n;
  if (pick === 1) return MAX_U64 - BigInt(s % 3);
  if (pick === 2) return 2n ** 53n + BigInt(k + s);
  if (pick === 3) return 2n ** 53n - 1n;
  if (pick === 4) return 2n ** 32n * BigInt(s + 1) - 1n;
  if (pick === 5) return BigInt(k);
  return BigInt(10 ** ((s + k) % 15)) + BigInt(k * 31 + s);
}

/** The model of scrape `s`: the same entries and sizes whatever `s` (only values move), histogram min_exp `minExp`. */
function model(s: number, ifNames: (string | null)[], minExp = -1): ModelEntry[] {
  let k = 0;
  const n = ifNames.length;
  const rows = () => Array.from({ length: THREADS }, () => Array.from({ length: n }, () => value(s, k++)));
  const entries: ModelEntry[] = [
    { name: '/sys/heartbeat', kind: 'scalar', value: value(s, k++) },
    { name: '/sys/vector_rate', kind: 'gauge', value: value(s, k++) },
    { name: '/buffer-pools/default-numa-0/available', kind: 'gauge', value: BigInt(s * 1000) },
    { name: '/if/names', kind: 'names', names: ifNames },
    ...COUNTERS.map((c): ModelEntry => ({ name: `/if/${c}`, kind: 'simple', rows: rows() })),
    { name: '/if/rx', kind: 'combined', rows: rows().map((r) => r.map((p, i) => [p, value(s + 1, k + i)] as [bigint, bigint])) },
    { name: '/err/ip4-input/no route', kind: 'simple', rows: Array.from({ length: THREADS }, () => [value(s, k++)]) },
    { name: '/sys/latency', kind: 'histogram', rows: Array.from({ length: THREADS }, (_, t) => ({ minExp: minExp + t, bins: [value(s, k++) % 1000n, 3n, value(s, k++) % 100000n] })) },
    // 2^(1050+j) is past a double: the estimated sum of empty bins is 0 × Infinity, NaN.
    { name: '/sys/huge', kind: 'histogram', rows: [{ minExp: 1050, bins: [0n, BigInt(s)] }] },
  ];
  ifNames.forEach((nm, i) => {
    if (nm === null) return;
    for (const c of [...COUNTERS, 'rx']) entries.push({ name: `/interfaces/${nm}/${c}`, kind: 'symlink', target: `/if/${c}`, column: i });
  });
  entries.push({ name: '/err/ip4-input/link', kind: 'symlink', target: '/if/drops', column: 0 });
  return entries;
}

/** The model as a segment of the naive writer at `epoch`; the same model sizes give the same offsets. */
function write(entries: ModelEntry[], epoch = 1n): NaiveSegment {
  const seg = segmentOf(entries);
  seg.finish();
  seg.setEpoch(epoch);
  return seg;
}

/** A segment whose bytes the test changes under one kept reader, as VPP's writer does. */
class Live {
  readonly bytes: Buffer;
  readonly seg: StatsSegment;
  readonly renderer = new PrometheusRenderer();

  constructor(first: Buffer) {
    this.bytes = Buffer.from(first);
    this.seg = new StatsSegment(new BufferSource(this.bytes));
  }

  /** The bytes of `next` laid over the segment (in place). */
  become(next: NaiveSegment): void {
    next.buf.copy(this.bytes);
  }

  async scrape(opts: PrometheusOptions = {}): Promise<{ text: string; fast: boolean }> {
    const { text, fast } = await scrapeSegmentHow(this.seg, this.renderer, opts);
    const out = { text: text.toString('utf8'), fast };
    // As the server does once the answer is sent: the next fill may write over it.
    this.renderer.release(text);
    return out;
  }
}

/** What a fresh reader and renderer make of the same bytes: the full read. */
async function fullRender(bytes: Buffer, opts: PrometheusOptions = {}): Promise<string> {
  const { entries } = await new StatsSegment(new BufferSource(Buffer.from(bytes))).read();
  const n = entries.find((e) => e.name === '/if/names')?.value;
  return renderPrometheusBytes(
    entries.filter((e) => !e.error),
    { ...opts, names: n?.kind === 'names' ? n.names : undefined },
  ).toString('utf8');
}

const NAMES: (string | null)[] = ['local0', 'loop0', 'we"ird\\if', null, 'loop2'];

describe('scrapes filled from the raw rows, against the naive writer', () => {
  for (const noInterfaceLinks of [false, true]) {
    it(`writes scrape after scrape as the naive writer writes it while values change in place${noInterfaceLinks ? ' (--no-interface-links)' : ''}`, async () => {
      const live = new Live(write(model(0, NAMES)).buf);
      for (let s = 0; s < 12; s++) {
        live.become(write(model(s, NAMES)));
        const got = await live.scrape({ noInterfaceLinks });
        expect(got.fast, `scrape ${s}`).toBe(s > 0);
        expect(got.text, `scrape ${s}`).toBe(naivePrometheus(model(s, NAMES), NAMES, { noInterfaceLinks }));
      }
    });
  }

  it('keeps the text of an answer not yet given back, and writes the same bytes twice for the same segment', async () => {
    const live = new Live(write(model(1, NAMES)).buf);
    const first = await scrapeSegmentHow(live.seg, live.renderer, {});
    const copy = Buffer.from(first.text);
    live.become(write(model(2, NAMES)));
    const second = await scrapeSegmentHow(live.seg, live.renderer, {});
    const third = await scrapeSegmentHow(live.seg, live.renderer, {});
    expect(second.fast && third.fast).toBe(true);
    expect(first.text.equals(copy)).toBe(true);
    expect(second.text.equals(third.text)).toBe(true);
    expect(third.text.toString()).toBe(naivePrometheus(model(2, NAMES), NAMES));
  });

  it('reads and renders anew on an epoch change mid-serve (interfaces added, renamed, deleted), then fills again', async () => {
    const layouts: (string | null)[][] = [NAMES, [...NAMES, 'loop3'], ['local0', 'loop0', 'renamed', null, 'loop2', 'loop3'], ['local0', null, 'renamed', null, 'loop2', 'loop3'], NAMES];
    const live = new Live(write(model(0, NAMES)).buf);
    let epoch = 1n;
    for (const [l, names] of layouts.entries()) {
      if (l > 0) epoch++;
      for (let s = 0; s < 3; s++) {
        live.become(write(model(s + l, names), epoch));
        const got = await live.scrape();
        expect(got.fast, `layout ${l} scrape ${s}`).toBe(s > 0);
        expect(got.text, `layout ${l} scrape ${s}`).toBe(naivePrometheus(model(s + l, names), names));
      }
    }
  });

  for (const chunk of [1, 3, 7, 1000]) {
    it(`hands a filled scrape out in parts of ${chunk} samples, in order, each final when handed out: together the naive writer's text`, async () => {
      const live = new Live(write(model(0, NAMES)).buf);
      for (let s = 0; s < 8; s++) {
        live.become(write(model(s, NAMES)));
        const { parts, fast } = await scrapeSegmentParts(live.seg, live.renderer, {}, chunk);
        expect(fast, `scrape ${s}`).toBe(s > 0);
        // A copy of each part as it is handed out, and the part itself: later parts must not change it.
        const handed: Buffer[] = [];
        const copies: Buffer[] = [];
        for (const p of parts) {
          handed.push(p);
          copies.push(Buffer.from(p));
        }
        if (s > 1) expect(copies.length, `scrape ${s}`).toBeGreaterThan(chunk === 1000 ? 0 : 10);
        expect(Buffer.concat(handed).equals(Buffer.concat(copies)), `scrape ${s}`).toBe(true);
        expect(Buffer.concat(copies).toString(), `scrape ${s}`).toBe(naivePrometheus(model(s, NAMES), NAMES));
        // Given back as the server does once sent: the scrape after next may write over it.
        live.renderer.release(handed.at(-1)!);
      }
    });
  }

  it('never writes over the parts of an answer not yet given back (a slow client), and reuses their memory once given back', async () => {
    const live = new Live(write(model(0, NAMES)).buf);
    await live.scrape();
    live.become(write(model(1, NAMES)));
    const held = (await scrapeSegmentParts(live.seg, live.renderer, {}, 3)).parts;
    const copies = held.map((p) => Buffer.from(p));
    expect(Buffer.concat(copies).toString()).toBe(naivePrometheus(model(1, NAMES), NAMES));
    for (const s of [2, 3, 4]) {
      live.become(write(model(s, NAMES)));
      const { parts, fast } = await scrapeSegmentParts(live.seg, live.renderer, {}, 3);
      expect(fast, `scrape ${s}`).toBe(true);
      expect(Buffer.concat(parts).toString(), `scrape ${s}`).toBe(naivePrometheus(model(s, NAMES), NAMES));
      live.renderer.release(parts.at(-1)!);
      // The held answer's bytes are as they were handed out.
      held.forEach((h, p) => expect(h.equals(copies[p]!), `scrape ${s} part ${p}`).toBe(true));
    }
    live.renderer.release(held.at(-1)!);
    // A second give-back of the same parts, or of a buffer that is none of them, changes nothing.
    live.renderer.release(held.at(-1)!);
    live.renderer.release(Buffer.from(copies.at(-1)!));
    for (const s of [5, 6]) {
      live.become(write(model(s, NAMES)));
      const { parts } = await scrapeSegmentParts(live.seg, live.renderer, {}, 3);
      expect(Buffer.concat(parts).toString(), `scrape ${s}`).toBe(naivePrometheus(model(s, NAMES), NAMES));
      live.renderer.release(parts.at(-1)!);
    }
  });

  it('hands out the parts where no value moved as they were, and writes the one that moved: longer, shorter, past 2^53, back to an old value', async () => {
    const at = (s: number) => {
      const m = model(0, NAMES);
      // /if/punt (entry 5), row 2, column 4 only.
      const steps = [value(0, 0), 7n, 123456789n, 5n, 2n ** 60n + 3n, 2n ** 60n + 4n, 99999n, 100000n, 7n];
      (m[5] as { rows: bigint[][] }).rows[2]![4] = steps[s] ?? value(0, 0);
      return m;
    };
    const live = new Live(write(at(0)).buf);
    let last = (await scrapeSegmentParts(live.seg, live.renderer, {}, 4)).parts.map((p) => Buffer.from(p));
    for (let s = 1; s < 9; s++) {
      live.become(write(at(s)));
      const { parts, fast } = await scrapeSegmentParts(live.seg, live.renderer, {}, 4);
      expect(fast, `scrape ${s}`).toBe(true);
      expect(Buffer.concat(parts).toString(), `scrape ${s}`).toBe(naivePrometheus(at(s), NAMES));
      // Parts are laid at 4 samples each: all but two are byte for byte the last scrape's
      // (only the one counter moved; it is printed twice, in /if/punt and through its
      // link /interfaces/loop2/punt, whose samples lie far apart).
      const same = parts.filter((p, i) => last[i] !== undefined && p.equals(last[i]!)).length;
      expect(same, `scrape ${s}`).toBe(parts.length - 2);
      last = parts.map((p) => Buffer.from(p));
      live.renderer.release(parts.at(-1)!);
    }
  });

  it('lays the text anew when the parts are asked in another size, and after a new epoch between scrapes', async () => {
    const live = new Live(write(model(0, NAMES)).buf);
    for (const [s, chunk, epoch] of [[0, 5, 1n], [1, 5, 1n], [2, 2, 1n], [3, 2, 2n], [4, 2, 2n], [5, Infinity, 2n]] as const) {
      live.become(write(model(s, NAMES), epoch));
      const { parts } = await scrapeSegmentParts(live.seg, live.renderer, {}, chunk);
      expect(Buffer.concat(parts).toString(), `scrape ${s}`).toBe(naivePrometheus(model(s, NAMES), NAMES));
      live.renderer.release(parts.at(-1)!);
    }
  });

  it('refuses raw values read for a plan that another scrape replaced meanwhile', async () => {
    const live = new Live(write(model(0, NAMES)).buf);
    await live.scrape();
    const req = live.renderer.rawRequest({})!;
    const raw = (await live.seg.readRaw(req))!;
    expect(live.renderer.fillRaw(req, raw)?.toString()).toBe(naivePrometheus(model(0, NAMES), NAMES));
    live.become(write(model(1, [...NAMES, 'loop3']), 2n));
    await live.scrape();
    expect(live.renderer.rawRequest({})).not.toBe(req);
    expect(live.renderer.fillRaw(req, raw)).toBeUndefined();
    expect(await live.seg.readRaw(req)).toBeUndefined();
  });

  it("reads in full when a histogram's min_exp moved without the lock (its bucket labels change)", async () => {
    const live = new Live(write(model(0, NAMES)).buf);
    await live.scrape();
    live.become(write(model(1, NAMES, 4)));
    const got = await live.scrape();
    expect(got.fast).toBe(false);
    expect(got.text).toBe(naivePrometheus(model(1, NAMES, 4), NAMES));
    live.become(write(model(2, NAMES, 4)));
    expect(await live.scrape()).toEqual({ fast: true, text: naivePrometheus(model(2, NAMES, 4), NAMES) });
  });

  it('reads in full when a vector grew or shrank within its capacity (no epoch change), as a full read of the same bytes renders it', async () => {
    const naive = write(model(0, NAMES));
    const live = new Live(naive.buf);
    await live.scrape();
    // Row 1 of /if/drops (entry 4): its len word at −8 from the data.
    const row1 = naive.deref(naive.deref(naive.wordAt(4)) + 8);
    for (const len of [NAMES.length - 1, NAMES.length + 1, NAMES.length]) {
      live.bytes.writeUInt32LE(len, row1 - 8);
      const got = await live.scrape();
      expect(got.fast, `len ${len}`).toBe(false);
      expect(got.text, `len ${len}`).toBe(await fullRender(live.bytes));
    }
    // Back to the sizes of a read without errors: planned again, filled again.
    expect(await live.scrape()).toEqual({ fast: true, text: naivePrometheus(model(0, NAMES), NAMES) });
  });

  it('after a full read between two filled scrapes, writes rows that are again as the earlier fill read them', async () => {
    const live = new Live(write(model(0, NAMES)).buf);
    await live.scrape();
    live.become(write(model(1, NAMES)));
    expect(await live.scrape()).toEqual({ fast: true, text: naivePrometheus(model(1, NAMES), NAMES) });
    // Scrape 2 read in full with the same layout (its raw read failed once, as on a busy segment).
    live.become(write(model(2, NAMES)));
    const readRaw = live.seg.readRaw;
    live.seg.readRaw = () => Promise.reject(new Error('busy'));
    expect(await live.scrape()).toEqual({ fast: false, text: naivePrometheus(model(2, NAMES), NAMES) });
    live.seg.readRaw = readRaw;
    // Scrape 1's bytes again: the rows equal those the last fill of the plan read, not the text now kept.
    live.become(write(model(1, NAMES)));
    expect(await live.scrape()).toEqual({ fast: true, text: naivePrometheus(model(1, NAMES), NAMES) });
  });

  it('never throws or reads past the segment on bad bytes after a plan was made: the bad entries are left out as a full read leaves them', async () => {
    const naive = write(model(0, NAMES));
    const rxRows = naive.deref(naive.wordAt(6));
    const pokes: [string, (b: Buffer) => void][] = [
      ['a row pointer past the end', (b) => b.writeBigUInt64LE(naive.base + BigInt(b.length - 8), rxRows + 8)],
      ['a row pointer into the first page', (b) => b.writeBigUInt64LE(naive.base + 16n, rxRows)],
      ['a null rows pointer', (b) => b.writeBigUInt64LE(0n, naive.wordAt(4))],
      ['a row length of 2^32 − 1', (b) => b.writeUInt32LE(0xffff_ffff, naive.deref(rxRows + 16) - 8)],
      ['a rows vector of 2^31 rows', (b) => b.writeUInt32LE(0x8000_0000, rxRows - 8)],
    ];
    for (const [what, poke] of pokes) {
      for (const filled of [0, 2]) {
        const live = new Live(naive.buf);
        await live.scrape();
        // Filled scrapes before the poke: the bytes they touched are then read at once.
        for (let i = 0; i < filled; i++) expect((await live.scrape()).fast, what).toBe(true);
        poke(live.bytes);
        const got = await live.scrape();
        expect(got.fast, `${what} after ${filled} filled`).toBe(false);
        expect(got.text, `${what} after ${filled} filled`).toBe(await fullRender(live.bytes));
      }
    }
  });

  it('reads a row moved to another place, 8-aligned or not, as a full read of the same bytes does', async () => {
    const naive = write(model(0, NAMES));
    const rxRows = naive.deref(naive.wordAt(6));
    const row0 = naive.deref(rxRows);
    for (const by of [4, 8, -8, 16 - row0]) {
      const live = new Live(naive.buf);
      await live.scrape();
      await live.scrape();
      // Row 0 of /if/rx now points `by` bytes away (its length word and elements are whatever lies there).
      live.bytes.writeBigUInt64LE(naive.base + BigInt(row0 + by), rxRows);
      for (let i = 0; i < 2; i++) expect((await live.scrape()).text, `by ${by}, scrape ${i}`).toBe(await fullRender(live.bytes));
    }
  });
});

const CAPTURE = join(CAPTURES, 'v26.06-statseg.bin.gz');
const DUMP = join(CAPTURES, 'v26.06-statseg.txt');
const HAVE = existsSync(CAPTURE) && existsSync(DUMP);

/**
 * VPP's `vpp_get_stats dump` lines (docs/stats.md §8): `values` by VPP name, metric
 * suffix, thread and element (a link prints element 0, as the exporter labels it) → the
 * value's digits; `byMetric`: v1 metric name → its suffix and the VPP names that clean to
 * it, in directory order (two do where names collide once cleaned).
 */
function dumpSeries(text: string): { values: Map<string, string>; byMetric: Map<string, { suffix: string; names: string[] }> } {
  const values = new Map<string, string>();
  const byMetric = new Map<string, { suffix: string; names: string[] }>();
  const add = (name: string, suffix: string, t: string, i: string, v: string) => {
    const metric = name.replace(/[^A-Za-z0-9]/g, '_') + suffix;
    const m = byMetric.get(metric) ?? { suffix, names: [] };
    if (!m.names.includes(name)) m.names.push(name);
    byMetric.set(metric, m);
    values.set(`${name}|${suffix}|${t}|${i}`, v);
  };
  for (const line of text.split('\n')) {
    let m = /^\[(\d+) @ (\d+)\]: (\d+) packets, (\d+) bytes (.*)$/.exec(line);
    if (m) {
      add(m[5]!, '_packets', m[2]!, m[1]!, m[3]!);
      add(m[5]!, '_bytes', m[2]!, m[1]!, m[4]!);
      continue;
    }
    m = /^\[(\d+) @ (\d+)\]: (\d+) packets (.*)$/.exec(line);
    if (m) {
      add(m[4]!, '', m[2]!, m[1]!, m[3]!);
      continue;
    }
    m = /^(\d+)\.00 (.*)$/.exec(line);
    if (m) add(m[2]!, '', '', '', m[1]!);
  }
  return { values, byMetric };
}

describe.skipIf(!HAVE)('scrapes of the captured VPP 26.06 segment', () => {
  const bytes = HAVE ? gunzipSync(readFileSync(CAPTURE)) : Buffer.alloc(0);

  it("fills the second scrape from the raw rows with VPP's own values, as the naive reader reads them", async () => {
    const live = new Live(bytes);
    const { entries } = await live.seg.read();
    expect(entries.filter((e) => e.error)).toEqual([]);
    await live.scrape();
    const got = await live.scrape();
    expect(got.fast).toBe(true);
    const { values, byMetric } = dumpSeries(readFileSync(DUMP, 'utf8'));
    const checked = new Set<string>();
    for (const s of parsePromText(got.text).samples) {
      const m = byMetric.get(s.name);
      if (!m) continue;
      // The later of two entries whose names collide once cleaned carries `entry`, its VPP name.
      const name = s.labels.entry ?? m.names[0];
      const key = `${name}|${m.suffix}|${s.labels.thread ?? ''}|${s.labels.interface ?? ''}`;
      const want = values.get(key);
      if (want === undefined) continue;
      expect(s.raw.slice(s.raw.lastIndexOf(' ') + 1), s.raw).toBe(want);
      expect(checked.has(key), s.raw).toBe(false);
      checked.add(key);
    }
    // Every counter, scalar and gauge VPP dumped has its series: names and empties aside.
    expect(checked.size).toBe(values.size);
    expect(checked.size).toBeGreaterThan(4000);
  });

  for (const opts of [{ naming: 'v2' }, { noInterfaceLinks: true }, { naming: 'v2', noInterfaceLinks: true }] as PrometheusOptions[]) {
    it(`fills as a full read renders: ${JSON.stringify(opts)}`, async () => {
      const live = new Live(bytes);
      const first = await live.scrape({ ...opts, now: 1796157900 });
      const second = await live.scrape({ ...opts, now: 1796157900 });
      expect(second.fast).toBe(true);
      expect(second.text).toBe(first.text);
      expect(second.text).toBe(await fullRender(live.bytes, { ...opts, now: 1796157900 }));
      expect(parsePromText(second.text).samples.length).toBeGreaterThan(100);
    });
  }
});

describe("the emulator's segment over its descriptor, changing layout while served", () => {
  let ifaces = [{ swIfIndex: 0, name: 'local0', adminUp: false }, { swIfIndex: 1, name: 'loop0', adminUp: true }];
  let stats: StatsServer;
  beforeAll(() => {
    stats = StatsServer.start({ socketPath: join(tempDir(), 'stats.sock'), threads: 2, intervalMs: 3_600_000, interfaces: () => ifaces });
  });
  afterAll(() => {
    stats?.stop();
    cleanup();
  });

  it('fills while the epoch stays and reads anew when an interface comes or goes, as a fresh reader renders the same moment', async () => {
    const seg = await openStats({ socketPath: stats.socketPath });
    const renderer = new PrometheusRenderer();
    const fresh = async () => {
      const other = await openStats({ socketPath: stats.socketPath });
      try {
        const { entries } = await other.read();
        const n = entries.find((e) => e.name === '/if/names')?.value;
        return renderPrometheusBytes(entries.filter((e) => !e.error), { names: n?.kind === 'names' ? n.names : undefined }).toString();
      } finally {
        other.close();
      }
    };
    const ways: boolean[] = [];
    try {
      for (let round = 0; round < 9; round++) {
        if (round === 3) ifaces = [...ifaces, { swIfIndex: 2, name: 'loop1', adminUp: true }];
        if (round === 6) ifaces = ifaces.filter((i) => i.swIfIndex !== 1);
        stats.tick();
        const { text, fast } = await scrapeSegmentHow(seg, renderer, {});
        ways.push(fast);
        // uptime-free v1: nothing depends on the clock.
        expect(text.toString(), `round ${round}`).toBe(await fresh());
        renderer.release(text);
      }
    } finally {
      seg.close();
    }
    expect(ways).toEqual([false, true, true, false, true, true, false, true, true]);
  });
});
