/**
 * The lines of an `exec` script: a line ending in an odd number of backslashes continues
 * on the next; blank lines and lines starting with `#` are no commands. Each command keeps
 * the number of the line where it starts, for the messages about it.
 */

export interface ScriptLine {
  /** 1-based number of the line where the command starts. */
  no: number;
  text: string;
}

/** The command lines of a script: continuations joined, blank and comment-only lines kept out. Throws nothing. */
export function scriptLines(text: string): ScriptLine[] {
  const out: ScriptLine[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    let line = raw[i]!;
    while (line.endsWith('\\') && /(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < raw.length) line = line.slice(0, -1) + raw[++i]!;
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    out.push({ no, text: t });
  }
  return out;
}
