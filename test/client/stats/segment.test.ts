import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferSource, FdSource, StatsError, StatsSegment, type SegmentSource, type StatEntry } from '../../../src/client/stats/index.js';
import { NaiveSegment, T, oldLayoutSegment } from '../../support/statseg-writer.js';

const open = (b: Buffer, opts = {}) => new StatsSegment(new BufferSource(b), opts);
const u = (xs: readonly (number | bigint)[]) => xs.map(BigInt);
const byName = (entries: StatEntry[], n: string) => {
  const e = entries.find((x) => x.name === n);
  if (!e) throw new Error(`no entry ${n}`);
  return e;
};

/** A segment with one entry of every type, three threads, symlinks and null name slots. */
function everyType() {
  const s = new NaiveSegment();
  s.scalar('/sys/heartbeat', 7);
  s.scalar('/sys/last_stats_clear', 0);
  s.scalar('/sys/boottime', 1796157843);
  const drops = s.simple('/if/drops', [[1, 2, 3], [10, 20, 30], [100, 200, 2n ** 64n - 1n]]);
  const rx = s.combined('/if/rx', [
    [[1, 64], [2, 128]],
    [[3, 192], [4, 256]],
    [[5, 320], [6, 384]],
  ]);
  s.names('/if/names', ['local0', null, 'loop1', 'deleted']);
  s.empty();
  s.symlink('/interfaces/loop1/drops', drops, 2);
  s.symlink('/interfaces/loop1/rx', rx, 1);
  s.histogram('/hist/latency', [
    { minExp: -2, bins: [5, 0, 7] },
    { minExp: 3, bins: [1] },
  ]);
  s.gauge('/sys/vector_rate', 42);
  s.ring('/ring/events', {
    entrySize: 4,
    ringSize: 3,
    slots: [[Buffer.from('aaaa'), Buffer.from('bbbb'), Buffer.from('cccc')], [Buffer.from('xxxx'), Buffer.from('yyyy'), Buffer.from('zzzz')]],
    heads: [1, 2],
    sequences: [4n, 2n],
    schema: Buffer.from([0xa1, 0x61, 0x76, 0x01]),
    schemaVersion: 3,
  });
  s.add({ type: 33, word: 0n, name: '/future/type' });
  return s;
}

