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
 * what a bool flag takes (`boolValue`), a field given twice (`given`), how flags become
 * the request's tree (`buildTree`, `setAt`, list elements in `listSlot`), how a value is
 * read (`finish`: the message's format), how an error is worded (`inputError`).
 */
import { readFileSync } from 'node:fs';
import { FormatError, childPath } from '../../format/errors.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import { parseJson } from '../../format/json/lossless-json.js';
import type { FlagTarget } from '../request/flags.js';
import { kebab } from '../request/flags.js';
import { CliError } from '../runtime/errors.js';
import { type GlobalOptions, globalSpec, takeGlobal } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';
import type { RequestPlan } from './plan.js';

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

interface Given {
  target: FlagTarget;
  values: unknown[];
  /** How the flag was typed, for "given twice". */
  typed: string;
}

/** What the words say, before any value is read by the format layer. */
interface Scanned {
  /** Top-level fields of one value, by field name, as typed: the request's tree when nothing else was given. */
  top: Record<string, unknown>;
  /** For `top`: each key and how its flag was typed, in pairs. */
  topTyped: string[];
  /** Other field flags (nested, lists) by path (pathKey). */
  given: Map<string, Given> | undefined;
  /** The text of --args. */
  json?: string;
  /** `--args -`: the text is standard input, still to be read. */
  stdin: boolean;
  help: boolean;
  dryRun: boolean;
  force: boolean;
  globals?: GlobalOptions;
}

type Tree = Record<string, unknown> | unknown[];

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !(v instanceof Uint8Array);

type Fail = (msg: string, hint?: string) => never;

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
 *   that does not parse, or a value the field cannot hold.
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
 *   hold, naming the field (`route.prefix: "10.0.0.300/24" is not …`).
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
    return { value: plan.format.parse(tree, '', table ? { interfaces: table } : {}), help: false, dryRun: s.dryRun, force: s.force, globals: s.globals };
  } catch (e) {
    const error = inputError(plan, e, s, from);
    // Without a table: ask for it; with one that lacks the name: ask once more, fresh.
    if (!(e instanceof FormatError) || e.needs !== 'interfaces' || (table && fresh)) throw error;
    return { need: 'interfaces', fresh: table !== undefined, error, supply: (t) => finish(plan, s, tree, t, table !== undefined, from) };
  }
}

/** The options of every request (not fields): a field of the same name wins, except for -h/--help and --args-json. */
function requestOption(flag: string, bare: string, fieldNames: ReadonlySet<string>): 'help' | 'args' | 'dry-run' | 'force' | undefined {
  if (flag === '-h' || flag === '--help') return 'help';
  if ((bare === 'args' && !fieldNames.has('args')) || bare === 'args-json') return 'args';
  if (bare === 'dry-run' && !fieldNames.has('dry-run')) return 'dry-run';
  if (bare === 'force' && !fieldNames.has('force')) return 'force';
  return undefined;
}

/** Whether `v`, the word after a flag, is its value: there is one, and it is not a flag (`--x`; `--` alone is a value). */
function isValue(v: string | undefined): v is string {
  return v !== undefined && !(v.startsWith('--') && v.length > 2);
}

/**
 * The value after flag `flag` at `words[i]` (the caller steps over it).
 * @throws CliError when there is none, or it is a flag.
 */
function valueAfter(words: readonly string[], i: number, flag: string, fail: Fail): string {
  const v = words[i + 1];
  if (!isValue(v)) return fail(`${flag} needs a value`, v === undefined ? undefined : `a value that starts with -- is written ${flag}=${v}`);
  return v;
}

/**
 * What a bool flag typed without `=` sets: true, or false for its negation (`--no-x`).
 * The word after it is never taken (`--is-add 1` reads `1` as a stray word).
 */
function boolValue(negated: boolean): boolean {
  return !negated;
}

/** Records a flag's value; a list collects its values. @throws CliError for another field given twice. */
function given(s: Scanned, target: FlagTarget, key: string, top: boolean, value: unknown, flag: string, fail: Fail): void {
  if (top) {
    if (!Object.hasOwn(s.top, key)) {
      s.top[key] = value;
      s.topTyped.push(key, flag);
      return;
    }
    const prev = s.topTyped[s.topTyped.indexOf(key) + 1]!;
    twice(prev, flag, target, fail);
  }
  const g = (s.given ??= new Map());
  const prev = g.get(key);
  if (prev && target.kind !== 'list') twice(prev.typed, flag, target, fail);
  if (prev) prev.values.push(value);
  else g.set(key, { target, values: [value], typed: flag });
}

