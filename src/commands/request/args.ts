/**
 * A message's command line → the request's value, checked before anything is sent.
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
 */
import { readFileSync } from 'node:fs';
import type { MessageDef } from '../../client/schema/model.js';
import { FormatError, childPath } from '../../format/errors.js';
import { parseJson } from '../../format/json/lossless-json.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import { isBoolWord } from '../../format/values/numbers.js';
import type { MessageFormat } from '../../format/type-formats/message-format.js';
import { type FormatRegistry, defaultRegistry } from '../../format/type-formats/format-registry.js';
import { CliError } from '../runtime/errors.js';
import { type FlagLookup, type FlagTarget, kebab, messageFlags, resolveFlag } from './flags.js';
import { type GlobalOptions, globalSpec, takeGlobal } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';
import { fsReason } from '../../client/fs-reason.js';

export interface MessageArgs {
  /** The request's body in the codec's value form (defaults are the codec's business). */
  value: Record<string, unknown>;
  help: boolean;
  dryRun: boolean;
  /** `--force`: send a request known to harm VPP anyway. */
  force: boolean;
}

export interface ParseArgsOptions {
  registry?: FormatRegistry;
  /** Reads standard input whole, for `--args -`. */
  readStdin?: () => Promise<string>;
  /** The request is a want_* whose pid the session fills. */
  fillsPid?: boolean;
  /**
   * The interface table, asked for only when a value names an interface (a FIB path
   * `via 10.0.0.2 loop0`); without it such a value is refused.
   */
  interfaces?: (fresh: boolean) => Promise<InterfaceTable>;
  /** What earlier lines of the same message worked out (exec, the shell): see ArgsCache. */
  cache?: ArgsCache;
}

/**
 * Per message (and registry): its field names and every flag spelling already resolved,
 * so that a script's 20,000 lines of one message look each flag up once. What a lookup
 * returns depends on the definition and the spelling alone.
 */
export class ArgsCache {
  fieldNames: ReadonlySet<string> | undefined;
  readonly lookups = new Map<string, FlagLookup>();
  /** A field flag typed without `=`, as typed (`--sw-if-index`): what it names, worked out once. */
  readonly fieldTokens = new Map<string, FieldToken>();
}

/** A token that names a field: its target, the target's pathKey, and the value a negation (`--no-x`) gives. */
interface FieldToken {
  target: FlagTarget;
  key: string;
  negated: boolean;
}

interface Given {
  target: FlagTarget;
  values: unknown[];
  /** How the flag was typed, for "given twice". */
  typed: string;
}

type Tree = Record<string, unknown> | unknown[];

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !(v instanceof Uint8Array);

type Fail = (msg: string, hint?: string) => never;

/** What the tokens say, before any value is read by the format layer. */
interface Scanned {
  /** Field flags by path (pathKey). */
  given: Map<string, Given>;
  /** The text of --args. */
  json?: string;
  /** `--args -`: the text is standard input, still to be read. */
  stdin?: boolean;
  help: boolean;
  dryRun: boolean;
  force: boolean;
}

/** The options of every request (not fields): a field of the same name wins, except for -h/--help and --args-json. */
function requestOption(flag: string, bare: string, fieldNames: ReadonlySet<string>): 'help' | 'args' | 'dry-run' | 'force' | undefined {
  if (flag === '-h' || flag === '--help') return 'help';
  if ((bare === 'args' && !fieldNames.has('args')) || bare === 'args-json') return 'args';
  if (bare === 'dry-run' && !fieldNames.has('dry-run')) return 'dry-run';
  if (bare === 'force' && !fieldNames.has('force')) return 'force';
  return undefined;
}

/**
 * The field that flag `bare` names, `--no-x` for a bool x included (its value false).
 * @throws CliError for a value given to such a negation.
 */
