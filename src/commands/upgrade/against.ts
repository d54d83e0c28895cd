/**
 * `check --against DEFS FILE…`: every request the files would send, checked against
 * DEFS (client/schema/diff/upgrade.ts). The files are read with the local definitions
 * (--api-dir, VPP's, or the built-in set when no VPP answers): a script's lines name no
 * CRC, and a binary trace's records are decoded with a local definition of their CRC.
 */
import { checkRequest, groupByMessage, versionIndex, type CheckedRequest } from '../../client/schema/diff/index.js';
import type { Schema, TypeNode } from '../../client/schema/model.js';
import { checkJson, checkTable, type CheckedFile } from '../../format/diff/index.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';
import { checkAgainstTargets } from './against-fleet.js';
import { againstTargets, oneTargetDefs } from './against-targets.js';
import { type LoadedDefs, loadDefs } from './defs.js';
import { KIND_TEXT } from './kinds.js';
import { readCheckedFile } from './read-file.js';

/** Every file checked against one set of definitions. Throws as readCheckedFile. */
function checkFiles(files: readonly string[], local: Schema, against: LoadedDefs): CheckedFile[] {
  const index = versionIndex(against.schema);
  const memo = new WeakMap<TypeNode, string>();
  return files.map((file) => {
    const read = readCheckedFile(file, local, against.schema);
    const requests: CheckedRequest[] = read.requests.map((r) =>
      r.unreadable !== undefined ? { at: r.at, name: r.name, unreadable: r.unreadable } : { at: r.at, name: r.name, verdict: checkRequest(r, against.schema, index, memo) },
    );
    return { file, kind: KIND_TEXT[read.kind], groups: groupByMessage(requests), notes: read.notes };
  });
}

const fails = (checked: readonly CheckedFile[]): boolean => checked.some((f) => f.groups.some((g) => g.fails));

/**
 * Runs the check; returns 0, or 5 when any request would fail. A DEFS naming targets
 * (against-targets.ts) checks that target's live definitions, or with a group every
 * target's (against-fleet.ts).
 * @throws CliError (exit 2) for no FILE, a bad DEFS, a file that is none of the kinds;
 *   TargetError for a bad target or targets file.
 */
export async function checkAgainst(rt: Runtime, defsArg: string, files: readonly string[]): Promise<number> {
  if (files.length === 0) throw new CliError('check --against: no FILE given', EXIT.USAGE, 'vppapi check --against DEFS setup.vpp session.jsonl trace.bin');
  const targets = againstTargets(rt, defsArg);
  if (targets?.fleet) return checkAgainstTargets(rt, targets, files, checkFiles);
  const against = targets ? await oneTargetDefs(rt, targets.entries[0]!) : await loadDefs(rt, defsArg, '--against');
  const local = await rt.definitions(undefined, { offline: true });
  const checked = checkFiles(files, local, against);
  const p = rt.printer();
  const sides = { against: { origin: against.origin, messages: against.schema.messages.size }, local: { origin: rt.originText() } };
  if (p.mode !== 'human') p.data(checkJson(checked, sides));
  else p.line(checkTable(checked, sides).join('\n'));
  return fails(checked) ? EXIT.UNAVAILABLE : EXIT.OK;
}
