/**
 * GET /metrics over a real socket: the exposition read back by a naive parser and
 * cross-checked against the segment as the library reads it, promtool's verdict, the
 * health series, a VPP restart during serving, and a real Prometheus server (Debian's
 * `prometheus`) scraping it and answering a query for an interface counter.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { openStats } from '../../../src/client/stats/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { cleanup, tempDir } from '../../support/cli.js';
import { parsePromText, seriesKey } from '../../support/oracle/prom-text.js';
import { post, serve, type Served, startVpp, until, type Vpp } from './harness.js';

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
const PROMETHEUS = spawnSync('prometheus', ['--version']).status === 0;
const CURL = spawnSync('curl', ['--version']).status === 0;

let vpp: Vpp;
let s: Served;

async function scrape(srv: Served = s): Promise<{ status: number; type: string | null; text: ReturnType<typeof parsePromText>; raw: string }> {
  const r = await fetch(`${srv.url}/metrics`);
  const raw = await r.text();
  return { status: r.status, type: r.headers.get('content-type'), text: parsePromText(raw), raw };
}

/** `/if/rx` and `/if/names` as the library reads them from the stats socket. */
async function segmentRx(): Promise<{ packets: bigint[][]; names: (string | null)[] }> {
  const seg = await openStats({ socketPath: vpp.stats });
  try {
    const { entries } = await seg.read((n) => n === '/if/rx' || n === '/if/names');
    const rx = entries.find((e) => e.name === '/if/rx')!.value!;
    const names = entries.find((e) => e.name === '/if/names')!.value!;
    if (rx.kind !== 'combined' || names.kind !== 'names') throw new Error('unexpected shapes');
    return { packets: rx.rows.map((r) => [...r.packets]), names: names.names };
  } finally {
    seg.close();
  }
}

beforeAll(async () => {
  vpp = await startVpp({ threads: 2 });
  const { session } = await openSession({ socketPath: vpp.api });
  await session.call('create_loopback', {});
  await session.call('sw_interface_set_flags', { sw_if_index: 1, flags: 1 });
  await session.disconnect();
  vpp.emu.stats!.tick();
  vpp.emu.stats!.tick();
  s = await serve(vpp);
});

afterAll(async () => {
  await s?.stop();
  await vpp?.emu.stop();
  cleanup();
});

describe('GET /metrics', () => {
  it('serves the segment as read now, in the exposition format, values as the library reads them', async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const seg = await segmentRx();
    let checked = 0;
    seg.packets.forEach((row, t) =>
      row.forEach((p, i) => {
        expect(text.series.get(seriesKey('_if_rx_packets', { thread: String(t), interface: String(i), name: seg.names[i]! }))).toBe(Number(p));
        checked++;
      }),
    );
    expect(checked).toBe(4); // 2 threads × (local0, loop0)
    expect(text.series.get(seriesKey('_interfaces_loop0_rx_packets', { thread: '1', interface: '0', name: 'loop0' }))).toBe(Number(seg.packets[1]![1]));
    expect(text.series.get('vpp_up{}')).toBe(1);
    expect(text.types.get('vpp_scrape_duration_seconds')).toBe('gauge');
    expect(text.series.get('vpp_scrape_duration_seconds{}')).toBeGreaterThan(0);
  });

  it('reads at scrape time: a tick moves the counters between two scrapes', async () => {
    const before = (await scrape()).text.series.get(seriesKey('_if_rx_packets', { thread: '1', interface: '1', name: 'loop0' }))!;
    vpp.emu.stats!.tick();
    const after = (await scrape()).text.series.get(seriesKey('_if_rx_packets', { thread: '1', interface: '1', name: 'loop0' }))!;
    expect(after).toBeGreaterThan(before);
  });

  it.skipIf(!PROMTOOL)('passes promtool check metrics (only the exporter\'s own naming lints)', async () => {
    for (const srv of [s]) {
      const { raw } = await scrape(srv);
      const r = spawnSync('promtool', ['check', 'metrics'], { input: raw, encoding: 'utf8' });
      const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => !/ (counter metrics should have "_total" suffix|metric names should not contain abbreviated units)$/.test(l))).toEqual([]);
      expect([0, 3]).toContain(r.status);
    }
  });

  it('takes --v2 and --no-interface-links', async () => {
    const v2 = await serve(vpp, ['--v2', '--no-interface-links']);
    try {
      const { text } = await scrape(v2);
      expect(text.samples.some((x) => x.name.startsWith('interfaces_') || x.name.startsWith('_interfaces_'))).toBe(false);
      expect(text.series.has(seriesKey('err', { node: 'null-node', error: 'blackholed packets', index: '0', thread: '0' }))).toBe(true);
      expect(text.series.get('vpp_up{}')).toBe(1);
    } finally {
      await v2.stop();
    }
  });

  it.skipIf(!CURL)('answers curl', async () => {
    const out = await new Promise<string>((resolve, reject) => execFile('curl', ['-sS', '--fail', `${s.url}/metrics`], (e, stdout) => (e ? reject(e) : resolve(stdout))));
    expect(out).toMatch(/^vpp_up 1$/m);
  });
});