function fieldFlag(def: MessageDef, flag: string, bare: string, inline: string | undefined, registry: FormatRegistry, known: () => string[], fail: Fail, cache?: ArgsCache): { r: FlagLookup; value?: unknown } {
  const lookup = (b: string): FlagLookup => {
    let l = cache?.lookups.get(b);
    if (!l) {
      l = resolveFlag(def, b, registry, known);
      cache?.lookups.set(b, l);
    }
    return l;
  };
  const r = lookup(bare);
  if (!r.ok && bare.startsWith('no-')) {
    const pos = lookup(bare.slice(3));
    if (pos.ok && pos.target.kind === 'bool') {
      if (inline !== undefined) fail(`${flag} takes no value`);
      return { r: pos, value: false };
    }
  }
  return { r };
}

/** Records `value` for `target` (at pathKey `key`); a list collects its values. @throws CliError for another field given twice. */
function addGiven(given: Map<string, Given>, target: FlagTarget, key: string, value: unknown, flag: string, fail: Fail): void {
  const prev = given.get(key);
  if (prev && target.kind !== 'list') {
    fail(`${prev.typed === flag ? flag : `${prev.typed} and ${flag}`} given twice`, `a field takes one value${target.kind === 'object' ? '; give sub-fields as --' + target.name + '.<field>' : ''}`);
  }
  if (prev) prev.values.push(value);
  else given.set(key, { target, values: [value], typed: flag });
}

/**
 * The word after boolean flag `tokens[i]` when it is a boolean word (`--is-add false`,
 * yes/no, on/off, 1/0), which then is the flag's value; undefined otherwise (the flag
 * alone means true). Throws nothing.
 */
function boolAfter(tokens: readonly string[], i: number): string | undefined {
  const v = tokens[i + 1];
  return isBoolWord(v) ? v : undefined;
}

/** Whether `v`, the word after a flag, is its value: there is one, and it is not a flag (`--x`; `--` alone is a value). */
function isValue(v: string | undefined): v is string {
  return v !== undefined && !(v.startsWith('--') && v.length > 2);
}

/**
 * The value after flag `flag` at `tokens[i]` (the caller steps over it).
 * @throws CliError when there is none, or it is a flag.
 */
function valueAfter(tokens: readonly string[], i: number, flag: string, fail: Fail): string {
  const v = tokens[i + 1];
  if (!isValue(v)) return fail(`${flag} needs a value`, v === undefined ? undefined : `a value that starts with -- is written ${flag}=${v}`);
  return v;
}

/**
 * Sorts `tokens` into field flags, request options and global options (applied to `g`).
 * @throws CliError for a stray word, an unknown flag, a missing or repeated value.
 */
function scanTokens(def: MessageDef, tokens: readonly string[], g: GlobalOptions, opts: ParseArgsOptions, fail: Fail, from = 0): Scanned {
  const registry = opts.registry ?? defaultRegistry;
  const cache = opts.cache;
  const fieldNames = cache?.fieldNames ?? new Set(def.bodyFields.map((f) => kebab(f.name)));
  if (cache) cache.fieldNames = fieldNames;
  // The flag list (for "did you mean") is built only when a flag is not found.
  let knownNames: string[] | undefined;
  const known = (): string[] => (knownNames ??= messageFlags(def, registry, opts.fillsPid).map((f) => f.name));
  const s: Scanned = { given: new Map(), help: false, dryRun: false, force: false };
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A field flag seen before on a line of this message (a script's usual case): no spelling to work out.
    const known_ = cache?.fieldTokens.get(t);
    if (known_) {
      const { target } = known_;
      const value = known_.negated ? false : target.kind === 'bool' ? boolAfter(tokens, i) ?? true : valueAfter(tokens, i++, t, fail);
      if (!known_.negated && target.kind === 'bool' && value !== true) i++;
      addGiven(s.given, target, known_.key, value, t, fail);
      continue;
    }
    if (t === END_OF_OPTIONS) {
      if (i + 1 < tokens.length) fail(`unexpected argument ${JSON.stringify(tokens[i + 1])}`, 'fields are given as --field VALUE');
      break;
    }
    const word = optionWord(t, { numbers: true });
    if (!word) {
      return fail(`unexpected argument ${JSON.stringify(t)}`, `fields are given as --field VALUE: vppapi ${def.name} --help lists them`);
    }
    const { flag, inline } = word;
    const bare = flag.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
    const next = (): string => (inline !== undefined ? inline : valueAfter(tokens, i++, flag, fail));
    const own = requestOption(flag, bare, fieldNames);
    if (own === 'help') s.help = true;
    else if (own === 'args') {
      const v = next();
      s.stdin = v === '-';
      s.json = s.stdin ? undefined : readJsonArg(v);
    }
    else if (own === 'dry-run') s.dryRun = true;
    else if (own === 'force') s.force = true;
    else {
      const { r, value } = fieldFlag(def, flag, bare, inline, registry, known, fail, cache);
      if (r.ok) {
        const key = pathKey(r.target.path);
        if (inline === undefined && cache) cache.fieldTokens.set(t, { target: r.target, key, negated: value === false });
        const word = value === undefined && r.target.kind === 'bool' && inline === undefined ? boolAfter(tokens, i) : undefined;
        if (word !== undefined) i++;
        addGiven(s.given, r.target, key, value ?? word ?? (r.target.kind === 'bool' && inline === undefined ? true : next()), flag, fail);
      }
      else if (globalSpec(flag)) i += takeGlobal(tokens, i, g) - 1;
      else fail(r.error, r.hint);
    }
  }
  return s;
}

