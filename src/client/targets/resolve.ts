/**
 * The targets a command runs on: what `--target` (repeated, or a comma list), a group
 * or the targets file's default name, in order, without repeats (docs/fleets.md). A
 * value starting with `exec:` is one target whole (its command may hold commas).
 */
import type { TargetEntry, TargetsFile } from './config.js';
import { TargetError } from './errors.js';
import { parseTarget } from './parse.js';

/**
 * The entries that `specs` name, in order. A target given as text (a path, ssh://, exec:)
 * gets its text as name.
 * @throws TargetError for a bad target, a name the file does not define (or no file).
 */
export function resolveTargets(specs: readonly string[], file: TargetsFile | undefined): TargetEntry[] {
  const out = new Map<string, TargetEntry>();
  for (const spec of specs) {
    const parts = spec.startsWith('exec:') ? [spec] : spec.split(',').map((s) => s.trim());
    for (const part of parts) {
      if (part === '') throw new TargetError(`--target ${JSON.stringify(spec)}: an empty name in the list`);
      for (const e of resolveOne(part, file)) if (!out.has(e.name)) out.set(e.name, e);
    }
  }
  return [...out.values()];
}

function resolveOne(text: string, file: TargetsFile | undefined): TargetEntry[] {
  const t = parseTarget(text, { allowExec: true });
  if (t.kind !== 'name') return [{ name: text, url: text, target: t }];
  const group = file?.groups.get(t.name);
  if (group) return group.map((n) => file!.targets.get(n)!);
  const entry = file?.targets.get(t.name);
  if (entry) return [entry];
  throw new TargetError(
    file ? `no target or group named "${t.name}" in ${file.path}` : `no target named "${t.name}": there is no targets file`,
    file ? `vppapi targets lists them; a socket path in the current directory is written ./${t.name}` : `define it in the targets file (vppapi targets --help), or write a socket path as ./${t.name}`,
  );
}

/** Whether `specs` name more than one target (a list, a group, or several). Throws as resolveTargets. */
export function isFleet(specs: readonly string[], file: TargetsFile | undefined): boolean {
  return resolveTargets(specs, file).length > 1 || specs.some((s) => !!file?.groups.has(s));
}
