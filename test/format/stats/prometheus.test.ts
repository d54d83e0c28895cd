/**
 * Prometheus output against a real VPP 26.06 segment: every line `vpp_get_stats dump`
 * printed of it (captures/v26.06-statseg.txt) must come out as the series
 * `vpp_prometheus_export` prints for it (names and labels by the exporter's rules, applied
 * here by hand), read back by a naive parser of the exposition format (support/oracle).
 * Also: v2 naming, leaving out the /interfaces/ links, # HELP from counters blocks, and
 * `promtool check metrics` where Debian's prometheus package is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment, type StatEntry } from '../../../src/client/stats/index.js';
import { counterHelp, renderPrometheus } from '../../../src/format/stats/stats-prometheus.js';
import { parsePromText, seriesKey } from '../../support/oracle/prom-text.js';
import { API_26_06, CAPTURES, HAVE_SHARED } from '../../support/shared.js';
import { NaiveSegment } from '../../support/statseg-writer.js';

const BIN = join(CAPTURES, 'v26.06-statseg.bin.gz');
const TXT = join(CAPTURES, 'v26.06-statseg.txt');
const HAVE = HAVE_SHARED && existsSync(BIN) && existsSync(TXT);
const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;

/** The exporter's name cleaner, written again here. */
const prom = (n: string) => n.replace(/[^A-Za-z0-9]/g, '_');

async function captured(): Promise<{ entries: StatEntry[]; names: (string | null)[] }> {
  const { entries } = await new StatsSegment(new BufferSource(gunzipSync(readFileSync(BIN)))).read();
  const n = entries.find((e) => e.name === '/if/names')!.value!;
  return { entries, names: n.kind === 'names' ? n.names : [] };
}

/** What the exporter (v1) prints for one `vpp_get_stats dump` line: [series key, value] pairs. */
function exporterSeries(line: string): [string, number][] {
  let m = /^\[(\d+) @ (\d+)\]: (\d+) packets, (\d+) bytes (.+)$/.exec(line);
  if (m) {
    const l = { thread: m[2]!, interface: m[1]! };
    return [[seriesKey(`${prom(m[5]!)}_packets`, l), Number(m[3])], [seriesKey(`${prom(m[5]!)}_bytes`, l), Number(m[4])]];
  }
  m = /^\[(\d+) @ (\d+)\]: (\d+) packets (.+)$/.exec(line);
  if (m) return [[seriesKey(prom(m[4]!), { thread: m[2]!, interface: m[1]! }), Number(m[3])]];
  m = /^\[(\d+)\]: (\S+) (.+)$/.exec(line);
  if (m) return [[seriesKey(`${prom(m[3]!)}_info`, { index: m[1]!, name: m[2]! }), 1]];
  m = /^(\d+)\.00 (.+)$/.exec(line);
  if (m) return [[seriesKey(prom(m[2]!), {}), Number(m[1])]];
  throw new Error(`unexpected dump line ${line}`);
}

/**
 * Our series as the exporter would label them: without the labels vppapi adds (`name`
 * on interface series, `entry` on the later of two entries whose cleaned names collide),
 * as sorted `key value` lines (a collision makes the exporter print a series twice).
 */
function asExporter(text: ReturnType<typeof parsePromText>): string[] {
  return text.samples.map((s) => {
    const { name: n, entry: _e, ...rest } = s.labels;
    return `${seriesKey(s.name, s.name.endsWith('_info') ? { ...rest, name: n! } : rest)} ${s.value}`;
  }).sort();
}

/**
 * promtool's naming lints that the exporter's own names trip: dashboards depend on those
 * names, so they stay. Anything else (a parse error, "no help text", …) is a failure.
 */
const NAMING_LINTS = [
  'counter metrics should have "_total" suffix',
  "metric names should be written in 'snake_case' not 'camelCase'",
  'metric names should not contain abbreviated units',
  'non-counter metrics should not have "_total" suffix',
  'non-histogram and non-summary metrics should not have "_count" suffix',
];

