/**
 * The one tokenizer of command lines: text split into words as a POSIX shell splits them
 * (a REPL or `exec` line, for running it and for completing it), and words read as
 * options (below, for every scanner of the CLI). `name=value` pairs: repl/pairs.ts.
 *
 * | typed                                  | words                                   |
 * |----------------------------------------|-----------------------------------------|
 * | `cli show  int`                        | `cli`, `show`, `int`                    |
 * | `--tag 'a b'`, `--tag "a b"`, `--tag a\ b` | `--tag`, `a b`                      |
 * | `--route='{"table_id": 1}'`            | `--route={"table_id": 1}` (quotes end inside a word) |
 * | `show_version  # a comment`            | `show_version` (`#` starting a word)    |
 *
 * yargs-parser's tokenizer was the first choice (and the chosen package): it keeps every
 * quote character in its tokens (`'show  ip fib'`, `--route='{…}'`) until its own option
 * processing, which our flags do not go through, and it cannot tell completion that a
 * quote is still open. One scanner here serves running and completing a line alike, so
 * the package was dropped rather than kept beside it. Inside double quotes a backslash
 * escapes only `"` and `\`.
 */
import { CliError } from '../runtime/errors.js';

export interface SplitLine {
  /** Finished words before the one being typed. */
  words: string[];
  /** The word being typed, quotes removed ('' after a space). */
  partial: string;
  /** The same word as typed (quotes and backslashes kept): what a completion replaces. */
  partialRaw: string;
  /** The quote left open in the word being typed, if any. */
  openQuote?: '"' | "'";
}

interface Scan {
  words: string[];
  /** Where each word starts in the text. */
  starts: number[];
  /** The last word is unfinished (no space after it). */
  open: boolean;
  openQuote?: '"' | "'";
  danglingEscape: boolean;
}

/** Characters that make a line more than blank-separated words. */
const SPECIAL = /["'\\#]/;
/** The blanks that separate words (other white space is part of a word, as in scan). */
const BLANKS = /[ \t\n\r]+/;

/** What ends a run of ordinary characters, per state of the scanner (character codes). */
const PLAIN = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 92 || c === 34 || c === 39; // space \t \n \r \ " '
const IN_SINGLE = (c: number): boolean => c === 39;
const IN_DOUBLE = (c: number): boolean => c === 34 || c === 92;

/** The index after the run of characters from `i` that do not `stop` it. */
function runEnd(text: string, i: number, stop: (c: number) => boolean): number {
  let j = i + 1;
  while (j < text.length && !stop(text.charCodeAt(j))) j++;
  return j;
}

function scan(text: string): Scan {
  const words: string[] = [];
  const starts: number[] = [];
  let cur: string | undefined;
  let quote: '"' | "'" | undefined;
  let escape = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (escape) {
      cur += c;
      escape = false;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else {
        const end = runEnd(text, i, IN_SINGLE);
        cur += text.slice(i, end);
        i = end - 1;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) cur += text[++i];
      else if (c === '\\') cur += c;
      else {
        const end = runEnd(text, i, IN_DOUBLE);
        cur += text.slice(i, end);
        i = end - 1;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
      continue;
    }
    if (cur === undefined) {
      if (c === '#') break;
      cur = '';
      starts.push(i);
    }
    if (c === '\\') escape = true;
    else if (c === '"' || c === "'") quote = c;
    else {
      // The run of plain characters at once: a `#` inside a word is one of them.
      const end = runEnd(text, i, PLAIN);
      cur += text.slice(i, end);
      i = end - 1;
    }
  }
  const open = cur !== undefined;
  if (cur !== undefined) words.push(cur);
  return { words, starts, open, openQuote: quote, danglingEscape: escape };
}

/**
 * The words of a complete line; [] for a blank line or a comment.
 * @throws CliError (exit 2) for a quote left open or a backslash at the end.
 */
export function tokenize(line: string): string[] {
  // No quote, backslash or `#`: the words are the runs between blanks, split natively
  // (a script's usual line; the scanner's loop costs ~8 µs a line before V8 optimizes it).
  if (!SPECIAL.test(line)) {
    const w = line.split(BLANKS);
    if (w[0] === '') w.shift();
    if (w.length > 0 && w[w.length - 1] === '') w.pop();
    return w;
  }
  const s = scan(line);
  if (s.openQuote) throw new CliError(`unterminated ${s.openQuote === '"' ? 'double' : 'single'} quote`, undefined, `close the quote: ${s.openQuote}…${s.openQuote}`);
  if (s.danglingEscape) throw new CliError('a backslash ends the line', undefined, 'remove it, or quote the text');
  return s.words;
}

/** A line typed up to the cursor, split into finished words and the word being typed. Throws nothing. */
export function splitLine(text: string): SplitLine {
  const s = scan(text);
  if (!s.open) return { words: s.words, partial: '', partialRaw: '', openQuote: s.openQuote };
  const start = s.starts[s.starts.length - 1]!;
  return { words: s.words.slice(0, -1), partial: s.words[s.words.length - 1]!, partialRaw: text.slice(start), openQuote: s.openQuote };
}

// ---- option words ----

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
 * The text tokenizer above splits a line into these words first.
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
  if (opts.numbers && isDigit(word.charCodeAt(1))) return undefined;
  const eq = word.indexOf('=');
  return eq < 0 ? { flag: word, inline: undefined } : { flag: word.slice(0, eq), inline: word.slice(eq + 1) };
}

/** `0`-`9` (what `\d` matches); false for NaN (past the end). */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
