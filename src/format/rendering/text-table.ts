import type { Palette } from './color.js';

/**
 * Tables in the style of `kubectl get`, `docker ps` and `vppctl show`: a header row and
 * columns aligned with spaces, no rules. Three forms:
 *
 * | form     | for        | columns                                   | cells                        |
 * |----------|------------|-------------------------------------------|------------------------------|
 * | terminal | a person   | all-empty ones hidden, then the least important dropped until the rest fit; a footer names both | never broken; a list too wide to fit beside the identifying columns wraps after `, ` under its column |
 * | plain    | a pipe     | every one                                 | one row per line, ≥ 2 spaces between columns, `-` for empty, runs of spaces inside a value as one |
 * | tsv      | a script   | every one                                 | tab-separated, `\\ \t \n \r` escaped |
 *
 * Width is counted in code points (no colour codes in cells; wide East Asian characters
 * count as one). Nothing here knows VPP types: the caller ranks the columns (columns.ts)
 * and says which cells are empty.
 */

export interface TableColumn {
  /** Heading; never wrapped. */
  readonly head: string;
  /** Lower is more important: the highest rank is dropped first (the later one on ties). */
  readonly rank: number;
  /** Never hidden or dropped (the identifying columns). */
  readonly keep?: boolean;
  /** Where a value too wide for the line may break: after `, ` (lists), at spaces (prose), or after `-`, `_`, `/`, `.` (names such as `ip4-input`). */
  readonly wrap?: 'list' | 'words' | 'parts';
  /** At most this wide, its values wrapped (needs `wrap`). */
  readonly maxWidth?: number;
  /** How the footer names it when left out (default the heading); columns sharing one are named once when all of them are left out (a counter's packets and bytes). */
  readonly footName?: string;
  /** `right`: values and heading flush right (counters); default left. TSV is never padded. */
  readonly align?: 'right';
}

export type TableForm = 'terminal' | 'plain' | 'tsv';

export interface TableOptions {
  form: TableForm;
  /** Terminal columns (terminal form only). */
  width: number;
  palette: Palette;
  /** Terminal: every column, none hidden or dropped (lines may be wider than the terminal). */
  wide?: boolean;
  /** How the footer tells to see what was left out. */
  seeHow?: string;
}

export interface TableInput {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly string[])[];
  /** Per cell: says nothing (zero, empty). Default: the text is ''. */
  readonly empty?: readonly (readonly boolean[])[];
}

/** Spaces between columns. */
export const GAP = 2;
const DEFAULT_SEE = '--wide shows every column, --columns a,b,c picks';

const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes: code points, ANSI colour codes not counted. */
export function displayWidth(s: string): number {
  // Without an escape or a surrogate (the usual cell), code points are UTF-16 units.
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    plain = c !== 0x1b && (c < 0xd800 || c > 0xdfff);
  }
  if (plain) return s.length;
  let n = 0;
  for (const _ of s.replace(ANSI, '')) n++;
  return n;
}

/** The table as text without a trailing newline. Never throws. */
export function layoutTable(input: TableInput, opts: TableOptions): string {
  if (opts.form === 'tsv') return tsv(input);
  if (opts.form === 'plain') return plainTable(input);
  return terminalTable(input, opts);
}

