/**
 * A command text (an `exec:` target, $VPPAPI_SSH) split into an argument vector, never
 * handed to a shell. The rule, deliberately small (docs/fleets.md):
 *
 * | text            | gives                                                        |
 * |-----------------|--------------------------------------------------------------|
 * | spaces          | separate words (several count as one)                        |
 * | `'...'`         | everything inside, literally (no escapes)                    |
 * | `"..."`         | everything inside; `\"` and `\\` are `"` and `\`             |
 * | `\c` outside quotes | the character c                                          |
 * | `$`, `*`, `;`, `|`, `~`, backquote … | themselves: there is no expansion and no operator |
 *
 * Quoted parts and plain parts next to each other make one word (`a'b c'd` is `ab cd`);
 * `''` is an empty word.
 */
import { TargetError, refuseControlChars } from './errors.js';

/**
 * Splits `text` into words by the rule above.
 * @throws TargetError for a control character (tabs and newlines included), an
 *   unclosed quote, a trailing backslash, or no word at all.
 */
export function splitCommand(text: string, what = 'command'): string[] {
  refuseControlChars(text, what);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unclosed(text, what, "'", i);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i, what, (s) => (word += s));
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new TargetError(`${what} ${JSON.stringify(text)} ends with a lone backslash`, 'write \\\\ for a backslash');
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new TargetError(`${what} is empty: nothing to run`, 'name a program and its arguments');
  return words;
}

/** Reads the `"..."` starting at `start`; returns the index of the closing quote. */
function readDoubleQuoted(text: string, start: number, what: string, add: (s: string) => void): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return i;
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) add(text[++i]!);
    else add(c);
  }
  throw unclosed(text, what, '"', start);
}

function unclosed(text: string, what: string, quote: string, at: number): TargetError {
  return new TargetError(`${what} ${JSON.stringify(text)}: the ${quote} at position ${at + 1} is never closed`, `close it, or write \\${quote} for the character itself`);
}
