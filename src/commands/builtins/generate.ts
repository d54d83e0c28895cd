/**
 * `vppapi generate ts --out DIR [--modules a,b] [--builtin]`: typed TypeScript bindings
 * of the definitions vppapi would use (--api-dir, VPP's get_api_json, or the built-in set
 * with --builtin or --emulator), one file per module plus index.ts (see
 * client/typegen/index.ts). Files of the same names in DIR are replaced; others are left.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema } from '../../client/schema/load.js';
import type { Schema } from '../../client/schema/model.js';
import { SelectionError, generateTs } from '../../client/typegen/index.js';
import { BUILTIN_ORIGIN_TEXT, builtinDefinitions } from '../runtime/definitions.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';
import { fsReason } from '../../client/fs-reason.js';
import { makeDirs } from '../../client/make-dirs.js';

type Opts = Record<string, unknown>;

/** `--modules a,b` → ['a', 'b']. @throws CliError (2) for an empty list. */
function moduleList(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const list = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new CliError(`--modules: ${JSON.stringify(v)} names no module`, EXIT.USAGE, 'e.g. --modules interface,ip');
  return list;
}

/** @throws CliError (2) when `dir` is given as something that is not a directory, or cannot be made. */
function outDir(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new CliError('generate ts: --out DIR is required', EXIT.USAGE, 'e.g. vppapi generate ts --out src/vpp');
  try {
    if (!statSync(v).isDirectory()) throw new CliError(`--out: ${v} exists and is not a directory`, EXIT.USAGE);
  } catch (e) {
    if (e instanceof CliError) throw e;
    try {
      makeDirs(v);
    } catch (e2) {
      throw new CliError(`--out: cannot make directory ${v}: ${fsReason(e2)}`, EXIT.USAGE, undefined, { cause: e2 });
    }
  }
  return v;
}

async function definitions(rt: Runtime, builtin: boolean): Promise<{ schema: Schema; origin: string }> {
  if (builtin) return { schema: loadSchema(await builtinDefinitions()).schema, origin: BUILTIN_ORIGIN_TEXT };
  const schema = await rt.definitions();
  return { schema, origin: rt.originText() };
}

async function ts(rt: Runtime, _args: string[], opts: Opts): Promise<number> {
  const modules = moduleList(opts.modules);
  const dir = outDir(opts.out);
  const { schema, origin } = await definitions(rt, opts.builtin === true);
  let files;
  try {
    files = generateTs(schema, { modules, origin });
  } catch (e) {
    if (e instanceof SelectionError) throw new CliError(`--modules: ${e.message}`, EXIT.USAGE, 'vppapi help lists the modules');
    throw e;
  }
  for (const f of files) {
    try {
      writeFileSync(join(dir, f.name), f.text);
    } catch (e) {
      throw new CliError(`cannot write ${join(dir, f.name)}: ${fsReason(e)}`, EXIT.USAGE, undefined, { cause: e });
    }
  }
  const requests = [...schema.services.values()].filter((s) => files.some((f) => f.name === `${schema.messages.get(s.request)?.module}.ts`)).length;
  const p = rt.printer();
  if (p.mode !== 'human') p.data({ out: dir, origin, files: files.map((f) => f.name), requests });
  else p.note(`wrote ${files.length} files (${files.length - 1} modules and index.ts) to ${dir} from ${origin}: ${requests} requests in VppApi`);
  return EXIT.OK;
}

export const subcommands = {
  ts: (rt: Runtime, args: string[], opts: Opts) => ts(rt, args, opts),
};