describe('a VPP restart during serving', () => {
  it('reattaches the segment and the API: vpp_up 0 while VPP is gone, 1 and answers again when it is back', async () => {
    const local = await startVpp();
    const srv = await serve(local);
    try {
      expect((await post(srv, 'show_version')).status).toBe(200);
      const hb0 = (await scrape(srv)).text.series.get('_sys_heartbeat{}');
      await local.emu.restart();
      local.emu.stats!.tick();
      await until('the API back after the restart', async () => (await post(srv, 'show_version')).status === 200);
      const again = await scrape(srv);
      expect(again.text.series.get('vpp_up{}')).toBe(1);
      // A new segment: its heartbeat started afresh.
      expect(again.text.series.get('_sys_heartbeat{}')).toBeLessThanOrEqual(hb0! + 1);
      await local.emu.stop();
      const down = await scrape(srv);
      expect(down.status).toBe(200);
      expect(down.text.series.get('vpp_up{}')).toBe(0);
      expect(down.text.samples.map((x) => x.name)).toEqual(['vpp_up', 'vpp_scrape_duration_seconds']);
      const api = await post(srv, 'show_version');
      expect([502, 503, 504]).toContain(api.status);
      await until('the log line', () => /GET \/metrics 200 [\d.]+ms vpp_up 0: /.test(srv.log()));
      local.emu = await startEmulator({ socketPath: local.api, statsSocketPath: local.stats, statsIntervalMs: 3_600_000 });
      await until('metrics back', async () => (await scrape(srv)).text.series.get('vpp_up{}') === 1);
      await until('the API back', async () => (await post(srv, 'show_version')).status === 200, 20_000);
      await until('the log line', () => /api: reconnected/.test(srv.log()));
    } finally {
      await srv.stop();
      await local.emu.stop();
    }
  }, 60_000);
});

/** A free TCP port on 127.0.0.1 (bound and released; Prometheus takes no port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe.skipIf(!PROMETHEUS)('a real Prometheus server scraping vppapi serve', () => {
  let prom: ChildProcess | undefined;
  let promUrl = '';
  let promLog = '';

  beforeAll(async () => {
    const dir = tempDir('vppapi-prometheus-');
    mkdirSync(join(dir, 'data'));
    const target = new URL(s.url).host;
    writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: vpp\n    static_configs:\n      - targets: ['${target}']\n`);
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    prom.stderr!.on('data', (d: Buffer) => (promLog += d.toString()));
  }, 30_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const gone = new Promise((r) => prom!.once('exit', r));
      prom.kill('SIGTERM');
      await gone;
    }
  });

  it('answers a query for an interface counter with the value in the segment', async () => {
    const query = async (q: string) => {
      try {
        const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
        return (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      } catch {
        return undefined;
      }
    };
    const up = await until('Prometheus to scrape vppapi serve', async () => {
      if (prom?.exitCode !== null) throw new Error(`prometheus exited: ${promLog}`);
      const r = await query('up{job="vpp"} == 1');
      return r?.data.result.length ? r : undefined;
    }, 30_000);
    expect(up.status).toBe('success');
    const rx = await until('the counter in Prometheus', async () => {
      const r = await query('_if_rx_packets{name="loop0",thread="1"}');
      return r?.data.result.length ? r.data.result : undefined;
    }, 30_000);
    const seg = await segmentRx();
    expect(rx[0]!.metric).toMatchObject({ __name__: '_if_rx_packets', interface: '1', thread: '1', name: 'loop0', job: 'vpp' });
    expect(rx[0]!.value[1]).toBe(String(seg.packets[1]![1]));
    const vppUp = await query('vpp_up');
    expect(vppUp?.data.result[0]?.value[1]).toBe('1');
  }, 60_000);
});
