/**
 * The one reading of option words (src/commands/syntax/tokenizer.ts) that the global-option
 * scan, a message's flags, the REPL's pairs, completion and `__complete` share.
 */
import { describe, expect, it } from 'vitest';
import { leadingOptions, optionWord } from '../../../src/commands/syntax/tokenizer.js';

describe('optionWord', () => {
  it('cuts an option at its first = into flag and inline value', () => {
    expect(optionWord('--sw-if-index')).toEqual({ flag: '--sw-if-index', inline: undefined });
    expect(optionWord('--route={"a":"b=c"}')).toEqual({ flag: '--route', inline: '{"a":"b=c"}' });
    expect(optionWord('--tag=')).toEqual({ flag: '--tag', inline: '' });
    expect(optionWord('-h')).toEqual({ flag: '-h', inline: undefined });
  });

  it('reads --, - and words without a dash as no option', () => {
    for (const w of ['--', '-', 'show_version', 'a=b', '']) expect(optionWord(w), w).toBeUndefined();
  });

  it('reads a negative number as an option word unless numbers are values there', () => {
    expect(optionWord('-5')).toEqual({ flag: '-5', inline: undefined });
    expect(optionWord('-5', { numbers: true })).toBeUndefined();
    expect(optionWord('-0.5', { numbers: true })).toBeUndefined();
    expect(optionWord('-x', { numbers: true })).toEqual({ flag: '-x', inline: undefined });
  });
});

describe('leadingOptions', () => {
  const takesValue = new Set(['--socket']);
  const walk = (words: string[]): { end: number; seen: string[] } => {
    const seen: string[] = [];
    const end = leadingOptions(words, (o) => {
      if (o.flag === '--stop') return 0;
      seen.push(o.flag);
      return takesValue.has(o.flag) && o.inline === undefined ? 2 : 1;
    });
    return { end, seen };
  };

  it('ends at the first plain word, stepping over option values', () => {
    expect(walk(['--json', '--socket', '/s', 'show_version', '--x'])).toEqual({ end: 3, seen: ['--json', '--socket'] });
    expect(walk(['--socket=/s', 'show_version'])).toEqual({ end: 1, seen: ['--socket'] });
  });

  it('ends just after --, and where the caller says stop', () => {
    expect(walk(['--json', '--', '--socket'])).toEqual({ end: 2, seen: ['--json'] });
    expect(walk(['--json', '--stop', 'x'])).toEqual({ end: 1, seen: ['--json'] });
    expect(walk([])).toEqual({ end: 0, seen: [] });
    expect(walk(['-', '--json'])).toEqual({ end: 0, seen: [] });
  });

  it('steps past the end when the last option wants a value it lacks', () => {
    expect(walk(['--socket'])).toEqual({ end: 2, seen: ['--socket'] });
  });
});
