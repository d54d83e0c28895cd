/**
 * `check --against GROUP FILE…`: the files checked against each target's live
 * definitions (get_api_json through the target, at most --parallel at once).
 *
 * Human output: each target's report under a `[name]` header (as fan-out prints,
 * docs/fleets.md), then one matrix of message × target (`fine`, `changed`, `missing`,
 * `-` for a target not reached; `!` marks a verdict that would fail). `--json`: one array,
 * one object per target with `_target` (the report of a single --against, or `error`).
 * Exit: in target order, the first target's non-zero code (5: a request would fail; a
 * target not reached: its connection error's code); 0 when every target passes.
 */
import type { Schema } from '../../client/schema/model.js';
import { checkJson, checkTable, type CheckedFile } from '../../format/diff/index.js';
import { DEFAULT_PARALLEL, limited } from '../fleet/limit.js';
import { writeTable } from '../fleet/merge.js';
import { exitCodeFor } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';
import { type AgainstTargets, newConnector, targetDefs } from './against-targets.js';
import type { LoadedDefs } from './defs.js';

type CheckFiles = (files: readonly string[], local: Schema, against: LoadedDefs) => CheckedFile[];

interface TargetOutcome {
  name: string;
  defs?: LoadedDefs;
  checked?: CheckedFile[];
  error?: unknown;
}

/** An error's message for a report line. Throws nothing. */
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const failing = (checked: readonly CheckedFile[]): boolean => checked.some((f) => f.groups.some((g) => g.fails));

/** Each target's definitions, in target order; a target not reached carries its error. Throws nothing. */
async function fetchAll(rt: Runtime, targets: AgainstTargets): Promise<TargetOutcome[]> {
  const connector = newConnector(rt);
  try {
    const jobs = limited(targets.entries, rt.globals.parallel ?? DEFAULT_PARALLEL, (e) => targetDefs(connector, e, rt.globals.timeoutMs));
    const settled = await Promise.allSettled(jobs);
    return settled.map((s, i) => ({ name: targets.entries[i]!.name, ...(s.status === 'fulfilled' ? { defs: s.value } : { error: s.reason }) }));
  } finally {
    await connector.close();
  }
}

/** message → target → `status` (`!` when it fails), over every file. */
function matrix(outcomes: readonly TargetOutcome[]): { head: string[]; rows: string[][] } {
  const cells = new Map<string, Map<string, string>>();
  const rank = (s: string): number => ['fine', 'changed', 'missing', 'unreadable'].indexOf(s.replace('!', ''));
  for (const o of outcomes) {
    for (const f of o.checked ?? []) {
      for (const g of f.groups) {
        const msg = g.message || '(unreadable)';
        const row = cells.get(msg) ?? new Map<string, string>();
        cells.set(msg, row);
        const cell = `${g.status}${g.fails ? '!' : ''}`;
        const had = row.get(o.name);
        if (had === undefined || rank(cell) > rank(had) || (rank(cell) === rank(had) && g.fails)) row.set(o.name, cell);
      }
    }
  }
  const rows = [...cells.keys()].sort().map((m) => [m, ...outcomes.map((o) => (o.checked ? cells.get(m)!.get(o.name) ?? 'fine' : '-'))]);
  return { head: ['message', ...outcomes.map((o) => o.name)], rows };
}

/**
 * Checks `files` against every target of `targets`; returns the exit code above.
 * @throws CliError (exit 2) for a file that is none of the kinds (checkFiles); TargetError
 *   for a bad $VPPAPI_SSH.
 */
export async function checkAgainstTargets(rt: Runtime, targets: AgainstTargets, files: readonly string[], checkFiles: CheckFiles): Promise<number> {
  const local = await rt.definitions(undefined, { offline: true });
  const outcomes = await fetchAll(rt, targets);
  for (const o of outcomes) if (o.defs) o.checked = checkFiles(files, local, o.defs);
  const p = rt.printer();
  const sides = (d: LoadedDefs) => ({ against: { origin: d.origin, messages: d.schema.messages.size }, local: { origin: rt.originText() } });
  for (const o of outcomes) if (o.error !== undefined) p.error(`${o.name}: ${errorText(o.error)}`);
  if (p.mode !== 'human') {
    p.data(outcomes.map((o) => (o.checked ? { _target: o.name, ...checkJson(o.checked, sides(o.defs!)) } : { _target: o.name, ok: false, error: errorText(o.error) })));
  } else {
    for (const o of outcomes) {
      p.line(`[${o.name}]`);
      p.line(o.checked ? checkTable(o.checked, sides(o.defs!)).join('\n') : `not checked: ${errorText(o.error)}`);
      p.line('');
    }
    const m = matrix(outcomes);
    p.line(`Every target (${outcomes.length}), by message (! would fail, - not reached):`);
    await writeTable(p, m.head, m.rows);
  }
  for (const o of outcomes) {
    if (o.error !== undefined) return exitCodeFor(o.error);
    if (failing(o.checked!)) return EXIT.UNAVAILABLE;
  }
  return EXIT.OK;
}
