/** The watch screen's body cut to a terminal's height (format/stats/stats-screen.ts). */
import { describe, expect, it } from 'vitest';
import { fitScreen, screenLines } from '../../../src/format/stats/stats-screen.js';

const NOTE = '… more below: narrow the patterns, or make the terminal taller';

describe('fitScreen', () => {
  it('leaves text that fits as it is', () => {
    expect(fitScreen('a\nb\n\nc', 80, 4)).toEqual(['a', 'b', '', 'c']);
  });

  it('counts a line wider than the terminal as the lines it takes there', () => {
    expect(screenLines('x'.repeat(81), 80)).toBe(2);
    expect(screenLines('x'.repeat(80), 80)).toBe(1);
    expect(fitScreen(['h', 'x'.repeat(100), 'r2', 'r3'].join('\n'), 80, 4)).toEqual(['h', 'x'.repeat(100), NOTE]);
  });

  it('keeps the first table\'s footer under its cut rows', () => {
    const text = ['head', 'r1', 'r2', 'r3', 'r4', 'r5', 'columns hidden: 3 not shown for width (x, y, z);', 'see --wide', '', 'other', 'o1'].join('\n');
    expect(fitScreen(text, 80, 6)).toEqual(['head', 'r1', 'r2', NOTE, 'columns hidden: 3 not shown for width (x, y, z);', 'see --wide']);
    // Colour codes around the footer do not hide it.
    const dim = text.replace('columns hidden', '\x1b[2mcolumns hidden').replace('see --wide', 'see --wide\x1b[22m');
    expect(fitScreen(dim, 80, 6)[4]).toBe('\x1b[2mcolumns hidden: 3 not shown for width (x, y, z);');
  });

  it('cuts whole lines from the top when the first table fits but the rest does not', () => {
    expect(fitScreen(['head', 'r1', '', 'other', 'o1', 'o2'].join('\n'), 80, 4)).toEqual(['head', 'r1', '', NOTE]);
  });
});
