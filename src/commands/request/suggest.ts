/**
 * "Did you mean": the nearest command or message to a word nobody knows, over the
 * built-ins and every local request (loaded whole only now, on the error path).
 */
import { nearest } from '../../format/values/nearest.js';
import { BUILTINS } from '../registry.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';

/** Requests whose name starts with or contains `word`, best first, at most `max`. */
export function similarRequests(requests: readonly string[], word: string, max = 5): string[] {
  const w = word.toLowerCase();
  const starts = requests.filter((r) => r.startsWith(w));
  const contains = requests.filter((r) => !r.startsWith(w) && r.includes(w));
  return [...starts, ...contains].slice(0, max);
}

/**
 * Throws the error for an unknown command word, with suggestions.
 * @throws CliError (exit 2), always.
 */
export async function unknownCommand(rt: Runtime, word: string): Promise<never> {
  let requests: string[] = [];
  let modules: string[] = [];
  try {
    const schema = await rt.definitions(undefined, { offline: true });
    requests = [...schema.services.keys()].sort();
    modules = [...schema.modules.keys()];
    if (schema.messages.has(word)) {
      throw new CliError(`${word} is not a request: VPP sends it`, EXIT.USAGE, `vppapi describe ${word}`);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    // No definitions to suggest from: say so below.
  }
  const names = [...BUILTINS.filter((b) => !b.hidden).map((b) => b.name), ...requests];
  const near = nearest(word, names);
  if (modules.includes(word)) {
    throw new CliError(`${word} is a module, not a message`, EXIT.USAGE, `vppapi help ${word} lists its messages`);
  }
  const similar = near ? [] : similarRequests(requests, word);
  const also = similar.length ? ` Similar: ${similar.join(', ')}` : '';
  throw new CliError(
    `unknown command or message "${word}"${near ? ` (did you mean ${near}?)` : '.'}${also}`,
    EXIT.USAGE,
    requests.length ? 'vppapi --help lists the built-in commands and the modules; vppapi help <module> lists its messages' : `no definitions were found for "${word}": give them with --api-dir`,
  );
}
