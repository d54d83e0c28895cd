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

/** Per-read state: a symlink target's outer vector is read once however many links use it. */
export interface DecodeContext {
  readonly frame: Frame;
  readonly dir: Directory;
  /** Latest ring-buffer entries to copy per thread. */
  readonly ringEntries: number;
  readonly rowPointers: Map<number, BigUint64Array>;
}

export function newContext(frame: Frame, dir: Directory, ringEntries: number): DecodeContext {
  return { frame, dir, ringEntries, rowPointers: new Map() };
}

/** The entry's value, or the entry with `error` set. Throws nothing but non-segment errors (bugs). */
export function decodeEntry(ctx: DecodeContext, e: DirEntry): StatEntry {
  const base = { index: e.index, name: e.name, type: e.type };
  try {
    if (e.type === 'symlink') return decodeSymlink(ctx, e);
    return { ...base, value: decodeValue(ctx, e) };
  } catch (err) {
    if (!(err instanceof SegmentError)) throw err;
    return { ...base, error: err.message };
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
      return { kind: 'simple', rows: Array.from(rowPointers(ctx, e, word), (p, t) => ctx.frame.u64Vector(p, `${what} row ${t}`)) };
    case 'combined':
      return { kind: 'combined', rows: Array.from(rowPointers(ctx, e, word), (p, t) => combinedRow(ctx.frame, p, `${what} row ${t}`)) };
    case 'names':
      return { kind: 'names', names: names(ctx.frame, word, what) };
    case 'histogram':
      return { kind: 'histogram', rows: Array.from(rowPointers(ctx, e, word), (p, t) => histogramRow(ctx.frame, p, `${what} row ${t}`)) };
    case 'ring':
      return { kind: 'ring', ring: readRing(ctx.frame, word, ctx.ringEntries, what) };
    default:
      throw new SegmentError(`type ${e.code} (${e.type}) has no value`, what);
  }
}

/** The outer vector of a counter entry: one pointer per row. Cached for the read. */
function rowPointers(ctx: DecodeContext, e: DirEntry, word: bigint): BigUint64Array {
  let rows = ctx.rowPointers.get(e.index);
  if (!rows) ctx.rowPointers.set(e.index, (rows = ctx.frame.u64Vector(word, `${label(e)} rows`)));
  return rows;
}

function combinedRow(frame: Frame, ptr: bigint, what: string): CombinedRow {
  const { len, bytes } = frame.vector(ptr, 16, what);
  const all = new BigUint64Array(bytes.buffer, 0, 2 * len);
  const packets = new BigUint64Array(len);
  const octets = new BigUint64Array(len);
  for (let i = 0; i < len; i++) {
    packets[i] = all[2 * i]!;
    octets[i] = all[2 * i + 1]!;
  }
  return { packets, bytes: octets };
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
 * Column `index2` of every row of the target `index1`, resolved in the current directory.
 * The target must be a simple or combined counter (all VPP 26.06 makes).
 */
function decodeSymlink(ctx: DecodeContext, e: DirEntry): StatEntry {
  const what = label(e);
  const target = ctx.dir.entries[e.index1];
  if (!target) throw new SegmentError(`symlink target index ${e.index1} is past the directory's ${ctx.dir.entries.length} entries`, what);
  const symlink = { target: target.name, targetIndex: target.index, column: e.index2 };
  const base = { index: e.index, name: e.name, type: e.type, symlink };
  try {
    if (target.type !== 'simple' && target.type !== 'combined') {
      throw new SegmentError(`symlink target ${label(target)} is of type ${target.type}, not a counter vector`, what);
    }
    const rows = rowPointers(ctx, target, entryWord(ctx.frame, ctx.dir, target.index));
    const col = e.index2;
    if (target.type === 'simple') {
      const out = [...rows].map((p, t) => new BigUint64Array(ctx.frame.elements(p, 8, col, 1, `${what} → ${target.name} row ${t}`).buffer));
      return { ...base, value: { kind: 'simple', rows: out } };
    }
    const out = [...rows].map((p, t) => {
      const pair = new BigUint64Array(ctx.frame.elements(p, 16, col, 1, `${what} → ${target.name} row ${t}`).buffer);
      return { packets: pair.subarray(0, 1), bytes: pair.subarray(1, 2) };
    });
    return { ...base, value: { kind: 'combined', rows: out } };
  } catch (err) {
    if (!(err instanceof SegmentError)) throw err;
    return { ...base, error: err.message.startsWith(what) ? err.message : `${what}: ${err.message}` };
  }
}
