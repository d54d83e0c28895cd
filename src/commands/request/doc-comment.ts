/**
 * The doc comments VPP's definitions carry on messages, as help text:
 *
 * ```
 * /** \brief Set flags on the interface
 *     @param sw_if_index - index of the interface to set flags on
 *     @param flags - interface_status flags
 *         (only IF_STATUS_API_FLAG_ADMIN_UP used in config)
 * *\/
 * ```
 * → summary "Set flags on the interface", params { sw_if_index: "index of …", flags: "interface_status flags (only …)" }.
 * Lines that continue a `@param` are joined to it; `\brief` is optional.
 */

export interface DocComment {
  /** The first sentence or \brief line, '' when there is none. */
  summary: string;
  /** Text outside the summary and the params (notes), joined as paragraphs. */
  details: string;
  params: ReadonlyMap<string, string>;
}

const EMPTY: DocComment = { summary: '', details: '', params: new Map() };
const cache = new Map<string, DocComment>();

/** Parses a definition's comment. Never throws. */
export function parseDocComment(comment: string | undefined): DocComment {
  if (!comment) return EMPTY;
  const hit = cache.get(comment);
  if (hit) return hit;
  const lines = comment
    .replace(/^\s*\/\*+!?/, '')
    .replace(/\*+\/\s*$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*?\s?/, '').trim());
  let summary = '';
  const details: string[] = [];
  const params = new Map<string, string>();
  let current: { name: string; text: string[] } | undefined;
  const flush = (): void => {
    if (current) params.set(current.name, current.text.join(' ').trim());
    current = undefined;
  };
  for (const line of lines) {
    const p = /^[@\\]param\s+(?:\[[a-z,]+\]\s+)?([A-Za-z_][\w.]*)\s*(?:[-:]\s*)?(.*)$/.exec(line);
    if (p) {
      flush();
      current = { name: p[1]!, text: [p[2]!] };
      continue;
    }
    const b = /^[@\\]brief\s+(.*)$/.exec(line);
    if (b) {
      flush();
      summary = b[1]!.trim();
      continue;
    }
    if (current) {
      if (line === '') flush();
      else current.text.push(line);
      continue;
    }
    if (line === '') {
      if (details.length && details[details.length - 1] !== '') details.push('');
      continue;
    }
    if (!summary && details.length === 0) summary = line;
    else details.push(line);
  }
  flush();
  const doc: DocComment = { summary, details: details.join('\n').trim().replace(/\n(?!\n)/g, ' '), params };
  if (cache.size < 4096) cache.set(comment, doc);
  return doc;
}
