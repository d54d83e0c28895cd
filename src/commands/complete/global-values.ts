/**
 * The values of global options: target and group names after `--target` (after `a,`: the
 * next name of the list), file names after `--socket` and `--api-dir`, nothing after the
 * others. A global option may stand before the command or among a message's flags, so
 * both engine.ts and message-args.ts complete its value here.
 */
import type { Candidate, CompleteOptions, Completion } from './types.js';

const NOTHING: Completion = Object.freeze({ candidates: [], noSpace: false, files: false }) as Completion;
const FILES: Completion = Object.freeze({ candidates: [], noSpace: false, files: true }) as Completion;
const FILE_GLOBALS = new Set(['socket', 'api-dir']);

/** The words that start with `partial`, each once, in the order given. Throws nothing. */
export function startingWith(words: Iterable<string>, partial: string, noSpace = false): Completion {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const w of words) {
    if (!w.startsWith(partial) || seen.has(w)) continue;
    seen.add(w);
    candidates.push({ value: w });
  }
  return { candidates, noSpace, files: false };
}

/** Target and group names for `--target`; after `a,b,` the next name of the list. */
export async function targetCandidates(partial: string, opts: CompleteOptions): Promise<Completion> {
  const names = (await opts.targets?.()) ?? [];
  const cut = partial.lastIndexOf(',') + 1;
  const done = partial.slice(0, cut);
  return startingWith(names.map((n) => done + n), partial);
}

/**
 * The value of global option `long` (its long name, given as the word before or inline
 * after `=`): target names, file names, or nothing. Each candidate is led by `lead`
 * (`--target=`). Rejects as `opts.targets` does.
 */
export async function globalValue(long: string, partial: string, lead: string, opts: CompleteOptions): Promise<Completion> {
  if (long === 'target') {
    const names = await targetCandidates(partial, opts);
    return { ...names, candidates: names.candidates.map((c) => ({ ...c, value: lead + c.value })) };
  }
  return FILE_GLOBALS.has(long) ? FILES : NOTHING;
}