/**
 * The request as a JSON-shaped tree: --args first, then each flag at its place
 * (containers before their sub-fields). Also the paths given by flags (the keys of
 * `s.given`), for the errors.
 * @throws CliError for --args that is not an object, or a flag that conflicts with it.
 */
function buildTree(def: MessageDef, s: Scanned, fail: Fail): { tree: Record<string, unknown>; fromFlags: ReadonlyMap<string, unknown> } {
  let tree: Record<string, unknown> = {};
  if (s.json !== undefined) {
    const o = parseJson(s.json, '--args');
    if (!isTree(o) || Array.isArray(o)) {
      fail(`--args: expected a JSON object with the fields of ${def.name}, not ${jsonKind(o)}`, `vppapi describe ${def.name} --template prints one`);
    }
    tree = o as Record<string, unknown>;
  }
  // Containers before their sub-fields: `--route '{…}' --route.prefix …` in any order.
  // The sort is stable: when every flag is a top-level field (a script's usual line) the
  // order stays as given, so the copy and sort are skipped.
  let entries: Iterable<Given> = s.given.values();
  for (const gv of s.given.values()) {
    if (gv.target.path.length > 1) {
      entries = [...s.given.values()].sort((a, b) => a.target.path.length - b.target.path.length);
      break;
    }
  }
  for (const gv of entries) {
    // A list flag given once is the whole list (`1,2` or `[…]`), unless its value is one
    // JSON object: then it is one element, as when the flag is repeated.
    const list = gv.target.kind === 'list';
    const one = list && gv.values.length === 1 && typeof gv.values[0] === 'string' && /^\s*\{/.test(gv.values[0]);
    const v = list && (gv.values.length > 1 || one) ? gv.values : gv.values[0];
    setAt(tree, gv.target, v, fail);
  }
  const gap = firstGap(tree, []);
  if (gap) {
    const list = `--${kebab(pathKey(gap.path))}`;
    fail(`${list}[${gap.missing}] is missing: ${list}[${gap.next}] was given, and a list has no gaps (nothing is sent for an element not written)`,
      `number the elements from [0] on without gaps, or give the whole list as JSON: ${list} '[…]'`);
  }
  return { tree, fromFlags: s.given };
}

/**
 * The first list in `node` with an element nobody gave (`--r[0]… --r[2]…` leaves r[1]
 * out): its path, the missing index and the next one given. Throws nothing.
 */
function firstGap(node: unknown, path: (string | number)[]): { path: (string | number)[]; missing: number; next: number } | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      if (i in node && node[i] !== undefined) continue;
      let next = i + 1;
      while (next < node.length && !(next in node)) next++;
      return { path, missing: i, next };
    }
    for (let i = 0; i < node.length; i++) {
      const g = firstGap(node[i], [...path, i]);
      if (g) return g;
    }
    return undefined;
  }
  if (node !== null && typeof node === 'object' && !ArrayBuffer.isView(node)) {
    for (const [k, v] of Object.entries(node)) {
      const g = firstGap(v, [...path, k]);
      if (g) return g;
    }
  }
  return undefined;
}

