import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment, entryRates, nameMatcher, sample, type SamplerEvent, type StatEntry } from '../../../src/client/stats/index.js';
import { NaiveSegment } from '../../support/statseg-writer.js';

const NAMES = ['/if/rx', '/if/rx-miss', '/if/tx', '/err/ip4-input/time_expired', '/err/vmxnet3-input/buffer alloc error', '/buffer-pools/default-numa-0/used', '/err/null-node/blackholed packets'];

describe('name patterns', () => {
  it('match regexes anywhere in the name, several ORed, none selecting all', () => {
    expect(NAMES.filter(nameMatcher(['/buffer']))).toEqual(['/err/vmxnet3-input/buffer alloc error', '/buffer-pools/default-numa-0/used']);
    expect(NAMES.filter(nameMatcher(['^/if/rx$', 'time_']))).toEqual(['/if/rx', '/err/ip4-input/time_expired']);
    expect(NAMES.filter(nameMatcher([]))).toEqual(NAMES);
  });

  it('refuse a regex that does not compile, naming it', () => {
    expect(() => nameMatcher(['/if/(rx'])).toThrow(/pattern "\/if\/\(rx" is not a valid regular expression.*--glob/);
  });

  it('with glob: whole-name shell globs, * within one part, ** across', () => {
    expect(NAMES.filter(nameMatcher(['/err/*/time_expired'], { glob: true }))).toEqual(['/err/ip4-input/time_expired']);
    expect(NAMES.filter(nameMatcher(['/if/rx*'], { glob: true }))).toEqual(['/if/rx', '/if/rx-miss']);
    expect(NAMES.filter(nameMatcher(['/err/*'], { glob: true }))).toEqual([]);
    expect(NAMES.filter(nameMatcher(['/err/**'], { glob: true }))).toHaveLength(3);
    expect(NAMES.filter(nameMatcher(['/err/null-node/blackholed packets'], { glob: true }))).toEqual(['/err/null-node/blackholed packets']);
  });
});

async function take(gen: AsyncGenerator<SamplerEvent>, n: number, between?: (i: number) => void): Promise<SamplerEvent[]> {
  const out: SamplerEvent[] = [];
  for await (const ev of gen) {
    out.push(ev);
    between?.(out.length);
    if (out.length >= n) break;
  }
  return out;
}

describe('the sampler', () => {
  it('yields rates per second from deltas over the measured time, NaN for a cleared counter', async () => {
    const s = new NaiveSegment(1 << 16);
    const hb = s.scalar('/sys/heartbeat', 1);
    s.simple('/if/drops', [[0, 0]]);
    s.combined('/if/rx', [[[0, 0]]]);
    s.finish();
    const drops = s.deref(s.deref(s.wordAt(1)));
    const rx = s.deref(s.deref(s.wordAt(2)));
    const seg = new StatsSegment(new BufferSource(s.buf));
    const events = await take(sample({ open: async () => seg, intervalMs: 100, select: (n) => n.startsWith('/if/') }), 3, (i) => {
      s.buf.writeBigUInt64LE(BigInt(i), s.wordAt(hb));
      if (i === 1) {
        s.buf.writeBigUInt64LE(50n, drops + 8);
        s.buf.writeBigUInt64LE(10n, rx);
        s.buf.writeBigUInt64LE(1000n, rx + 8);
      }
      if (i === 2) s.buf.writeBigUInt64LE(0n, drops + 8);
    });
    expect(events.map((e) => e.kind)).toEqual(['sample', 'sample', 'sample']);
    const [a, b, c] = events as Extract<SamplerEvent, { kind: 'sample' }>[];
    expect(a!.elapsed).toBeNull();
    expect(a!.rates.size).toBe(0);
    expect(b!.elapsed).toBeGreaterThan(0.05);
    const d = b!.rates.get('/if/drops');
    if (d?.kind !== 'simple') throw new Error('no drops rate');
    expect(d.rows[0]![1]).toBeCloseTo(50 / b!.elapsed!, 6);
    expect(d.rows[0]![0]).toBe(0);
    const r = b!.rates.get('/if/rx');
    if (r?.kind !== 'combined') throw new Error('no rx rate');
    expect(r.bytes[0]![0]).toBeCloseTo(1000 / b!.elapsed!, 6);
    const d2 = c!.rates.get('/if/drops');
    expect(d2?.kind === 'simple' && Number.isNaN(d2.rows[0]![1]!)).toBe(true);
  });

  it('computes exact deltas across 2^32 and on plain (symlink) rows; NaN where a counter went back', () => {
    const vec = (xs: bigint[]): StatEntry => ({ index: 0, name: '/x', type: 'simple', value: { kind: 'simple', rows: [BigUint64Array.from(xs)] } });
    const r = entryRates(vec([2n ** 32n - 1n, 5n, 2n ** 40n]), vec([2n ** 32n + 9n, 4n, 2n ** 40n + 2n ** 33n + 3n]), 2);
    expect(r?.kind === 'simple' && [...r.rows[0]!]).toEqual([5, NaN, (2 ** 33 + 3) / 2]);
    const link = (x: bigint): StatEntry => ({ index: 0, name: '/l', type: 'symlink', value: { kind: 'simple', rows: [[x]] } });
    const l = entryRates(link(10n), link(2n ** 33n), 4);
    expect(l?.kind === 'simple' && l.rows[0]![0]).toBe((2 ** 33 - 10) / 4);
  });

  it('stops after count samples', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/sys/heartbeat', 1);
    const seg = new StatsSegment(new BufferSource(s.finish()));
    const out: SamplerEvent[] = [];
    for await (const ev of sample({ open: async () => seg, intervalMs: 10, count: 2 })) out.push(ev);
    expect(out).toHaveLength(2);
  });

  it('reattaches to a new segment when the heartbeat stops and VPP offers another one', async () => {
    const mk = (hb: number) => {
      const s = new NaiveSegment(1 << 16);
      s.scalar('/sys/heartbeat', hb);
      return new StatsSegment(new BufferSource(s.finish(), `seg-${hb}`));
    };
    let opened = 0;
    const events = await take(sample({ open: async () => mk(++opened), intervalMs: 20, stallMs: 60 }), 6);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toContain('reattached');
    const ev = events.find((e) => e.kind === 'reattached')!;
    expect(ev.kind === 'reattached' && ev.reason).toMatch(/heartbeat stopped for \d+ s and VPP offers a new segment/);
  });

  it('says the heartbeat is stalled, once, when the socket offers the same segment', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/sys/heartbeat', 1);
    s.finish();
    const events = await take(sample({ open: async () => new StatsSegment(new BufferSource(s.buf, 'same')), intervalMs: 20, stallMs: 50 }), 12);
    expect(events.filter((e) => e.kind === 'stalled')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'reattached')).toHaveLength(0);
  });
});
