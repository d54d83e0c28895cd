/**
 * Repeated reads of the same entries, with rates per second from the deltas over the
 * measured time between reads. Notices a VPP restart (the socket file replaced or gone,
 * the segment unreadable, or the heartbeat frozen while a new segment is offered) and
 * reattaches, reporting it as an event rather than failing.
 */
import { StatsError } from './errors.js';
import { socketIdentity } from './open.js';
import type { Selection, StatsSegment } from './segment.js';
import type { Counts, EntryRates, StatEntry } from '../types/stat-entries.js';

const EMPTY: Counts = [];

/** Per second; NaN where the counter went backwards (cleared) since the last sample. */
export type { EntryRates };

export type SamplerEvent =
  | {
      readonly kind: 'sample';
      /** Unix time of the read, ms. */
      readonly time: number;
      /** Seconds since the previous sample of this segment; null for the first. */
      readonly elapsed: number | null;
      readonly epoch: bigint;
      readonly entries: StatEntry[];
      /** By entry name, for counter entries present in the previous sample too. */
      readonly rates: ReadonlyMap<string, EntryRates>;
    }
  | { readonly kind: 'reattached'; readonly time: number; readonly reason: string }
  | { readonly kind: 'lost'; readonly time: number; readonly reason: string }
  | { readonly kind: 'stalled'; readonly time: number; readonly reason: string };

export interface SamplerOptions {
  /** Opens the segment afresh (on start and on every reattach). */
  open: () => Promise<StatsSegment>;
  /** The stats socket, watched for replacement; none for a segment without one. */
  socketPath?: string;
  select?: Selection;
  intervalMs: number;
  /** Samples to yield before stopping; default unbounded. */
  count?: number;
  signal?: AbortSignal;
  /** The heartbeat frozen this long makes the sampler look for a new segment; default 30 s (VPP beats every 10 s). */
  stallMs?: number;
}

const HEARTBEAT = '/sys/heartbeat';
const isHeartbeat = (n: string) => n === HEARTBEAT;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const TWO32 = 2 ** 32;

/**
 * Rates of two counter rows from their 32-bit halves (host order, as the segment): no
 * bigint is made per element. A delta is exact below 2^53, far beyond any interval's.
 */
function rate32(x: BigUint64Array, y: BigUint64Array, seconds: number): Float64Array {
  const a = new Uint32Array(x.buffer, x.byteOffset, 2 * x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, 2 * y.length);
  const lo = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    if (i >= x.length) continue;
    const dh = b[2 * i + 1 - lo]! - a[2 * i + 1 - lo]!;
    const dl = b[2 * i + lo]! - a[2 * i + lo]!;
    const d = dh * TWO32 + dl;
    out[i] = d < 0 ? NaN : d / seconds;
  }
  return out;
}

/** Counter rates between two reads of the same entry; undefined when the shapes differ. */
export function entryRates(prev: StatEntry, cur: StatEntry, seconds: number): EntryRates | undefined {
  const a = prev.value;
  const b = cur.value;
  if (!a || !b || a.kind !== b.kind || seconds <= 0) return undefined;
  const rate = (x: Counts, y: Counts): Float64Array => {
    if (x instanceof BigUint64Array && y instanceof BigUint64Array) return rate32(x, y, seconds);
    const out = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const was = x[i];
      out[i] = was === undefined ? 0 : y[i]! < was ? NaN : Number(y[i]! - was) / seconds;
    }
    return out;
  };
  if (a.kind === 'simple' && b.kind === 'simple') return { kind: 'simple', rows: b.rows.map((r, t) => rate(a.rows[t] ?? EMPTY, r)) };
  if (a.kind === 'combined' && b.kind === 'combined') {
    return {
      kind: 'combined',
      packets: b.rows.map((r, t) => rate(a.rows[t]?.packets ?? EMPTY, r.packets)),
      bytes: b.rows.map((r, t) => rate(a.rows[t]?.bytes ?? EMPTY, r.bytes)),
    };
  }
  return undefined;
}

/**
 * Samples until `count` is reached or `signal` aborts. The first open's errors are thrown
 * (nothing to watch); later failures become `lost` events and the sampler keeps trying.
 * @throws StatsError from the first `open`.
 */
