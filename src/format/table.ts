import Table from 'cli-table3';
import type { Palette } from './color.js';

/**
 * Tables that fit a terminal width. Layout of a cli-table3 table of n columns:
 *
 * | part                       | columns                         |
 * |----------------------------|---------------------------------|
 * | borders                    | n + 1 (`│` before each, one at the end) |
 * | padding                    | 2 per column (one space each side) |
 * | content                    | the column's width              |
 *
 * so a table is Σwidth + 3n + 1 columns wide. Cells are wrapped (or truncated) here,
 * before cli-table3 sees them, so its own truncation never triggers.
 */

/** Narrowest a column is squeezed to before the table gives up. */
export const MIN_COLUMN = 8;

const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes: code points, ANSI colour codes not counted. */
export function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s.replace(ANSI, '')) n++;
  return n;
}

/**
 * Widths that fit `budget` content columns: the natural widths when they fit, else the
 * widest columns capped (never below min(natural, MIN_COLUMN)) with the rest handed out
 * left to right. Undefined when even the minimum does not fit.
 */
export function fitColumns(natural: readonly number[], budget: number): number[] | undefined {
  const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
  if (sum(natural) <= budget) return [...natural];
  const min = natural.map((w) => Math.min(w, MIN_COLUMN));
  if (sum(min) > budget) return undefined;
  const capped = (c: number): number[] => natural.map((w, i) => Math.min(w, Math.max(min[i], c)));
  let lo = 0;
  let hi = Math.max(...natural);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sum(capped(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const out = capped(lo);
  let left = budget - sum(out);
  // What is left first makes whole the columns that lack least, then widens left to right.
  const short = out.map((w, i) => i).filter((i) => out[i] < natural[i]);
  for (const i of [...short].sort((a, b) => natural[a] - out[a] - (natural[b] - out[b]))) {
    if (natural[i] - out[i] <= left) {
      left -= natural[i] - out[i];
      out[i] = natural[i];
    }
  }
  for (const i of short) {
    if (left === 0) break;
    if (out[i] < natural[i]) {
      out[i]++;
      left--;
    }
  }
  return out;
}

// Breaks go after the last strong separator that fits, else after the last weak one
// (inside addresses and names), else mid-word.
const STRONG = new Set([' ', '|', ',']);
const WEAK = new Set(['_', '-', '/', ':', '.']);

function breakAt(line: string[], width: number): number {
  if (line[width] === ' ') return width;
  for (const set of [STRONG, WEAK]) {
    for (let i = width; i > 0; i--) if (set.has(line[i - 1])) return i;
  }
  return width;
}

/**
 * Lines of at most `width` columns, broken after spaces, `|` and `,` where possible, else
 * after `_ - / : .`, else mid-word.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let rest = Array.from(para);
    while (rest.length > width) {
      const cut = breakAt(rest, width);
      out.push(rest.slice(0, cut).join('').trimEnd());
      rest = rest.slice(cut);
      while (rest[0] === ' ') rest.shift();
    }
    out.push(rest.join(''));
  }
  return out;
}

/** One line of at most `width` columns, `…` marking a cut. */
export function truncateText(text: string, width: number): string {
  const line = text.replace(/\n/g, ' ');
  const cps = Array.from(line);
  if (cps.length <= width) return line;
  return `${cps.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export interface TableOptions {
  /** Terminal columns the whole table must fit in. */
  width: number;
  palette: Palette;
  /** Wide cells: wrapped onto more lines (default) or cut with `…`. */
  overflow?: 'wrap' | 'truncate';
}

/**
 * A table of plain-text cells (no colour codes in them), or undefined when it cannot fit
 * `opts.width` even with every column at its minimum. No trailing newline.
 *
 * cli-table3 takes time cubic in a cell's line count (its draw() measures the whole cell
 * once per removed character), so every cell line goes in as a row of its own and the
 * rules between lines of one logical row are taken out afterwards:
 *
 * | output line | holds                                 |
 * |-------------|---------------------------------------|
 * | 0           | top border                            |
 * | 1 + 2j      | physical row j                        |
 * | 2 + 2j      | rule after row j (bottom after the last) |
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions): string | undefined {
  const n = head.length;
  const natural = head.map((h, i) => Math.max(1, displayWidth(h), ...rows.map((r) => maxLineWidth(r[i] ?? ''))));
  const widths = fitColumns(natural, opts.width - (3 * n + 1));
  if (!widths) return undefined;
  const fit = (s: string, w: number): string[] => (opts.overflow === 'truncate' ? [truncateText(s, w)] : wrapText(s, w));
  const table = new Table({
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  // Index of the last physical row of each logical row (the heading counts as one).
  const ends = new Set<number>();
  const push = (cells: string[][], style: (s: string) => string): void => {
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) table.push(cells.map((c) => (c[k] === undefined ? '' : style(c[k]))));
    ends.add(table.length - 1);
  };
  push(head.map((h, i) => wrapText(h, widths[i])), opts.palette.head);
  for (const r of rows) push(head.map((_, i) => fit(r[i] ?? '', widths[i])), (x) => x);
  const lines = table.toString().split('\n');
  return lines.filter((_, l) => l === 0 || l % 2 === 1 || l === lines.length - 1 || ends.has(l / 2 - 1)).join('\n');
}

function maxLineWidth(s: string): number {
  return Math.max(0, ...s.split('\n').map(displayWidth));
}
