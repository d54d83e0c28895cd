/**
 * The Prometheus text byte for byte against a naive writer (support/oracle/prom-writer.ts)
 * for segments written by the naive segment writer: once, and scrape after scrape through
 * one PrometheusRenderer (which keeps the text around the values while the segment's
 * layout stays) with values growing and shrinking in width, past 2^53 and up to 2^64−1,
 * and with the layout changing under it (an interface added, one renamed, one deleted).
 */
import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment } from '../../../src/client/stats/index.js';
import { PrometheusRenderer, renderPrometheus } from '../../../src/format/stats/stats-prometheus.js';
import { type ModelEntry, naivePrometheus, segmentOf } from '../../support/oracle/prom-writer.js';

const THREADS = 3;
const COUNTERS = ['drops', 'punt'];

/** A counter's value in scrape `s`: widths from 1 to 20 digits, changing from scrape to scrape. */
function value(s: number, k: number): bigint {
  const pick = (s * 7 + k * 13) % 11;
  if (pick === 0) return 0n;
  if (pick === 1) return 2n ** 64n - 1n - BigInt(s);
  if (pick === 2) return 2n ** 53n + BigInt(k);
  if (pick === 3) return 2n ** 53n - 1n;
  return BigInt(10 ** ((s + k) % 15)) + BigInt(k * 31 + s);
}

function model(s: number, ifNames: (string | null)[]): ModelEntry[] {
  let k = 0;
  const n = ifNames.length;
  const rows = () => Array.from({ length: THREADS }, () => Array.from({ length: n }, () => value(s, k++)));
  const entries: ModelEntry[] = [
    { name: '/sys/heartbeat', kind: 'scalar', value: value(s, k++) },
    { name: '/sys/vector_rate', kind: 'gauge', value: value(s, k++) },
    { name: '/if/names', kind: 'names', names: ifNames },
    ...COUNTERS.map((c): ModelEntry => ({ name: `/if/${c}`, kind: 'simple', rows: rows() })),
    { name: '/if/rx', kind: 'combined', rows: rows().map((r) => r.map((p, i) => [p, value(s, k + i)] as [bigint, bigint])) },
    { name: '/err/ip4-input/no route', kind: 'simple', rows: Array.from({ length: THREADS }, () => [value(s, k++)]) },
    { name: '/sys/latency', kind: 'histogram', rows: Array.from({ length: THREADS }, (_, t) => ({ minExp: t - 1, bins: [value(s, k++) % 1000n, 3n, value(s, k++) % 100000n] })) },
  ];
  ifNames.forEach((nm, i) => {
    if (nm === null) return;
    for (const c of [...COUNTERS, 'rx']) entries.push({ name: `/interfaces/${nm}/${c}`, kind: 'symlink', target: `/if/${c}`, column: i });
  });
  entries.push({ name: '/err/ip4-input/link', kind: 'symlink', target: '/if/drops', column: 0 });
  return entries;
}

/** The model as a segment (the naive writer), read back by the library. */
async function read(entries: ModelEntry[]) {
  const seg = segmentOf(entries);
  const { entries: read } = await new StatsSegment(new BufferSource(seg.finish())).read();
  expect(read.filter((e) => e.error)).toEqual([]);
  return read;
}

const NAMES: (string | null)[] = ['local0', 'loop0', 'we"ird\\if', null, 'loop2'];

describe('Prometheus text against a naive writer', () => {
  it('renders a segment of every counter kind as the naive writer writes it', async () => {
    const m = model(1, NAMES);
    expect(renderPrometheus(await read(m), { names: NAMES })).toBe(naivePrometheus(m, NAMES));
  });

  it('a renderer kept across scrapes writes each scrape as a fresh render does, as values and layout change', async () => {
    const r = new PrometheusRenderer();
    const layouts: (string | null)[][] = [NAMES, NAMES, NAMES, NAMES, [...NAMES, 'loop3'], [...NAMES, 'loop3'], ['local0', 'loop0', 'renamed', null, 'loop2', 'loop3'], ['local0', null, 'renamed', null, 'loop2', 'loop3'], NAMES, NAMES];
    for (const [s, names] of layouts.entries()) {
      const m = model(s, names);
      const entries = await read(m);
      const got = r.render(entries, { names }).toString('utf8');
      expect(got, `scrape ${s}`).toBe(naivePrometheus(m, names));
    }
  });

  it('writes the same text twice for the same segment (the kept text is not changed by the first answer)', async () => {
    const r = new PrometheusRenderer();
    const m = model(3, NAMES);
    const entries = await read(m);
    const first = r.render(entries, { names: NAMES });
    const copy = Buffer.from(first);
    const second = r.render(await read(model(4, NAMES)), { names: NAMES });
    expect(first.equals(copy)).toBe(true);
    expect(second.toString()).toBe(naivePrometheus(model(4, NAMES), NAMES));
  });
});
