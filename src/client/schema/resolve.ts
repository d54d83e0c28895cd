/**
 * Raw definitions → resolved model (model.ts). Merges many sources: a definition seen
 * twice identically is fine (every file repeats the types it imports), differently is an
 * error naming both origins. In four stages:
 *
 * | stage            | file             | does                                          |
 * |------------------|------------------|-----------------------------------------------|
 * | collect          | below            | definitions by name, duplicates compared      |
 * | types            | type-resolver.ts | each type built once, on first use; all checked |
 * | messages         | message-def.ts   | fields, header kind, CRC, options             |
 * | services         | below            | call patterns, reply/stream/event links       |
 *
 * (Collection and services stay in this file: one module fewer to load on every call.)
 */
import { SchemaError } from '../errors.js';
import type { CallPattern, MessageDef, ModuleInfo, Schema, ServiceDef } from './model.js';
import type { RawService, RawSource, RawStruct } from './raw.js';
import { LazyMessages } from './lazy-messages.js';
import { buildMessage } from './message-def.js';
import { BASE_TYPES, type Pending, TypeResolver, bareTypeName } from './type-resolver.js';

export interface ResolveResult {
  schema: Schema;
  errors: SchemaError[];
}

function asSchemaError(e: unknown, origin: string, def: string): SchemaError {
  if (e instanceof SchemaError) return e;
  return new SchemaError(`${origin}: ${def}: ${(e as Error)?.message ?? String(e)}`, origin, def, undefined, { cause: e });
}

/**
 * Resolves and merges `sources`. With `tolerant`, a bad definition is reported in
 * `errors` and left out (with whatever depends on it); otherwise the first one throws.
 * With `now` (not tolerant), only the messages it names and those their services link
 * to (replies, details, events, and the requests they answer) are built here; the rest
 * when first asked for (lazy-messages.ts). Types are resolved here either way, and when
 * a message names a type no source defines, every message is built here (so that the
 * load fails now, as a caller that then follows `imports` expects).
 * @throws SchemaError (not tolerant) naming origin, definition and field.
 */
export function resolveSchema(sources: Iterable<RawSource>, opts: { tolerant?: boolean; now?: readonly string[] } = {}): ResolveResult {
  const errors: SchemaError[] = [];
  const fail = (e: SchemaError): void => {
    if (!opts.tolerant) throw e;
    errors.push(e);
  };
  const raw = collectSources(sources, fail);
  const resolver = new TypeResolver(raw.types);
  // Types not reached from any message still get resolved (and checked).
  for (const p of raw.types.values()) {
    if (resolver.types.has(p.name) || resolver.broken.has(p.name)) continue;
    try {
      resolver.lookup(p.name, { origin: p.origin, def: p.name, field: '' });
    } catch (e) {
      fail(asSchemaError(e, p.origin, p.name));
    }
  }
  const buildFields = resolver.buildFields.bind(resolver);
  const build = (name: string, { raw: def, origin, module }: { raw: RawStruct; origin: string; module: string }): MessageDef => {
    try {
      return buildMessage(name, def, origin, module, buildFields);
    } catch (e) {
      throw asSchemaError(e, origin, name);
    }
  };
  let messages: Map<string, MessageDef>;
  if (opts.now && !opts.tolerant && typesKnown(raw, resolver)) {
    messages = new LazyMessages(new Map([...raw.messages].map(([name, m]) => [name, () => build(name, m)])));
    for (const name of linked(opts.now, raw.services)) messages.get(name);
  } else {
    messages = new Map<string, MessageDef>();
    for (const [name, m] of raw.messages) {
      try {
        messages.set(name, build(name, m));
      } catch (e) {
        fail(e as SchemaError);
      }
    }
  }
  const { services, replyOf } = buildServices(raw.services, messages, fail);
  return { schema: { messages, types: resolver.types, services, replyOf, modules: raw.modules, cache: new Map() }, errors };
}

/**
 * `names` and the messages their services link to: a request's reply, details and
 * events, and the requests a reply, detail or event answers. Throws nothing.
 */
function linked(names: readonly string[], services: Collected['services']): Set<string> {
  const out = new Set(names);
  for (const { name, svc } of services) {
    if (svc === null || typeof svc !== 'object') continue;
    const related = [svc.reply, svc.stream_msg, ...(Array.isArray(svc.events) ? svc.events : [])].filter((m): m is string => typeof m === 'string');
    if (out.has(name) || related.some((m) => names.includes(m))) for (const m of [name, ...related]) out.add(m);
  }
  return out;
}

/**
 * Whether every type that a message's field names is a base type, `string` or a type
 * the sources define and that resolved. Throws nothing.
 */
