/**
 * The argument reader's second half (plan/read.ts): what the words said → the request
 * as a JSON-shaped tree (`--args` first, then each flag at its place), and a format
 * error worded in terms of what was typed.
 */
import { FormatError, childPath } from '../../format/errors.js';
import { parseJson } from '../../format/json/lossless-json.js';
import type { FlagTarget } from '../request/flags.js';
import { kebab } from '../request/flags.js';
import { CliError } from '../runtime/errors.js';
import type { GlobalOptions } from '../runtime/globals.js';
import type { RequestPlan } from './plan.js';

export interface Given {
  target: FlagTarget;
  values: unknown[];
  /** How the flag was typed, for "given twice". */
  typed: string;
}

/** What the words say, before any value is read by the format layer. */
export interface Scanned {
  /** Top-level fields of one value, by field name, as typed: the request's tree when nothing else was given. */
  top: Record<string, unknown>;
  /** For `top`: each key and how its flag was typed, in pairs. */
  topTyped: string[];
  /** Other field flags (nested, lists) by path (pathKey). */
  given: Map<string, Given> | undefined;
  /** The text of --args. */
  json?: string;
  /** --args @file: the text was read from a file. */
  file?: boolean;
  /** `--args -`: the text is standard input, still to be read. */
  stdin: boolean;
  help: boolean;
  dryRun: boolean;
  force: boolean;
  globals?: GlobalOptions;
}

export type Tree = Record<string, unknown> | unknown[];

export const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !(v instanceof Uint8Array);

export type Fail = (msg: string, hint?: string) => never;

/**
 * The request as a JSON-shaped tree: --args first, then each flag at its place
 * (containers before their sub-fields).
 * @throws CliError for --args that is not an object, or a flag that conflicts with it.
 */
export function buildTree(plan: RequestPlan, s: Scanned, fail: Fail): Record<string, unknown> {
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
  const gap = firstGap(tree, []);
  if (gap) {
    const list = `--${kebab(pathKey(gap.path))}`;
    fail(`${list}[${gap.missing}] is missing: ${list}[${gap.next}] was given, and a list has no gaps (nothing is sent for an element not written)`,
      `number the elements from [0] on without gaps, or give the whole list as JSON: ${list} '[…]'`);
  }
  return tree;
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
}

/** A FormatError in terms of what was typed (a CliError); anything else as it is. */
export function inputError(plan: RequestPlan, e: unknown, s: Scanned, from: 'flags' | 'body'): unknown {
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
export function pathKey(path: readonly (string | number)[]): string {
  return path.length === 1 ? String(path[0]) : path.reduce<string>((p, seg) => childPath(p, seg), '');
}

/** What a JSON value is, for "expected an object, not …". */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 40)})`;
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)})`;
  if (v === undefined) return 'nothing';
  return `${typeof v === 'boolean' ? 'a boolean' : typeof v === 'object' ? 'an object' : 'a number'} (${String(v)})`;
}
