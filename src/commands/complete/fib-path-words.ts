/**
 * Completion inside the text of a FIB path (`--route.paths 'via 10.0.0.2 lo'`): the next
 * word of the path grammar (docs in format/fib-path/fib-path-read.ts) from what is typed
 * before it.
 *
 * | the word before the one typed      | candidates                                          |
 * |------------------------------------|-----------------------------------------------------|
 * | `via`                              | interface names (an address is typed, not offered)   |
 * | `labels`, `weight`, `table`, … (a keyword taking a number or list) | none |
 * | anything else                      | the keywords not given yet (one path type, one protocol unless `via ADDRESS` set it, each flag once), and interface names while no interface is given |
 *
 * Each candidate is the whole text with the typed word completed, so that it replaces the
 * value being typed; no space is added after it, since a path's text usually goes on
 * (most keywords take an argument) inside the one quoted value. Keywords match in any case, interface names as VPP spells them.
 */
import { type FibLayout, NUMBER_WORDS } from '../../format/fib-path/fib-path-layout.js';
import { ALIASES } from '../../format/fib-path/fib-path-read.js';
const TAKES_ARGUMENT = new Set<string>(['via', 'labels', ...Object.keys(NUMBER_WORDS)]);

/** What the words given so far use up, and the keyword whose argument is being typed. */
interface Given {
  words: Set<string>;
  type: boolean;
  proto: boolean;
  iface: boolean;
  via: boolean;
  /** The last word is this keyword: the word typed is its argument. */
  awaiting?: string;
}

/** Reads `words` as the path reader does, keyword and argument in pairs. Throws nothing. */
function given(l: FibLayout, words: readonly string[], interfaces: ReadonlySet<string>): Given {
  const g: Given = { words: new Set(), type: false, proto: false, iface: false, via: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const lower = ALIASES[w.toLowerCase()] ?? w.toLowerCase();
    if (TAKES_ARGUMENT.has(lower) && i === words.length - 1) {
      g.awaiting = lower;
      break;
    }
    g.words.add(lower);
    if (lower === 'via') {
      if (interfaces.has(words[++i]!)) g.iface = true;
      else g.via = true;
    } else if (lower === 'sw_if_index') {
      g.iface = true;
      i++;
    } else if (TAKES_ARGUMENT.has(lower)) i++;
    else if (l.types.byWord.has(lower)) g.type = true;
    else if (l.protos.byWord.has(lower)) g.proto = true;
    else if (interfaces.has(w)) g.iface = true;
  }
  return g;
}

function keywords(l: FibLayout, g: Given): string[] {
  const out: string[] = [];
  if (!g.via) out.push('via');
  if (!g.type) out.push(...l.types.byWord.keys());
  // A next-hop address sets the protocol (another one is refused by the reader).
  if (!g.proto && !g.via) out.push(...l.protos.byWord.keys());
  for (const f of l.flags.byWord.keys()) if (!g.words.has(f)) out.push(f);
  for (const w of TAKES_ARGUMENT) if (w !== 'via' && !g.words.has(w) && !(w === 'sw_if_index' && g.iface)) out.push(w);
  return out;
}

/**
 * The completions of the path text `text` (as typed so far, unquoted) for path layout
 * `l`, given the interface names of the VPP at hand (none without a session). Throws nothing.
 */
export function fibPathCompletions(l: FibLayout, text: string, interfaceNames: readonly string[]): string[] {
  const cut = text.search(/\S*$/);
  const head = text.slice(0, cut);
  const partial = text.slice(cut);
  const names = new Set(interfaceNames);
  const g = given(l, head.split(/\s+/).filter((w) => w !== ''), names);
  let words: string[];
  if (g.awaiting !== undefined) words = g.awaiting === 'via' && !g.iface ? [...interfaceNames] : [];
  else words = [...keywords(l, g), ...(g.iface ? [] : interfaceNames)];
  const lower = partial.toLowerCase();
  const out = new Set<string>();
  for (const w of words) if (names.has(w) ? w.startsWith(partial) : w.startsWith(lower)) out.add(head + w);
  return [...out];
}
