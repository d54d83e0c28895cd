/**
 * The words of a REPL (and `exec`) line, split as a POSIX shell splits them: the one
 * tokenizer of command-line text, for running a line and for completing one. Which of
 * the words are options is read by words.ts; `name=value` pairs by repl/pairs.ts.
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
import { CliError } from '../runtime/exit-codes.js';

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
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) cur += text[++i];
      else cur += c;
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
    else cur += c;
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
