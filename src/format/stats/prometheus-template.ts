/**
 * The exposition text as a template: everything but the values (family headers, names,
 * labels, spaces, newlines) laid down once as bytes, and per sample where its value is in
 * the entries (which entry, row, column). Filling it for a fresh read of a segment whose
 * directory and vector sizes did not change is a copy of bytes and a write of digits per
 * sample, without a string or object per sample: a scrape of 1,000 interfaces × 4 threads
 * is ~200,000 samples, and making their text anew each time cost 30× the read itself,
 * mostly in garbage collection.
 *
 * stats-prometheus.ts decides the text (names, labels, order); this file only records
 * and replays it, so a filled template is byte for byte what the first render was.
 */
import type { StatEntry, StatValue } from '../../client/types/stat-entries.js';
import { PartMemory, type Slab } from './prometheus-parts.js';

/** Where a sample's value comes from (`code` of LineList.add). */
export const V = {
  /** No value: the line's text is whole (a name vector's `… 1`). */
  NONE: 0,
  /** entries[e].value.value (scalar, gauge). */
  SCALAR: 1,
  /** entries[e].value.rows[t][i]. */
  SIMPLE: 2,
  /** entries[e].value.rows[t].packets[i]. */
  PACKETS: 3,
  /** entries[e].value.rows[t].bytes[i]. */
  BYTES: 4,
  /** Histogram row t: the count of bins 0..i. */
  BUCKET: 5,
  /** Histogram row t: the count of every bin. */
  TOTAL: 6,
  /** Histogram row t: the estimated sum (each bin's count × its lower edge). */
  SUM: 7,
  /** v2's sys_uptime: now (s) − entries[e].value.value. */
  UPTIME: 8,
} as const;

/** One family's samples as recorded: the text before each value and where the value is. */
export class LineList {
  readonly prefixes: string[] = [];
  /** Four numbers per sample: code, entry position, row, column. */
  readonly specs: number[] = [];

  get length(): number {
    return this.prefixes.length;
  }

  /** `prefix` is the line up to its value (the space included unless `code` is NONE). Throws nothing. */
  add(prefix: string, code: number, entry: number, row = 0, column = 0): void {
    this.prefixes.push(prefix);
    this.specs.push(code, entry, row, column);
  }
}

/** A growing buffer of UTF-8 text. Throws nothing. */
class Bytes {
  buf = Buffer.allocUnsafe(1 << 16);
  len = 0;

  write(text: string): void {
    const need = this.len + text.length * 3;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.len += this.buf.write(text, this.len, 'utf8');
  }
}

/** The longest text of a value: a u64 is 20 digits; a histogram's estimated sum in JavaScript's number form is at most 24 characters. */
const VALUE_ROOM = 24;
const TWO32 = 4294967296;
const TWO21 = 2097152;

export class Template {
  /** The static bytes: the text before sample k ends at ends[k]; after the last, the rest. */
  private readonly statics: Buffer;
  private readonly ends: Int32Array;
  /** Four numbers per sample: code, entry position, row, column (LineList.add). */
  readonly specs: Int32Array;
  /**
   * Per sample, its value as last read (NaN: its text is in `texts`). A ValueReader
   * writes a value that differs from it here (setText for a text) and lists the sample in
   * `changed`: most counters stand still from one scrape to the next, and only the listed
   * ones are written again.
   */
  readonly prev: Float64Array;
  readonly texts = new Map<number, string>();
  /** The samples whose value the last read changed, ascending, `changed[0, count)`. */
  readonly changed: Int32Array;
  /** Per sample, in its part's text: where its value is and its width. */
  private readonly at: Int32Array;
  private readonly width: Int32Array;
  /** The samples per part of the kept text (0: no text kept); part p holds samples [p × per, (p + 1) × per). */
  private per = 0;
  /** Per part: its memory and its length. */
  private slabs: Slab[] = [];
  private lens = new Int32Array(0);
  /** Per part, its text as a view, made again only when its memory or length changes. */
  private views: (Buffer | undefined)[] = [];
  private readonly memory = new PartMemory();
  /** Fills begun: a reader that keeps what it read last (RawPlan) knows whether the last fill was its own. */
  fills = 0;

  /** `families` in output order: each one's header text (`# HELP`, `# TYPE`) and samples. Throws nothing. */
  constructor(families: Iterable<{ header: string; lines: LineList }>) {
    const b = new Bytes();
    const ends: number[] = [];
    const specs: number[] = [];
    let pending = '';
    for (const { header, lines } of families) {
      if (lines.length === 0) continue;
      pending += header;
      for (let k = 0; k < lines.length; k++) {
        b.write(pending + lines.prefixes[k]);
        ends.push(b.len);
        pending = '\n';
      }
      for (const x of lines.specs) specs.push(x);
    }
    b.write(pending);
    this.statics = Buffer.from(b.buf.subarray(0, b.len));
    this.ends = Int32Array.from(ends);
    this.specs = Int32Array.from(specs);
    this.prev = new Float64Array(ends.length);
    this.changed = new Int32Array(ends.length);
    this.at = new Int32Array(ends.length);
    this.width = new Int32Array(ends.length);
  }

