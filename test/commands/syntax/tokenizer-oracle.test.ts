/**
 * The tokenizer (which takes runs of ordinary characters at once) against a naive
 * one-character-at-a-time reading of the same rules, written here: POSIX-shell words,
 * `'…'` literal, `"…"` with `\"` and `\\` as escapes, `\x` outside quotes, `#` starting a
 * word ends the line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionWord, splitLine, tokenize } from '../../../src/commands/syntax/tokenizer.js';

interface Naive {
  words: string[];
  starts: number[];
  open: boolean;
  quote?: string;
  escape: boolean;
}

function naive(text: string): Naive {
  const words: string[] = [];
  const starts: number[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  let escape = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (escape) {
      cur += c;
      escape = false;
    } else if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) cur += text[++i];
      else cur += c;
    } else if (' \t\n\r'.includes(c)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else {
      if (cur === undefined) {
        if (c === '#') break;
        cur = '';
        starts.push(i);
      }
      if (c === '\\') escape = true;
      else if (c === '"' || c === "'") quote = c;
      else cur += c;
    }
  }
  const open = cur !== undefined;
  if (cur !== undefined) words.push(cur);
  return { words, starts, open, quote, escape };
}

const line = fc
  .array(fc.constantFrom('a', 'b', '-', '=', '#', ' ', ' ', '\t', '\n', "'", '"', '\\', '.', '0', 'é', '😀'), { maxLength: 30 })
  .map((a) => a.join(''));

describe('tokenizer against a naive reading', () => {
  it('gives the same words, or the same error, for any line', () => {
    fc.assert(
      fc.property(line, (t) => {
        const n = naive(t);
        let got: string[] | string;
        try {
          got = tokenize(t);
        } catch (e) {
          got = (e as Error).message;
        }
        const want = n.quote ? `unterminated ${n.quote === '"' ? 'double' : 'single'} quote` : n.escape ? 'a backslash ends the line' : n.words;
        expect(got).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same words for lines of blanks and plain characters only (tokenize splits those natively)', () => {
    // Other white space (no-break space, vertical tab, form feed) is part of a word, as in the scanner.
    const plainLine = fc
      .array(fc.constantFrom('a', 'Z', '-', '=', '.', '0', '_', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\v', '\f', 'é', '😀'), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(plainLine, (t) => {
        expect(tokenize(t)).toEqual(naive(t).words);
      }),
      { numRuns: 5000 },
    );
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \t ')).toEqual([]);
    expect(tokenize(' a\u00a0b  c ')).toEqual(['a\u00a0b', 'c']);
  });

  it('splits a line being typed the same way', () => {
    fc.assert(
      fc.property(line, (t) => {
        const n = naive(t);
        const want = n.open
          ? { words: n.words.slice(0, -1), partial: n.words[n.words.length - 1], partialRaw: t.slice(n.starts[n.starts.length - 1]), openQuote: n.quote }
          : { words: n.words, partial: '', partialRaw: '', openQuote: n.quote };
        expect(splitLine(t)).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads -N as a value only with numbers, as \\d does', () => {
    for (const w of ['-5', '-0.5', '-x', '-', '--5', '-٣', '-5=1']) {
      const plainNumber = /^-\d/.test(w);
      expect(optionWord(w, { numbers: true }) === undefined, w).toBe(w === '-' || plainNumber);
      expect(optionWord(w), w).toEqual(w === '-' ? undefined : { flag: w.split('=')[0], inline: w.includes('=') ? w.slice(w.indexOf('=') + 1) : undefined });
    }
  });
});