describe('decoding every entry type from the naive writer', () => {
  const s = everyType();
  const seg = open(s.finish());

  it('lists live entries in directory order with their types, leaving EMPTY out', async () => {
    const { entries, epoch } = await seg.ls();
    expect(epoch).toBe(1n);
    expect(entries.map((e) => [e.index, e.name, e.type])).toEqual([
      [0, '/sys/heartbeat', 'scalar'],
      [1, '/sys/last_stats_clear', 'scalar'],
      [2, '/sys/boottime', 'scalar'],
      [3, '/if/drops', 'simple'],
      [4, '/if/rx', 'combined'],
      [5, '/if/names', 'names'],
      [7, '/interfaces/loop1/drops', 'symlink'],
      [8, '/interfaces/loop1/rx', 'symlink'],
      [9, '/hist/latency', 'histogram'],
      [10, '/sys/vector_rate', 'gauge'],
      [11, '/ring/events', 'ring'],
      [12, '/future/type', 'unknown'],
    ]);
  });

  it('reads scalars, gauges and counter vectors per thread, exactly (u64 max included)', async () => {
    const { entries } = await seg.read();
    expect(byName(entries, '/sys/boottime').value).toEqual({ kind: 'scalar', value: 1796157843n });
    expect(byName(entries, '/sys/vector_rate').value).toEqual({ kind: 'gauge', value: 42n });
    const drops = byName(entries, '/if/drops').value;
    expect(drops?.kind).toBe('simple');
    if (drops?.kind !== 'simple') return;
    expect(drops.rows.map((r) => [...r])).toEqual([u([1, 2, 3]), u([10, 20, 30]), [100n, 200n, 2n ** 64n - 1n]]);
    const rx = byName(entries, '/if/rx').value;
    if (rx?.kind !== 'combined') throw new Error('not combined');
    expect(rx.rows.map((r) => [[...r.packets], [...r.bytes]])).toEqual([
      [u([1, 2]), u([64, 128])],
      [u([3, 4]), u([192, 256])],
      [u([5, 6]), u([320, 384])],
    ]);
  });

  it('reads a name vector with null slots as null', async () => {
    const { entries } = await seg.read();
    expect(byName(entries, '/if/names').value).toEqual({ kind: 'names', names: ['local0', null, 'loop1', 'deleted'] });
  });

  it('resolves symlinks to one column of every row of the target, ignoring padding and name garbage', async () => {
    const { entries } = await seg.read();
    const d = byName(entries, '/interfaces/loop1/drops');
    expect(d.symlink).toEqual({ target: '/if/drops', targetIndex: 3, column: 2 });
    if (d.value?.kind !== 'simple') throw new Error('not simple');
    expect(d.value.rows.map((r) => [...r])).toEqual([[3n], [30n], [2n ** 64n - 1n]]);
    const r = byName(entries, '/interfaces/loop1/rx');
    if (r.value?.kind !== 'combined') throw new Error('not combined');
    expect(r.value.rows.map((x) => [x.packets[0], x.bytes[0]])).toEqual([
      [2n, 128n],
      [4n, 256n],
      [6n, 384n],
    ]);
  });

  it('reads histograms with signed min_exp', async () => {
    const { entries } = await seg.read();
    const h = byName(entries, '/hist/latency').value;
    if (h?.kind !== 'histogram') throw new Error('not a histogram');
    expect(h.rows.map((r) => [r.minExp, [...r.bins]])).toEqual([
      [-2, u([5, 0, 7])],
      [3, [1n]],
    ]);
  });

  it('reads a ring buffer: the latest entries oldest first, per thread, and its schema', async () => {
    const { entries } = await seg.read();
    const r = byName(entries, '/ring/events').value;
    if (r?.kind !== 'ring') throw new Error('not a ring');
    expect(r.ring.entrySize).toBe(4);
    expect(r.ring.ringSize).toBe(3);
    expect(r.ring.schemaVersion).toBe(3);
    expect([...r.ring.schema!]).toEqual([0xa1, 0x61, 0x76, 0x01]);
    // thread 0: 4 produced, head 1 → the newest three are slots 1, 2, 0 (sequences 1..3)
    const t0 = r.ring.threads[0]!;
    expect(t0.entries.map((b) => Buffer.from(b).toString())).toEqual(['bbbb', 'cccc', 'aaaa']);
    expect(t0.firstSequence).toBe(1n);
    // thread 1: 2 produced, head 2 → slots 0, 1
    expect(r.ring.threads[1]!.entries.map((b) => Buffer.from(b).toString())).toEqual(['xxxx', 'yyyy']);
  });

  it('limits ring entries to ringEntries', async () => {
    const { entries } = await open(s.buf, { ringEntries: 1 }).read((n) => n === '/ring/events');
    const r = entries[0]!.value;
    if (r?.kind !== 'ring') throw new Error('not a ring');
    expect(r.ring.threads[0]!.entries.map((b) => Buffer.from(b).toString())).toEqual(['aaaa']);
  });

  it('reports an unknown type as an error on that entry, not a crash', async () => {
    const { entries } = await seg.read();
    expect(byName(entries, '/future/type').error).toMatch(/type 33/);
  });

  it('selects by name predicate and by index', async () => {
    expect((await seg.read((n) => n.startsWith('/sys/'))).entries.map((e) => e.name)).toEqual(['/sys/heartbeat', '/sys/last_stats_clear', '/sys/boottime', '/sys/vector_rate']);
    expect((await seg.read([4, 6, 99])).entries.map((e) => e.name)).toEqual(['/if/rx']);
  });
});

