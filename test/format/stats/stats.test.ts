import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment, type StatEntry } from '../../../src/client/stats/index.js';
import { renderPrometheus, promName } from '../../../src/format/stats/stats-prometheus.js';
import { renderStatsText } from '../../../src/format/stats/stats-text.js';
import { statsJson } from '../../../src/format/stats/stats-json.js';
import { stringifyJson } from '../../../src/format/json/lossless-json.js';
import { NaiveSegment } from '../../support/statseg-writer.js';

const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => {
  name: string;
  help: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[];
}[];

/** Two interfaces, two threads, node errors, a collision, a histogram, other entries. */
async function sample(): Promise<{ entries: StatEntry[]; names: (string | null)[] }> {
  const s = new NaiveSegment();
  s.scalar('/sys/heartbeat', 3);
  s.gauge('/buffer-pools/default-numa-0/available', 11956);
  const rx = s.combined('/if/rx', [
    [[0, 0], [10, 1000], [0, 0]],
    [[0, 0], [5, 500], [0, 0]],
  ]);
  const drops = s.simple('/if/drops', [[0, 6, 0], [0, 1, 0]]);
  s.names('/if/names', ['local0', 'loop0', 'say "hi"\\']);
  s.symlink('/interfaces/loop0/rx', rx, 1);
  s.symlink('/interfaces/loop0/drops', drops, 1);
  const errs = s.simple('/node/errors', [[0, 4, 0], [0, 3, 0]]);
  s.symlink('/err/ip4-input/time_expired', errs, 0);
  s.symlink('/err/null-node/blackholed packets', errs, 1);
  s.symlink('/err/null-node/blackholed_packets', errs, 2);
  s.histogram('/lat', [{ minExp: 2, bins: [1, 0, 3] }, { minExp: 2, bins: [0, 2, 0] }]);
  s.simple('/mem/main heap', [[100, 50, 50]]);
  const seg = new StatsSegment(new BufferSource(s.finish()));
  const { entries } = await seg.read();
  const n = entries.find((e) => e.name === '/if/names')!.value;
  return { entries, names: n?.kind === 'names' ? n.names : [] };
}

/**
 * The rules of the 0.0.4 text format a parser enforces: names, one TYPE per family before
 * its samples, a family's lines together, no repeated series, histogram buckets with le,
 * escaped label values.
 */
