/**
 * Ring buffers (type 8): a block with no vector header (docs/stats.md §4).
 *
 * | offset            | size | field                                          |
 * |-------------------|------|------------------------------------------------|
 * | 0                 | 4    | entry_size                                      |
 * | 4                 | 4    | ring_size (slots per thread)                    |
 * | 8                 | 4    | n_threads                                       |
 * | 12                | 4    | schema_size                                     |
 * | 16                | 4    | schema_version                                  |
 * | 20                | 4    | metadata_offset = align64(28 + slots bytes)     |
 * | 24                | 4    | data_offset = 28                                |
 * | 28                | …    | slots: thread t, slot k at 28 + (t·ring_size + k)·entry_size |
 * | metadata_offset   | 64·n | per thread: head u32 (0), schema_version u32 (4), sequence u64 (8), schema_offset u32 (16), schema_size u32 (20) |
 *
 * The producer ignores readers: the newest `sequence − last` entries end just before
 * `head`. Slots are copied, then `sequence` is read again: entries overwritten meanwhile
 * are dropped rather than shown torn.
 */
import { SegmentError } from './errors.js';
import type { Frame } from './frame.js';
import type { RingThread, RingValue } from '../types/stat-entries.js';

const RING_HEADER = 28;
const META_SIZE = 64;
/** More threads or slots than this is not a VPP ring but garbage. */
const MAX_THREADS = 4096;

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}

/** @throws SegmentError naming `what` for any field or range that does not hold. */
export function readRing(frame: Frame, ptr: bigint, latest: number, what: string): RingValue {
  const start = frame.offset(ptr, RING_HEADER, `${what} ring block`);
  const h = new DataView(frame.src.read(start, RING_HEADER).buffer);
  const [entrySize, ringSize, nThreads, schemaSize, schemaVersion, metaOffset, dataOffset] = [0, 4, 8, 12, 16, 20, 24].map((o) => h.getUint32(o, true)) as [number, number, number, number, number, number, number];
  const slotBytes = nThreads * ringSize * entrySize;
  if (dataOffset !== RING_HEADER) throw new SegmentError(`${what}: ring data_offset is ${dataOffset}, expected ${RING_HEADER}`);
  if (nThreads > MAX_THREADS) throw new SegmentError(`${what}: ring claims ${nThreads} threads`);
  if (metaOffset !== align64(RING_HEADER + slotBytes)) throw new SegmentError(`${what}: ring metadata_offset is ${metaOffset}, expected ${align64(RING_HEADER + slotBytes)} for ${nThreads} × ${ringSize} × ${entrySize} bytes`);
  const total = metaOffset + META_SIZE * nThreads + schemaSize;
  frame.offset(ptr, total, `${what} ring of ${total} bytes`);
  const meta = new DataView(frame.src.read(start + metaOffset, META_SIZE * nThreads).buffer);
  const schema = schemaSize > 0 ? ringSchema(frame, start, meta, metaOffset, schemaSize, total, what) : null;
  const threads: RingThread[] = [];
  for (let t = 0; t < nThreads; t++) threads.push(ringThread(frame, { start, entrySize, ringSize, metaOffset, t, latest, meta, what }));
  return { entrySize, ringSize, schemaVersion, schema, threads };
}

/** The schema at thread 0's schema_offset (from the block start), checked to lie inside the block. */
function ringSchema(frame: Frame, start: number, meta: DataView, metaOffset: number, size: number, total: number, what: string): Uint8Array {
  const at = meta.getUint32(16, true) || metaOffset + META_SIZE * (meta.byteLength / META_SIZE);
  const len = meta.getUint32(20, true) || size;
  if (at + len > total) throw new SegmentError(`${what}: ring schema at ${at}+${len} runs past the block's ${total} bytes`);
  return frame.src.read(start + at, len);
}

interface ThreadArgs {
  start: number;
  entrySize: number;
  ringSize: number;
  metaOffset: number;
  t: number;
  latest: number;
  meta: DataView;
  what: string;
}

function ringThread(frame: Frame, a: ThreadArgs): RingThread {
  const m = a.t * META_SIZE;
  const head = a.meta.getUint32(m, true);
  const schemaVersion = a.meta.getUint32(m + 4, true);
  const sequence = a.meta.getBigUint64(m + 8, true);
  if (a.ringSize > 0 && head >= a.ringSize) throw new SegmentError(`${a.what}: ring thread ${a.t} head ${head} is not below ring_size ${a.ringSize}`);
  const want = Number(BigInt(Math.min(a.latest, a.ringSize)) < sequence ? BigInt(Math.min(a.latest, a.ringSize)) : sequence);
  const slot0 = a.start + 28 + a.t * a.ringSize * a.entrySize;
  const entries: Uint8Array[] = [];
  for (let k = want; k >= 1; k--) {
    const slot = (((head - k) % a.ringSize) + a.ringSize) % a.ringSize;
    entries.push(frame.src.read(slot0 + slot * a.entrySize, a.entrySize));
  }
  // Entries with a sequence number below (sequence now − ring_size) were overwritten while copied.
  const now = frame.src.u64(a.start + a.metaOffset + m + 8);
  const first = sequence - BigInt(want);
  const lost = now - BigInt(a.ringSize) > first ? Number(now - BigInt(a.ringSize) - first) : 0;
  const kept = entries.slice(Math.min(lost, entries.length));
  return { head, sequence, schemaVersion, entries: kept, firstSequence: first + BigInt(entries.length - kept.length) };
}
