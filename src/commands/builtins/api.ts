/**
 * `vppapi api diff OLD NEW` and `vppapi api export --out DIR`: the API across VPP
 * releases. Each side of a diff is a DEFS form of upgrade/defs.ts; the comparison is
 * client/schema/diff, the forms format/diff.
 *
 * | --fail-on        | exit 1 when                                               |
 * |------------------|-----------------------------------------------------------|
 * | incompatible (default) | a message is incompatible by VPP's CRC checker rule |
 * | any              | anything differs (messages, status, types, module versions) |
 * | none             | never                                                     |
 */
import { diffSchemas, type SchemaDiff } from '../../client/schema/diff/index.js';
import { parseApiJsonArray } from '../../client/schema/load.js';
import { diffJson, diffMarkdown, diffTable, messageJson, type DiffSides } from '../../format/diff/index.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { liveDefinitionsAt, liveDefinitionsOf, loadDefs, type LoadedDefs } from '../upgrade/defs.js';
import { againstTargets, oneTargetDefs } from '../upgrade/against-targets.js';
import { exportDefinitions } from '../upgrade/export.js';
import { fsReason } from '../../client/fs-reason.js';

type Opts = Record<string, unknown>;

const FAIL_ON = ['any', 'incompatible', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** @throws CliError (exit 2) for a value other than any, incompatible or none. */
function failOn(v: unknown): FailOn {
  const s = v === undefined ? 'incompatible' : String(v);
  if ((FAIL_ON as readonly string[]).includes(s)) return s as FailOn;
  throw new CliError(`--fail-on: ${JSON.stringify(s)} is not one of ${FAIL_ON.join(', ')}`, EXIT.USAGE, 'incompatible (the default) fails on changes VPP\'s CRC checker counts; any on every difference; none never');
}

/** Reports definitions a side left out (they are not compared). */
export function warnLeftOut(p: Printer, label: string, d: LoadedDefs): void {
  if (d.errors.length === 0) return;
  p.warn(`${label} ${d.origin}: ${d.errors.length} definition(s) left out: ${d.errors.slice(0, 3).map((e) => e.message).join('; ')}${d.errors.length > 3 ? '; …' : ''}`);
}

function differs(d: SchemaDiff): boolean {
  return d.messages.length > 0 || d.statusOnly.length > 0 || d.types.length > 0 || d.modules.length > 0;
}

/**
 * One side of a diff: a DEFS of upgrade/defs.ts, or one target (`ssh://`, `exec:`,
 * `unix:`, a name from the targets file) whose live definitions are fetched through it.
 * @throws CliError (exit 2) for a group (a diff has two sides, one VPP each) and as
 *   loadDefs; TargetError for a bad target text; the target's connection errors.
 */
async function sideDefs(rt: Runtime, arg: string, label: string): Promise<LoadedDefs> {
  const t = againstTargets(rt, arg);
  if (!t) return loadDefs(rt, arg, label);
  if (t.fleet) throw new CliError(`${label}: ${arg} names ${t.entries.length} targets: a diff compares two sets of definitions, one VPP each`, EXIT.USAGE, `name one of them: ${t.entries.map((e) => e.name).join(', ')}`);
  return oneTargetDefs(rt, t.entries[0]!);
}

/**
 * `api diff OLD NEW`: 0, or 1 per --fail-on.
 * @throws CliError (exit 2) for a bad --fail-on or DEFS; the connection errors of a live side.
 */
export async function diff(rt: Runtime, args: string[], opts: Opts): Promise<number> {
  const when = failOn(opts.failOn);
  const [a, b] = [args[0]!, args[1]!];
  const p = rt.printer();
  const old = await sideDefs(rt, a, 'OLD');
  const neu = await sideDefs(rt, b, 'NEW');
  warnLeftOut(p, 'OLD', old);
  warnLeftOut(p, 'NEW', neu);
  const d = diffSchemas(old.schema, neu.schema);
  const sides: DiffSides = { old: { origin: old.origin, messages: old.schema.messages.size }, new: { origin: neu.origin, messages: neu.schema.messages.size } };
  if (opts.markdown) p.line(diffMarkdown(d, sides).join('\n'));
  else if (p.mode === 'json') p.data(diffJson(d, sides));
  else if (p.mode === 'jsonl') for (const m of [...d.messages, ...d.statusOnly]) p.data(messageJson(m));
  else p.line(diffTable(d, sides).join('\n'));
  if (when === 'none') return EXIT.OK;
  const fail = when === 'any' ? differs(d) : d.counts.incompatible > 0;
  return fail ? EXIT.RETVAL : EXIT.OK;
}

/**
 * `api export [SOCKET] --out DIR`.
 * @throws CliError (exit 2) without --out, for a VPP without get_api_json, or a DIR that cannot be written; the connection errors.
 */
export async function exportApi(rt: Runtime, args: string[], opts: Opts): Promise<number> {
  const out = typeof opts.out === 'string' ? opts.out : undefined;
  if (!out) throw new CliError('api export: --out DIR is required', EXIT.USAGE, 'vppapi api export --out ./vpp-api (then vppapi api diff ./vpp-api /usr/share/vpp/api)');
  const from = args[0];
  const live = from ? await liveDefinitionsAt(from, rt.globals.timeoutMs) : await liveDefinitionsOf(await rt.session());
  const sources = parseApiJsonArray(live.json, 'get_api_json');
  let written;
  try {
    written = exportDefinitions(sources, out, live.version);
  } catch (e) {
    throw new CliError(`api export: cannot write to ${out}: ${fsReason(e)}`, EXIT.USAGE, undefined, { cause: e });
  }
  const p = rt.printer();
  for (const s of written.skipped) p.warn(s);
  if (p.mode !== 'human') p.data({ out, files: written.files.length, modules: sources.length, skipped: written.skipped });
  else p.line(`${written.files.length} modules written to ${out} (core/, plugins/)`);
  return EXIT.OK;
}

export const subcommands = { diff, export: exportApi };
