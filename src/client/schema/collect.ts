/**
 * Stage 1 of resolving: the raw definitions of every source gathered by name. A type or
 * message seen twice identically (every file repeats the types it imports; comments do
 * not count) is kept once; seen twice differently, it is reported naming both origins.
 */
import { SchemaError } from '../errors.js';
import type { ModuleInfo } from './model.js';
import type { RawAlias, RawEnum, RawService, RawSource, RawStruct } from './raw.js';

export type RawKind = 'struct' | 'union' | 'enum' | 'enumflags' | 'alias';

/** A type definition waiting to be resolved. */
export interface Pending {
  kind: RawKind;
  name: string;
  raw: RawStruct | RawEnum | RawAlias;
  origin: string;
  module: string;
}

export interface Collected {
  types: Map<string, Pending>;
  messages: Map<string, { raw: RawStruct; origin: string; module: string }>;
  services: { name: string; svc: RawService; origin: string; module: string }[];
  modules: Map<string, ModuleInfo>;
}

const isCommentOnly = (x: unknown): boolean =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).every((k) => k === 'comment');

/**
 * The same definition, comments aside: every file repeats the types it imports, and a
 * trailing `{comment}` object that one has and another lacks is no difference. Compared
 * in place: a JSON fingerprint of each of the ~15,000 repeats was most of the garbage
 * of a full load.
 */
export function sameDefinition(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < a.length && isCommentOnly(a[i])) i++;
      while (j < b.length && isCommentOnly(b[j])) j++;
      if (i === a.length || j === b.length) return i === a.length && j === b.length;
      if (!sameDefinition(a[i++], b[j++])) return false;
    }
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'comment');
  const kb = Object.keys(b).filter((k) => k !== 'comment');
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameDefinition((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * The definitions of `sources` by name, taken one source at a time (a generator that
 * reads each file as asked keeps one file's JSON alive, not all of them). Each problem
 * goes to `fail` (which may throw).
 * Throws only what `fail` throws.
 */
export function collectSources(sources: Iterable<RawSource>, fail: (e: SchemaError) => void): Collected {
  const pending = new Map<string, Pending>();
  const rawMessages = new Map<string, { raw: RawStruct; origin: string; module: string }>();
  const rawServices: { name: string; svc: RawService; origin: string; module: string }[] = [];
  const modules = new Map<string, ModuleInfo>();

  const addPending = (p: Pending): void => {
    const prev = pending.get(p.name);
    if (prev) {
      if (prev.kind !== p.kind || !sameDefinition(prev.raw, p.raw)) {
        fail(new SchemaError(`type ${p.name} is defined differently in ${prev.origin} and ${p.origin}`, p.origin, p.name));
      }
      return;
    }
    pending.set(p.name, p);
  };

  for (const { origin, module: m } of sources) {
    const modName = typeof m.module === 'string' ? m.module : origin.replace(/^.*\//, '').replace(/\.api\.json$/, '');
    const list = <T>(x: T[] | undefined, what: string): T[] => {
      if (x === undefined) return [];
      if (!Array.isArray(x)) { fail(new SchemaError(`${origin}: "${what}" must be an array`, origin, what)); return []; }
      return x;
    };
    const named = (def: unknown, what: string): string | undefined => {
      if (Array.isArray(def) && typeof def[0] === 'string' && def[0]) return def[0];
      fail(new SchemaError(`${origin}: a ${what} definition has no name: ${JSON.stringify(def)?.slice(0, 80)}`, origin));
      return undefined;
    };
    for (const t of list(m.types, 'types')) { const n = named(t, 'type'); if (n) addPending({ kind: 'struct', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.unions, 'unions')) { const n = named(t, 'union'); if (n) addPending({ kind: 'union', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.enums, 'enums')) { const n = named(t, 'enum'); if (n) addPending({ kind: 'enum', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.enumflags, 'enumflags')) { const n = named(t, 'enumflags'); if (n) addPending({ kind: 'enumflags', name: n, raw: t, origin, module: modName }); }
    for (const [n, a] of Object.entries(m.aliases ?? {})) addPending({ kind: 'alias', name: n, raw: a, origin, module: modName });

    const info: ModuleInfo = modules.get(modName) ?? {
      name: modName, origin,
      version: typeof m.options?.version === 'string' ? m.options.version : undefined,
      vlApiVersion: m.vl_api_version, messages: [],
    };
    modules.set(modName, info);
    for (const msg of list(m.messages, 'messages')) {
      const n = named(msg, 'message');
      if (!n) continue;
      const prev = rawMessages.get(n);
      if (prev) {
        if (!sameDefinition(prev.raw, msg)) {
          fail(new SchemaError(`message ${n} is defined differently in ${prev.origin} and ${origin}`, origin, n));
        }
        continue;
      }
      rawMessages.set(n, { raw: msg, origin, module: modName });
      info.messages.push(n);
    }
    for (const [n, svc] of Object.entries(m.services ?? {})) rawServices.push({ name: n, svc, origin, module: modName });
  }

  return { types: pending, messages: rawMessages, services: rawServices, modules };
}
