/**
 * A statistics segment read with VPP's optimistic protocol (docs/stats.md §7): note the epoch,
 * wait (bounded) while in_progress is set, copy, and keep the copy only when in_progress
 * is still clear and the epoch unchanged; else retry, a bounded number of times. The
 * directory is read again whenever the epoch moved (indices are reused after removals;
 * vectors may have moved).
 */
import { SegmentError, StatsError } from './errors.js';
import { decodeEntry, newContext } from './entry-decoders.js';
import { readDirectory, type Directory } from './directory.js';
import { readRawValues } from './raw-values.js';
import { Frame } from './frame.js';
import { HDR_BASE, HDR_EPOCH, HDR_IN_PROGRESS, HDR_OLD_ERROR_VECTOR, HDR_VERSION, HEADER_SIZE, LAYOUT_VERSION } from './layout.js';
import type { SegmentSource } from './segment-bytes.js';
import type { DirEntry, RawRequest, RawValues, StatEntry } from '../types/stat-entries.js';

export interface SegmentOptions {
  /** Longest wait for VPP to release the lock (in_progress) per read; default 500 ms. */
  lockWaitMs?: number;
  /** Reads attempted before giving up when the epoch keeps moving; default 100. */
  maxAttempts?: number;
  /** Latest ring-buffer entries copied per thread; default 16. */
  ringEntries?: number;
}

export interface SegmentHeader {
  version: bigint;
  base: bigint;
  epoch: bigint;
  inProgress: bigint;
}

/** Which entries to read: a name predicate, or directory indices. */
export type Selection = ((name: string) => boolean) | readonly number[];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class StatsSegment {
  private dir?: Directory;
  /** A predicate's picks for the directory's epoch: a sampler asks the same question each tick. */
  private readonly picks = new WeakMap<object, { dir: Directory; entries: DirEntry[] }>();
  private readonly lockWaitMs: number;
  private readonly maxAttempts: number;
  private readonly ringEntries: number;
  readonly base: bigint;

  /**
   * Checks the header: version 2 and the 22.06+ layout (zero at offset 40).
   * @throws StatsError ELAYOUT for another layout; SegmentError when the segment is too small.
   */
  constructor(
    readonly source: SegmentSource,
    opts: SegmentOptions = {},
  ) {
    this.lockWaitMs = opts.lockWaitMs ?? 500;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 100);
    this.ringEntries = Math.max(0, opts.ringEntries ?? 16);
    if (source.size() < HEADER_SIZE) throw new SegmentError(`the segment is ${source.size()} bytes, too small for its ${HEADER_SIZE}-byte header`);
    const version = source.u64(HDR_VERSION);
    if (version !== LAYOUT_VERSION) throw new StatsError('ELAYOUT', `the segment's layout version is ${version}; this reader knows version 2 (VPP 22.06 and later)`);
    const old = source.u64(HDR_OLD_ERROR_VECTOR);
    if (old !== 0n) throw new StatsError('ELAYOUT', `the segment is in the pre-22.06 layout (an error vector at offset 40: 0x${old.toString(16)}), written by VPP 22.02 or older; vppapi reads the layout of VPP 22.06 and later`);
    this.base = source.u64(HDR_BASE);
  }

  get identity(): string {
    return this.source.identity;
  }

  /** The header words as they are now (not a consistent read). */
  header(): SegmentHeader {
    const s = this.source;
    return { version: s.u64(HDR_VERSION), base: s.u64(HDR_BASE), epoch: s.u64(HDR_EPOCH), inProgress: s.u64(HDR_IN_PROGRESS) };
  }

  /**
   * The directory's live entries (EMPTY and ILLEGAL left out), in directory order.
   * @throws StatsError EBUSY; SegmentError for a bad directory.
   */
  async ls(select?: Selection): Promise<{ epoch: bigint; entries: DirEntry[] }> {
    return this.consistent((dir) => ({ epoch: dir.epoch, entries: this.pick(dir, select) }));
  }

  /**
   * One consistent read of the selected entries. A bad entry comes back with `error`
   * set; the others are still read.
   * @throws StatsError EBUSY when the lock is held past lockWaitMs or the epoch keeps
   *   moving; SegmentError for a bad directory.
   */
  async read(select?: Selection): Promise<{ epoch: bigint; entries: StatEntry[] }> {
    return this.consistent((dir, frame) => {
      const ctx = newContext(frame, dir, this.ringEntries);
      return { epoch: dir.epoch, entries: this.pick(dir, select).map((e) => decodeEntry(ctx, e)) };
    });
  }

  /**
   * One consistent read of `req`'s rows and words (raw-values.ts), for a caller that
   * planned it from an earlier read of the same epoch; undefined when the directory's
   * epoch is no longer `req.epoch` or the entries changed type. The rows may be views of
   * memory that the next readRaw of the same `req` reads into again: take what is needed
   * from them before then.
   * @throws StatsError EBUSY as read does; SegmentError for a pointer or length out of bounds.
   */
  async readRaw(req: RawRequest): Promise<RawValues | undefined> {
    return this.consistent((dir, frame) => readRawValues(frame, dir, req));
  }

  /** The directory of the last consistent read (for completion), without reading. */
  cachedDirectory(): Directory | undefined {
    return this.dir;
  }

  private async consistent<T>(fn: (dir: Directory, frame: Frame) => T): Promise<T> {
    const s = this.source;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const epoch = s.u64(HDR_EPOCH);
      if (s.u64(HDR_IN_PROGRESS) !== 0n) {
        if (Date.now() - started >= this.lockWaitMs) {
          throw new StatsError('EBUSY', `VPP has held the statistics segment's lock (in_progress) for over ${this.lockWaitMs} ms; it may be stuck or have died holding it`);
        }
        await sleep(1);
        continue;
      }
      const frame = new Frame(s, this.base, s.size());
      let out: { ok: true; v: T } | { ok: false; e: unknown };
      let dir = this.dir;
      try {
        if (!dir || dir.epoch !== epoch) dir = readDirectory(frame, epoch);
        out = { ok: true, v: fn(dir, frame) };
      } catch (e) {
        out = { ok: false, e };
      }
      if (s.u64(HDR_IN_PROGRESS) === 0n && s.u64(HDR_EPOCH) === epoch) {
        if (!out.ok) throw out.e;
        this.dir = dir;
        return out.v;
      }
      if (attempt >= this.maxAttempts) {
        throw new StatsError('EBUSY', `the statistics segment kept changing while being read (${attempt} attempts; epoch now ${s.u64(HDR_EPOCH)})`);
      }
      if (attempt % 8 === 0) await sleep(1);
    }
  }

  private pick(dir: Directory, select: Selection | undefined): DirEntry[] {
    if (typeof select !== 'function') return pick(dir, select);
    const hit = this.picks.get(select);
    if (hit?.dir === dir) return hit.entries;
    const entries = pick(dir, select);
    this.picks.set(select, { dir, entries });
    return entries;
  }

  close(): void {
    this.source.close();
  }
}

function pick(dir: Directory, select: Selection | undefined): DirEntry[] {
  if (select === undefined) return dir.entries.filter(live);
  if (typeof select === 'function') return dir.entries.filter((e) => live(e) && select(e.name));
  const out: DirEntry[] = [];
  for (const i of select) {
    const e = dir.entries[i];
    if (e && live(e)) out.push(e);
  }
  return out;
}

function live(e: DirEntry): boolean {
  return e.type !== 'empty' && e.type !== 'illegal';
}
