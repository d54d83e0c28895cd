/**
 * Filling a kept template (prometheus-template.ts) straight from the segment's rows as
 * u32 words (RawValues), without the entries of a full read: a full read of 1,000
 * interfaces × 4 threads makes ~20,000 entries and ~80,000 small arrays for the links
 * alone, and that was most of a scrape. A plan is made from the entries the template
 * was made from and holds for their directory epoch (docs/stats.md §7: names, types,
 * pointers and symlinks change only under the writer's lock, which moves the epoch); a
 * fill checks what may change without the lock (a vector's length, a histogram's
 * min_exp) against what the text was made from, and says no on any difference so the
 * caller reads and renders the usual way. The bytes are those of Template.fill.
 */
import type { RawRequest, RawValues, StatEntry } from '../../client/types/stat-entries.js';
import { other, type Template, type ValueReader, V } from './prometheus-template.js';

const TWO32 = 4294967296;
const TWO21 = 2097152;
const SLOT_NONE = -1;
const SLOT_OTHER = -2;

export class RawPlan {
  /** Per sample: which of request.vectors (or request.words, for SCALAR and UPTIME), which row, which u32 word of the row. */
  private readonly vec: Int32Array;
  private readonly row: Int32Array;
  private readonly word: Int32Array;
  /**
   * Per sample: its row's place in request.vectors' rows laid end to end (the counter
   * samples, read straight from the row), or SLOT_NONE, or SLOT_OTHER (scalars, uptime,
   * histograms: made as text).
   */
  private readonly slot: Int32Array;
  /**
   * Per vector: its number of rows, and per row the length it must have (−1: any) and
   * the least length (a vector seen only through links needs the columns they take; one
   * rendered itself needs exactly its elements).
   */
  private readonly rowCount: number[] = [];
  private readonly exact: number[][] = [];
  private readonly least: number[][] = [];
  /** Per vector, per row of a histogram: the min_exp its bucket labels were made for. */
  private readonly minExps: (number[] | undefined)[] = [];
  /** Per row slot s: its samples, slotSamples[slotFirst[s], slotFirst[s + 1]), ascending. */
  private slotFirst = new Int32Array(1);
  private slotSamples = new Int32Array(0);
  /** The samples made as text (SLOT_OTHER), ascending. */
  private readonly others: number[] = [];
  /**
   * Copies of the rows the last fill of this plan read, and that fill's number
   * (Template.fills). Copies, not the rows: a read's rows are views of memory the next
   * read of the same request writes again (StatsSegment.readRaw).
   */
  private readonly lastCopy: Uint32Array[] = [];
  private lastFill = -1;

  private constructor(
    readonly request: RawRequest,
    n: number,
  ) {
    this.vec = new Int32Array(n);
    this.row = new Int32Array(n);
    this.word = new Int32Array(n);
    this.slot = new Int32Array(n);
  }

  /**
   * The plan for `template`, made from `entries` (all read without error) at directory
   * epoch `epoch`; undefined for a sample the raw read cannot give. Throws nothing.
   */
  static of(template: Template, entries: readonly StatEntry[], epoch: bigint): RawPlan | undefined {
    const specs = template.specs;
    const n = specs.length / 4;
    const vectors: { index: number; type: 'simple' | 'combined' | 'histogram' }[] = [];
    const words: number[] = [];
    const vecOf = new Map<number, number>();
    const wordOf = new Map<number, number>();
    const plan = new RawPlan({ epoch, vectors, words }, n);
    const vector = (index: number, type: 'simple' | 'combined' | 'histogram', rows: number): number => {
      let j = vecOf.get(index);
      if (j === undefined) {
        vecOf.set(index, (j = vectors.length));
        vectors.push({ index, type });
        plan.rowCount.push(rows);
        plan.exact.push(new Array<number>(rows).fill(-1));
        plan.least.push(new Array<number>(rows).fill(0));
        plan.minExps.push(undefined);
      }
      return vectors[j]!.type === type && plan.rowCount[j] === rows ? j : -1;
    };
    // A link's value is made anew each time it is asked for: once per entry, not per sample.
    let e = entries[0]!;
    let v = e?.value;
    for (let k = 0; k < n; k++) {
      const code = specs[k * 4]!;
      if (code === V.NONE) continue;
      if (entries[specs[k * 4 + 1]!] !== e) {
        e = entries[specs[k * 4 + 1]!]!;
        v = e.value;
      }
      const t = specs[k * 4 + 2]!;
      const i = specs[k * 4 + 3]!;
      if (!v) return undefined;
      if (code === V.SCALAR || code === V.UPTIME) {
        if (v.kind !== 'scalar' && v.kind !== 'gauge') return undefined;
        let w = wordOf.get(e.index);
        if (w === undefined) wordOf.set(e.index, (w = words.push(e.index) - 1));
        plan.word[k] = w;
        continue;
      }
      if (code === V.SIMPLE || code === V.PACKETS || code === V.BYTES) {
        if (v.kind !== 'simple' && v.kind !== 'combined') return undefined;
        const link = e.symlink;
        const j = vector(link ? link.targetIndex : e.index, v.kind, v.rows.length);
        if (j < 0) return undefined;
        const col = link ? link.column : i;
        if (link) plan.least[j]![t] = Math.max(plan.least[j]![t]!, col + 1);
        else plan.exact[j]![t] = v.kind === 'simple' ? v.rows[t]!.length : v.rows[t]!.packets.length;
        plan.vec[k] = j;
        plan.row[k] = t;
        plan.word[k] = v.kind === 'simple' ? col * 2 : col * 4 + (code === V.BYTES ? 2 : 0);
        continue;
      }
      // BUCKET, TOTAL, SUM: a histogram of its own (VPP makes no links to histograms).
      if (v.kind !== 'histogram' || e.symlink) return undefined;
      const j = vector(e.index, 'histogram', v.rows.length);
      if (j < 0) return undefined;
      const r = v.rows[t]!;
      plan.exact[j]![t] = r.bins.length + 1;
      (plan.minExps[j] ??= [])[t] = r.minExp;
      plan.vec[k] = j;
      plan.row[k] = t;
      plan.word[k] = i;
    }
    const rowStart: number[] = [];
    const slots = plan.rowCount.reduce((at, rows) => (rowStart.push(at), at + rows), 0);
    const perSlot = new Int32Array(slots + 1);
    for (let k = 0; k < n; k++) {
      const code = specs[k * 4]!;
      const s = code === V.NONE ? SLOT_NONE : code === V.SIMPLE || code === V.PACKETS || code === V.BYTES ? rowStart[plan.vec[k]!]! + plan.row[k]! : SLOT_OTHER;
      plan.slot[k] = s;
      if (s >= 0) perSlot[s + 1]!++;
      else if (s === SLOT_OTHER) plan.others.push(k);
    }
    for (let s = 0; s < slots; s++) perSlot[s + 1]! += perSlot[s]!;
    plan.slotFirst = perSlot.slice();
    plan.slotSamples = new Int32Array(perSlot[slots]!);
    for (let k = 0; k < n; k++) if (plan.slot[k]! >= 0) plan.slotSamples[perSlot[plan.slot[k]!]!++] = k;
    return plan;
  }

