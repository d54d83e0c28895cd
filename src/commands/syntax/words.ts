/**
 * The one reading of command-line words as options, shared by every scanner of the CLI:
 * the global options before and after the command word, a message's flags, the REPL's
 * `name=value` pairs, completion, and `__complete`'s own options. What an option means
 * (whether it takes the next word as its value) is the caller's table; how a word is cut
 * into option name and inline value, and where the options end, is decided here only.
 *
 * | word                      | read as                                               |
 * |---------------------------|-------------------------------------------------------|
 * | `--`                      | the end of the options: every word after it is plain  |
 * | `--name`, `--name=value`  | option `--name`, the value inline after the first `=` |
 * | `-h`, `-h=x`              | option `-h`                                           |
 * | `-`                       | a plain word (standard input)                         |
 * | `-5`, `-0.5`              | an option word, unless `numbers` (values: a negative number) |
 * | anything else             | a plain word                                          |
 *
 * Imports nothing: the line tokenizer (tokenizer.ts) splits text into these words first.
 * Kept apart on purpose: completion's look at the word being typed (`partial`), which may
 * be `-` or `--` on its way to a longer option and is matched as a prefix, not read as a
 * finished option word.
 */

export interface OptionWord {
  /** As typed, without the inline value: `--sw_if_index`, `-h`. */
  flag: string;
  /** What follows the first `=`, if there is one. */
  inline: string | undefined;
}

/** The words that end the options. */
export const END_OF_OPTIONS = '--';

/**
 * `word` read as an option, or undefined for a plain word and for `--`. With `numbers`,
 * a word such as `-5` is plain (a negative number given as a value). Throws nothing.
 */
export function optionWord(word: string, opts: { numbers?: boolean } = {}): OptionWord | undefined {
  if (word === END_OF_OPTIONS || word === '-' || !word.startsWith('-')) return undefined;
  if (opts.numbers && /^-\d/.test(word)) return undefined;
  const eq = word.indexOf('=');
  return eq < 0 ? { flag: word, inline: undefined } : { flag: word.slice(0, eq), inline: word.slice(eq + 1) };
}

/**
 * Walks the options at the start of `words`: `take` is called for each option word with
 * its index and returns how many words it used (1, or 2 with its value), or 0 to stop
 * there. The walk also stops at the first plain word, and just after `--`.
 * Returns the index of the first word after the options. Throws what `take` throws.
 */
export function leadingOptions(words: readonly string[], take: (o: OptionWord, i: number) => number): number {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (w === END_OF_OPTIONS) return i + 1;
    const o = optionWord(w);
    if (!o) break;
    const n = take(o, i);
    if (n <= 0) break;
    i += n;
  }
  return i;
}
