/**
 * The body of `stats watch`'s screen: the text of stats-text.ts cut to the lines a terminal
 * has, so that the header above it never scrolls away. Lines are counted as the terminal
 * shows them (a line wider than the terminal takes more than one). When the first table
 * (the interface table) alone is too tall, its rows are cut and its footer (which columns
 * are hidden) kept under them; otherwise whole lines are taken from the top. Either way the
 * last line says that there is more. Pure; throws nothing.
 */
import { displayWidth } from '../rendering/text-table.js';

const ANSI = /\x1b\[[0-9;]*m/g;
const FOOTER = 'columns hidden:';

/** Lines a terminal `width` wide takes to show `line`. */
export function screenLines(line: string, width: number): number {
  return Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width)));
}

const height = (lines: readonly string[], width: number): number => lines.reduce((a, l) => a + screenLines(l, width), 0);

/** `text` cut to at most `room` terminal lines `width` wide. */
export function fitScreen(text: string, width: number, room: number): string[] {
  const lines = text.split('\n');
  if (height(lines, width) <= room) return lines;
  const more = note(width);
  const end = lines.indexOf('');
  const first = end < 0 ? lines : lines.slice(0, end);
  const f = first.findIndex((l) => l.replace(ANSI, '').startsWith(FOOTER));
  if (f > 0 && height(first, width) + 1 > room) {
    const foot = first.slice(f);
    return [...take(first.slice(0, f), width, room - 1 - height(foot, width)), more, ...foot];
  }
  return [...take(lines, width, room - 1), more];
}

/** The first of `lines` that fit in `room` terminal lines (the first one at least, a table's heading). */
function take(lines: readonly string[], width: number, room: number): string[] {
  let used = 0;
  let k = 0;
  while (k < lines.length && used + screenLines(lines[k]!, width) <= room) used += screenLines(lines[k++]!, width);
  return lines.slice(0, Math.max(1, k));
}

function note(width: number): string {
  const text = '… more below: narrow the patterns, or make the terminal taller';
  return text.length > width ? `${text.slice(0, Math.max(1, width - 1))}…` : text;
}
