/**
 * Raw reads for a reader that keeps its own plan per directory epoch (the Prometheus
 * exporter's scrape): chosen vectors' rows copied as u32 words and chosen scalar words,
 * with no StatEntry, bigint or array per value. Every pointer and length is checked
 * through the Frame, as for any read (docs/stats.md §3).
 *
 * A request's reads are a few hundred small ones (each row's length word, then its
 * elements), and they fall within a span of the segment that stays from read to read:
 * the span the last read of the same request touched is copied at once (one pread), and
 * the reads inside it are served from that copy; a read outside it reads the segment.
 */
import { entryWord, type Directory } from './directory.js';
import { Frame } from './frame.js';
import type { SegmentSource } from './segment-bytes.js';
import type { RawRequest, RawValues } from '../types/stat-entries.js';

/**
 * Per request, the bytes its last read touched, [from, to), and the memory its window
 * was read into, which the next read of the request reads into again when it fits: new
 * memory for every read cost ~1 ms a scrape in page faults (~840 kB at 1,000 interfaces
 * × 4 threads), the read itself ~0.03 ms.
 */
const spans = new WeakMap<RawRequest, { from: number; to: number; mem?: Uint8Array }>();
/** A span longer than this is not copied at once (a plan whose rows lie far apart). */
const WINDOW_MAX = 8 << 20;

/**
 * The values of `req` in `dir`, or undefined when the directory is not of `req.epoch` or
 * an entry's type is not the one asked for (the plan is stale: read the usual way).
 * @throws SegmentError for a pointer or length out of bounds.
 */
export function readRawValues(whole: Frame, dir: Directory, req: RawRequest): RawValues | undefined {
  if (dir.epoch !== req.epoch) return undefined;
  const src = new WindowSource(whole.src, spans.get(req), whole.size);
  const frame = new Frame(src, whole.base, whole.size);
  const values = readWith(frame, dir, req);
  if (values) spans.set(req, { ...src.touched(), mem: src.memory() });
  return values;
}

function readWith(frame: Frame, dir: Directory, req: RawRequest): RawValues | undefined {
  const rows: Uint32Array[][] = [];
  for (const { index, type } of req.vectors) {
    if (dir.entries[index]?.type !== type) return undefined;
    const what = `${dir.entries[index]!.name} (entry ${index})`;
    const ptrs = frame.u64Vector(entryWord(frame, dir, index), `${what} rows`);
    const size = type === 'combined' ? 16 : 8;
    const r: Uint32Array[] = new Array(ptrs.length);
    for (let t = 0; t < ptrs.length; t++) {
      const { len, bytes } = frame.vector(ptrs[t]!, size, `${what} row ${t}`);
      r[t] = new Uint32Array(bytes.buffer, bytes.byteOffset, (len * size) / 4);
    }
    rows.push(r);
  }
  const words: bigint[] = [];
  for (const index of req.words) {
    const type = dir.entries[index]?.type;
    if (type !== 'scalar' && type !== 'gauge') return undefined;
    words.push(entryWord(frame, dir, index));
  }
  return { rows, words };
}

/**
 * A source that serves reads inside [from, from + copy length) from one copy of those
 * bytes taken when it is made (a view, where 8-aligned in it, else a copy of the part),
 * and other reads from `inner`; it notes the span every read touched. Throws what
 * `inner` throws, for reads outside the copy.
 */
class WindowSource implements SegmentSource {
  readonly identity: string;
  private readonly from: number;
  private readonly win: Uint8Array | undefined;
  private readonly view: DataView | undefined;
  /** The memory `win` lies at the start of (kept for the next read of the request). */
  private readonly mem: Uint8Array | undefined;
  private lo = Infinity;
  private hi = 0;

  constructor(
    private readonly inner: SegmentSource,
    span: { from: number; to: number; mem?: Uint8Array } | undefined,
    size: number,
  ) {
    this.identity = inner.identity;
    // 8-aligned, so that a row at an 8-aligned offset is a view BigUint64Array can take.
    this.from = span ? span.from - (span.from % 8) : 0;
    if (span && span.to <= size && span.to - this.from <= WINDOW_MAX) {
      const len = span.to - this.from;
      try {
        let win: Uint8Array;
        if (inner.readInto) {
          // A new ArrayBuffer starts 8-aligned, and the window starts at its start.
          this.mem = span.mem !== undefined && span.mem.length >= len ? span.mem : new Uint8Array(new ArrayBuffer(len));
          win = this.mem.subarray(0, len);
          inner.readInto(this.from, win);
        } else win = inner.read(this.from, len);
        this.win = win;
        this.view = new DataView(win.buffer, win.byteOffset, win.byteLength);
      } catch {
        // The segment shrank since it was measured: every read goes to `inner`, which says so.
      }
    }
  }

  /** The memory the window was read into, when this source owns it. */
  memory(): Uint8Array | undefined {
    return this.mem;
  }

  /** The span the reads touched. */
  touched(): { from: number; to: number } {
    return { from: this.lo, to: this.hi };
  }

  size(): number {
    return this.inner.size();
  }

  read(offset: number, length: number): Uint8Array {
    this.note(offset, length);
    const at = offset - this.from;
    if (!this.win || at < 0 || at + length > this.win.length) return this.inner.read(offset, length);
    if (at % 8 === 0) return this.win.subarray(at, at + length);
    return this.win.slice(at, at + length);
  }

  u64(offset: number): bigint {
    this.note(offset, 8);
    const at = offset - this.from;
    if (!this.view || at < 0 || at + 8 > this.view.byteLength) return this.inner.u64(offset);
    return this.view.getBigUint64(at, true);
  }

  close(): void {}

  private note(offset: number, length: number): void {
    if (offset < this.lo) this.lo = offset;
    if (offset + length > this.hi) this.hi = offset + length;
  }
}
