/**
 * Stats entries as tables for the dump-table layout (format/rendering/text-table.ts): each
 * section of `stats show` is columns with ranks and names plus rows of cell texts. Pure:
 * entries in, tables out; stats-text.ts picks columns and lays them out.
 *
 * | table      | columns (k = kept whatever the width)                                   |
 * |------------|-------------------------------------------------------------------------|
 * | interfaces | interface k, [thread k], one per counter (combined: packets and bytes), ranked below |
 * | errors     | node k, error k, [thread k], count k                                    |
 * | values     | entry k, value k (scalars and gauges)                                   |
 * | simple     | entry k, index k, [thread k], value k (vectors other than the above)    |
 * | combined   | entry k, index k, [thread k], packets k, bytes k                        |
 * | names      | entry k, index k, name k (null slots left out)                          |
 * | histogram  | histogram k, thread k, values k, count k, cumulative k (one per entry)  |
 * | ring       | ring k, thread k, sequence k, data (wraps; one per entry, under a line saying its layout) |
 *
 * Name columns (entry, node, interface) and the error text are kept; when the kept
 * columns alone are wider than the terminal they break over lines (stats-text.ts).
 *
 * Interface counter ranks, lowest shown longest on a narrow terminal: what `show interface`
 * answers first (rx/tx packets 1, bytes 2, drops 3), then faults (rx-error, tx-error,
 * rx-miss, rx-no-buf 4), punt 5, per-protocol (ip4, ip6, mpls 6), the unicast/multicast/
 * broadcast splits (packets 7, bytes 8), and counters VPP does not name here 9.
 */
import type { EntryRates, StatEntry } from '../../client/types/stat-entries.js';
import type { TableColumn } from '../rendering/text-table.js';
import { cell, interfaceName, isZero, sum, sumRows, type Num, type Shaped } from './stats-shape.js';

/** A column and the names `--columns` may call it by (its heading first). */
export interface StatsColumn extends TableColumn {
  readonly names: readonly string[];
}

export interface StatsTable {
  /** Which table, in messages (`the interface table`). */
  readonly title: string;
  /** Lines printed above it (a ring's layout), already plain text. */
  readonly intro?: string;
  readonly columns: readonly StatsColumn[];
  readonly rows: string[][];
  /** Per cell: a zero counter (hidden when a whole column is). */
  readonly empty: boolean[][];
}

export interface StatsTableOptions {
  /** `/if/names`, for the interface column. */
  names?: readonly (string | null)[];
  perThread?: boolean;
  /** Leave out zero counters (rows, and columns of the interface table, that are all zero). */
  noZeros?: boolean;
  /** Rates per second by entry name (watch): counters show these instead of their values. */
  rates?: ReadonlyMap<string, EntryRates>;
  /** At most this many rows in the interface table (a terminal screen): the rest is not computed. */
  maxRows?: number;
  /** Group ring bytes by 8 so that the data column can wrap (terminal only). */
  groupBytes?: boolean;
}

const COUNTER_RANK: Record<string, number> = {
  rx: 1, tx: 1, drops: 3, 'rx-error': 4, 'tx-error': 4, 'rx-miss': 4, 'rx-no-buf': 4, punt: 5, ip4: 6, ip6: 6, mpls: 6,
};

function counterRank(counter: string, bytes: boolean): number {
  const r = COUNTER_RANK[counter];
  if (r !== undefined) return r + (bytes && r === 1 ? 1 : 0);
  return /^(rx|tx)-(unicast|multicast|broadcast)$/.test(counter) ? (bytes ? 8 : 7) : 9;
}

/** A rate with one decimal; NaN is a counter that went backwards (cleared). */
export function formatNum(x: Num): string {
  if (x === null) return '-';
  if (typeof x === 'bigint') return x.toString();
  return Number.isNaN(x) ? 'reset' : x.toFixed(1);
}

const key = (head: string, ...more: string[]): StatsColumn => ({ head, rank: 0, keep: true, names: [head, ...more] });
/** A name column (entry, node, interface): kept, and may break after `-`, `_`, `/`, `.` when the kept columns alone do not fit. */
const nameCol = (head: string): StatsColumn => ({ ...key(head), wrap: 'parts' });
const num = (head: string, ...more: string[]): StatsColumn => ({ ...key(head, ...more), align: 'right' });

