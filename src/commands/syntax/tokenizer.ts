/**
 * The syntax of a REPL (and `exec`) line: words split as a POSIX shell splits them, and
 * `name=value` pairs turned into the CLI's flags, so that one parser (request/args.ts) reads
 * both forms.
 *
 * | typed                                  | words                                   |
 * |----------------------------------------|-----------------------------------------|
 * | `cli show  int`                        | `cli`, `show`, `int`                    |
 * | `--tag 'a b'`, `--tag "a b"`, `--tag a\ b` | `--tag`, `a b`                      |
 * | `--route='{"table_id": 1}'`            | `--route={"table_id": 1}` (quotes end inside a word) |
 * | `show_version  # a comment`            | `show_version` (`#` starting a word)    |
 * | `set_flags sw_if_index=1 flags=ADMIN_UP` | `set_flags`, `--sw_if_index=1`, `--flags=ADMIN_UP` (toCliWords) |
 * | `route.paths[0].sw_if_index=2`         | `--route.paths[0].sw_if_index=2`        |
 *
 * yargs-parser's tokenizer was the first choice (and the chosen package): it keeps every
 * quote character in its tokens (`'show  ip fib'`, `--route='{…}'`) until its own option
 * processing, which our flags do not go through, and it cannot tell completion that a
 * quote is still open. One scanner here serves running and completing a line alike, so
 * the package was dropped rather than kept beside it. Inside double quotes a backslash
 * escapes only `"` and `\`.
 */
import type { Schema } from '../../client/schema/model.js';
import { builtin } from '../registry.js';
import { CliError } from '../runtime/exit-codes.js';
import { WATCH_OPTIONS, commandIndex } from '../complete/engine.js';
import { takesValue } from '../complete/message-args.js';

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

/** `sw_if_index=1`, `route.prefix=…`, `route.paths[0].sw_if_index=2`: a field name, then `=`. */
export const PAIR = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*=/;

/**
 * The words of a REPL line as the CLI takes them: after a message name (or after
 * `watch <message>`), each `name=value` word becomes `--name=value`, unless it is the
 * value of the flag before it. Words of other commands are left alone. Throws nothing.
 */
export function toCliWords(words: readonly string[], schema: Schema): string[] {
  const at = commandIndex(words);
  const cmd = words[at];
  if (cmd === undefined) return [...words];
  let msgAt = at;
  if (builtin(cmd)) {
    if (cmd !== 'watch') return [...words];
    msgAt = at + 1;
  }
  const def = schema.messages.get(words[msgAt] ?? '');
  const extra = cmd === 'watch' ? WATCH_OPTIONS : [];
  const out = words.slice(0, msgAt + 1);
  let valueNext = false;
  for (let j = msgAt + 1; j < words.length; j++) {
    const t = words[j]!;
    if (valueNext) {
      out.push(t);
      valueNext = false;
    } else if (t === '--') {
      out.push(...words.slice(j));
      break;
    } else if (t.startsWith('-') && t.length > 1 && !/^-\d/.test(t)) {
      out.push(t);
      valueNext = takesValue(def, t, extra);
    } else {
      out.push(PAIR.test(t) ? `--${t}` : t);
    }
  }
  return out;
}