describe('layouts', () => {
  it('refuses the pre-22.06 layout (error vector at offset 40) with a clear message', () => {
    const b = oldLayoutSegment();
    expect(() => open(b)).toThrow(/pre-22\.06 layout.*22\.02 or older/);
    try {
      open(b);
    } catch (e) {
      expect((e as StatsError).code).toBe('ELAYOUT');
    }
  });

  it('refuses another version', () => {
    const s = new NaiveSegment(1 << 16);
    s.version = 1n;
    s.scalar('/sys/heartbeat', 1);
    expect(() => open(s.finish())).toThrow(/layout version is 1/);
  });

  it('refuses a segment shorter than its header', () => {
    expect(() => open(Buffer.alloc(20))).toThrow(/too small/);
  });

  it('reads names of exactly 128 bytes (no NUL) and names with spaces', async () => {
    const s = new NaiveSegment(1 << 16);
    const long = `/${'x'.repeat(127)}`;
    s.scalar(long, 1);
    s.scalar('/err/null-node/blackholed packets', 2);
    const { entries } = await open(s.finish()).read();
    expect(entries.map((e) => e.name)).toEqual([long, '/err/null-node/blackholed packets']);
  });

  it('cuts each name at 128 bytes when a directory has no NUL between names', async () => {
    const s = new NaiveSegment(1 << 16);
    const names = ['a', 'b', 'c', 'd'].map((ch) => `/${ch.repeat(127)}`);
    for (const n of names) s.scalar(n, 1);
    s.finish();
    // Type and value words of entries 1..3 all 0xff: no NUL from entry 0's name to the end.
    for (let i = 1; i < 4; i++) s.buf.fill(0xff, s.dirOffset + i * 144, s.dirOffset + i * 144 + 16);
    s.buf.fill(0xff, s.dirOffset + 4 * 144, s.dirOffset + 4 * 144 + 64);
    const { entries } = await open(s.buf).read();
    expect(entries.map((e) => e.name)).toEqual(names);
    expect(entries.slice(1).every((e) => e.error !== undefined || e.type === 'unknown')).toBe(true);
  });
});

