/**
 * The one argument reader: a request's words (or a JSON body) → its value, checked
 * before anything is sent. It waits for nothing: where a line needs something from
 * outside (standard input for `--args -`, VPP's interface table for a FIB path that names
 * an interface) it returns a Need saying so, which the caller supplies; readArgsWaiting
 * does that for callers that may wait.
 *
 * | typed                                  | means                                        |
 * |----------------------------------------|----------------------------------------------|
 * | `--sw-if-index 1`, `--sw_if_index=1`   | a field (kebab or snake case)                |
 * | `--is-add`, `--no-is-add`, `--is-add=no` | a bool field                               |
 * | `--route.prefix 10.0.0.0/24`           | a field inside a struct                      |
 * | `--mtu 1 --mtu 2`, `--mtu 1,2`         | a list, repeated or comma-separated          |
 * | `--route.paths[1].sw-if-index 2`       | a field of one list element                  |
 * | `--args '{…}'`, `--args -`, `--args @f` | every field from JSON (text, stdin, a file); flags override it |
 * | `--dry-run`                            | print the request as JSON, send nothing      |
 * | `--force`                              | send a request known to harm VPP anyway      |
 * | `-h`, `--help`                         | the message's help                           |
 * | global options (`--json`, `--socket`…) | as before the message name, unless a field has the name |
 *
 * A value starting with `--` must be written `--flag=--value`. Values are read by the
 * format layer (one table for flags, completion and output); errors name the flag, the
 * value and what was expected.
 *
 * Where each rule lives (one place each): which word is a flag's value (`valueAfter`),
 * what a bool flag takes (`boolValue`), a field given twice (`given`), all in
 * read-words.ts; how flags become the request's tree (`buildTree`, `setAt`, list
 * elements in `listSlot`) and how an error is worded (`inputError`) in read-tree.ts; how
 * a value is read (`finish`: the message's format) here.
 */
import { FormatError } from '../../format/errors.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import { CliError } from '../runtime/errors.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { RequestPlan } from './plan.js';
import { type Fail, type Scanned, buildTree, inputError, isTree, jsonKind } from './read-tree.js';
import { scan } from './read-words.js';
import { checkDefinedValues } from './defined-values.js';

/** A request read whole. */
export interface Args {
  /** The request's body in the codec's value form (defaults are the codec's business). */
  value: Record<string, unknown>;
  help: boolean;
  dryRun: boolean;
  /** `--force`: send a request known to harm VPP anyway. */
  force: boolean;
  /** What ReadOptions.globals gave, with the line's global options applied; undefined when the words held none. */
  globals?: GlobalOptions;
  /** The value came in part from a file (`--args @file`): reading the same words again may give another. */
  readsFile?: boolean;
}

/** What the words need before they can be read; `supply` it and the reading goes on. */
export type Need =
  | { readonly need: 'stdin'; readonly error: CliError; supply(text: string): Args | Need }
  | { readonly need: 'interfaces'; readonly fresh: boolean; readonly error: unknown; supply(table: InterfaceTable): Args | Need };

export interface ReadOptions {
  /** The options a global flag among the words is applied to: called once, at the first such flag. */
  globals: () => GlobalOptions;
}

export interface Sources {
  /** Standard input, whole (`--args -`). */
  readStdin?: () => Promise<string>;
  /** VPP's interface table, fresh when the last one lacked a name. */
  interfaces?: (fresh: boolean) => Promise<InterfaceTable>;
}

export const isNeed = (r: Args | Need): r is Need => (r as Need).need !== undefined;

function failFor(plan: RequestPlan): Fail {
  return (msg, hint) => {
    throw new CliError(`${plan.name}: ${msg}`, undefined, hint);
  };
}