  /**
   * The reader of `raw` for Template.parts: each sample's value as Template.reader would
   * read it from the entries; undefined when the rows are not the sizes the text was made
   * for (fits). `now`: Unix seconds for UPTIME. Throws nothing.
   */
  reader(raw: RawValues, now: number, template: Template): ValueReader | undefined {
    if (!this.fits(raw)) return undefined;
    const rows = raw.rows.flat();
    return () => this.read(raw, rows, now, template);
  }

  /**
   * Reads `raw` (`rows`: its rows laid end to end) as a ValueReader. A row whose bytes are
   * those of the row the last fill read (when that fill was this plan's: the template's
   * `prev` then holds that row's values) is not looked at again: most rows stand still
   * between scrapes, and the comparison is a memcmp.
   */
  private read(raw: RawValues, rows: Uint32Array[], now: number, template: Template): number {
    const { prev, changed } = template;
    const { word, slotFirst, slotSamples } = this;
    const { lastCopy } = this;
    const same = this.lastFill === template.fills - 1;
    // Until this read is through, the copies do not stand for a fill's rows.
    this.lastFill = -1;
    let count = 0;
    for (let s = 0; s < rows.length; s++) {
      const r = rows[s]!;
      const c = lastCopy[s];
      if (same && c !== undefined && sameBytes(r, c)) continue;
      if (c !== undefined && c.length === r.length) c.set(r);
      else lastCopy[s] = r.slice();
      for (let j = slotFirst[s]!; j < slotFirst[s + 1]!; j++) {
        const k = slotSamples[j]!;
        const at = word[k]!;
        const hi = r[at + 1]!;
        // Little-endian u64: below 2^53 the halves make the number exactly.
        if (hi < TWO21) {
          const x = hi * TWO32 + r[at]!;
          if (x !== prev[k]) {
            prev[k] = x;
            changed[count++] = k;
          }
        } else count = template.setText(k, ((BigInt(hi) << 32n) | BigInt(r[at]!)).toString(), count);
      }
    }
    const { specs } = template;
    const { vec, row } = this;
    for (const k of this.others) {
      const code = specs[k * 4]!;
      if (code === V.SCALAR || code === V.UPTIME) count = template.setText(k, other({ kind: 'scalar', value: raw.words[word[k]!]! }, code, 0, 0, now), count);
      else {
        const h = raw.rows[vec[k]!]![row[k]!]!;
        const bins = new BigUint64Array(h.buffer, h.byteOffset + 8, h.length / 2 - 1);
        count = template.setText(k, other({ kind: 'histogram', rows: [{ minExp: this.minExps[vec[k]!]![row[k]!]!, bins }] }, code, 0, word[k]!, now), count);
      }
    }
    // Rows in turn list their samples out of order.
    changed.subarray(0, count).sort();
    this.lastFill = template.fills;
    return count;
  }

  private fits(raw: RawValues): boolean {
    const { rowCount, exact, least, minExps } = this;
    if (raw.rows.length !== rowCount.length) return false;
    for (let j = 0; j < rowCount.length; j++) {
      const rows = raw.rows[j]!;
      if (rows.length !== rowCount[j]) return false;
      const per = this.request.vectors[j]!.type === 'combined' ? 4 : 2;
      const exps = minExps[j];
      for (let t = 0; t < rows.length; t++) {
        const len = rows[t]!.length / per;
        const want = exact[j]![t]!;
        if ((want >= 0 && len !== want) || len < least[j]![t]!) return false;
        if (exps !== undefined && (len < 1 || Number(BigInt.asIntN(64, (BigInt(rows[t]![1]!) << 32n) | BigInt(rows[t]![0]!))) !== exps[t])) return false;
      }
    }
    return true;
  }
}

/** Whether two rows hold the same bytes (a memcmp). Throws nothing. */
function sameBytes(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
