/**
 * VPP's definition comments (`/** \brief … @param name - text *\/`) as TypeScript doc
 * comments: the brief (and any other prose) for the declaration, each `@param` for its
 * field. Pure text work; throws nothing.
 */

export interface ParsedComment {
  /** The prose of the comment without its `@param` lines. */
  text: string;
  /** Field name → its description. */
  params: Map<string, string>;
}

/** Splits a definition's comment into prose and per-field descriptions. Throws nothing. */
export function parseComment(comment: string | undefined): ParsedComment {
  const params = new Map<string, string>();
  if (!comment) return { text: '', params };
  const lines = comment
    .replace(/^\s*\/\*+!?/, '')
    .replace(/\*+\/\s*$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*?\s?/, '').trimEnd());
  const prose: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const m = line.includes('param') ? /^\s*[@\\]param(?:\[[a-z,]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-:\u2013]\s*)?(.*)$/.exec(line) : null;
    if (m) {
      current = m[1]!;
      params.set(current, m[2]!.trim());
      continue;
    }
    if ((line.includes('@') || line.includes('\\')) && /^\s*[@\\][a-z]+/.test(line) && !/^\s*[@\\]brief/.test(line)) current = undefined;
    if (current !== undefined && line.trim() !== '') {
      params.set(current, `${params.get(current)} ${line.trim()}`.trim());
      continue;
    }
    current = undefined;
    prose.push(line.replace(/^\s*[@\\]brief\s*/, ''));
  }
  return { text: prose.join('\n').trim(), params };
}

/**
 * A `/** … *\/` block of `lines` indented by `indent`, or nothing when every line is
 * empty. `*\/` inside the text is broken up so the comment cannot end early.
 */
export function docBlock(lines: readonly string[], indent = ''): string {
  const body: string[] = [];
  for (const l of lines) {
    if (l.includes('\n')) for (const x of l.split('\n')) body.push(clean(x));
    else body.push(clean(l));
  }
  let end = body.length;
  while (end > 0 && body[end - 1] === '') end--;
  let start = 0;
  while (start < end && body[start] === '') start++;
  if (start === end) return '';
  if (end - start === 1) return `${indent}/** ${body[start]} */\n`;
  let s = `${indent}/**\n`;
  for (let i = start; i < end; i++) s += body[i] ? `${indent} * ${body[i]}\n` : `${indent} *\n`;
  return `${s}${indent} */\n`;
}

/** One line of a doc comment: no trailing blanks, and no `*\/` that would end it early. */
function clean(l: string): string {
  const t = l.trimEnd();
  return t.includes('*/') ? t.replace(/\*\//g, '*\u200b/') : t;
}