export async function* sample(opts: SamplerOptions): AsyncGenerator<SamplerEvent> {
  let seg: StatsSegment = await opts.open();
  let socketId = opts.socketPath ? socketIdentity(opts.socketPath) : undefined;
  let prev = new Map<string, StatEntry>();
  let prevAt = 0n;
  let beat = { value: -1n, since: Date.now() };
  let lost = false;
  let stalledSaid = false;
  const stallMs = opts.stallMs ?? 30_000;
  let yielded = 0;
  let next = Date.now();

  const reattach = async (reason: string): Promise<SamplerEvent> => {
    try {
      const fresh = await opts.open();
      seg.close();
      seg = fresh;
      socketId = opts.socketPath ? socketIdentity(opts.socketPath) : undefined;
      prev = new Map();
      beat = { value: -1n, since: Date.now() };
      lost = false;
      stalledSaid = false;
      return { kind: 'reattached', time: Date.now(), reason };
    } catch (e) {
      lost = true;
      return { kind: 'lost', time: Date.now(), reason: `${reason}; reattaching failed: ${(e as Error).message}` };
    }
  };

  try {
    while (!opts.signal?.aborted && (opts.count === undefined || yielded < opts.count)) {
      const changed = opts.socketPath !== undefined && socketIdentity(opts.socketPath) !== socketId;
      if (lost || changed) {
        const wasLost = lost;
        const reason = wasLost ? 'VPP is back' : `the stats socket ${opts.socketPath} was ${socketIdentity(opts.socketPath!) ? 'replaced' : 'removed'} (VPP restarted?)`;
        const ev = await reattach(reason);
        // While VPP stays away, say so once, not at every interval.
        if (ev.kind === 'reattached' || !wasLost) yield ev;
        if (ev.kind === 'lost') {
          await abortableSleep(opts.intervalMs, opts.signal);
          continue;
        }
      }
      let read;
      try {
        const hb = (await seg.read(isHeartbeat)).entries[0];
        trackBeat(hb);
        read = await seg.read(opts.select);
      } catch (e) {
        if (!(e instanceof StatsError)) throw e;
        yield await reattach(`reading the segment failed: ${e.message}`);
        continue;
      }
      const now = process.hrtime.bigint();
      const elapsed = prevAt === 0n ? null : Number(now - prevAt) / 1e9;
      const rates = new Map<string, EntryRates>();
      const cur = new Map<string, StatEntry>();
      for (const e of read.entries) {
        cur.set(e.name, e);
        const p = prev.get(e.name);
        const r = p && elapsed !== null ? entryRates(p, e, elapsed) : undefined;
        if (r) rates.set(e.name, r);
      }
      prev = cur;
      prevAt = now;
      yielded++;
      yield { kind: 'sample', time: Date.now(), elapsed, epoch: read.epoch, entries: read.entries, rates };
      if (Date.now() - beat.since > stallMs && !stalledSaid) {
        const ev = await reattachIfNew();
        if (ev) yield ev;
      }
      next += opts.intervalMs;
      if (next < Date.now()) next = Date.now();
      if (opts.count === undefined || yielded < opts.count) await abortableSleep(next - Date.now(), opts.signal);
    }
  } finally {
    seg?.close();
  }

  function trackBeat(hb: StatEntry | undefined): void {
    const v = hb?.value?.kind === 'scalar' ? hb.value.value : undefined;
    if (v !== undefined && v !== beat.value) beat = { value: v, since: Date.now() };
  }

  /** A frozen heartbeat: switch only when the socket offers another segment. */
  async function reattachIfNew(): Promise<SamplerEvent | undefined> {
    const secs = Math.round((Date.now() - beat.since) / 1000);
    try {
      const fresh = await opts.open();
      if (fresh.identity !== seg?.identity) {
        seg?.close();
        seg = fresh;
        prev = new Map();
        beat = { value: -1n, since: Date.now() };
        return { kind: 'reattached', time: Date.now(), reason: `the heartbeat stopped for ${secs} s and VPP offers a new segment (VPP restarted)` };
      }
      fresh.close();
    } catch {
      // Nothing answers on the socket: report the stall below.
    }
    stalledSaid = true;
    return { kind: 'stalled', time: Date.now(), reason: `the heartbeat has not moved for ${secs} s (VPP's stats collector stuck, or VPP gone)` };
  }
}