function twice(prev: string, flag: string, target: FlagTarget, fail: Fail): never {
  return fail(`${prev === flag ? flag : `${prev} and ${flag}`} given twice`, `a field takes one value${target.kind === 'object' ? '; give sub-fields as --' + target.name + '.<field>' : ''}`);
}

/**
 * Sorts the words into field flags, request options and global options.
 * @throws CliError for a stray word, an unknown flag, a missing or repeated value.
 */
function scan(plan: RequestPlan, words: readonly string[], from: number, opts: ReadOptions, fail: Fail): Scanned {
  const table = plan.flags;
  const s: Scanned = { top: {}, topTyped: [], given: undefined, stdin: false, help: false, dryRun: false, force: false };
  for (let i = from; i < words.length; i++) {
    const t = words[i]!;
    // A field flag met before on a line of this message (a script's usual case): no spelling to work out.
    const known = table.word(t);
    if (known) {
      const value = known.target.kind === 'bool' ? boolValue(known.negated) : valueAfter(words, i++, t, fail);
      given(s, known.target, known.key, known.top, value, t, fail);
      continue;
    }
    if (t === END_OF_OPTIONS) {
      if (i + 1 < words.length) fail(`unexpected argument ${JSON.stringify(words[i + 1])}`, 'fields are given as --field VALUE');
      break;
    }
    const word = optionWord(t, { numbers: true });
    if (!word) return fail(`unexpected argument ${JSON.stringify(t)}`, `fields are given as --field VALUE: vppapi ${plan.name} --help lists them`);
    const { flag, inline } = word;
    const bare = flag.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
    const next = (): string => (inline !== undefined ? inline : valueAfter(words, i++, flag, fail));
    const own = requestOption(flag, bare, table.fieldNames);
    if (own === 'help') s.help = true;
    else if (own === 'args') {
      const v = next();
      s.stdin = v === '-';
      s.json = s.stdin ? undefined : readJsonArg(v);
    } else if (own === 'dry-run') s.dryRun = true;
    else if (own === 'force') s.force = true;
    else i = fieldOrGlobal(s, plan, words, i, flag, bare, inline, opts, fail);
  }
  return s;
}

/** A flag that names a field (a negation `--no-x` of a bool x included) or a global option; returns the index of its last word. */
function fieldOrGlobal(
  s: Scanned, plan: RequestPlan, words: readonly string[], i: number, flag: string, bare: string, inline: string | undefined, opts: ReadOptions, fail: Fail,
): number {
  const table = plan.flags;
  let r = table.lookup(bare);
  let negated = false;
  if (!r.ok && bare.startsWith('no-')) {
    const pos = table.lookup(bare.slice(3));
    if (pos.ok && pos.target.kind === 'bool') {
      if (inline !== undefined) fail(`${flag} takes no value`);
      r = pos;
      negated = true;
    }
  }
  if (!r.ok) {
    if (globalSpec(flag)) return i + takeGlobal(words, i, (s.globals ??= opts.globals())) - 1;
    return fail(r.error, r.hint);
  }
  const { target } = r;
  const key = pathKey(target.path);
  if (inline === undefined) table.remember(words[i]!, target, key, negated);
  let at = i;
  let value: unknown;
  if (target.kind === 'bool' && inline === undefined) value = boolValue(negated);
  else if (inline !== undefined) value = inline;
  else value = valueAfter(words, at++, flag, fail);
  given(s, target, key, target.path.length === 1 && target.kind !== 'list', value, flag, fail);
  return at;
}

/**
 * The request as a JSON-shaped tree: --args first, then each flag at its place
 * (containers before their sub-fields).
 * @throws CliError for --args that is not an object, or a flag that conflicts with it.
 */