/**
 * Reads a message's flags (the tokens after its name). Global options found among them
 * are applied to `g`.
 * @throws CliError (exit 2) naming the flag, the value and what was expected, for an
 *   unknown flag (with a suggestion), a missing or repeated value, a stray word, JSON
 *   that does not parse, or a value the field cannot hold.
 */
export async function parseMessageArgs(
  def: MessageDef,
  format: MessageFormat,
  tokens: readonly string[],
  g: GlobalOptions,
  opts: ParseArgsOptions = {},
): Promise<MessageArgs> {
  const fail = failFor(def);
  const s = scanTokens(def, tokens, g, opts, fail);
  if (s.stdin) s.json = await stdinJson(opts.readStdin);
  const { help, dryRun, force } = s;
  if (help) return { value: {}, help, dryRun, force };
  const { tree, fromFlags } = buildTree(def, s, fail);
  try {
    return { value: await parseTree(format, tree, opts.interfaces), help, dryRun, force };
  } catch (e) {
    throw inputError(def, e, fromFlags);
  }
}

/**
 * parseMessageArgs without waiting for anything, of the tokens from index `from` on: undefined (nothing read, nothing
 * applied to `g` that matters) for a line that needs standard input (`--args -`) or
 * VPP's interface table, which only parseMessageArgs reads. Per line of a script, this
 * saves the promises and their turns of the event loop.
 * @throws as parseMessageArgs.
 */
export function parseMessageArgsSync(
  def: MessageDef, format: MessageFormat, tokens: readonly string[], g: GlobalOptions, opts: ParseArgsOptions = {}, from = 0,
): MessageArgs | undefined {
  const fail = failFor(def);
  const s = scanTokens(def, tokens, g, opts, fail, from);
  if (s.stdin) return undefined;
  const { help, dryRun, force } = s;
  if (help) return { value: {}, help, dryRun, force };
  const { tree, fromFlags } = buildTree(def, s, fail);
  try {
    return { value: format.parse(tree, '', {}), help, dryRun, force };
  } catch (e) {
    if (e instanceof FormatError && e.needs === 'interfaces') return undefined;
    throw inputError(def, e, fromFlags);
  }
}

/**
 * The request's value for a line whose every flag is a top-level field already seen on
 * a line of this message (`--sw-if-index 1 --flags up`: the most common line of a script),
 * read without the general reader's bookkeeping. Undefined for any other line, and for
 * one whose value the format refuses: parseMessageArgsSync then reads it as usual and
 * reports what is wrong in the same words. Applies no global option (there is none in
 * such a line). Throws nothing.
 */
export function parseCachedLine(format: MessageFormat, tokens: readonly string[], from: number, cache: ArgsCache): Record<string, unknown> | undefined {
  const tree: Record<string, unknown> = {};
  for (let i = from; i < tokens.length; i++) {
    const known = cache.fieldTokens.get(tokens[i]!);
    if (!known || known.target.path.length !== 1) return undefined;
    const { kind } = known.target;
    if (kind === 'list' || kind === 'object') return undefined;
    const key = known.key;
    // Given twice: the general reader says so.
    if (Object.hasOwn(tree, key)) return undefined;
    if (known.negated) tree[key] = false;
    else if (kind === 'bool' && isBoolWord(tokens[i + 1])) tree[key] = tokens[++i];
    else if (kind === 'bool') tree[key] = true;
    else {
      const v = tokens[i + 1];
      if (!isValue(v)) return undefined;
      tree[key] = v;
      i++;
    }
  }
  try {
    return format.parse(tree, '', {});
  } catch {
    return undefined;
  }
}