/**
 * Reads `words` from index `from` on (the flags after the message name) as a request of
 * `plan`, without waiting: the request, or what it needs first. Global options among the
 * words are applied to what `opts.globals` gives.
 * @throws CliError (exit 2) naming the flag, the value and what was expected, for an
 *   unknown flag (with a suggestion), a missing or repeated value, a stray word, JSON
 *   that does not parse, a value the field cannot hold, or an enum number or flag bit
 *   its definition does not give (defined-values.ts).
 */
export function readArgs(plan: RequestPlan, words: readonly string[], from: number, opts: ReadOptions): Args | Need {
  const fail = failFor(plan);
  const s = scan(plan, words, from, opts, fail);
  if (s.help) return { value: {}, help: true, dryRun: s.dryRun, force: s.force, globals: s.globals };
  if (s.stdin) return stdinNeed(plan, s, fail);
  return finish(plan, s, buildTree(plan, s, fail), undefined, false);
}

/**
 * A JSON body (the `--json` form, as `--args` takes it) read as a request of `plan`:
 * what an HTTP caller sends. No request option applies (help, dry-run, force are the
 * caller's).
 * @throws CliError (exit 2) for a body that is not an object or a value a field cannot
 *   hold (or an enum number or flag bit its definition does not give), naming the field
 *   (`route.prefix: "10.0.0.300/24" is not …`).
 */
export function readJson(plan: RequestPlan, body: unknown): Args | Need {
  if (!isTree(body) || Array.isArray(body)) {
    throw new CliError(`${plan.name}: expected a JSON object with the fields of ${plan.name}, not ${jsonKind(body)}`, undefined, `vppapi describe ${plan.name} --template prints one`);
  }
  const s: Scanned = { top: {}, topTyped: [], given: undefined, stdin: false, help: false, dryRun: false, force: false };
  return finish(plan, s, body as Record<string, unknown>, undefined, false, 'body');
}

/**
 * readArgs, waiting for what the words need (standard input, the interface table).
 * @throws as readArgs; the input error when a need cannot be met (no source for it, or
 *   a name the fresh table lacks too); what the sources throw.
 */
export async function readArgsWaiting(plan: RequestPlan, words: readonly string[], from: number, opts: ReadOptions, sources: Sources): Promise<Args> {
  return supplied(readArgs(plan, words, from, opts), sources);
}

/** `r` once every need is met from `sources`. @throws as readArgsWaiting. */
export async function supplied(r: Args | Need, sources: Sources): Promise<Args> {
  while (isNeed(r)) {
    if (r.need === 'stdin') r = r.supply(sources.readStdin ? await sources.readStdin() : '');
    else if (!sources.interfaces) throw r.error;
    else r = r.supply(await sources.interfaces(r.fresh));
  }
  return r;
}

function stdinNeed(plan: RequestPlan, s: Scanned, fail: Fail): Need {
  return {
    need: 'stdin',
    error: new CliError('--args -: standard input is empty', undefined, "pipe the JSON in: echo '{…}' | vppapi <message> --args -"),
    supply(text) {
      if (text.trim() === '') throw this.error;
      s.json = text;
      return finish(plan, s, buildTree(plan, s, fail), undefined, false);
    },
  };
}

/** The tree read by the message's format; a Need when a value names an interface and the table is missing or lacks it. */
function finish(plan: RequestPlan, s: Scanned, tree: Record<string, unknown>, table: InterfaceTable | undefined, fresh: boolean, from: 'flags' | 'body' = 'flags'): Args | Need {
  try {
    const value = plan.format.parse(tree, '', table ? { interfaces: table } : {});
    checkDefinedValues(plan.def.bodyFields, value);
    return { value, help: false, dryRun: s.dryRun, force: s.force, globals: s.globals, readsFile: s.file };
  } catch (e) {
    const error = inputError(plan, e, s, from);
    // Without a table: ask for it; with one that lacks the name: ask once more, fresh.
    if (!(e instanceof FormatError) || e.needs !== 'interfaces' || (table && fresh)) throw error;
    return { need: 'interfaces', fresh: table !== undefined, error, supply: (t) => finish(plan, s, tree, t, table !== undefined, from) };
  }
}