/** A counter heading also answers to itself without the `/s` of rates. */
function counterColumn(head: string, suffix: string, rank: number, counter: string): StatsColumn {
  return { head: head + suffix, rank, names: [head + suffix, head, counter], align: 'right', footName: counter };
}

function table(title: string, columns: StatsColumn[], rows: string[][], empty?: boolean[][]): StatsTable {
  return { title, columns, rows, empty: empty ?? rows.map((r) => r.map(() => false)) };
}

/** Every table of `s`, in the order shown: interfaces, errors, then the other entries by kind. */
export function statsTables(s: Shaped, opts: StatsTableOptions): StatsTable[] {
  return [interfaceTable(s, opts), errorTable(s, opts), ...otherTables(s.others, opts)].filter((t): t is StatsTable => t !== undefined && (t.rows.length > 0 || t.intro !== undefined));
}

function interfaceTable(s: Shaped, opts: StatsTableOptions): StatsTable | undefined {
  const { counters, cells, indices } = s.interfaces;
  if (counters.length === 0) return undefined;
  const suffix = opts.rates ? '/s' : '';
  const cols = counters.flatMap((c) =>
    c.combined
      ? [counterColumn(`${c.name} packets`, suffix, counterRank(c.name, false), c.name), counterColumn(`${c.name} bytes`, suffix, counterRank(c.name, true), c.name)]
      : [counterColumn(c.name, suffix, counterRank(c.name, false), c.name)],
  );
  const rows: { label: string[]; values: Num[] }[] = [];
  const zeros = (c: (typeof counters)[number]) => new Array<Num>(c.combined ? 2 : 1).fill(0n);
  let counted = 0;
  for (const i of indices) {
    if (opts.maxRows !== undefined && counted >= opts.maxRows) break;
    const perRow = counters.map((c) => cells(c.name, i) ?? []);
    const name = interfaceName(opts.names, i);
    if (opts.perThread) {
      const threads = Math.max(...perRow.map((r) => r.length));
      for (let t = 0; t < threads; t++) rows.push({ label: [name, String(t)], values: counters.flatMap((c, k) => perRow[k]![t] ?? zeros(c)) });
    } else {
      rows.push({ label: [name], values: counters.flatMap((c, k) => (perRow[k]!.length ? sumRows(perRow[k]!) : zeros(c))) });
    }
    counted = opts.noZeros ? counted + (rows[rows.length - 1]!.values.some((v) => !isZero(v)) ? 1 : 0) : rows.length;
  }
  let keep = cols.map(() => true);
  let kept = rows;
  if (opts.noZeros) {
    kept = rows.filter((r) => r.values.some((v) => !isZero(v)));
    keep = cols.map((_, k) => kept.some((r) => !isZero(r.values[k]!)));
  }
  const labels = opts.perThread ? [nameCol('interface'), num('thread')] : [nameCol('interface')];
  // Rates (watch) never count as empty: a column that comes and goes with traffic would make the screen jump.
  const zero = (v: Num) => !opts.rates && isZero(v);
  return table(
    'the interface table',
    [...labels, ...cols.filter((_, k) => keep[k])],
    kept.map((r) => [...r.label, ...r.values.filter((_, k) => keep[k]).map(formatNum)]),
    kept.map((r) => [...r.label.map(() => false), ...r.values.filter((_, k) => keep[k]).map(zero)]),
  );
}

function errorTable(s: Shaped, opts: StatsTableOptions): StatsTable | undefined {
  const rows: string[][] = [];
  for (const e of s.errors) {
    if (opts.perThread) e.rows.forEach((v, t) => (!opts.noZeros || !isZero(v)) && rows.push([e.node, e.error, String(t), formatNum(v)]));
    else {
      const total = sum(e.rows);
      if (!opts.noZeros || !isZero(total)) rows.push([e.node, e.error, formatNum(total)]);
    }
  }
  // The error text is the one column that may wrap: VPP's older error names are sentences.
  const error: StatsColumn = { ...key('error'), wrap: 'words' };
  const count = num(opts.rates ? 'count/s' : 'count', 'count');
  return table('the error table', opts.perThread ? [nameCol('node'), error, num('thread'), count] : [nameCol('node'), error, count], rows);
}

