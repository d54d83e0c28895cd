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

/**
 * Structure without comments, for "defined twice identically": a trailing
 * `{comment}` object that one file has and another lacks is no difference.
 */
function fingerprint(raw: unknown): string {
  const onlyComment = (x: unknown): boolean =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).every((k) => k === 'comment');
  return JSON.stringify(raw, (k, v) => (k === 'comment' ? undefined : Array.isArray(v) ? v.filter((x) => !onlyComment(x)) : v));
}

/**
 * The definitions of `sources` by name. Each problem goes to `fail` (which may throw).
 * Throws only what `fail` throws.
 */
export function collectSources(sources: RawSource[], fail: (e: SchemaError) => void): Collected {
  const pending = new Map<string, Pending>();
  const fingerprints = new Map<string, string>();
  const rawMessages = new Map<string, { raw: RawStruct; origin: string; module: string }>();
  const rawServices: { name: string; svc: RawService; origin: string; module: string }[] = [];
  const modules = new Map<string, ModuleInfo>();

  const addPending = (p: Pending): void => {
    const fp = p.kind + fingerprint(p.raw);
    const prev = pending.get(p.name);
    if (prev) {
      if (fingerprints.get(p.name) !== fp) {
        fail(new SchemaError(`type ${p.name} is defined differently in ${prev.origin} and ${p.origin}`, p.origin, p.name));
      }
      return;
    }
    pending.set(p.name, p);
    fingerprints.set(p.name, fp);
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
        if (fingerprint(prev.raw) !== fingerprint(msg)) {
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
