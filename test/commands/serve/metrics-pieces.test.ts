/**
 * GET /metrics of a segment big enough to be sent in many pieces while they are made
 * (src/commands/serve/metrics.ts, server.ts sendPieces), over a real socket: each answer
 * byte for byte what a fresh reader of the same moment renders, with counters moving
 * between scrapes; concurrent scrapes (they take turns on the kept text); a client that
 * leaves in the middle of an answer.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStats } from '../../../src/client/stats/index.js';
import { StatsServer } from '../../../src/emulator/stats/stats-server.js';
import { renderPrometheusBytes } from '../../../src/format/stats/stats-prometheus.js';
import { cleanup, tempDir } from '../../support/cli.js';
import { parsePromText } from '../../support/oracle/prom-text.js';
import { type Served, serveWith } from './harness.js';

/** Interfaces × threads enough for ~30,000 samples: several pieces of 8,192. */
const IFACES = Array.from({ length: 300 }, (_, i) => ({ swIfIndex: i, name: i === 0 ? 'local0' : `loop${i - 1}`, adminUp: i % 2 === 1 }));

let stats: StatsServer;
let s: Served;

beforeAll(async () => {
  const dir = tempDir('vppapi-serve-pieces-');
  stats = StatsServer.start({ socketPath: join(dir, 'stats.sock'), threads: 2, intervalMs: 3_600_000, interfaces: () => IFACES });
  stats.tick();
  // No VPP API behind it: /metrics needs only the stats socket.
  s = await serveWith(['--socket', join(dir, 'none.sock'), '--stats-socket', stats.socketPath]);
});

afterAll(async () => {
  await s?.stop();
  stats?.stop();
  cleanup();
});

/** What a fresh reader and renderer make of the segment now (v1 has nothing that depends on the clock). */
async function fresh(): Promise<string> {
  const seg = await openStats({ socketPath: stats.socketPath });
  try {
    const { entries } = await seg.read();
    const n = entries.find((e) => e.name === '/if/names')?.value;
    return renderPrometheusBytes(entries.filter((e) => !e.error), { names: n?.kind === 'names' ? n.names : undefined }).toString();
  } finally {
    seg.close();
  }
}

/** The segment's part of an answer: all before the health series (vpp_up first). */
function segmentPart(text: string): string {
  const at = text.indexOf('# HELP vpp_up ');
  expect(at).toBeGreaterThan(0);
  expect(parsePromText(text.slice(at)).series.get('vpp_up{}')).toBe(1);
  return text.slice(0, at);
}

describe('GET /metrics sent while it is made', () => {
  it('answers scrape after scrape, counters moving, byte for byte as a fresh reader renders the moment, chunked', async () => {
    for (let round = 0; round < 4; round++) {
      stats.tick();
      const r = await fetch(`${s.url}/metrics`);
      const text = await r.text();
      expect(r.status).toBe(200);
      if (round > 0) expect(r.headers.get('transfer-encoding')).toBe('chunked');
      expect(segmentPart(text), `round ${round}`).toBe(await fresh());
      expect(parsePromText(text).samples.length).toBeGreaterThan(8192 * 3);
    }
  });

  it('answers concurrent scrapes each whole and right', async () => {
    stats.tick();
    const want = await fresh();
    const texts = await Promise.all(Array.from({ length: 4 }, () => fetch(`${s.url}/metrics`).then((r) => r.text())));
    for (const [i, t] of texts.entries()) expect(segmentPart(t), `scrape ${i}`).toBe(want);
  });

  it('answers right after a client left in the middle of an answer', async () => {
    stats.tick();
    const { port, hostname } = new URL(s.url);
    // Read the head and a first piece, then leave.
    await new Promise<void>((resolve, reject) => {
      const c = connect(Number(port), hostname, () => c.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = 0;
      c.on('data', (d) => {
        got += d.length;
        if (got > 100_000) {
          c.destroy();
          resolve();
        }
      });
      c.on('error', reject);
    });
    stats.tick();
    const r = await fetch(`${s.url}/metrics`);
    expect(segmentPart(await r.text())).toBe(await fresh());
  });
});