describe('hostile segments fail cleanly, naming the entry', () => {
  it('a directory pointer outside the segment', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    s.writeHeader(s.base + 10_000_000n);
    await expect(open(s.buf).read()).rejects.toThrow(/directory: pointer .* outside/);
  });

  it('a directory pointer below base (wraps), and a null one', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    s.writeHeader(s.base - 64n);
    await expect(open(s.buf).read()).rejects.toThrow(/outside/);
    s.writeHeader(0n);
    await expect(open(s.buf).read()).rejects.toThrow(/directory: null pointer/);
  });

  it('a directory length past the end', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    s.buf.writeUInt32LE(0xffff_fff0, s.dirOffset - 8);
    await expect(open(s.buf).read()).rejects.toThrow(/runs past the end/);
  });

  it('counter vectors: outer pointer outside, row length past the end, null row', async () => {
    const s = new NaiveSegment(1 << 16);
    s.simple('/bad/outer', [[1]]);
    const row = s.simple('/bad/len', [[1, 2]]);
    s.simple('/bad/null', [[1]]);
    s.combined('/good', [[[1, 2]]]);
    s.finish();
    s.buf.writeBigUInt64LE(s.base + (1n << 40n), s.wordAt(0));
    const outer = s.deref(s.wordAt(row));
    const inner = s.deref(outer);
    s.buf.writeUInt32LE(1 << 30, inner - 8);
    s.buf.writeBigUInt64LE(0n, s.deref(s.wordAt(2)));
    const { entries } = await open(s.buf).read();
    expect(entries[0]!.error).toMatch(/^\/bad\/outer \(entry 0\) rows: pointer .* outside/);
    expect(entries[1]!.error).toMatch(/^\/bad\/len \(entry 1\) row 0: vector of 1073741824 × 8 bytes .* runs past the end/);
    expect(entries[2]!.error).toMatch(/^\/bad\/null \(entry 2\) row 0: null pointer/);
    expect(entries[3]!.value?.kind).toBe('combined');
  });

  it('symlinks: target past the directory, target not a counter, column past the row', async () => {
    const s = new NaiveSegment(1 << 16);
    const c = s.simple('/if/drops', [[1, 2], [3, 4]]);
    const g = s.gauge('/g', 1);
    s.symlink('/l/past-dir', 99, 0);
    s.symlink('/l/gauge', g, 0);
    s.symlink('/l/column', c, 2);
    s.symlink('/l/ok', c, 1);
    const { entries } = await open(s.finish()).read();
    const by = (n: string) => byName(entries, n);
    expect(by('/l/past-dir').error).toMatch(/\/l\/past-dir \(entry 2\).*target index 99 is past the directory's 6 entries/);
    expect(by('/l/gauge').error).toMatch(/\/l\/gauge \(entry 3\).*type gauge, not a counter vector/);
    expect(by('/l/column').error).toMatch(/\/l\/column \(entry 4\).*element 2 is past the vector's length 2/);
    expect(by('/l/ok').value).toEqual({ kind: 'simple', rows: [[2n], [4n]] });
  });

  it('a name string without its NUL, and a name pointer outside', async () => {
    const s = new NaiveSegment(1 << 16);
    const n = s.names('/if/names', ['local0', 'loop0']);
    s.names('/n2', ['a', 'b']);
    s.finish();
    const outer = s.deref(s.wordAt(n));
    const str = s.deref(outer + 8);
    s.buf[str + 5] = 0x41; // overwrite the NUL of "loop0"
    s.buf.writeBigUInt64LE(s.base + 5_000_000n, s.deref(s.wordAt(1)) + 8);
    const { entries } = await open(s.buf).read();
    expect(entries[0]!.error).toMatch(/\/if\/names \(entry 0\) name 1: string of 6 bytes does not end in NUL/);
    expect(entries[1]!.error).toMatch(/\/n2 \(entry 1\) name 1: pointer .* outside/);
  });

  it('a histogram row with no min_exp, and one with an absurd exponent', async () => {
    const s = new NaiveSegment(1 << 16);
    s.histogram('/h/empty', [{ minExp: 0, bins: [] }]);
    s.histogram('/h/exp', [{ minExp: 5000, bins: [1] }]);
    s.finish();
    const row = s.deref(s.deref(s.wordAt(0)));
    s.buf.writeUInt32LE(0, row - 8);
    const { entries } = await open(s.buf).read();
    expect(entries[0]!.error).toMatch(/\/h\/empty.*no min_exp/);
    expect(entries[1]!.error).toMatch(/\/h\/exp.*min_exp 5000/);
  });

  it('ring buffers: block past the end, inconsistent metadata offset, head past ring_size, huge thread count', async () => {
    const mk = () => {
      const s = new NaiveSegment(1 << 16);
      s.ring('/r', { entrySize: 8, ringSize: 2, slots: [[Buffer.alloc(8), Buffer.alloc(8)]], heads: [0], sequences: [1n] });
      s.finish();
      return { s, at: Number(s.buf.readBigUInt64LE(s.wordAt(0)) - s.base) };
    };
    const cases: [string, (b: Buffer, at: number) => void, RegExp][] = [
      ['ring size', (b, at) => b.writeUInt32LE(1 << 20, at + 4), /metadata_offset/],
      ['entry size and offset', (b, at) => (b.writeUInt32LE(1 << 24, at), b.writeUInt32LE(Math.ceil((28 + (1 << 25)) / 64) * 64, at + 20)), /outside/],
      ['data offset', (b, at) => b.writeUInt32LE(32, at + 24), /data_offset is 32/],
      ['head', (b, at) => b.writeUInt32LE(7, at + 64), /head 7 is not below ring_size 2/],
      ['threads', (b, at) => b.writeUInt32LE(1_000_000, at + 8), /claims 1000000 threads/],
    ];
    for (const [what, poke, re] of cases) {
      const { s, at } = mk();
      poke(s.buf, at);
      const { entries } = await open(s.buf).read();
      expect(entries[0]!.error, what).toMatch(re);
      expect(entries[0]!.error, what).toMatch(/^\/r \(entry 0\)/);
    }
  });
});

