/**
 * Stats for people: the interface table (interface × counter, summed over threads unless
 * per-thread), node errors (node, error, count), then the other entries by kind. Plain
 * aligned columns, numbers right-aligned: these tables run to thousands of rows.
 */
import type { EntryRates, StatEntry } from '../../client/stats/index.js';
import { displayWidth } from '../rendering/text-table.js';
import { cell, interfaceName, isZero, shapeStats, sum, sumRows, type Num, type Shaped } from './stats-shape.js';

export interface StatsTextOptions {
  /** `/if/names`, for the interface column. */
  names?: readonly (string | null)[];
  perThread?: boolean;
  /** Leave out zero counters (rows, and columns of the interface table, that are all zero). */
  noZeros?: boolean;
  /** Rates per second by entry name (watch): counters show these instead of their values. */
  rates?: ReadonlyMap<string, EntryRates>;
  /** At most this many rows in the interface table (a terminal screen): the rest is not computed. */
  maxRows?: number;
}

/** A rate with one decimal; NaN is a counter that went backwards (cleared). */
export function formatNum(x: Num): string {
  if (x === null) return '-';
  if (typeof x === 'bigint') return x.toString();
  return Number.isNaN(x) ? 'reset' : x.toFixed(1);
}

/** Columns separated by two spaces; `right[i]` right-aligns column i. */
export function columns(head: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const w = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, w[i]! - displayWidth(c)));
        return right[i] ? pad + c : i === r.length - 1 ? c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The whole text (no trailing newline); '' when nothing is left to show. */
export function renderStatsText(entries: readonly StatEntry[], opts: StatsTextOptions = {}): string {
  const shaped = shapeStats(entries, opts.rates);
  const parts = [interfaceTable(shaped, opts), errorTable(shaped, opts), ...otherSections(shaped.others, opts)].filter((s) => s !== '');
  return parts.join('\n\n');
}

function interfaceTable(s: Shaped, opts: StatsTextOptions): string {
  const { counters, cells, indices } = s.interfaces;
  if (counters.length === 0) return '';
  const cols = counters.flatMap((c) => (c.combined ? [`${c.name} packets`, `${c.name} bytes`] : [c.name]));
  const suffix = opts.rates ? '/s' : '';
  const rows: { label: string[]; values: Num[] }[] = [];
  let counted = 0;
  for (const i of indices) {
    if (opts.maxRows !== undefined && counted >= opts.maxRows) break;
    const perRow = counters.map((c) => cells(c.name, i) ?? []);
    const threads = Math.max(...perRow.map((r) => r.length));
    const width = (c: (typeof counters)[number]) => (c.combined ? 2 : 1);
    if (opts.perThread) {
      for (let t = 0; t < threads; t++) rows.push({ label: [interfaceName(opts.names, i), String(t)], values: counters.flatMap((c, k) => perRow[k]![t] ?? new Array<Num>(width(c)).fill(0n)) });
    } else {
      rows.push({ label: [interfaceName(opts.names, i)], values: counters.flatMap((c, k) => (perRow[k]!.length ? sumRows(perRow[k]!) : new Array<Num>(width(c)).fill(0n))) });
    }
    counted = opts.noZeros ? counted + (rows[rows.length - 1]!.values.some((v) => !isZero(v)) ? 1 : 0) : rows.length;
  }
  let keep = cols.map(() => true);
  let kept = rows;
  if (opts.noZeros) {
    kept = rows.filter((r) => r.values.some((v) => !isZero(v)));
    keep = cols.map((_, k) => kept.some((r) => !isZero(r.values[k]!)));
  }
  const labelHead = opts.perThread ? ['interface', 'thread'] : ['interface'];
  const head = [...labelHead, ...cols.filter((_, k) => keep[k]).map((c) => c + suffix)];
  const body = kept.map((r) => [...r.label, ...r.values.filter((_, k) => keep[k]).map(formatNum)]);
  if (body.length === 0) return '';
  return columns(head, body, head.map((_, k) => k >= labelHead.length || (opts.perThread === true && k === 1)));
}

function errorTable(s: Shaped, opts: StatsTextOptions): string {
  const rows: string[][] = [];
  for (const e of s.errors) {
    if (opts.perThread) e.rows.forEach((v, t) => (!opts.noZeros || !isZero(v)) && rows.push([e.node, e.error, String(t), formatNum(v)]));
    else {
      const total = sum(e.rows);
      if (!opts.noZeros || !isZero(total)) rows.push([e.node, e.error, formatNum(total)]);
    }
  }
  if (rows.length === 0) return '';
  const count = opts.rates ? 'count/s' : 'count';
  return opts.perThread ? columns(['node', 'error', 'thread', count], rows, [false, false, true, true]) : columns(['node', 'error', count], rows, [false, false, true]);
}