/** Scalars and gauges in one table, then other vectors, name vectors, each histogram and ring. */
function otherTables(others: readonly StatEntry[], opts: StatsTableOptions): StatsTable[] {
  const out: StatsTable[] = [];
  const values = others.flatMap((e) => (e.value?.kind === 'scalar' || e.value?.kind === 'gauge' ? [[e.name, e.value.value.toString()]] : []));
  out.push(table('the scalar table', [nameCol('entry'), num('value')], values));
  const simple: string[][] = [];
  const combined: string[][] = [];
  for (const e of others) vectorRows(e, opts, simple, combined);
  const th = opts.perThread ? [num('thread')] : [];
  const suffix = opts.rates ? '/s' : '';
  out.push(table('the vector table', [nameCol('entry'), num('index'), ...th, num(`value${suffix}`, 'value')], simple));
  out.push(table('the combined vector table', [nameCol('entry'), num('index'), ...th, num(`packets${suffix}`, 'packets'), num(`bytes${suffix}`, 'bytes')], combined));
  const names = others.flatMap((e) => (e.value?.kind === 'names' ? e.value.names.flatMap((n, i) => (n === null ? [] : [[e.name, String(i), n]])) : []));
  out.push(table('the name table', [nameCol('entry'), num('index'), key('name')], names));
  for (const e of others) if (e.value?.kind === 'histogram') out.push(histogram(e, opts));
  for (const e of others) if (e.value?.kind === 'ring') out.push(ring(e, opts));
  return out;
}

function vectorRows(e: StatEntry, opts: StatsTableOptions, simple: string[][], combined: string[][]): void {
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
function histogram(e: StatEntry, opts: StatsTableOptions): StatsTable {
  const rows: string[][] = [];
  if (e.value?.kind === 'histogram') {
    e.value.rows.forEach((r, t) => {
      let cum = 0n;
      r.bins.forEach((c, j) => {
        cum += c;
        if (opts.noZeros && c === 0n) return;
        const lo = 2 ** (r.minExp + j);
        rows.push([e.name, String(t), j === 0 ? `< ${2 * lo}` : `[${lo}, ${2 * lo})`, c.toString(), cum.toString()]);
      });
    });
  }
  return table(`the histogram ${e.name}`, [nameCol('histogram'), num('thread'), key('values'), num('count'), num('cumulative')], rows);
}

const hexOf = (b: Uint8Array, group: boolean): string => {
  const h = Buffer.from(b).toString('hex');
  return group ? (h.match(/.{1,16}/g) ?? ['']).join(' ') : h;
};

/** A ring's latest entries per thread in hex, under a line giving its layout and schema. */
function ring(e: StatEntry, opts: StatsTableOptions): StatsTable {
  if (e.value?.kind !== 'ring') return table(`the ring ${e.name}`, [], []);
  const g = e.value.ring;
  const group = opts.groupBytes === true;
  const schema = g.schema ? `, schema v${g.schemaVersion} (${g.schema.length} bytes): ${hexOf(g.schema, group)}` : ', no schema';
  const produced = g.threads.map((t, k) => `thread ${k}: ${t.sequence} entries produced, head ${t.head}`).join('; ');
  const intro = `${e.name}: ring of ${g.ringSize} × ${g.entrySize}-byte entries per thread${schema}${produced ? `; ${produced}` : ''}`;
  const rows = g.threads.flatMap((t, k) => t.entries.map((b, i) => [e.name, String(k), `#${t.firstSequence + BigInt(i)}`, hexOf(b, group)]));
  const data: StatsColumn = { ...key('data'), wrap: 'words' };
  return { ...table(`the ring ${e.name}`, [nameCol('ring'), num('thread'), num('sequence'), data], rows), intro };
}
