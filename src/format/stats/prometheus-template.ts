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
   * Per sample, of the last fill: its value (NaN: its text is in `texts`). A reader of
   * values (`read`, RawPlan.read) writes a value that differs from it here and lists the
   * sample in `changed`: most counters stand still from one scrape to the next, and only
   * the listed ones are looked at again.
   */
  readonly prev: Float64Array;
  readonly texts = new Map<number, string>();
  /** The samples whose value the last read changed (a text always counts as changed), ascending, `changed[0, count)`. */
  readonly changed: Int32Array;
  /** patch's blocks, (from, to, shift) each, kept from fill to fill. */
  private readonly blocks: number[] = [];
  /** Per sample, in the last fill's text: where its value was written and its width. */
  private readonly at: Int32Array;
  private readonly width: Int32Array;
  /** The last fill's text. */
  private last: Buffer | undefined;
  /** A `parts` is under way (its generator not yet at its end). */
  private busy = false;
  /** Buffers this template made and its caller gave back (release): reused instead of new memory. */
  private readonly free: Buffer[] = [];
  private readonly mine = new WeakSet<ArrayBuffer>();

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
   * made from: see Shape). `now`: Unix seconds for UPTIME. The first fill lays the text
   * down line by line; later ones copy the previous text, in the runs between values whose
   * width changed (most counters keep their number of digits from one scrape to the
   * next), into other memory and write the digits of every value that moved (parts). The
   * previous text is only read, never changed: it may still be on its way to a client.
   * @throws Error when a `parts` of this template is still under way (see parts).
   */
  fill(entries: readonly StatEntry[], now: number): Buffer {
    return wholeText(this.parts(this.reader(entries, now), Infinity));
  }

  /**
   * The text, made and handed out in order in parts of about `chunk` samples each, so
   * that the first ones can be on their way to a client while the rest are made. `read`
   * reads the values of samples [from, to) (prometheus-raw.ts, or `reader` for entries):
   * each value that differs from `prev[k]` is written there (NaN, and the text in
   * `texts`, for a value that is not a whole number below 2^53; a text always counts as
   * changed) and the sample listed in `changed` from `count` on, in ascending order; it
   * says the new count. A part's bytes are final when it is handed out and stay as they
   * are until given back (release). A later fill starts from this text only once every
   * part was taken: one left unfinished leaves the next fill to lay the text anew.
   * @throws Error when another `parts` of this template is still under way (take one
   *   to its end before starting the next); what `read` throws.
   */
  *parts(read: ValueReader, chunk: number): Generator<Buffer, void, undefined> {
    if (this.busy) throw new Error('a fill of this Prometheus template is still under way');
    this.busy = true;
    try {
      this.texts.clear();
      const last = this.last;
      // Until the new text is whole, there is no previous text to start from.
      this.last = undefined;
      if (!last) {
        read(0, this.prev.length, 0);
        const out = this.lay();
        this.last = out;
        yield out;
        return;
      }
      yield* this.patch(last, read, Math.max(1, Math.min(chunk, this.prev.length)));
    } finally {
      this.busy = false;
    }
  }

  /** The reader `parts` takes, reading `entries` as the template's specs say. */
  reader(entries: readonly StatEntry[], now: number): ValueReader {
    const { specs, prev, texts, changed } = this;
    // The row of the last sample: samples of one row come together.
    let rowEntry = -1;
    let rowT = -1;
    let rowCode = -1;
    let counts: ArrayLike<bigint> | undefined;
    let halves: Uint32Array | undefined;
    const big = (k: number, x: bigint): number => {
      if (x >= 0n && x <= MAX_SAFE) return Number(x);
      texts.set(k, x.toString());
      return NaN;
    };
    return (from, to, count) => {
      for (let k = from; k < to; k++) {
        const code = specs[k * 4]!;
        if (code === V.NONE) continue;
        const e = specs[k * 4 + 1]!;
        const t = specs[k * 4 + 2]!;
        const i = specs[k * 4 + 3]!;
        let x = NaN;
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
          if (halves !== undefined && halves[i * 2 + 1]! < TWO21) x = halves[i * 2 + 1]! * TWO32 + halves[i * 2]!;
          else x = big(k, counts![i]!);
        } else if (code === V.SCALAR) x = big(k, (entries[e]!.value as { value: bigint }).value);
        else texts.set(k, other(entries[e]!.value!, code, t, i, now));
        if (x !== prev[k]) {
          prev[k] = x;
          changed[count++] = k;
        }
      }
      return count;
    };
  }

  /**
   * Gives back a text a fill returned, once nothing needs its bytes any more (written to
   * the socket): a later fill writes into its memory instead of new memory. A fill's text
   * is 17 MB at 1,000 interfaces × 4 threads, and new memory of that size cost more in
   * page faults than writing the text itself. Texts never given back are left to the
   * garbage collector. Throws nothing.
   */
  release(text: Buffer): void {
    const ab = text.buffer as ArrayBuffer;
    if (!this.mine.has(ab) || this.free.some((b) => b.buffer === ab)) return;
    this.free.push(Buffer.from(ab, 0, ab.byteLength));
    if (this.free.length > 2) this.free.shift();
  }

  /** Room for a text of up to `n` bytes: a buffer given back, never `avoid`'s (patch reads it), or a new one. */
  private room(n: number, avoid?: Buffer): Buffer {
    const j = this.free.findIndex((b) => b.length >= n && b.buffer !== avoid?.buffer);
    if (j >= 0) return this.free.splice(j, 1)[0]!;
    const b = Buffer.allocUnsafeSlow(n);
    this.mine.add(b.buffer as ArrayBuffer);
    return b;
  }

  /** The first text, line by line; records where each value went. */
  private lay(): Buffer {
    const { statics, ends, specs, prev, at, width } = this;
    const n = ends.length;
    const out = this.room(statics.length + n * VALUE_ROOM);
    let pos = 0;
    let from = 0;
    for (let k = 0; k < n; k++) {
      const to = ends[k]!;
      pos = copy(statics, from, to, out, pos);
      from = to;
      at[k] = pos;
      if (specs[k * 4] !== V.NONE) pos = this.value(out, pos, k, prev[k]!);
      width[k] = pos - at[k]!;
    }
    pos = copy(statics, from, statics.length, out, pos);
    return out.subarray(0, pos);
  }

  /**
   * The text after `last`, in parts of `chunk` samples: for each, `read` lists the values
   * that changed; pass 1 goes through those only, finding the blocks between values whose
   * width changed (every value after a width change moves by the same shift, so `at` is
   * moved in runs); the blocks of `last` (old values in them included) are copied whole
   * into other memory, and pass 2 writes the changed values. A part ends where the next
   * sample's value begins, so no value straddles two parts.
   */
  private *patch(last: Buffer, read: ValueReader, chunk: number): Generator<Buffer, void, undefined> {
    const { prev, texts, at, width, blocks, changed } = this;
    const n = at.length;
    const out = this.room(this.statics.length + n * VALUE_ROOM, last);
    let count = 0;
    let c = 0;
    // The open block starts at `from` of `last` and moves by `shift`; `at` of samples before `mark` is moved already.
    let shift = 0;
    let from = 0;
    let mark = 0;
    let sent = 0;
    // At least one part, an empty template's too.
    for (let k0 = 0; ; ) {
      const kb = Math.min(n, k0 + chunk);
      count = read(k0, kb, count);
      // Where value kb begins in `last` (its `at` is not moved yet: kb ≥ mark).
      const end = kb < n ? at[kb]! : last.length;
      blocks.length = 0;
      for (let j = c; j < count; j++) {
        const k = changed[j]!;
        const x = prev[k]!;
        const w = x === x ? digitCount(x) : texts.get(k)!.length;
        if (w === width[k]) continue;
        const was = at[k]!;
        if (shift !== 0) for (let i = mark; i <= k; i++) at[i]! += shift;
        mark = k + 1;
        blocks.push(from, was, shift);
        from = was + width[k]!;
        shift += w - width[k]!;
        width[k] = w;
      }
      blocks.push(from, end, shift);
      from = end;
      if (shift !== 0) for (let i = mark; i < kb; i++) at[i]! += shift;
      mark = kb;
      for (let b = 0; b < blocks.length; b += 3) last.copy(out, blocks[b]! + blocks[b + 2]!, blocks[b]!, blocks[b + 1]!);
      // Pass 2: the values that changed.
      for (; c < count; c++) this.value(out, at[changed[c]!]!, changed[c]!, prev[changed[c]!]!);
      const part = out.subarray(sent, end + shift);
      sent = end + shift;
      if (kb === n) {
        this.last = out.subarray(0, sent);
        yield part;
        return;
      }
      yield part;
      k0 = kb;
    }
  }

  /** Writes value k at pos; the position after it. */
  private value(out: Buffer, pos: number, k: number, x: number): number {
    return x === x ? digits(out, pos, x) : ascii(out, pos, this.texts.get(k)!);
  }
}

/**
 * Reads the values of samples [from, to) into a template's `prev`, `texts` and `changed`
 * (Template.parts says how), listing changed ones from `count` on; the new count.
 */
export type ValueReader = (from: number, to: number, count: number) => number;

/** The text of `parts` (Template.parts) as one buffer, copied once: the part itself when made in one chunk. Throws what the parts throw. */
export function wholeText(parts: Iterable<Buffer>): Buffer {
  const all = [...parts];
  return all.length === 1 ? all[0]! : Buffer.concat(all);
}

type Simple = Extract<StatValue, { kind: 'simple' }>;
type Combined = Extract<StatValue, { kind: 'combined' }>;

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
