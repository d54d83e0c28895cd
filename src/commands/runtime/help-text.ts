/**
 * Plain-text layout for help screens: two columns (term, description) with the
 * description wrapped under itself, and lists of words fitted to a line.
 */

/** Width used for help when the terminal's is unknown or huge. */
export function helpWidth(columns: number): number {
  return Number.isFinite(columns) ? Math.max(40, Math.min(columns, 120)) : 100;
}

/** Words of `text` in lines of at most `width` columns (a longer word gets its own line). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/).filter((x) => x !== '')) {
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line !== '' || out.length === 0) out.push(line);
  return out;
}

/**
 * ```
 *   --sw-if-index <u32>   interface_index (u32): index of the interface
 *                         to set flags on
 * ```
 * The term column is as wide as the widest term up to `maxTerm`; longer terms put their
 * description on the next line.
 */
export function twoColumns(rows: readonly (readonly [string, string])[], width: number, indent = 2, maxTerm = 34): string[] {
  const termW = Math.min(maxTerm, Math.max(0, ...rows.map(([t]) => t.length)));
  const pad = ' '.repeat(indent);
  const descW = Math.max(20, width - indent - termW - 2);
  const out: string[] = [];
  for (const [term, desc] of rows) {
    const lines = desc === '' ? [] : wrapWords(desc, descW);
    if (term.length > termW) {
      out.push(`${pad}${term}`);
      for (const l of lines) out.push(`${pad}${' '.repeat(termW + 2)}${l}`);
    } else {
      out.push(`${pad}${term.padEnd(termW)}${lines.length ? `  ${lines[0]}` : ''}`.trimEnd());
      for (const l of lines.slice(1)) out.push(`${pad}${' '.repeat(termW + 2)}${l}`);
    }
  }
  return out;
}

/**
 * `head: a, b, c, … (+12)` in at most `width` columns: as many words as fit, then how
 * many were left out.
 */
export function fitList(head: string, words: readonly string[], width: number): string {
  let line = head;
  for (let i = 0; i < words.length; i++) {
    const sep = i === 0 ? '' : ', ';
    const more = words.length - i - 1;
    const tail = more > 0 ? `, … (+${more})` : '';
    if (line.length + sep.length + words[i]!.length + tail.length > width && i > 0) {
      return `${line}, … (+${words.length - i})`;
    }
    line += sep + words[i];
  }
  return line;
}

/**
 * Rows as aligned plain-text columns with a heading (no borders: greppable, and as fast
 * for 2,000 rows as for 2). The last column is not padded.
 */
export function alignedColumns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
