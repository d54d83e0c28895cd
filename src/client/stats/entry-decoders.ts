/**
 * Decoders for each entry type (layout in STATS.md §4). Each reads through a Frame, so
 * every pointer and length is bounds-checked; a bad entry becomes a StatEntry with
 * `error` naming it, never a throw past `decodeEntry`.
 */
import { SegmentError } from './errors.js';
import { entryWord, type Directory } from './directory.js';
import type { Frame } from './frame.js';
import { readRing } from './ring.js';
import type { CombinedRow, DirEntry, HistogramRow, StatEntry, StatValue } from './values.js';

/**
 * Per-read state: a counter vector is read once however many symlinks (and the entry
 * itself) use it; a failure to read it is kept too, so each link reports it.
 */
export interface DecodeContext {
  readonly frame: Frame;
  readonly dir: Directory;
  /** Latest ring-buffer entries to copy per thread. */
  readonly ringEntries: number;
  readonly counters: Map<number, StatValue | SegmentError>;
  /** Target index → its shortest row: a symlink's column must be below it. */
  readonly shortest: Map<number, number>;
}

export function newContext(frame: Frame, dir: Directory, ringEntries: number): DecodeContext {
  return { frame, dir, ringEntries, counters: new Map(), shortest: new Map() };
}

type LinkInfo = { readonly target: string; readonly targetIndex: number; readonly column: number };

/** Each symlink's target and column, made once per directory (a directory has thousands). */
const linkInfos = new WeakMap<Directory, (LinkInfo | undefined)[]>();

function linkInfo(dir: Directory, e: DirEntry): LinkInfo | undefined {
  let infos = linkInfos.get(dir);
  if (!infos) linkInfos.set(dir, (infos = []));
  let info = infos[e.index];
  if (!info) {
    const t = dir.entries[e.index1];
    if (!t) return undefined;
    info = infos[e.index] = { target: t.name, targetIndex: t.index, column: e.index2 };
  }
  return info;
}

/** The entry's value, or the entry with `error` set. Throws nothing but non-segment errors (bugs). */
export function decodeEntry(ctx: DecodeContext, e: DirEntry): StatEntry {
  try {
    if (e.type === 'symlink') return decodeSymlink(ctx, e);
    return { index: e.index, name: e.name, type: e.type, value: decodeValue(ctx, e) };
  } catch (err) {
    if (!(err instanceof SegmentError)) throw err;
    return { index: e.index, name: e.name, type: e.type, error: err.message };
  }
}

function label(e: DirEntry): string {
  return `${e.name} (entry ${e.index})`;
}

function decodeValue(ctx: DecodeContext, e: DirEntry): StatValue {
  const word = entryWord(ctx.frame, ctx.dir, e.index);
  const what = label(e);
  switch (e.type) {
    case 'scalar':
      return { kind: 'scalar', value: word };
    case 'gauge':
      return { kind: 'gauge', value: word };
    case 'simple':
    case 'combined':
      return counterValue(ctx, e, word);
    case 'names':
      return { kind: 'names', names: names(ctx.frame, word, what) };
    case 'histogram':
      return { kind: 'histogram', rows: Array.from(ctx.frame.u64Vector(word, `${what} rows`), (p, t) => histogramRow(ctx.frame, p, `${what} row ${t}`)) };
    case 'ring':
      return { kind: 'ring', ring: readRing(ctx.frame, word, ctx.ringEntries, what) };
    default:
      throw new SegmentError(`type ${e.code} (${e.type}) has no value`, what);
  }
}

/** A simple or combined counter vector, all rows; read once per read. @throws SegmentError. */
function counterValue(ctx: DecodeContext, e: DirEntry, word?: bigint): StatValue {
  let v = ctx.counters.get(e.index);
  if (!v) {
    try {
      const what = label(e);
      const ptrs = ctx.frame.u64Vector(word ?? entryWord(ctx.frame, ctx.dir, e.index), `${what} rows`);
      v =
        e.type === 'simple'
          ? { kind: 'simple', rows: Array.from(ptrs, (p, t) => ctx.frame.u64Vector(p, `${what} row ${t}`)) }
          : { kind: 'combined', rows: Array.from(ptrs, (p, t) => combinedRow(ctx.frame, p, `${what} row ${t}`)) };
    } catch (err) {
      if (!(err instanceof SegmentError)) throw err;
      v = err;
    }
    ctx.counters.set(e.index, v);
  }
  if (v instanceof SegmentError) throw v;
  return v;
}

