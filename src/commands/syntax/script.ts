/**
 * The lines of an `exec` script: a line ending in an odd number of backslashes continues
 * on the next; blank lines and lines starting with `#` are no commands. Each command keeps
 * the number of the line where it starts, for the messages about it.
 *
 * ScriptText finds the commands in one pass over the text and keeps only their offsets
 * (in typed arrays, outside V8's young generation); a command's text is made when it is
 * asked for. A 20,000-line script then puts no 20,000 strings and objects on the heap
 * before its first line runs, which every scavenge of the start would copy again.
 */

export interface ScriptLine {
  /** 1-based number of the line where the command starts. */
  no: number;
  text: string;
}

/** What String.prototype.trim removes: ECMAScript's white space and line terminators. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** A printable ASCII character (never white space). */
function isPrintable(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/** `at` with twice the room, its numbers kept. */
function grown(at: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(at.length * 2);
  bigger.set(at);
  return bigger;
}

/** Backslashes that end text[from, to). */
function trailingBackslashes(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && text.charCodeAt(i - 1) === 0x5c) i--;
  return to - i;
}

/** End of the raw line that starts at `s` and whose \n is at `nl` (-1: none): before \r\n or \n. */
function rawEnd(text: string, s: number, nl: number): number {
  if (nl < 0) return text.length;
  return nl > s && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
}

/** Lines [from, to) of `text` (each without its \r?\n) joined as continuations: each one's last backslash dropped. */
function joined(text: string, from: number, to: number): string {
  const parts = text.slice(from, to).split(/\r?\n/);
  let line = parts[0]!;
  for (let j = 1; j < parts.length; j++) line = line.slice(0, -1) + parts[j]!;
  return line;
}

/** The command lines of a script, read in one pass; each command's text made on demand. Throws nothing. */
export class ScriptText {
  /** How many commands. */
  readonly length: number;
  /**
   * Per command, three numbers: start and end of its trimmed text in `text`, and its line
   * number, negative for a command joined from several lines (then start and end span
   * the raw lines, joined and trimmed on demand).
   */
  private readonly at: Int32Array<ArrayBuffer>;

  constructor(private readonly text: string) {
    // Room for a command per 16 characters, grown when short: no pass to count the lines first.
    let at = new Int32Array(3 * (Math.ceil(text.length / 16) + 1));
    let n = 0;
    let no = 0;
    // One loop, no tuple per line: this runs once over every line before the first one is
    // sent, while V8 still interprets it (a [end, next] pair per line cost 0.5–3 µs a line).
    for (let start = 0; start >= 0; ) {
      const firstNo = ++no;
      const first = start;
      let nl = text.indexOf('\n', start);
      let end = rawEnd(text, start, nl);
      let next = nl < 0 ? -1 : nl + 1;
      // A line that ends in a backslash may continue on the next (below); any other is one command.
      if (end > start && text.charCodeAt(end - 1) === 0x5c) {
        let back = trailingBackslashes(text, start, end);
        let joinedLines = false;
        // An odd run of backslashes continues on the next line (not past the last one).
        while (back % 2 === 1 && next >= 0) {
          nl = text.indexOf('\n', next);
          const e2 = rawEnd(text, next, nl);
          const own = trailingBackslashes(text, next, e2);
          // A line of backslashes only extends the run left from the line before (one dropped).
          back = own === e2 - next ? back - 1 + own : own;
          end = e2;
          next = nl < 0 ? -1 : nl + 1;
          no++;
          joinedLines = true;
        }
        if (joinedLines) {
          const t = joined(text, first, end).trim();
          if (t !== '' && !t.startsWith('#')) {
            if (at.length < (n + 1) * 3) at = grown(at);
            at[n * 3] = first;
            at[n * 3 + 1] = end;
            at[n * 3 + 2] = -firstNo;
            n++;
          }
          start = next;
          continue;
        }
      }
      let s = first;
      let e = end;
      // Printable ASCII is no white space: the usual line needs no isSpace call at either end.
      while (s < e && !isPrintable(text.charCodeAt(s)) && isSpace(text.charCodeAt(s))) s++;
      while (e > s && !isPrintable(text.charCodeAt(e - 1)) && isSpace(text.charCodeAt(e - 1))) e--;
      if (s < e && text.charCodeAt(s) !== 0x23) {
        if (at.length < (n + 1) * 3) at = grown(at);
        at[n * 3] = s;
        at[n * 3 + 1] = e;
        at[n * 3 + 2] = firstNo;
        n++;
      }
      start = next;
    }
    this.length = n;
    this.at = at;
  }

  /** Command `k`'s line number (where it starts). */
  no(k: number): number {
    return Math.abs(this.at[k * 3 + 2]!);
  }

  /** Command `k`'s text: continuations joined, trimmed. */
  line(k: number): string {
    const s = this.at[k * 3]!;
    const e = this.at[k * 3 + 1]!;
    return this.at[k * 3 + 2]! < 0 ? joined(this.text, s, e).trim() : this.text.slice(s, e);
  }

  /** Command `k` as a ScriptLine. */
  get(k: number): ScriptLine {
    return { no: this.no(k), text: this.line(k) };
  }

  /**
   * How many commands right after `k` have the same text as `k` (0 when `k` is joined
   * from several lines: the offsets then do not hold its text). One call for a run of
   * repeated lines, like runOf.
   */
  repeats(k: number): number {
    const { at, text } = this;
    if (at[k * 3 + 2]! < 0) return 0;
    const s = at[k * 3]!;
    const len = at[k * 3 + 1]! - s;
    const line = text.slice(s, s + len);
    let j = k + 1;
    for (; j < this.length; j++) {
      const s2 = at[j * 3]!;
      if (at[j * 3 + 2]! < 0 || at[j * 3 + 1]! - s2 !== len || !text.startsWith(line, s2)) break;
    }
    return j - k - 1;
  }

  /**
   * How many commands from `k` on, one after another, start with `word` followed by a
   * space, a tab or their end (a command joined from several lines never does: its
   * offsets do not hold its text). One call for a run of repeated lines, whose loop V8
   * optimizes where a call per line would run interpreted through a cold start.
   */
  runOf(k: number, word: string): number {
    const { at, text } = this;
    const len = word.length;
    let j = k;
    for (; j < this.length; j++) {
      const s = at[j * 3]!;
      const e = at[j * 3 + 1]!;
      if (at[j * 3 + 2]! < 0 || e - s < len || !text.startsWith(word, s)) break;
      const c = s + len === e ? -1 : text.charCodeAt(s + len);
      if (c !== -1 && c !== 0x20 && c !== 0x09) break;
    }
    return j - k;
  }
}

/** The command lines of a script: continuations joined, blank and comment-only lines kept out. Throws nothing. */
export function scriptLines(text: string): ScriptLine[] {
  const s = new ScriptText(text);
  const out: ScriptLine[] = [];
  for (let k = 0; k < s.length; k++) out.push(s.get(k));
  return out;
}