function failFor(def: MessageDef): Fail {
  return (msg, hint) => {
    throw new CliError(`${def.name}: ${msg}`, undefined, hint);
  };
}

/** A FormatError in terms of what was typed (a CliError); anything else as it is. */
function inputError(def: MessageDef, e: unknown, fromFlags: ReadonlyMap<string, unknown>): unknown {
  if (!(e instanceof FormatError)) return e;
  return new CliError(`${def.name}: ${describeInputError(e, fromFlags)}`, undefined, undefined, { cause: e });
}

/** The tree read by the message's format; again with the interface table when a value names an interface. */
async function parseTree(format: MessageFormat, tree: Record<string, unknown>, interfaces: ParseArgsOptions['interfaces']): Promise<Record<string, unknown>> {
  let fresh = false;
  for (let table: InterfaceTable | undefined; ; fresh = true) {
    try {
      return format.parse(tree, '', { interfaces: table });
    } catch (e) {
      // Without a table: ask for it; with one that lacks the name: ask once more, fresh.
      if (!(e instanceof FormatError) || e.needs !== 'interfaces' || !interfaces || (table && fresh)) throw e;
      table = await interfaces(table !== undefined);
    }
  }
}

/** What a JSON value is, for "expected an object, not …". */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 40)})`;
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)})`;
  return `${typeof v === 'boolean' ? 'a boolean' : 'a number'} (${String(v)})`;
}

/** `['route', 'paths', 0, 'sw_if_index']` → `route.paths[0].sw_if_index` (FormatError's path form). */
function pathKey(path: readonly (string | number)[]): string {
  return path.reduce<string>((p, s) => childPath(p, s), '');
}

/** `route.paths[0].sw_if_index` → `route.paths[0].sw-if-index`. */
function flagName(path: string): string {
  return kebab(path);
}

/** The error in terms of what was typed: `--route.prefix: …` for flags, `--args: route.prefix: …` for JSON. */
function describeInputError(e: FormatError, fromFlags: ReadonlyMap<string, unknown>): string {
  const p = e.path;
  const rest = p !== '' && e.message.startsWith(`${p}: `) ? e.message.slice(p.length + 2) : e.message;
  for (let q = p; q !== ''; q = parentPath(q)) {
    if (fromFlags.has(q)) return `--${flagName(p)}: ${rest}`;
  }
  if (p === '--args') return e.message;
  return `--args: ${e.message}`;
}

function parentPath(p: string): string {
  const m = /^(.*)(?:\.[^.[\]]+|\[\d+\])$/.exec(p);
  return m ? m[1]! : '';
}

/**
 * Puts a flag's value at its place in the JSON-shaped tree: objects and lists are made
 * on the way, a container given earlier as JSON text is parsed first.
 */
function setAt(tree: Record<string, unknown>, target: FlagTarget, value: unknown, fail: (m: string, h?: string) => never): void {
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
}

/**
 * The text of `--args`: JSON itself, or `@path` for a file (`-`, standard input, is
 * stdinJson's).
 * @throws CliError (exit 2) when the file cannot be read.
 */
function readJsonArg(v: string): string {
  if (v.startsWith('@')) {
    try {
      return readFileSync(v.slice(1), 'utf8');
    } catch (e) {
      throw new CliError(`--args ${v}: cannot read ${v.slice(1)}: ${fsReason(e)}`, undefined, undefined, { cause: e });
    }
  }
  return v;
}

/** `--args -`: standard input whole. @throws CliError (exit 2) when it is empty. */
async function stdinJson(readStdin: (() => Promise<string>) | undefined): Promise<string> {
  const text = readStdin ? await readStdin() : '';
  if (text.trim() === '') throw new CliError('--args -: standard input is empty', undefined, "pipe the JSON in: echo '{…}' | vppapi <message> --args -");
  return text;
}