/** promtool check metrics: exit 1 and "error while linting" for a text it cannot parse; exit 3 with one line per lint problem. */
function promtool(text: string): { status: number | null; errors: string[]; problems: string[] } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '');
  return { status: r.status, errors: lines.filter((l) => l.startsWith('error while linting')), problems: lines.filter((l) => !NAMING_LINTS.some((n) => l.endsWith(` ${n}`))) };
}

describe.skipIf(!HAVE)('Prometheus output of the captured VPP 26.06 segment', () => {
  it('has every series vpp_prometheus_export prints (v1), same names, labels and values, and no other', async () => {
    const { entries, names } = await captured();
    const text = parsePromText(renderPrometheus(entries, { names }));
    const lines = readFileSync(TXT, 'latin1').split('\n').filter((l) => l !== '');
    const theirs = lines.flatMap(exporterSeries).map(([k, v]) => `${k} ${v}`).sort();
    expect(theirs.length).toBe(lines.length + lines.filter((l) => / packets, \d+ bytes /.test(l)).length); // a combined line is two series
    expect(asExporter(text)).toEqual(theirs);
    // The five collisions of this VPP (e.g. /err/esp4-encrypt/post_rx_pkts, /err/esp4-encrypt-post/rx_pkts): same name, one more label.
    const tagged = text.samples.filter((x) => x.labels.entry !== undefined);
    expect(tagged.map((x) => x.name)).toContain('_err_esp4_encrypt_post_rx_pkts');
    expect(tagged.every((x) => x.name === prom(x.labels.entry!))).toBe(true);
    expect(tagged).toHaveLength(5);
  });

  it('labels a symlink with interface="0", as the exporter does, and names the interface', async () => {
    const { entries, names } = await captured();
    const text = parsePromText(renderPrometheus(entries, { names }));
    const errs = text.samples.filter((s) => s.name.startsWith('_err_'));
    expect(errs.length).toBeGreaterThan(4000);
    expect(errs.every((s) => s.labels.interface === '0' && s.labels.thread === '0' && !('name' in s.labels))).toBe(true);
    expect(text.series.get(seriesKey('_interfaces_loop0_tx_packets', { thread: '0', interface: '0', name: 'loop0' }))).toBe(6);
    expect(text.series.get(seriesKey('_if_tx_bytes', { thread: '0', interface: '1', name: 'loop0' }))).toBe(252);
  });

  it('leaves out the /interfaces/ links when asked, and nothing else', async () => {
    const { entries, names } = await captured();
    const all = parsePromText(renderPrometheus(entries, { names }));
    const lean = parsePromText(renderPrometheus(entries, { names, noInterfaceLinks: true }));
    expect(lean.samples.some((s) => s.name.startsWith('_interfaces_'))).toBe(false);
    const links = all.samples.filter((s) => s.name.startsWith('_interfaces_')).length;
    expect(links).toBe(3 * (9 + 8 * 2)); // 3 interfaces × (9 simple + 8 combined × packets/bytes)
    expect(lean.samples.length).toBe(all.samples.length - links);
  });

  it('v2: the exporter\'s v2 names and labels', async () => {
    const { entries, names } = await captured();
    const text = parsePromText(renderPrometheus(entries, { names, naming: 'v2', now: 1796157900 }));
    const get = (n: string, l: Record<string, string>) => text.series.get(seriesKey(n, l));
    expect(get('interfaces_tx_packets', { interface: 'loop0', index: '0', thread: '0' })).toBe(6);
    expect(get('interfaces_tx_bytes', { interface: 'loop0', index: '0', thread: '0' })).toBe(252);
    expect(get('interfaces_drops', { interface: 'loop0', index: '0', thread: '0' })).toBe(6);
    expect(get('err', { node: 'null-node', error: 'blackholed packets', index: '0', thread: '0' })).toBe(0);
    expect(get('mem_used', { heap: 'stat segment', index: '0', thread: '0' })).toBe(833568);
    expect(get('mem', { heap: 'stat segment', index: '2', thread: '0' })).toBe(32716768);
    expect(get('buffer_pools_available', { pool: 'default-numa-0' })).toBe(11956);
    expect(get('sys_boottime', {})).toBe(1796157843);
    expect(get('sys_uptime', {})).toBe(57);
    expect(get('sys_loops_per_worker', { index: '0', thread: '0' })).toBe(652240);
    // Entries without a v2 rule are printed as v1.
    expect(get('_if_tx_packets', { thread: '0', interface: '1', name: 'loop0' })).toBe(6);
    expect(get('_node_errors', { thread: '0', interface: '0' })).toBe(0);
    expect(text.samples.some((s) => s.name === '_if_names_info')).toBe(false);
    const errCount = text.samples.filter((s) => s.name === 'err').length;
    expect(errCount).toBe(readFileSync(TXT, 'latin1').split('\n').filter((l) => / \/err\//.test(l)).length);
  });

  it('# HELP from the definitions\' counters blocks where they describe the entry', async () => {
    const { entries } = await captured();
    const modules = ['core/ip.api.json', 'core/interface.api.json'].map((f) => JSON.parse(readFileSync(join(API_26_06, f), 'utf8')) as { counters?: unknown[]; paths?: unknown[] });
    const ip4 = (modules[0]!.counters as { name: string; elements: { name: string; description: string; units: string; severity: string }[] }[]).find((c) => c.name === 'ip4')!;
    const expired = ip4.elements.find((e) => e.name === 'time_expired')!;
    const text = parsePromText(renderPrometheus(entries, { help: counterHelp(modules) }));
    expect(text.help.get('_err_ip4_input_time_expired')).toBe(`${expired.description} (${expired.units}, ${expired.severity})`);
    expect(text.help.get('_err_ip6_input_time_expired')).toMatch(/^.+ \(packets, \w+\)$/);
    expect(text.help.get('_if_rx_packets')).toBe('VPP statistics entry /if/rx');
  });

  it.skipIf(!PROMTOOL)('passes promtool check metrics, v1 and v2, with and without links', async () => {
    const { entries, names } = await captured();
    for (const opts of [{ names }, { names, naming: 'v2' as const }, { names, noInterfaceLinks: true }]) {
      const r = promtool(renderPrometheus(entries, opts));
      expect(r.errors).toEqual([]);
      expect(r.problems).toEqual([]);
      expect([0, 3]).toContain(r.status);
    }
  });
});

describe('Prometheus output of a built segment', () => {
  it('gives each v2 family one TYPE, its lines together, across entries and threads', async () => {
    const s = new NaiveSegment();
    const rx = s.combined('/if/rx', [[[1, 10], [2, 20]], [[3, 30], [4, 40]]]);
    s.names('/if/names', ['a/0', 'b']);
    s.symlink('/interfaces/a_0/rx', rx, 0);
    s.symlink('/interfaces/b/rx', rx, 1);
    s.histogram('/h', [{ minExp: 0, bins: [1, 2] }]);
    const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
    const out = renderPrometheus(entries, { naming: 'v2' });
    const text = parsePromText(out);
    expect(text.types.get('interfaces_rx_packets')).toBe('counter');
    expect(text.samples.filter((x) => x.name === 'interfaces_rx_packets').map((x) => [x.labels.interface, x.labels.thread, x.value])).toEqual([
      ['a_0', '0', 1], ['a_0', '1', 3], ['b', '0', 2], ['b', '1', 4],
    ]);
    expect(text.help.get('interfaces_rx_bytes')).toBe('VPP statistics entries /interfaces/<interface>/rx');
    expect(text.series.get(seriesKey('_h_bucket', { thread: '0', le: '+Inf' }))).toBe(3);
    if (PROMTOOL) expect(promtool(out)).toMatchObject({ errors: [], problems: [] });
  });
});
