/**
 * `name=value` pairs of a shell line as the CLI's flags, so that one parser
 * (plan/read.ts) reads both forms:
 *
 * | typed                                    | words                                             |
 * |------------------------------------------|---------------------------------------------------|
 * | `set_flags sw_if_index=1 flags=ADMIN_UP` | `set_flags`, `--sw_if_index=1`, `--flags=ADMIN_UP` |
 * | `route.paths[0].sw_if_index=2`           | `--route.paths[0].sw_if_index=2`                  |
 * | `--tag a=b`                              | `--tag`, `a=b` (the value of the flag before it)  |
 */
import type { Schema } from '../../client/schema/model.js';
import { WATCH_OPTIONS } from '../complete/engine.js';
import { takesValue } from '../complete/message-args.js';
import { builtin } from '../registry.js';
import { commandIndex } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';

/** `sw_if_index=1`, `route.prefix=…`, `route.paths[0].sw_if_index=2`: a field name, then `=`. */
export const PAIR = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*=/;

/**
 * The words of a REPL line as the CLI takes them: after a message name (or after
 * `watch <message>`), each `name=value` word becomes `--name=value`, unless it is the
 * value of the flag before it. Words of other commands are left alone; when no word
 * changes, `words` itself is returned (not to be changed by the caller). Throws nothing.
 */
export function toCliWords(words: readonly string[], schema: Schema): readonly string[] {
  // No `=` at all (a script's usual `--flag value` line): nothing to look at.
  if (!words.some((w) => w.includes('='))) return words;
  const at = commandIndex(words);
  const cmd = words[at];
  if (cmd === undefined) return words;
  let msgAt = at;
  if (builtin(cmd)) {
    if (cmd !== 'watch') return words;
    msgAt = at + 1;
  }
  // No `name=value` word at all: nothing to turn into a flag (and no flag to look up).
  if (!words.some((w, j) => j > msgAt && PAIR.test(w))) return words;
  const def = schema.messages.get(words[msgAt] ?? '');
  const extra = cmd === 'watch' ? WATCH_OPTIONS : [];
  const out = words.slice(0, msgAt + 1);
  let valueNext = false;
  for (let j = msgAt + 1; j < words.length; j++) {
    const t = words[j]!;
    if (valueNext) {
      out.push(t);
      valueNext = false;
    } else if (t === END_OF_OPTIONS) {
      out.push(...words.slice(j));
      break;
    } else if (optionWord(t, { numbers: true })) {
      out.push(t);
      valueNext = takesValue(def, t, extra);
    } else {
      out.push(PAIR.test(t) ? `--${t}` : t);
    }
  }
  return out;
}
