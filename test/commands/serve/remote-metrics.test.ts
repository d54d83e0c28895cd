/**
 * `/metrics?target=NAME` for an ssh:// target: each scrape runs the remote vppapi's
 * `stats show --prometheus` over a real sshd (test/support/sshd.ts) against an emulator's
 * statistics segment, and passes its text on; a remote that fails is the down answer
 * (200, vpp_up 0, the health series only). The remote's output is bounded in time and
 * size and must be exposition text: those are checked with a stand-in for ssh (a node
 * script printing what a broken remote would), run by the same code.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { openStats } from '../../../src/client/stats/index.js';
import { liveChildren } from '../../../src/client/targets/children.js';
import { notExposition, RemoteMetricsSource } from '../../../src/commands/serve/remote-metrics.js';
import { cleanup, tempDir } from '../../support/cli.js';
import { parsePromText, seriesKey } from '../../support/oracle/prom-text.js';
import { type TestSshd, sshdUnavailable, startSshd } from '../../support/sshd.js';
import { type Served, serveWith, startVpp, until, type Vpp } from './harness.js';

const bin = inject('cliDist');
const why = sshdUnavailable() ?? (bin ? undefined : 'the CLI could not be built (the remote vppapi)');
if (why) console.warn(`skipping /metrics over ssh: ${why}`);

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
const HEALTH_ONLY = ['vpp_scrape_duration_seconds', 'vpp_up'];
const families = (text: string) => [...new Set(parsePromText(text).samples.map((s) => s.name))].sort();

async function get(srv: Served, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${srv.url}${path}`);
  return { status: r.status, text: await r.text() };
}

/** A RemoteMetricsSource whose "ssh" is `node -e SCRIPT`. */
function fake(script: string, o: { timeoutMs?: number; maxBytes?: number } = {}): RemoteMetricsSource {
  return new RemoteMetricsSource({ argv: [process.execPath, '-e', script], env: process.env, host: 'h1', timeoutMs: o.timeoutMs ?? 10_000, maxBytes: o.maxBytes ?? 1 << 20 });
}