  /**
   * The text with the values of `entries` (the same directory and sizes the template was
   * made from: see Shape), in one part. `now`: Unix seconds for UPTIME. Give it back with
   * release once it is written out. Throws nothing.
   */
  fill(entries: readonly StatEntry[], now: number): Buffer {
    return this.parts(this.reader(entries, now), Infinity)[0]!;
  }

  /**
   * The text in parts of `chunk` samples each (the last part also holds the text after
   * the last value), with the values `read` reads. The first fill, or one with another
   * `chunk`, lays every part down; later ones write only the values that moved: a part
   * with none is handed out again as it is; one with some is written in place when no
   * answer holds it (none was handed out since its last release) and no value changed
   * its number of digits, else copied with the new values into other memory (the held
   * bytes stay as they are). Give the parts back with release(the last part) once they
   * are written out. Every value is read before a part is written, so the parts are of
   * one read.
   * @throws what `read` throws (the text is then laid anew at the next fill).
   */
  parts(read: ValueReader, chunk: number): Buffer[] {
    this.fills++;
    const per = Math.max(1, Math.min(chunk, this.prev.length));
    const kept = this.per;
    // Until the parts agree with `prev` again, no text is kept.
    this.per = 0;
    const count = read();
    if (kept !== per) this.layAll(per);
    else this.patchAll(count, per);
    this.per = per;
    const { slabs, lens, views } = this;
    for (let p = 0; p < slabs.length; p++) views[p] ??= slabs[p]!.buf.subarray(0, lens[p]);
    return this.memory.lend(slabs, views as Buffer[]);
  }

  /**
   * Sets sample k's text (a value that is not a whole number below 2^53), listing it in
   * `changed` at `count` unless it is the text it had; the new count. Throws nothing.
   */
  setText(k: number, s: string, count: number): number {
    if (this.prev[k] === this.prev[k] || this.texts.get(k) !== s) {
      this.texts.set(k, s);
      this.prev[k] = NaN;
      this.changed[count++] = k;
    }
    return count;
  }

  /** The reader `parts` takes, reading `entries` as the template's specs say. */
  reader(entries: readonly StatEntry[], now: number): ValueReader {
    const { specs, prev, changed } = this;
    // The row of the last sample: samples of one row come together.
    let rowEntry = -1;
    let rowT = -1;
    let rowCode = -1;
    let counts: ArrayLike<bigint> | undefined;
    let halves: Uint32Array | undefined;
    return () => {
      let count = 0;
      for (let k = 0; k < prev.length; k++) {
        const code = specs[k * 4]!;
        if (code === V.NONE) continue;
        const e = specs[k * 4 + 1]!;
        const t = specs[k * 4 + 2]!;
        const i = specs[k * 4 + 3]!;
        let big: bigint;
        if (code === V.SIMPLE || code === V.PACKETS || code === V.BYTES) {
          if (e !== rowEntry || t !== rowT || code !== rowCode) {
            const v = entries[e]!.value!;
            counts = code === V.SIMPLE ? (v as Simple).rows[t] : code === V.PACKETS ? (v as Combined).rows[t]!.packets : (v as Combined).rows[t]!.bytes;
            halves = counts instanceof BigUint64Array ? new Uint32Array(counts.buffer, counts.byteOffset, counts.length * 2) : undefined;
            rowEntry = e;
            rowT = t;
            rowCode = code;
          }
          // Little-endian u64: below 2^53 the halves make the number exactly.
          if (halves !== undefined && halves[i * 2 + 1]! < TWO21) {
            const x = halves[i * 2 + 1]! * TWO32 + halves[i * 2]!;
            if (x !== prev[k]) {
              prev[k] = x;
              changed[count++] = k;
            }
            continue;
          }
          big = counts![i]!;
        } else if (code === V.SCALAR) big = (entries[e]!.value as { value: bigint }).value;
        else {
          count = this.setText(k, other(entries[e]!.value!, code, t, i, now), count);
          continue;
        }
        if (big >= 0n && big <= MAX_SAFE) {
          const x = Number(big);
          if (x !== prev[k]) {
            prev[k] = x;
            changed[count++] = k;
          }
        } else count = this.setText(k, big.toString(), count);
      }
      return count;
    };
  }

  /**
   * Gives back the parts a fill returned (named by the last of them, or the text of
   * fill), once nothing needs their bytes any more (written to the socket): later fills
   * may write into that memory. Parts never given back are left to the garbage
   * collector. Throws nothing.
   */
  release(last: Buffer): void {
    this.memory.release(last);
  }