function buildTree(plan: RequestPlan, s: Scanned, fail: Fail): Record<string, unknown> {
  let tree = s.top;
  if (s.json !== undefined) {
    const o = parseJson(s.json, '--args');
    if (!isTree(o) || Array.isArray(o)) {
      fail(`--args: expected a JSON object with the fields of ${plan.name}, not ${jsonKind(o)}`, `vppapi describe ${plan.name} --template prints one`);
    }
    tree = o as Record<string, unknown>;
    for (const k in s.top) tree[k] = s.top[k];
  }
  if (!s.given) return tree;
  // Containers before their sub-fields: `--route '{…}' --route.prefix …` in any order (the sort is stable).
  const entries = [...s.given.values()].sort((a, b) => a.target.path.length - b.target.path.length);
  for (const gv of entries) {
    // A list flag given once is the whole list (`1,2` or `[…]`), unless its value is one
    // JSON object: then it is one element, as when the flag is repeated.
    const list = gv.target.kind === 'list';
    const one = list && gv.values.length === 1 && typeof gv.values[0] === 'string' && /^\s*\{/.test(gv.values[0]);
    const v = list && (gv.values.length > 1 || one) ? gv.values : gv.values[0];
    setAt(tree, gv.target, v, fail);
  }
  return tree;
}

/**
 * Puts a flag's value at its place in the JSON-shaped tree: objects and lists are made
 * on the way, a container given earlier as JSON text is parsed first.
 */
function setAt(tree: Record<string, unknown>, target: FlagTarget, value: unknown, fail: Fail): void {
  let node: Tree = tree;
  const path = target.path;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const wantList = typeof path[i + 1] === 'number';
    let child = (node as Record<string | number, unknown>)[seg];
    if (typeof child === 'string' && /^\s*[[{]/.test(child)) child = parseJson(child, `--${kebab(pathKey(path.slice(0, i + 1)))}`);
    if (child === undefined || child === null) child = wantList ? [] : {};
    if (!isTree(child) || Array.isArray(child) !== wantList) {
      fail(`--${target.name} conflicts with the value given for --${kebab(pathKey(path.slice(0, i + 1)))}`);
    }
    (node as Record<string | number, unknown>)[seg] = child;
    node = child as Tree;
  }
  const last = path[path.length - 1]!;
  (node as Record<string | number, unknown>)[last] = value;
  if (Array.isArray(node)) listSlot(node);
}

/** A list after an indexed element was set: elements before it that nobody gave are empty objects (zeros, defaults). */
function listSlot(list: unknown[]): void {
  for (let i = 0; i < list.length; i++) if (!(i in list) || list[i] === undefined) list[i] = {};
}

/** A FormatError in terms of what was typed (a CliError); anything else as it is. */
function inputError(plan: RequestPlan, e: unknown, s: Scanned, from: 'flags' | 'body'): unknown {
  if (!(e instanceof FormatError)) return e;
  const text = from === 'body' ? e.message : describeInputError(e, s);
  return new CliError(`${plan.name}: ${text}`, undefined, undefined, { cause: e });
}

/** Whether the value at path key `q` came from a flag. */
function fromFlag(s: Scanned, q: string): boolean {
  if (s.given?.has(q)) return true;
  for (let i = 0; i < s.topTyped.length; i += 2) if (s.topTyped[i] === q) return true;
  return false;
}

/** The error in terms of what was typed: `--route.prefix: …` for flags, `--args: route.prefix: …` for JSON. */
function describeInputError(e: FormatError, s: Scanned): string {
  const p = e.path;
  const rest = p !== '' && e.message.startsWith(`${p}: `) ? e.message.slice(p.length + 2) : e.message;
  for (let q = p; q !== ''; q = parentPath(q)) {
    if (fromFlag(s, q)) return `--${kebab(p)}: ${rest}`;
  }
  if (p === '--args') return e.message;
  return `--args: ${e.message}`;
}

function parentPath(p: string): string {
  const m = /^(.*)(?:\.[^.[\]]+|\[\d+\])$/.exec(p);
  return m ? m[1]! : '';
}

/** `['route', 'paths', 0, 'sw_if_index']` → `route.paths[0].sw_if_index` (FormatError's path form). */
function pathKey(path: readonly (string | number)[]): string {
  return path.length === 1 ? String(path[0]) : path.reduce<string>((p, seg) => childPath(p, seg), '');
}

/** What a JSON value is, for "expected an object, not …". */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 40)})`;
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)})`;
  if (v === undefined) return 'nothing';
  return `${typeof v === 'boolean' ? 'a boolean' : typeof v === 'object' ? 'an object' : 'a number'} (${String(v)})`;
}

/**
 * The text of `--args`: JSON itself, or `@path` for a file (`-`, standard input, is a Need).
 * @throws CliError (exit 2) when the file cannot be read.
 */
function readJsonArg(v: string): string {
  if (v.startsWith('@')) {
    try {
      return readFileSync(v.slice(1), 'utf8');
    } catch (e) {
      throw new CliError(`--args ${v}: cannot read ${v.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, undefined, undefined, { cause: e });
    }
  }
  return v;
}