function tsvCell(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function tsv(input: TableInput): string {
  const lines = [input.columns.map((c) => tsvCell(c.head)).join('\t')];
  for (const r of input.rows) lines.push(input.columns.map((_, i) => tsvCell(r[i] ?? '')).join('\t'));
  return lines.join('\n');
}

/** A cell for the plain form: one line, no run of two spaces, never empty. */
function plainCell(s: string): string {
  if (singleSpaced(s)) return s;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? '-' : t;
}

/** Printable ASCII with single inner spaces, not empty: plainCell leaves it as it is. */
function singleSpaced(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || (c === 32 && s.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

function plainTable(input: TableInput): string {
  const ncol = input.columns.length;
  const grid = [input.columns.map((c) => plainCell(c.head))];
  for (const r of input.rows) {
    const line: string[] = [];
    for (let i = 0; i < ncol; i++) line.push(plainCell(r[i] ?? ''));
    grid.push(line);
  }
  // Each cell's width once: for the column's width, then for its padding.
  const cellWidths = grid.map((r) => r.map(displayWidth));
  const widths: number[] = [];
  for (let i = 0; i < ncol; i++) {
    let w = -Infinity;
    for (const r of cellWidths) w = Math.max(w, r[i]!);
    widths.push(w);
  }
  const lines: string[] = [];
  for (let k = 0; k < grid.length; k++) {
    const r = grid[k]!;
    let line = '';
    for (let i = 0; i < ncol - 1; i++) {
      const pad = widths[i]! - cellWidths[k]![i]!;
      line += input.columns[i]!.align === 'right' ? spaces(pad) + r[i]! + spaces(GAP) : r[i]! + spaces(pad + GAP);
    }
    // The last cell unpadded after it: trimEnd would take that padding off again.
    const last = ncol - 1;
    const lead = last >= 0 && input.columns[last]!.align === 'right' ? spaces(widths[last]! - cellWidths[k]![last]!) : '';
    lines.push((line + lead + (r[last] ?? '')).trimEnd());
  }
  return lines.join('\n');
}

const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));

/** `n` spaces (none for n ≤ 0). */
function spaces(n: number): string {
  return n <= 0 ? '' : n < SPACES.length ? SPACES[n]! : ' '.repeat(n);
}

/** A terminal cell: line breaks shown as `↵` so that a row stays on its line. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '↵');
}

/** The pieces a value breaks into: list items keep their `,`; words; or the whole value. */
export function pieces(text: string, wrap: TableColumn['wrap']): string[] {
  if (wrap === 'list') return text.split(/(?<=,) /);
  if (wrap === 'words') return text.split(/ +/).filter((w) => w !== '');
  if (wrap === 'parts') return text.split(/(?<=[-_/.])/);
  return [text];
}

/** Lines of at most `width` columns made of whole pieces (a piece wider than that gets a line of its own). */
export function wrapPieces(text: string, wrap: TableColumn['wrap'], width: number): string[] {
  if (displayWidth(text) <= width || !wrap) return [text];
  const out: string[] = [];
  let line = '';
  // Parts of a name join again as they were; list items and words with a space.
  const sep = wrap === 'parts' ? '' : ' ';
  for (const p of pieces(text, wrap)) {
    const next = line === '' ? p : `${line}${sep}${p}`;
    if (line !== '' && displayWidth(next) > width) {
      out.push(line);
      line = p;
    } else line = next;
  }
  out.push(line);
  return out;
}

interface Plan {
  /** Indexes of the columns shown, in display order. */
  shown: number[];
  hidden: number[];
  dropped: number[];
  widths: Map<number, number>;
}

function planColumns(input: TableInput, opts: TableOptions, cells: string[][]): Plan {
  const cols = input.columns;
  const natural = cols.map((c, i) => Math.max(displayWidth(c.head), ...cells.map((r) => displayWidth(r[i]))));
  const widths = new Map(natural.map((w, i) => [i, cols[i].maxWidth === undefined ? w : Math.min(w, cols[i].maxWidth!)]));
  const all = cols.map((_, i) => i);
  if (opts.wide) return { shown: all, hidden: [], dropped: [], widths };
  const isEmpty = (r: number, i: number): boolean => input.empty?.[r]?.[i] ?? cells[r][i] === '';
  const hidden = cells.length === 0 ? [] : all.filter((i) => !cols[i].keep && cells.every((_, r) => isEmpty(r, i)));
  let shown = all.filter((i) => !hidden.includes(i));
  const dropped: number[] = [];
  const total = (s: number[]): number => s.reduce((a, i) => a + widths.get(i)!, 0) + GAP * Math.max(0, s.length - 1);
  // The least important first: highest rank, the later column on ties.
  const order = shown.filter((i) => !cols[i].keep).sort((a, b) => cols[b].rank - cols[a].rank || b - a);
  // Only a value that could not fit beside the identifying columns alone may wrap.
  const beside = opts.width - total(shown.filter((i) => cols[i].keep)) - GAP;
  for (const i of order) {
    if (total(shown) <= opts.width) break;
    if (cols[i].wrap && natural[i] > beside) {
      const room = opts.width - (total(shown) - widths.get(i)!);
      const least = Math.max(displayWidth(cols[i].head), ...cells.flatMap((r) => pieces(r[i], cols[i].wrap).map(displayWidth)));
      if (room >= least) {
        widths.set(i, room);
        break;
      }
    }
    shown = shown.filter((x) => x !== i);
    dropped.push(i);
  }
  return { shown, hidden, dropped: dropped.sort((a, b) => a - b), widths };
}

function terminalTable(input: TableInput, opts: TableOptions): string {
  const cells = input.rows.map((r) => input.columns.map((_, i) => oneLine(r[i] ?? '')));
  const plan = planColumns(input, opts, cells);
  const { shown, widths } = plan;
  const cols = input.columns;
  const render = (parts: string[][], style: (s: string) => string): string[] => {
    const height = Math.max(1, ...parts.map((p) => p.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push(parts.map((p, j) => {
        const s = p[k] ?? '';
        const gap = j === parts.length - 1 ? 0 : GAP;
        const pad = Math.max(0, widths.get(shown[j])! - displayWidth(s));
        const text = s === '' ? '' : style(s);
        return cols[shown[j]].align === 'right' ? spaces(pad) + text + spaces(gap) : text + (gap ? spaces(pad + gap) : '');
      }).join('').trimEnd());
    }
    return out;
  };
  const lines = render(shown.map((i) => [cols[i].head]), opts.palette.head);
  for (const r of cells) lines.push(...render(shown.map((i) => wrapPieces(r[i], cols[i].wrap, widths.get(i)!)), (s) => s));
  const foot = footer(plan, cols, opts);
  if (foot) lines.push(...foot.map(opts.palette.dim));
  return lines.join('\n');
}

/** What was left out and how to see it, wrapped to the width; undefined when nothing was. */
function footer(plan: Plan, cols: readonly TableColumn[], opts: TableOptions): string[] | undefined {
  // A shared footer name stands for its columns only when all of them are left out.
  const names = (ix: number[]): string[] =>
    [...new Set(ix.map((i) => {
      const f = cols[i].footName;
      return f !== undefined && cols.every((c, j) => c.footName !== f || ix.includes(j)) ? f : cols[i].head;
    }))];
  const parts: string[] = [];
  const hidden = names(plan.hidden);
  const dropped = names(plan.dropped);
  if (hidden.length) parts.push(`${hidden.length} empty in every row (${hidden.join(', ')})`);
  if (dropped.length) parts.push(`${dropped.length} not shown for width (${dropped.join(', ')})`);
  if (!parts.length) return undefined;
  const text = `columns hidden: ${parts.join('; ')}; ${opts.seeHow ?? DEFAULT_SEE}`;
  return wrapPieces(text, 'words', Math.max(20, opts.width));
}

/** Narrowest the last column of renderTable is wrapped to, however little room is left. */
export const MIN_PROSE = 24;

/** Indent of the last column when it goes under its row (renderTable). */
const UNDER = 4;

/**
 * Rows of plain-text cells (no colour codes) on a terminal `opts.width` wide: every column
 * shown (none hidden or dropped), the last one (prose) wrapped at spaces to the room left,
 * or, when that is less than MIN_PROSE, on lines of its own under its row. For lists of
 * facts such as `describe`'s fields. No trailing newline. Never throws.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], opts: { width: number; palette: Palette }): string {
  const n = head.length;
  const natural = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(oneLine(r[i] ?? '')))));
  const room = opts.width - natural.slice(0, -1).reduce((a, w) => a + w + GAP, 0);
  const all = rows.map((r) => r.map(() => false));
  if (room >= MIN_PROSE || natural[n - 1]! <= room) {
    const columns = head.map((h, i) => (i < n - 1 ? { head: h, rank: i, keep: true } : { head: h, rank: i, keep: true, wrap: 'words' as const, maxWidth: room }));
    return terminalTable({ columns, rows, empty: all }, { form: 'terminal', width: opts.width, palette: opts.palette });
  }
  const columns = head.slice(0, -1).map((h, i) => ({ head: h, rank: i, keep: true }));
  const table = terminalTable({ columns, rows: rows.map((r) => r.slice(0, -1)), empty: all }, { form: 'terminal', width: opts.width, palette: opts.palette }).split('\n');
  const out = [table[0]!];
  rows.forEach((r, k) => {
    out.push(table[k + 1]!);
    const last = oneLine(r[n - 1] ?? '');
    if (last !== '') out.push(...wrapPieces(last, 'words', Math.max(MIN_PROSE, opts.width - UNDER)).map((l) => ' '.repeat(UNDER) + l));
  });
  return out.join('\n');
}