  /** Samples [k0, k1) of part p, and its static bytes [s0, s1). */
  private span(p: number, per: number): { k0: number; k1: number; s0: number; s1: number } {
    const n = this.prev.length;
    const k0 = p * per;
    const k1 = Math.min(n, k0 + per);
    return { k0, k1, s0: k0 === 0 ? 0 : this.ends[k0 - 1]!, s1: k1 === n ? this.statics.length : this.ends[k1 - 1]! };
  }

  /** Room for part p's text whatever its values. */
  private roomOf(p: number, per: number): number {
    const { k0, k1, s0, s1 } = this.span(p, per);
    return s1 - s0 + (k1 - k0) * VALUE_ROOM;
  }

  /** Every part laid down line by line into fresh memory; records where each value went. */
  private layAll(per: number): void {
    const { statics, ends, specs, prev, at, width } = this;
    for (const s of this.slabs) this.memory.drop(s);
    const count = Math.max(1, Math.ceil(prev.length / per));
    this.slabs = new Array<Slab>(count);
    this.lens = new Int32Array(count);
    this.views = new Array<Buffer | undefined>(count);
    for (let p = 0; p < count; p++) {
      const slab = (this.slabs[p] = this.memory.take(this.roomOf(p, per)));
      const out = slab.buf;
      const { k0, k1, s0, s1 } = this.span(p, per);
      let pos = 0;
      let from = s0;
      for (let k = k0; k < k1; k++) {
        const to = ends[k]!;
        pos = copy(statics, from, to, out, pos);
        from = to;
        at[k] = pos;
        if (specs[k * 4] !== V.NONE) pos = this.value(out, pos, k, prev[k]!);
        width[k] = pos - at[k]!;
      }
      this.lens[p] = copy(statics, from, s1, out, pos);
    }
  }

  /** The changed values written into their parts, part by part (`changed` is ascending). */
  private patchAll(count: number, per: number): void {
    const { changed, prev, width } = this;
    for (let j = 0; j < count; ) {
      const p = Math.floor(changed[j]! / per);
      const end = (p + 1) * per;
      let j1 = j;
      let same = true;
      for (; j1 < count && changed[j1]! < end; j1++) {
        const k = changed[j1]!;
        const x = prev[k]!;
        const w = width[k]!;
        // Still w digits: within [10^(w−1), 10^w) (0 is the one digit below 1).
        if (x === x ? x >= POW10[w]! || (x < POW10[w - 1]! && w > 1) : this.texts.get(k)!.length !== w) same = false;
      }
      if (same) {
        let slab = this.slabs[p]!;
        if (slab.holders !== 0) {
          // An answer still sends it: a copy (one memcpy) takes the new values.
          const old = slab;
          slab = this.slabs[p] = this.memory.take(this.roomOf(p, per));
          this.views[p] = undefined;
          old.buf.copy(slab.buf, 0, 0, this.lens[p]);
          this.memory.drop(old);
        }
        for (let i = j; i < j1; i++) this.value(slab.buf, this.at[changed[i]!]!, changed[i]!, prev[changed[i]!]!);
      } else this.rewrite(p, per, j, j1);
      j = j1;
    }
  }

  /**
   * Part p copied into other memory with the values changed[j0, j1) written anew, some of
   * them of another width: each value's `at` moved by the widths changed before it. Its
   * old memory is freed once no answer holds it.
   */
  private rewrite(p: number, per: number, j0: number, j1: number): void {
    const { changed, prev, at, width } = this;
    const old = this.slabs[p]!;
    const slab = this.memory.take(this.roomOf(p, per));
    const src = old.buf;
    const out = slab.buf;
    const { k1 } = this.span(p, per);
    // Pass 1: the blocks between values whose width changed, copied whole (old values in
    // them too); every value after a width change moves by the same shift.
    let shift = 0;
    let from = 0;
    let next = p * per;
    for (let j = j0; j < j1; j++) {
      const k = changed[j]!;
      const x = prev[k]!;
      const w = x === x ? digitCount(x) : this.texts.get(k)!.length;
      if (w === width[k]) continue;
      if (shift !== 0) for (let i = next; i <= k; i++) at[i]! += shift;
      next = k + 1;
      const was = at[k]! - shift;
      src.copy(out, from + shift, from, was);
      from = was + width[k]!;
      shift += w - width[k]!;
      width[k] = w;
    }
    if (shift !== 0) for (let i = next; i < k1; i++) at[i]! += shift;
    src.copy(out, from + shift, from, this.lens[p]!);
    this.lens[p]! += shift;
    // Pass 2: the values that changed.
    for (let j = j0; j < j1; j++) this.value(out, at[changed[j]!]!, changed[j]!, prev[changed[j]!]!);
    this.slabs[p] = slab;
    this.views[p] = undefined;
    this.memory.drop(old);
  }