function checkExposition(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  const typed = new Map<string, string>();
  const seenSeries = new Set<string>();
  const done = new Set<string>();
  let current = '';
  const family = (metric: string) => {
    for (const suf of ['_bucket', '_count', '_sum']) if (metric.endsWith(suf) && typed.get(metric.slice(0, -suf.length)) === 'histogram') return metric.slice(0, -suf.length);
    return metric;
  };
  for (const line of text.trimEnd().split('\n')) {
    const t = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (t) {
      expect(typed.has(t[1]!), `TYPE repeated for ${t[1]}`).toBe(false);
      typed.set(t[1]!, t[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const f = family(m![1]!);
    expect(typed.has(f), `sample before TYPE: ${line}`).toBe(true);
    if (f !== current) {
      expect(done.has(f), `family ${f} split`).toBe(false);
      if (current) done.add(current);
      current = f;
    }
    const key = `${m![1]}${m![2] ?? ''}`;
    expect(seenSeries.has(key), `series repeated: ${key}`).toBe(false);
    seenSeries.add(key);
    if (typed.get(f) === 'histogram' && m![1]!.endsWith('_bucket')) expect(m![2]).toMatch(/le="/);
  }
}

describe('Prometheus exposition', () => {
  it('uses vpp_prometheus_export v1 names and labels, plus name on interface series', async () => {
    const { entries, names } = await sample();
    const text = renderPrometheus(entries, { names });
    checkExposition(text);
    const lines = text.split('\n');
    expect(lines).toContain('_sys_heartbeat 3');
    expect(lines).toContain('# TYPE _sys_heartbeat counter');
    expect(lines).toContain('# TYPE _buffer_pools_default_numa_0_available gauge');
    expect(lines).toContain('_buffer_pools_default_numa_0_available 11956');
    expect(lines).toContain('_if_rx_packets{thread="1",interface="1",name="loop0"} 5');
    expect(lines).toContain('_if_rx_bytes{thread="0",interface="1",name="loop0"} 1000');
    expect(lines).toContain('_if_drops{thread="0",interface="2",name="say \\"hi\\"\\\\"} 0');
    expect(lines).toContain('_interfaces_loop0_drops{thread="1",interface="1",name="loop0"} 1');
    expect(lines).toContain('_if_names_info{index="1",name="loop0"} 1');
    expect(lines).toContain('_node_errors{thread="1",interface="1"} 3');
    expect(lines).toContain('_mem_main_heap{thread="0",interface="0"} 100');
    expect(lines.filter((l) => l.startsWith('# TYPE _if_rx_packets '))).toHaveLength(1);
  });

  it('renames the second entry whose cleaned name collides, saying which entry it is', async () => {
    const { entries } = await sample();
    const lines = renderPrometheus(entries).split('\n');
    expect(promName('/err/null-node/blackholed packets')).toBe('_err_null_node_blackholed_packets');
    expect(lines).toContain('_err_null_node_blackholed_packets{thread="0",interface="1"} 4');
    expect(lines).toContain('_err_null_node_blackholed_packets_2{thread="0",interface="2"} 0');
    expect(lines).toContain('# HELP _err_null_node_blackholed_packets_2 VPP statistics entry /err/null-node/blackholed_packets');
  });

  it('writes histograms with _bucket, cumulative counts, le at the bin upper edge, _count and _sum', async () => {
    const { entries } = await sample();
    const lines = renderPrometheus(entries).split('\n');
    expect(lines.filter((l) => l.startsWith('_lat'))).toEqual([
      '_lat_bucket{thread="0",le="8"} 1',
      '_lat_bucket{thread="0",le="16"} 1',
      '_lat_bucket{thread="0",le="32"} 4',
      '_lat_bucket{thread="0",le="+Inf"} 4',
      '_lat_count{thread="0"} 4',
      '_lat_sum{thread="0"} 52',
      '_lat_bucket{thread="1",le="8"} 0',
      '_lat_bucket{thread="1",le="16"} 2',
      '_lat_bucket{thread="1",le="32"} 2',
      '_lat_bucket{thread="1",le="+Inf"} 2',
      '_lat_count{thread="1"} 2',
      '_lat_sum{thread="1"} 16',
    ]);
  });

  it('is accepted by a Prometheus text-format parser, values intact', async () => {
    const { entries, names } = await sample();
    const fams = parsePrometheus(renderPrometheus(entries, { names }));
    const rx = fams.find((f) => f.name === '_if_rx_packets')!;
    expect(rx.type).toBe('COUNTER');
    expect(rx.metrics.find((m) => m.labels?.thread === '0' && m.labels.interface === '1')?.value).toBe('10');
    // This parser folds a histogram's label sets into one (the last wins), so only its type is checked here.
    expect(fams.find((f) => f.name === '_lat')!.type).toBe('HISTOGRAM');
    expect(fams.find((f) => f.name === '_sys_heartbeat')).toMatchObject({ type: 'COUNTER', metrics: [{ value: '3' }] });
    const weird = fams.find((f) => f.name === '_if_drops')!.metrics.find((m) => m.labels?.interface === '2');
    expect(weird?.labels?.name).toBe('say "hi"\\');
  });
});

describe('text tables', () => {
  it('shows one interface table summed over threads, node errors by node and error, the rest by kind', async () => {
    const { entries, names } = await sample();
    const text = renderStatsText(entries, { names });
    expect(text.split('\n\n')[0]).toBe(
      [
        'interface  rx packets  rx bytes  drops',
        'local0              0         0      0',
        'loop0              15      1500      7',
        'say "hi"\\           0         0      0',
      ].join('\n'),
    );
    expect(text).toContain(['node       error               count', 'ip4-input  time_expired            0', 'null-node  blackholed packets      7', 'null-node  blackholed_packets      0'].join('\n'));
    expect(text).toContain(['entry                                   value', '/sys/heartbeat                              3', '/buffer-pools/default-numa-0/available  11956'].join('\n'));
    expect(text).toContain('/mem/main heap      2     50');
    expect(text).toContain(['/lat            0  < 8           1           1', '/lat            0  [8, 16)       0           1', '/lat            0  [16, 32)      3           4'].join('\n'));
  });

  it('splits threads with perThread and drops zero rows and columns with noZeros', async () => {
    const { entries, names } = await sample();
    const text = renderStatsText(entries.filter((e) => e.name.startsWith('/if/')), { names, perThread: true, noZeros: true });
    expect(text.split('\n\n')[0]).toBe(['interface  thread  rx packets  rx bytes  drops', 'loop0           0          10      1000      6', 'loop0           1           5       500      1'].join('\n'));
  });

  it('stops the interface table at maxRows (a terminal screen), counting only shown rows with noZeros', async () => {
    const { entries, names } = await sample();
    const ifs = entries.filter((e) => e.name === '/if/drops');
    expect(renderStatsText(ifs, { names, maxRows: 1 })).toBe(['interface  drops', 'local0         0'].join('\n'));
    expect(renderStatsText(ifs, { names, maxRows: 1, noZeros: true })).toBe(['interface  drops', 'loop0          7'].join('\n'));
  });

  it('folds /interfaces/<name>/<counter> symlinks into the interface table', async () => {
    const { entries, names } = await sample();
    const text = renderStatsText(entries.filter((e) => e.name.startsWith('/interfaces/')), { names });
    expect(text).toBe(['interface  rx packets  rx bytes  drops', 'loop0              15      1500      7'].join('\n'));
  });

  it('shows rates per second in watch mode, - before the first rate', async () => {
    const { entries, names } = await sample();
    const ifs = entries.filter((e) => e.name === '/if/drops');
    expect(renderStatsText(ifs, { names, rates: new Map() }).split('\n')[2]).toBe('loop0            -');
    const rates = new Map([['/if/drops', { kind: 'simple' as const, rows: [new Float64Array([0, 2.5, 0]), new Float64Array([0, 1, NaN])] }]]);
    const text = renderStatsText(ifs, { names, rates });
    expect(text.split('\n')).toEqual(['interface  drops/s', 'local0         0.0', 'loop0          3.5', 'say "hi"\\    reset']);
  });
});

describe('JSON', () => {
  it('keeps u64 exact, sums threads, and splits them with perThread', async () => {
    const s = new NaiveSegment(1 << 16);
    s.simple('/big', [[2n ** 63n], [2n ** 63n - 1n]]);
    s.combined('/c', [[[1, 2]], [[3, 4]]]);
    const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
    expect(stringifyJson(statsJson(entries))).toBe('[{"name":"/big","type":"simple","index":0,"values":[18446744073709551615]},{"name":"/c","type":"combined","index":1,"packets":[4],"bytes":[6]}]');
    expect(stringifyJson(statsJson(entries, { perThread: true }))).toBe(
      '[{"name":"/big","type":"simple","index":0,"threads":[[9223372036854775808],[9223372036854775807]]},{"name":"/c","type":"combined","index":1,"threads":[{"packets":[1],"bytes":[2]},{"packets":[3],"bytes":[4]}]}]',
    );
  });

  it('writes symlinks with target and column, errors, and rates with null for a cleared counter', async () => {
    const { entries } = await sample();
    const picked = entries.filter((e) => e.name === '/interfaces/loop0/drops' || e.name === '/if/drops');
    const rates = new Map([['/if/drops', { kind: 'simple' as const, rows: [new Float64Array([0, 1, NaN])] }]]);
    expect(statsJson(picked, { rates })).toEqual([
      { name: '/if/drops', type: 'simple', index: 3, values: [0n, 7n, 0n], rates: [0, 1, null] },
      { name: '/interfaces/loop0/drops', type: 'symlink', index: 6, target: '/if/drops', column: 1, values: [7n], rates: null },
    ]);
    expect(statsJson([{ index: 1, name: '/x', type: 'simple', error: '/x (entry 1): bad' }])).toEqual([{ name: '/x', type: 'simple', index: 1, error: '/x (entry 1): bad' }]);
  });
});