/** Scalars and gauges in one table, then each vector, name vector, histogram and ring. */
function otherSections(others: readonly StatEntry[], opts: StatsTextOptions): string[] {
  const out: string[] = [];
  const values = others.flatMap((e) => (e.value?.kind === 'scalar' || e.value?.kind === 'gauge' ? [[e.name, e.value.value.toString()]] : []));
  if (values.length) out.push(columns(['entry', 'value'], values, [false, true]));
  const simple: string[][] = [];
  const combined: string[][] = [];
  for (const e of others) vectorRows(e, opts, simple, combined);
  const th = opts.perThread ? ['thread'] : [];
  const suffix = opts.rates ? '/s' : '';
  if (simple.length) out.push(columns(['entry', 'index', ...th, `value${suffix}`], simple, [false, true, true, true]));
  if (combined.length) out.push(columns(['entry', 'index', ...th, `packets${suffix}`, `bytes${suffix}`], combined, [false, true, true, true, true]));
  const names = others.flatMap((e) => (e.value?.kind === 'names' ? e.value.names.flatMap((n, i) => (n === null ? [] : [[e.name, String(i), n]])) : []));
  if (names.length) out.push(columns(['entry', 'index', 'name'], names, [false, true, false]));
  for (const e of others) if (e.value?.kind === 'histogram') out.push(histogram(e, opts));
  for (const e of others) if (e.value?.kind === 'ring') out.push(ring(e));
  return out.filter((s) => s !== '');
}

function vectorRows(e: StatEntry, opts: StatsTextOptions, simple: string[][], combined: string[][]): void {
  const v = e.value;
  if (!v || (v.kind !== 'simple' && v.kind !== 'combined')) return;
  const r = opts.rates ? (opts.rates.get(e.name) ?? null) : undefined;
  const n = v.kind === 'simple' ? Math.max(0, ...v.rows.map((x) => x.length)) : Math.max(0, ...v.rows.map((x) => x.packets.length));
  const into = v.kind === 'simple' ? simple : combined;
  for (let i = 0; i < n; i++) {
    const rows = cell(v, i, r);
    const index = String(e.symlink ? e.symlink.column : i);
    // vpp_get_stats's no-zeros: a combined counter counts as zero when its packets are.
    const zero = (x: Num[]) => isZero(x[0]!);
    if (opts.perThread) rows.forEach((x, t) => (!opts.noZeros || !zero(x)) && into.push([e.name, index, String(t), ...x.map(formatNum)]));
    else {
      const x = sumRows(rows);
      if (!opts.noZeros || !zero(x)) into.push([e.name, index, ...x.map(formatNum)]);
    }
  }
}

/** Bin j holds values v with ⌊log2 v⌋ = minExp + j; bin 0 also everything smaller. */
function histogram(e: StatEntry, opts: StatsTextOptions): string {
  if (e.value?.kind !== 'histogram') return '';
  const rows: string[][] = [];
  e.value.rows.forEach((r, t) => {
    let cum = 0n;
    r.bins.forEach((c, j) => {
      cum += c;
      if (opts.noZeros && c === 0n) return;
      const lo = 2 ** (r.minExp + j);
      rows.push([e.name, String(t), j === 0 ? `< ${2 * lo}` : `[${lo}, ${2 * lo})`, c.toString(), cum.toString()]);
    });
  });
  return rows.length ? columns(['histogram', 'thread', 'values', 'count', 'cumulative'], rows, [false, true, false, true, true]) : '';
}

function ring(e: StatEntry): string {
  if (e.value?.kind !== 'ring') return '';
  const g = e.value.ring;
  const schema = g.schema ? `, schema v${g.schemaVersion} (${g.schema.length} bytes): ${Buffer.from(g.schema).toString('hex')}` : ', no schema';
  const lines = [`${e.name}: ring of ${g.ringSize} × ${g.entrySize}-byte entries per thread${schema}`];
  g.threads.forEach((t, k) => {
    lines.push(`  thread ${k}: ${t.sequence} entries produced, head ${t.head}`);
    t.entries.forEach((b, i) => lines.push(`    #${t.firstSequence + BigInt(i)}  ${Buffer.from(b).toString('hex')}`));
  });
  return lines.join('\n');
}
