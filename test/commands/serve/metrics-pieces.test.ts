/**
 * GET /metrics of a segment big enough to be kept in many parts (src/commands/serve/
 * metrics.ts, server.ts sendPieces), over a real socket: each answer byte for byte what
 * a fresh reader of the same moment renders, with counters moving between scrapes;
 * concurrent scrapes; a client that leaves in the middle of an answer; a slow client
 * whose answer is still being sent while later scrapes write the parts that moved.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStats } from '../../../src/client/stats/index.js';
import { MetricsSource } from '../../../src/commands/serve/metrics.js';
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

describe('GET /metrics from the kept parts', () => {
  it('answers scrape after scrape, counters moving, byte for byte as a fresh reader renders the moment, with its length', async () => {
    for (let round = 0; round < 4; round++) {
      stats.tick();
      const r = await fetch(`${s.url}/metrics`);
      const text = await r.text();
      expect(r.status).toBe(200);
      expect(Number(r.headers.get('content-length')), `round ${round}`).toBe(Buffer.byteLength(text));
      expect(segmentPart(text), `round ${round}`).toBe(await fresh());
      expect(parsePromText(text).samples.length).toBeGreaterThan(1024 * 20);
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

  it("answers a slow client the moment it asked for, while later scrapes move the counters", async () => {
    stats.tick();
    const want = await fresh();
    const { port, hostname } = new URL(s.url);
    const c = connect(Number(port), hostname, () => c.write('GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    const chunks: Buffer[] = [];
    let got = 0;
    let paused = false;
    const ended = new Promise<void>((resolve, reject) => {
      c.on('end', resolve);
      c.on('error', reject);
    });
    // Read the head and a first piece, then stop reading: the rest waits in the server.
    await new Promise<void>((resolve) => {
      c.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got > 50_000 && !paused) {
          paused = true;
          c.pause();
          resolve();
        }
      });
    });
    for (let round = 0; round < 3; round++) {
      stats.tick();
      const r = await fetch(`${s.url}/metrics`);
      expect(segmentPart(await r.text()), `round ${round}`).toBe(await fresh());
    }
    c.resume();
    await ended;
    const all = Buffer.concat(chunks).toString();
    const body = all.slice(all.indexOf('\r\n\r\n') + 4);
    expect(segmentPart(body)).toBe(want);
  });

  it('never writes over an answer not yet given back: its pieces keep their bytes while later scrapes move the counters', async () => {
    const source = new MetricsSource({ socketPath: stats.socketPath, timeoutMs: 2000, naming: 'v1', noInterfaceLinks: false, help: new Map() });
    try {
      for (let round = 0; round < 2; round++) {
        stats.tick();
        const a = await source.scrape();
        a.release?.();
      }
      stats.tick();
      const want = await fresh();
      const held = await source.scrape();
      expect(held.body.length).toBeGreaterThan(20);
      const copy = Buffer.concat([...held.body]);
      expect(segmentPart(copy.toString())).toBe(want);
      for (let round = 0; round < 3; round++) {
        stats.tick();
        const later = await source.scrape();
        expect(segmentPart(Buffer.concat([...later.body]).toString()), `round ${round}`).toBe(await fresh());
        later.release?.();
        expect(Buffer.concat([...held.body]).equals(copy), `round ${round}`).toBe(true);
      }
      held.release?.();
    } finally {
      source.close();
    }
  });
});