  /** Writes value k at pos; the position after it. */
  private value(out: Buffer, pos: number, k: number, x: number): number {
    return x === x ? digits(out, pos, x) : ascii(out, pos, this.texts.get(k)!);
  }
}

/**
 * Reads the values of every sample into a template's `prev` and `texts` (Template.parts
 * says how) and lists the samples whose value changed in `changed`, ascending; says how
 * many it listed.
 */
export type ValueReader = () => number;

/** The text of `parts` (Template.parts) as one buffer: the part itself when there is one, else a copy. Throws nothing. */
export function wholeText(parts: readonly Buffer[]): Buffer {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

type Simple = Extract<StatValue, { kind: 'simple' }>;
type Combined = Extract<StatValue, { kind: 'combined' }>;

/** 10^i for i in 0..VALUE_ROOM (a value's width is at most VALUE_ROOM). */
const POW10 = Array.from({ length: VALUE_ROOM + 1 }, (_, i) => 10 ** i);

/** The number of decimal digits of a whole number 0 ≤ x < 2^53. */
function digitCount(x: number): number {
  let n = 1;
  for (let p = 10; p <= x; p *= 10) n++;
  return n;
}

/** The text of the rarer values: scalars, histograms (row t of `v`), uptime. Throws nothing. */
export function other(v: StatValue, code: number, t: number, i: number, now: number): string {
  if (code === V.SCALAR) return String((v as { value: bigint }).value);
  if (code === V.UPTIME) return String(Math.floor(now) - Number((v as { value: bigint }).value));
  const row = (v as Extract<StatValue, { kind: 'histogram' }>).rows[t]!;
  let cum = 0n;
  let estimate = 0;
  const last = code === V.BUCKET ? i : row.bins.length - 1;
  for (let j = 0; j <= last; j++) {
    cum += row.bins[j]!;
    estimate += Number(row.bins[j]!) * 2 ** (row.minExp + j);
  }
  return code === V.SUM ? String(estimate) : String(cum);
}

/** Copies statics[from, to) to out at pos; the new pos. Short runs by hand (a copy call costs more). */
function copy(src: Buffer, from: number, to: number, out: Buffer, pos: number): number {
  if (to - from > 512) return pos + src.copy(out, pos, from, to);
  for (let j = from; j < to; j++) out[pos++] = src[j]!;
  return pos;
}

const MAX_SAFE = 9007199254740991n;

/** The decimal digits of a whole number 0 ≤ x < 2^53 (the quotient by 10 is exact below that). */
function digits(out: Buffer, pos: number, x: number): number {
  let end = pos + 1;
  for (let p = 10; p <= x; p *= 10) end++;
  for (let j = end - 1; j >= pos; j--) {
    const q = Math.floor(x / 10);
    out[j] = 48 + (x - q * 10);
    x = q;
  }
  return end;
}

/** Writes an ASCII text. */
function ascii(out: Buffer, pos: number, s: string): number {
  for (let j = 0; j < s.length; j++) out[pos++] = s.charCodeAt(j);
  return pos;
}

/**
 * What a template depends on besides the options: each entry's name, type, symlink,
 * value kind and sizes (rows, columns, bins), and a name vector's names (they are
 * labels). Equal shapes give equal text around the values. Throws nothing.
 */
export class Shape {
  private readonly items: unknown[] = [];

  static of(entries: readonly StatEntry[]): Shape {
    const s = new Shape();
    walk(entries, (x) => (s.items.push(x), true));
    return s;
  }

  /** Does `entries` have this shape? */
  matches(entries: readonly StatEntry[]): boolean {
    let k = 0;
    const items = this.items;
    return walk(entries, (x) => items[k++] === x) && k === items.length;
  }
}

/** Calls `see` with each item of the shape in order; false as soon as `see` says false. */
function walk(entries: readonly StatEntry[], see: (x: unknown) => boolean): boolean {
  if (!see(entries.length)) return false;
  for (const e of entries) {
    const v = e.value;
    if (!see(e.name) || !see(e.type) || !see(e.symlink?.target) || !see(e.symlink?.column) || !see(v?.kind)) return false;
    if (v === undefined) continue;
    switch (v.kind) {
      case 'simple':
        if (!see(v.rows.length)) return false;
        for (const r of v.rows) if (!see(r.length)) return false;
        break;
      case 'combined':
        if (!see(v.rows.length)) return false;
        for (const r of v.rows) if (!see(r.packets.length) || !see(r.bytes.length)) return false;
        break;
      case 'names':
        if (!see(v.names.length)) return false;
        for (const n of v.names) if (!see(n)) return false;
        break;
      case 'histogram':
        if (!see(v.rows.length)) return false;
        for (const r of v.rows) if (!see(r.minExp) || !see(r.bins.length)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}