describe('a remote scrape that is not to be passed on is the down answer', () => {
  const down = async (src: RemoteMetricsSource, reason: RegExp) => {
    const r = await src.scrape();
    expect(r.error).toMatch(reason);
    const text = Buffer.concat(r.body).toString();
    const p = parsePromText(text);
    expect(p.series.get('vpp_up{}')).toBe(0);
    expect(families(text)).toEqual(HEALTH_ONLY);
  };

  it('passes sound text on, with the health series after it', async () => {
    const r = await fake(`process.stdout.write('# TYPE _if_rx_packets counter\\n_if_rx_packets{thread="0",interface="0",name="local0"} 7\\n')`).scrape();
    expect(r.error).toBeUndefined();
    const p = parsePromText(Buffer.concat(r.body).toString());
    expect(p.series.get(seriesKey('_if_rx_packets', { thread: '0', interface: '0', name: 'local0' }))).toBe(7);
    expect(p.series.get('vpp_up{}')).toBe(1);
  });

  it('binary junk, a line that is no sample, an unended line, its own vpp_up', async () => {
    await down(fake(`process.stdout.write(Buffer.from([0xff, 0xfe, 0, 1, 10]))`), /not Prometheus text: not UTF-8/);
    await down(fake(`process.stdout.write('a 1\\n\\x01\\x02 junk\\n')`), /not Prometheus text: line 2 is not exposition text/);
    await down(fake(`process.stdout.write('<html>oops</html>\\n')`), /line 1 is not exposition text/);
    await down(fake(`process.stdout.write('a 1\\nb 2')`), /its last line does not end/);
    await down(fake(`process.stdout.write('vpp_up 1\\n')`), /line 1 is not exposition text/);
  });

  it('a remote that hangs is ended at the time limit', async () => {
    const t0 = Date.now();
    await down(fake(`process.stdout.write('a 1\\n'); setInterval(() => {}, 1000)`, { timeoutMs: 300 }), /no answer from vppapi on h1 within 300 ms/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(liveChildren()).toBe(0);
  });

  it('more output than the bound is cut off, not passed on', async () => {
    await down(fake(`const l = 'a 1\\n'.repeat(1000); const w = () => process.stdout.write(l, w); w()`, { maxBytes: 64 << 10 }), /more than 65536 bytes/);
    expect(liveChildren()).toBe(0);
  });

  it('exit 127, 255 and others say why, with the remote stderr', async () => {
    await down(fake(`process.stderr.write('sh: vppapi: not found\\n'); process.exit(127)`), /^vppapi is not installed on h1: sh: vppapi: not found$/);
    await down(fake(`process.stderr.write('Connection refused\\n'); process.exit(255)`), /^ssh to h1 failed: Connection refused$/);
    await down(fake(`process.stdout.write('a 1\\n'); process.stderr.write('error: cannot connect\\n'); process.exit(3)`), /^vppapi on h1 exited 3: error: cannot connect$/);
  });

  it('overlapping scrapes share one remote run', async () => {
    const dir = tempDir('vppapi-remote-runs-');
    const src = fake(`require('fs').appendFileSync(${JSON.stringify(join(dir, 'runs'))}, 'x'); setTimeout(() => process.stdout.write('a 1\\n'), 200)`);
    const [x, y] = await Promise.all([src.scrape(), src.scrape()]);
    expect(x).toBe(y);
    expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('x');
  });

  it('reads exposition text as the format describes it', () => {
    expect(notExposition(Buffer.from(''))).toBeUndefined();
    expect(notExposition(Buffer.from('# HELP a x y\n# TYPE a gauge\na{b="c d"} 1.5e3\n\nc -Inf 1700000000000\n'))).toBeUndefined();
    expect(notExposition(Buffer.from('a\n'))).toMatch(/line 1/);
    expect(notExposition(Buffer.from('1a 2\n'))).toMatch(/line 1/);
  });
});

describe.skipIf(why !== undefined)('/metrics?target= for an ssh:// target over a real sshd', () => {
  let sshd: TestSshd;
  let vpp: Vpp;
  let config: string;
  let env: Record<string, string>;
  const q = (name: string) => `/metrics?target=${encodeURIComponent(name)}`;

  /** `/if/rx` packets [thread][interface] as the library reads the emulator's segment. */
  async function segmentRx(): Promise<bigint[][]> {
    const seg = await openStats({ socketPath: vpp.stats });
    try {
      const rx = (await seg.read((n) => n === '/if/rx')).entries[0]!.value!;
      if (rx.kind !== 'combined') throw new Error('unexpected shape');
      return rx.rows.map((r) => [...r.packets]);
    } finally {
      seg.close();
    }
  }

  beforeAll(async () => {
    sshd = await startSshd();
    vpp = await startVpp({ threads: 2 });
    const { session } = await openSession({ socketPath: vpp.api });
    await session.call('create_loopback', {});
    await session.disconnect();
    vpp.emu.stats!.tick();
    vpp.emu.stats!.tick();
    const dir = tempDir('vppapi-serve-ssh-');
    config = join(dir, 'targets.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        `  edge: ${sshd.url(vpp.api)}`,
        // Its API socket's directory has no stats.sock: the remote vppapi fails (exit 3).
        `  gone: ${sshd.url(join(dir, 'api.sock'))}`,
        // The statistics socket named in the targets file, the API socket path being nothing.
        `  named: { url: "${sshd.url(join(dir, 'none.sock'))}", stats_socket: "${vpp.stats}" }`,
        `  slow: { url: "${sshd.url(vpp.api, 1)}", timeout: 0.001 }`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    env = { PATH: process.env.PATH ?? '', VPPAPI_SSH: sshd.sshCommand, VPPAPI_REMOTE: `${process.execPath} ${bin}` };
  });

  afterAll(async () => {
    await vpp?.emu.stop();
    await sshd?.stop();
    cleanup();
  });

  const serveAll = (args: string[] = []) => serveWith(['--config', config, '--target', 'edge,gone,named,slow', '--api-dir', vpp.defs], args, env);

  it('serves the remote emulator\'s series (values as its segment holds them), vpp_up 1; a remote that fails is vpp_up 0 alone; an unknown name stays 404', async () => {
    const s = await serveAll();
    try {
      const r = await get(s, q('edge'));
      expect(r.status).toBe(200);
      const p = parsePromText(r.text);
      const rx = await segmentRx();
      let checked = 0;
      const names = ['local0', 'loop0'];
      rx.forEach((row, t) =>
        row.forEach((n, i) => {
          expect(p.series.get(seriesKey('_if_rx_packets', { thread: String(t), interface: String(i), name: names[i]! }))).toBe(Number(n));
          checked++;
        }),
      );
      expect(checked).toBe(4);
      expect(rx[1]![1]).toBeGreaterThan(0n);
      expect(p.series.get(seriesKey('_interfaces_loop0_rx_packets', { thread: '1', interface: '0', name: 'loop0' }))).toBe(Number(rx[1]![1]));
      expect(p.series.get('vpp_up{}')).toBe(1);
      expect(p.series.get('vpp_scrape_duration_seconds{}')).toBeGreaterThan(0);

      if (PROMTOOL) {
        // The remote's text with the health series after it is one valid exposition (only the exporter's own naming lints).
        const c = spawnSync('promtool', ['check', 'metrics'], { input: r.text, encoding: 'utf8' });
        const lines = `${c.stdout}${c.stderr}`.split('\n').filter((l) => l !== '');
        expect(lines.filter((l) => !/ (counter metrics should have "_total" suffix|metric names should not contain abbreviated units)$/.test(l))).toEqual([]);
        expect([0, 3]).toContain(c.status);
      }

      const named = parsePromText((await get(s, q('named'))).text);
      expect(named.series.get(seriesKey('_if_rx_packets', { thread: '1', interface: '1', name: 'loop0' }))).toBe(Number(rx[1]![1]));

      for (const t of ['gone', 'slow']) {
        const d = await get(s, q(t));
        expect(d.status, t).toBe(200);
        expect(parsePromText(d.text).series.get('vpp_up{}'), t).toBe(0);
        expect(families(d.text), t).toEqual(HEALTH_ONLY);
      }
      // The log is written in batches (a line within tens of ms): wait for the lines, then check them.
      await until('the log lines', () => /GET \/metrics\?target=slow /.test(s.log()));
      expect(s.log()).toMatch(/GET \/metrics\?target=gone 200 [\d.]+ms vpp_up 0: vppapi on 127\.0\.0\.1 exited 3: .*no stats socket at/);
      expect(s.log()).toMatch(/GET \/metrics\?target=slow 200 [\d.]+ms vpp_up 0: no answer from vppapi on fleethost1 within [\d.]+ ms/);

      const other = await get(s, q('nope'));
      expect(other.status).toBe(404);
      expect(JSON.parse(other.text).error).toBe('no target "nope" is served here; the targets are edge, gone, named, slow');
    } finally {
      await s.stop();
    }
    expect(liveChildren()).toBe(0);
  });

  it('asks the remote for the naming and links serve was given', async () => {
    const rx = await segmentRx();
    const links = await serveAll(['--no-interface-links']);
    try {
      const p = parsePromText((await get(links, q('edge'))).text);
      expect(p.series.get(seriesKey('_if_rx_packets', { thread: '1', interface: '1', name: 'loop0' }))).toBe(Number(rx[1]![1]));
      expect(p.samples.filter((x) => x.name.startsWith('_interfaces_'))).toEqual([]);
    } finally {
      await links.stop();
    }
    // v2 labels a /interfaces/<name>/ link's series with the link's own column (index 0), as the exporter does.
    const v2 = await serveAll(['--v2']);
    try {
      const p = parsePromText((await get(v2, q('edge'))).text);
      expect(p.series.get(seriesKey('interfaces_rx_packets', { interface: 'loop0', index: '0', thread: '1' }))).toBe(Number(rx[1]![1]));
      expect(p.series.get('vpp_up{}')).toBe(1);
    } finally {
      await v2.stop();
    }
  });
});
