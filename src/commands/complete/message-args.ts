/**
 * Completion after a request's name: its flags (`--sw-if-index`), in the REPL also its
 * `name=` pairs, and the value of the flag being given (enum and flag names, booleans,
 * and for interface-index fields the live interfaces).
 *
 * | typed so far                          | candidates                                  |
 * |---------------------------------------|---------------------------------------------|
 * | `--`, `--sw`                          | flags of this depth: `--sw-if-index`, …     |
 * | `--route.`                            | the struct's members: `--route.prefix`, …   |
 * | `--flags `, `--flags=ad`, `flags=ad`  | values: `admin_up`, `--flags=admin_up`, …   |
 * | `--sw-if-index `                      | live interfaces `1 (loop0)`, when a session is at hand |
 * | `--route.paths 'via 10.0.0.2 lo`      | the FIB path's next word: keywords, interface names (fib-path-words.ts) |
 * | `sw` (REPL)                           | pairs: `sw_if_index=`                       |
 * | `--target ed`, `--target=ed`          | a global option's value: target names, files after `--socket` (global-values.ts) |
 */
import type { Field, MessageDef } from '../../client/schema/model.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { fibLayout } from '../../format/fib-path/fib-path-layout.js';
import { fibPathCompletions } from './fib-path-words.js';
import { unalias } from '../../client/schema/model.js';
import { type FlagTarget, messageFlags, resolveFlag } from '../request/flags.js';
import { GLOBAL_OPTIONS, globalSpec } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';
import { globalValue } from './global-values.js';
import type { Candidate, CompleteOptions, Completion } from './types.js';

