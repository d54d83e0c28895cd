/**
 * What the shell's `.save FILE` keeps: the lines that did something to VPP and succeeded,
 * so that `exec FILE` does it again. A saved file is a script, so a line that only looks
 * (help, describe, check, stats), waits (watch) or failed would make it stop or hang.
 *
 * | line                                              | saved                         |
 * |---------------------------------------------------|-------------------------------|
 * | a request (any message with a reply), exit 0      | yes (dumps too: a script prints what they show) |
 * | `cli …`, exit 0                                   | yes (debug-CLI commands change VPP) |
 * | `.json on|off`, `.jsonl on|off`                   | yes (how the lines after print) |
 * | a line that failed (any exit but 0), or Ctrl-C    | no                            |
 * | `--help`, `-h`, `--dry-run` on a line             | no (nothing sent)             |
 * | `watch`, `help`, `describe`, `check`, `message-table`, `stats`, `api-trace`, `exec`, `use`, `exit` | no |
 */
import type { Schema } from '../../client/schema/model.js';
import { globalSpec } from '../runtime/globals.js';

const NOT_SENT = new Set(['--help', '-h', '--dry-run']);

/** The first word of `words` after leading global options (`--json`, `--timeout 2`). */
function commandWord(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) return w;
    const spec = globalSpec(w);
    if (spec?.value && !w.includes('=')) i++;
  }
  return undefined;
}

/** Whether a line of `words` that exited 0 belongs in a saved script. Throws nothing. */
export function savable(words: readonly string[], schema: Schema): boolean {
  if (words.some((w) => NOT_SENT.has(w))) return false;
  const cmd = commandWord(words);
  if (cmd === undefined) return false;
  if (cmd === 'cli') return true;
  return schema.services.has(cmd);
}