function combinedRow(frame: Frame, ptr: bigint, what: string): CombinedRow {
  const { len, bytes } = frame.vector(ptr, 16, what);
  // Split {packets, bytes} pairs as 32-bit halves: no bigint is made per element.
  const all = new Uint32Array(bytes.buffer, 0, 4 * len);
  const p = new Uint32Array(2 * len);
  const b = new Uint32Array(2 * len);
  for (let i = 0; i < len; i++) {
    p[2 * i] = all[4 * i]!;
    p[2 * i + 1] = all[4 * i + 1]!;
    b[2 * i] = all[4 * i + 2]!;
    b[2 * i + 1] = all[4 * i + 3]!;
  }
  return { packets: new BigUint64Array(p.buffer), bytes: new BigUint64Array(b.buffer) };
}

/** Element 0 is min_exp (a signed exponent), elements 1..n the bins. */
function histogramRow(frame: Frame, ptr: bigint, what: string): HistogramRow {
  const v = frame.u64Vector(ptr, what);
  if (v.length < 1) throw new SegmentError(`${what}: histogram row has no min_exp element`);
  const minExp = Number(BigInt.asIntN(64, v[0]!));
  if (minExp < -1100 || minExp > 1100) throw new SegmentError(`${what}: histogram min_exp ${minExp} is not a plausible exponent`);
  return { minExp, bins: v.subarray(1) };
}

/** A vector of string pointers; 0 is an unset slot; each string is a u8 vector ending in NUL. */
function names(frame: Frame, word: bigint, what: string): (string | null)[] {
  const ptrs = frame.u64Vector(word, what);
  const out: (string | null)[] = new Array(ptrs.length);
  for (let i = 0; i < ptrs.length; i++) {
    const p = ptrs[i]!;
    if (p === 0n) {
      out[i] = null;
      continue;
    }
    const { len, bytes } = frame.vector(p, 1, `${what} name ${i}`);
    if (len === 0 || bytes[len - 1] !== 0) throw new SegmentError(`${what} name ${i}: string of ${len} bytes does not end in NUL`);
    const nul = bytes.indexOf(0);
    out[i] = Buffer.from(bytes.buffer, 0, nul).toString('latin1');
  }
  return out;
}

/**
 * A symlink's entry: column `column` of every row of its target, checked when read and
 * copied out of the target's rows each time `value` is asked for. Not kept: a directory
 * has thousands of links, and keeping every copy alive made the collector the main cost
 * of a full read (bench:stats); callers that need it twice keep it themselves.
 */
class LinkEntry implements StatEntry {
  constructor(
    readonly index: number,
    readonly name: string,
    readonly symlink: { readonly target: string; readonly targetIndex: number; readonly column: number },
    private readonly target: StatValue,
  ) {}

  get type(): 'symlink' {
    return 'symlink';
  }

  get value(): StatValue {
    const t = this.target;
    const col = this.symlink.column;
    if (t.kind === 'simple') return { kind: 'simple', rows: t.rows.map((r) => [r[col]!]) };
    if (t.kind === 'combined') return { kind: 'combined', rows: t.rows.map((r) => ({ packets: [r.packets[col]!], bytes: [r.bytes[col]!] })) };
    return t;
  }
}

/** The length of the shortest row of counter value `v` (the target of `index`), cached for the read. */
function shortestRow(ctx: DecodeContext, index: number, v: StatValue): number {
  let n = ctx.shortest.get(index);
  if (n === undefined) {
    const lens = v.kind === 'simple' ? v.rows.map((r) => r.length) : v.kind === 'combined' ? v.rows.map((r) => r.packets.length) : [];
    ctx.shortest.set(index, (n = lens.length ? Math.min(...lens) : Infinity));
  }
  return n;
}

/**
 * Column `index2` of every row of the target `index1`, resolved in the current directory.
 * The target must be a simple or combined counter (all VPP 26.06 makes).
 */
function decodeSymlink(ctx: DecodeContext, e: DirEntry): StatEntry {
  const symlink = linkInfo(ctx.dir, e);
  const what = () => label(e);
  if (!symlink) throw new SegmentError(`symlink target index ${e.index1} is past the directory's ${ctx.dir.entries.length} entries`, what());
  const target = ctx.dir.entries[e.index1]!;
  try {
    if (target.type !== 'simple' && target.type !== 'combined') {
      throw new SegmentError(`symlink target ${label(target)} is of type ${target.type}, not a counter vector`, what());
    }
    const v = counterValue(ctx, target);
    if (e.index2 >= shortestRow(ctx, target.index, v)) {
      const rows = v.kind === 'simple' ? v.rows : v.kind === 'combined' ? v.rows.map((r) => r.packets) : [];
      const t = rows.findIndex((r) => e.index2 >= r.length);
      throw new SegmentError(`${what()} → ${target.name} row ${t}: element ${e.index2} is past the vector's length ${rows[t]?.length}`);
    }
    return new LinkEntry(e.index, e.name, symlink, v);
  } catch (err) {
    if (!(err instanceof SegmentError)) throw err;
    const w = what();
    return { index: e.index, name: e.name, type: e.type, symlink, error: err.message.startsWith(w) ? err.message : `${w}: ${err.message}` };
  }
}