/** Options every request takes beside its fields (plan/read.ts). */
const REQUEST_OPTIONS = ['args', 'dry-run', 'help'];
const VALUED_REQUEST_OPTIONS = new Set(['args', 'args-json']);
const PAIR_PARTIAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*\.?\[?$/;

export const NONE: Completion = Object.freeze({ candidates: [], noSpace: false, files: false }) as Completion;

const strip = (t: string): string => t.replace(/^-+/, '');
const depth = (name: string): number => name.split('.').length - 1;

function lookup(def: MessageDef | undefined, name: string): FlagTarget | undefined {
  if (!def) return undefined;
  const r = resolveFlag(def, name, defaultRegistry, []);
  return r.ok ? r.target : undefined;
}

/**
 * True when the option word `token` takes the next word as its value: a non-bool field
 * of `def`, `--args`, one of `extra`, or a global option with a value. Throws nothing.
 */
export function takesValue(def: MessageDef | undefined, token: string, extra: readonly string[] = []): boolean {
  const o = optionWord(token);
  if (!o || o.inline !== undefined) return false;
  const name = strip(o.flag);
  const target = lookup(def, name);
  if (target) return target.kind !== 'bool';
  if (VALUED_REQUEST_OPTIONS.has(name.toLowerCase()) || extra.includes(name)) return true;
  return globalSpec(token)?.value !== undefined;
}

/** A field holding one interface index: type interface_index, or a u32 named …sw_if_index. */
export function isInterfaceField(f: Field): boolean {
  if (f.shape.kind !== 'scalar') return false;
  if (f.type.kind === 'alias' && f.type.name === 'interface_index') return true;
  const u = unalias(f.type);
  return /sw_if_index$/.test(f.name) && u.kind === 'base' && u.name === 'u32';
}

/** The live interfaces when a session is at hand; [] without one or when it cannot tell. Throws nothing. */
async function liveInterfaces(opts: CompleteOptions): Promise<readonly { index: number; name: string }[]> {
  try {
    return (await opts.interfaces?.()) ?? [];
  } catch {
    return [];
  }
}

/** Candidate values of `target` for `partial`, each led by `prefix` (`--flags=`, `flags=`). */
async function values(target: FlagTarget, partial: string, prefix: string, opts: CompleteOptions): Promise<Completion> {
  if (target.kind === 'bool' && prefix === '') return NONE;
  const path = fibLayout(target.field.type);
  if (path) {
    const names = (await liveInterfaces(opts)).map((i) => i.name);
    return { candidates: fibPathCompletions(path, partial, names).map((value) => ({ value: prefix + value })), noSpace: true, files: false };
  }
  if (isInterfaceField(target.field) && opts.interfaces) {
    const live = await liveInterfaces(opts);
    const hits = live.filter((i) => String(i.index).startsWith(partial));
    return { candidates: hits.map((i) => ({ value: `${prefix}${i.index}`, description: i.name, note: i.name })), noSpace: false, files: false };
  }
  const words = target.format.complete(partial);
  return { candidates: words.map((w) => ({ value: `${prefix}${w}` })), noSpace: false, files: false };
}

/** The value of global option `flag` among a message's flags (global-values.ts), led by `lead`. */
function globalFlagValue(flag: string, partial: string, lead: string, opts: CompleteOptions): Promise<Completion> {
  const g = globalSpec(flag);
  return g?.value !== undefined ? globalValue(g.long, partial, lead, opts) : Promise.resolve(NONE);
}

/** `route.paths[N].sw-if-index` spelled as typed: the typed indexes, snake case when typed so. */
function spell(name: string, typed: string, snake: boolean): string {
  const idx = [...typed.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
  let k = 0;
  const s = name.replace(/\[N\]/g, () => `[${idx[k++] ?? 0}]`);
  return snake ? s.replace(/-/g, '_') : s;
}

/** Flag names (or `name=` pairs) of `def` that continue `typed`, at the depth typed. */
function names(def: MessageDef, typed: string, snake: boolean): { name: string; type: string }[] {
  const norm = typed.toLowerCase().replace(/_/g, '-').replace(/\[\d+\]/g, '[N]');
  const d = depth(norm);
  const out: { name: string; type: string }[] = [];
  for (const f of messageFlags(def)) {
    if (!f.name.startsWith(norm) || depth(f.name) > d) continue;
    out.push({ name: spell(f.name, typed, snake), type: f.typeLabel });
  }
  return out;
}

function flagCandidates(def: MessageDef, partial: string, extra: readonly string[]): Completion {
  const typed = strip(partial);
  const snake = typed.includes('_');
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const add = (value: string, description?: string): void => {
    if (seen.has(value) || !value.startsWith(partial)) return;
    seen.add(value);
    candidates.push({ value, description });
  };
  for (const n of names(def, typed, snake)) add(`--${n.name}`, n.type);
  if (typed.toLowerCase().startsWith('no-') || typed.toLowerCase().startsWith('no_')) {
    for (const n of names(def, typed.slice(3), snake)) if (lookup(def, n.name)?.kind === 'bool') add(`--${typed.slice(0, 3)}${n.name}`);
  }
  for (const o of [...REQUEST_OPTIONS, ...extra]) add(`--${o}`);
  // Global options only once something of the name is typed: `--<Tab>` lists the fields.
  if (typed !== '') for (const g of GLOBAL_OPTIONS) add(`--${g.long}`, g.description);
  return { candidates, noSpace: false, files: false };
}

function pairCandidates(def: MessageDef, partial: string): Completion {
  const candidates = names(def, partial, true)
    .map((n) => ({ value: `${n.name}=`, description: n.type }))
    .filter((c) => c.value.startsWith(partial));
  return { candidates, noSpace: true, files: false };
}

/**
 * Candidates for the word `partial` after request `def` and the words `rest` already
 * given; `extra` are further options taking a value (watch's --count, --timeout).
 * Throws nothing (a failing live lookup gives no candidates).
 */
export async function completeMessageArgs(
  def: MessageDef,
  rest: readonly string[],
  partial: string,
  opts: CompleteOptions,
  extra: readonly string[] = [],
): Promise<Completion> {
  let pending: string | undefined;
  let pairs = false;
  for (const t of rest) {
    if (pending !== undefined) {
      pending = undefined;
      continue;
    }
    if (t === END_OF_OPTIONS) return NONE;
    if (optionWord(t, { numbers: true })) {
      if (takesValue(def, t, extra)) pending = t;
    } else if (/^[A-Za-z_][\w.[\]-]*=/.test(t)) {
      pairs = true;
    }
  }
  if (pending !== undefined) {
    const target = lookup(def, strip(pending));
    return target ? values(target, partial, '', opts) : globalFlagValue(pending, partial, '', opts);
  }
  const eq = partial.indexOf('=');
  if (eq > 0 && (partial.startsWith('-') || opts.repl)) {
    const target = lookup(def, strip(partial.slice(0, eq)));
    if (target) return values(target, partial.slice(eq + 1), partial.slice(0, eq + 1), opts);
    return partial.startsWith('-') ? globalFlagValue(partial.slice(0, eq), partial.slice(eq + 1), partial.slice(0, eq + 1), opts) : NONE;
  }
  if (partial.startsWith('-')) return flagCandidates(def, partial, extra);
  if (opts.repl && (pairs || partial !== '') && PAIR_PARTIAL.test(partial || 'x')) return pairCandidates(def, partial);
  if (partial === '') return flagCandidates(def, partial, extra);
  return NONE;
}
