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
    const m = /^\s*[@\\]param(?:\[[a-z,]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-:–]\s*)?(.*)$/.exec(line);
    if (m) {
      current = m[1]!;
      params.set(current, m[2]!.trim());
      continue;
    }
    if (/^\s*[@\\][a-z]+/.test(line) && !/^\s*[@\\]brief/.test(line)) current = undefined;
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
  const body = lines.flatMap((l) => l.split('\n')).map((l) => l.replace(/\*\//g, '*\u200b/').trimEnd());
  while (body.length && body[body.length - 1] === '') body.pop();
  while (body.length && body[0] === '') body.shift();
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}