/** A source that runs `hook` before its n-th read: a writer acting between the reader's steps. */
class MeddlingSource implements SegmentSource {
  reads = 0;
  constructor(
    private readonly inner: BufferSource,
    private readonly hook: (n: number) => void,
  ) {}
  get identity() {
    return this.inner.identity;
  }
  size() {
    return this.inner.size();
  }
  read(o: number, l: number) {
    this.hook(++this.reads);
    return this.inner.read(o, l);
  }
  u64(o: number) {
    this.hook(++this.reads);
    return this.inner.u64(o);
  }
  close() {}
}

describe('the optimistic read protocol', () => {
  it('retries when the epoch moves mid-read and returns the new directory', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    let changed = false;
    const src = new MeddlingSource(new BufferSource(s.buf), (n) => {
      // After the reader has noted the epoch (reads 1-2) and while it copies: the writer
      // replaces the directory, reusing index 0 for another entry, and bumps the epoch.
      if (n === 4 && !changed) {
        changed = true;
        s.entries[0] = { type: T.GAUGE, word: 9n, name: '/b' };
        s.epoch = 2n;
        s.finish();
      }
    });
    const seg = new StatsSegment(src);
    const { epoch, entries } = await seg.read();
    expect(changed).toBe(true);
    expect(epoch).toBe(2n);
    expect(entries.map((e) => [e.name, e.value])).toEqual([['/b', { kind: 'gauge', value: 9n }]]);
  });

  it('re-reads the directory when the epoch moved between reads', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    const seg = open(s.finish());
    expect((await seg.ls()).entries.map((e) => e.name)).toEqual(['/a']);
    s.entries[0] = { type: T.EMPTY, word: 0xffff_ffffn, name: '' };
    s.scalar('/c', 3);
    s.setEpoch(5n);
    s.finish();
    s.setEpoch(5n);
    expect((await seg.ls()).entries.map((e) => e.name)).toEqual(['/c']);
  });

  it('sees scalar values move without an epoch change', async () => {
    const s = new NaiveSegment(1 << 16);
    const hb = s.scalar('/sys/heartbeat', 1);
    const seg = open(s.finish());
    await seg.read();
    s.buf.writeBigUInt64LE(2n, s.wordAt(hb));
    expect((await seg.read()).entries[0]!.value).toEqual({ kind: 'scalar', value: 2n });
  });

  it('gives up with EBUSY when the epoch never settles', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    let e = 1n;
    const src = new MeddlingSource(new BufferSource(s.buf), () => s.setEpoch(++e));
    const seg = new StatsSegment(src, { maxAttempts: 20 });
    await expect(seg.read()).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringMatching(/kept changing.*20 attempts/) });
  });

  it('gives up with EBUSY after the lock wait when in_progress is stuck', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    s.setInProgress(1n);
    const seg = open(s.buf, { lockWaitMs: 50 });
    const t0 = Date.now();
    await expect(seg.read()).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringMatching(/held the statistics segment's lock.*50 ms/) });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('waits for in_progress to clear and then reads', async () => {
    const s = new NaiveSegment(1 << 16);
    s.scalar('/a', 1);
    s.finish();
    s.setInProgress(1n);
    setTimeout(() => s.setInProgress(0n), 20);
    expect((await open(s.buf, { lockWaitMs: 2000 }).read()).entries).toHaveLength(1);
  });
});

describe('FdSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-statseg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a segment through a descriptor and fails cleanly when it shrinks', async () => {
    const s = new NaiveSegment(1 << 16);
    s.simple('/if/drops', [[5, 6]]);
    const file = join(dir, 'seg');
    writeFileSync(file, s.finish());
    const fd = openSync(file, 'r+');
    const seg = new StatsSegment(new FdSource(fd));
    expect((await seg.read()).entries[0]!.value).toEqual({ kind: 'simple', rows: [new BigUint64Array([5n, 6n])] });
    ftruncateSync(fd, 4100);
    const r = await seg.read().catch((e: Error) => e);
    // Either the directory (now past the end) or the entry fails; nothing crashes.
    expect(String(r instanceof Error ? r.message : r.entries[0]!.error)).toMatch(/outside|short|past the end/);
    seg.close();
    expect(() => closeSync(fd)).toThrow();
  });
});