function typesKnown(raw: Collected, resolver: TypeResolver): boolean {
  for (const { raw: def } of raw.messages.values()) {
    for (let i = 1; i < def.length; i++) {
      const f = def[i];
      if (!Array.isArray(f) || typeof f[0] !== 'string') continue;
      const t = f[0];
      if (Object.hasOwn(BASE_TYPES, t) || t === 'string') continue;
      if (!resolver.types.has(bareTypeName(t))) return false;
    }
  }
  return true;
}

// ---- stage 1: collect ----

/*
 * Stage 1: the raw definitions of every source gathered by name. A type or
 * message seen twice identically (every file repeats the types it imports; comments do
 * not count) is kept once; seen twice differently, it is reported naming both origins.
 */

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
 * The definitions of `sources` by name. Each problem goes to `fail` (which may throw).
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
    const info: ModuleInfo = modules.get(modName) ?? {
      name: modName, origin,
      version: typeof m.options?.version === 'string' ? m.options.version : undefined,
      vlApiVersion: m.vl_api_version, messages: [], imports: importedModules(m.imports), importPaths: importPathsOf(m.imports), types: [],
    };
    modules.set(modName, info);
    const carried = info.types!;
    const add = (p: Pending): void => { carried.push(p.name); addPending(p); };
    for (const t of list(m.types, 'types')) { const n = named(t, 'type'); if (n) add({ kind: 'struct', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.unions, 'unions')) { const n = named(t, 'union'); if (n) add({ kind: 'union', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.enums, 'enums')) { const n = named(t, 'enum'); if (n) add({ kind: 'enum', name: n, raw: t, origin, module: modName }); }
    for (const t of list(m.enumflags, 'enumflags')) { const n = named(t, 'enumflags'); if (n) add({ kind: 'enumflags', name: n, raw: t, origin, module: modName }); }
    for (const [n, a] of Object.entries(m.aliases ?? {})) add({ kind: 'alias', name: n, raw: a, origin, module: modName });

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

/** `["vnet/ip/ip_types.api", …]` → `["ip_types", …]`; anything else in the list is left out. */
function importPathsOf(imports: unknown): string[] {
  return Array.isArray(imports) ? imports.filter((x): x is string => typeof x === 'string') : [];
}

function importedModules(imports: unknown): string[] {
  if (!Array.isArray(imports)) return [];
  return imports.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*\//, '').replace(/\.api(\.json)?$/, ''));
}

// ---- stage 4: services ----

/*
 * Stage 4: services (request → reply, stream, events) over the resolved
 * messages, and the reverse map from each reply, detail or event to its requests.
 *
 * | service                        | pattern |
 * |--------------------------------|---------|
 * | reply "null"                   | none    |
 * | stream and stream_msg          | stream  |
 * | stream                         | dump    |
 * | otherwise                      | single  |
 */

export interface Services {
  services: Map<string, ServiceDef>;
  replyOf: Map<string, string[]>;
}

/**
 * The services of `raw` whose messages all exist in `messages`; each one refused goes to
 * `fail`. Throws only what `fail` throws.
 */
export function buildServices(raw: Collected['services'], messages: ReadonlyMap<string, MessageDef>, fail: (e: SchemaError) => void): Services {
  const services = new Map<string, ServiceDef>();
  const replyOf = new Map<string, string[]>();
  const linkReply = (reply: string, req: string): void => {
    const l = replyOf.get(reply);
    if (l) { if (!l.includes(req)) l.push(req); } else replyOf.set(reply, [req]);
  };
  for (const { name, svc, origin, module } of raw) {
    if (services.has(name)) continue;
    if (!messages.has(name)) {
      fail(new SchemaError(`${origin}: service ${name}: no such request message`, origin, name));
      continue;
    }
    if (!svc || typeof svc.reply !== 'string') {
      fail(new SchemaError(`${origin}: service ${name}: "reply" missing`, origin, name, 'reply'));
      continue;
    }
    const events = Array.isArray(svc.events) ? svc.events.filter((x) => typeof x === 'string') : [];
    let pattern: CallPattern = 'single';
    if (svc.reply === 'null') pattern = 'none';
    else if (svc.stream && svc.stream_msg) pattern = 'stream';
    else if (svc.stream) pattern = 'dump';
    const missing = [pattern === 'none' ? undefined : svc.reply, pattern === 'stream' ? svc.stream_msg : undefined, ...events]
      .filter((m): m is string => m !== undefined && !messages.has(m));
    if (missing.length) {
      fail(new SchemaError(`${origin}: service ${name}: refers to undefined message(s) ${missing.join(', ')}`, origin, name));
      continue;
    }
    const def: ServiceDef = {
      request: name, pattern, module, events,
      reply: pattern === 'none' ? undefined : svc.reply,
      streamMsg: pattern === 'stream' ? svc.stream_msg : undefined,
    };
    services.set(name, def);
    if (def.reply) linkReply(def.reply, name);
    if (def.streamMsg) linkReply(def.streamMsg, name);
    for (const ev of events) linkReply(ev, name);
  }

  return { services, replyOf };
}
