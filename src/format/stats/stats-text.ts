/**
 * Stats for people: the tables of stats-tables.ts (interfaces, node errors, the other
 * entries by kind) laid out by the dump tables' code (format/rendering/text-table.ts), so
 * they follow the same rules: on a terminal they fit its width (all-zero counter columns
 * hidden, then the highest-ranked dropped, a footer naming both and how to see them),
 * piped every column one row per line, `tsv` tab-separated. Tables are separated by an
 * empty line.
 *
 * `columns` picks and orders columns as `--columns` does for dumps: by heading
 * (`rx packets`, with or without the `/s` of rates) or by counter (`rx` is both of its
 * columns). A table that has none of them is left out; a name no table has is an error.
 */
import type { StatEntry } from '../../client/types/stat-entries.js';
import { FormatError } from '../errors.js';
import { createPalette } from '../rendering/color.js';
import { GAP, displayWidth, layoutTable, pieces, wrapPieces, type TableForm } from '../rendering/text-table.js';
import { nearest } from '../values/nearest.js';
import { shapeStats } from './stats-shape.js';
import { statsTables, type StatsColumn, type StatsTable, type StatsTableOptions } from './stats-tables.js';

export { formatNum } from './stats-tables.js';

/** What the tables hold (stats-tables.ts; ring bytes are grouped in the terminal form), and how they are laid out. */
export interface StatsTextOptions extends Omit<StatsTableOptions, 'groupBytes'> {
  /** Default `plain` (every column, as when piped). */
  form?: TableForm;
  /** Terminal columns (terminal form); default 80. */
  width?: number;
  /** Terminal: every column, none hidden or dropped. */
  wide?: boolean;
  /** These columns, in this order (see above). */
  columns?: readonly string[];
  color?: boolean;
  /** How the footer tells to see what was left out. */
  seeHow?: string;
}

/** Columns separated by two spaces; `right[i]` right-aligns column i. For `stats ls`, a short list. Throws nothing. */
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

/**
 * The whole text (no trailing newline); '' when nothing is left to show.
 * @throws FormatError when `opts.columns` names a column none of the tables has.
 */
export function renderStatsText(entries: readonly StatEntry[], opts: StatsTextOptions = {}): string {
  const form = opts.form ?? 'plain';
  const tables = statsTables(shapeStats(entries, opts.rates), { ...opts, groupBytes: form === 'terminal' });
  const chosen = opts.columns ? pickColumns(tables, opts.columns) : tables;
  const palette = createPalette({ color: form === 'terminal' && opts.color === true });
  const width = opts.width ?? 80;
  return chosen
    .map((t) => {
      const intro = t.intro === undefined ? [] : form === 'terminal' ? wrapPieces(t.intro, 'words', Math.max(20, width)) : [t.intro];
      const fitted = form === 'terminal' && !opts.wide ? narrowKept(t, width) : t;
      const body = t.rows.length ? [layoutTable(fitted, { form, width, palette, wide: opts.wide, seeHow: opts.seeHow })] : [];
      return [...intro, ...body].join('\n');
    })
    .join('\n\n');
}

/** Narrowest a name or text column is made (or its longest piece, if longer). */
const MIN_WRAPPED = 12;

/**
 * When the kept columns alone are wider than the terminal (node names of 50 characters
 * beside error sentences), the kept columns that may wrap get a width, the widest first
 * narrowed, none below MIN_WRAPPED or its longest piece: their values then break over
 * lines instead of the table overflowing. Throws nothing.
 */
function narrowKept(t: StatsTable, width: number): StatsTable {
  const cols = t.columns;
  const kept = cols.map((c, i) => i).filter((i) => cols[i]!.keep);
  const w = new Map(kept.map((i) => [i, Math.max(displayWidth(cols[i]!.head), ...t.rows.map((r) => displayWidth(r[i]!)))]));
  const floor = new Map(kept.map((i) => [i, cols[i]!.wrap ? Math.max(MIN_WRAPPED, displayWidth(cols[i]!.head), ...t.rows.flatMap((r) => pieces(r[i]!, cols[i]!.wrap).map(displayWidth))) : w.get(i)!]));
  const total = () => [...w.values()].reduce((a, x) => a + x, 0) + GAP * Math.max(0, kept.length - 1);
  if (total() <= width) return t;
  const natural = new Map(w);
  while (total() > width) {
    const widest = kept.filter((i) => w.get(i)! > floor.get(i)!).sort((a, b) => w.get(b)! - w.get(a)!)[0];
    if (widest === undefined) break;
    w.set(widest, w.get(widest)! - 1);
  }
  return { ...t, columns: cols.map((c, i) => (w.has(i) && w.get(i)! < natural.get(i)! ? { ...c, maxWidth: w.get(i)! } : c)) };
}

/** `names` matched to each table's columns, in the order given; tables without any left out. */
function pickColumns(tables: readonly StatsTable[], names: readonly string[]): StatsTable[] {
  const has = (c: StatsColumn, n: string) => c.names.some((x) => x.toLowerCase() === n.toLowerCase());
  for (const n of names) {
    if (tables.some((t) => t.columns.some((c) => has(c, n)))) continue;
    const all = [...new Set(tables.flatMap((t) => t.columns.map((c) => c.head)))];
    const near = nearest(n, [...new Set(tables.flatMap((t) => t.columns.flatMap((c) => c.names)))]);
    const where = tables.length === 1 ? tables[0]!.title : 'the tables shown';
    throw new FormatError('columns', n, 'a column', undefined, {
      message: `${where} ${tables.length === 1 ? 'has' : 'have'} no column "${n}"${near ? ` (did you mean "${near}"?)` : ''}; ${all.length ? `the columns are ${all.join(', ')}` : 'nothing is shown'}`,
    });
  }
  const out: StatsTable[] = [];
  for (const t of tables) {
    const idx: number[] = [];
    for (const n of names) t.columns.forEach((c, i) => has(c, n) && !idx.includes(i) && idx.push(i));
    if (idx.length === 0) continue;
    out.push({
      ...t,
      // Named columns are never hidden or dropped, as with dumps.
      columns: idx.map((i) => ({ ...t.columns[i]!, keep: true })),
      rows: t.rows.map((r) => idx.map((i) => r[i]!)),
      empty: t.empty.map((r) => idx.map((i) => r[i]!)),
    });
  }
  return out;
}
