/**
 * Raw definitions → resolved model (model.ts). Merges many sources: a definition seen
 * twice identically is fine (every file repeats the types it imports), differently is an
 * error naming both origins.
 */
import { SchemaError } from '../errors.js';
import type {
  AliasType, BaseKind, CallPattern, EnumType, Field, FieldShape,
  IntKind, MessageDef, ModuleInfo, Schema, ServiceDef, StructType, TypeNode, UnionType,
} from './model.js';
import { unalias } from './model.js';
import { type RawAlias, type RawEnum, type RawField, type RawMeta, type RawService, type RawSource, type RawStruct, isMeta } from './raw.js';
import { buildOptions } from './field-options.js';
import { buildMessage } from './message-def.js';

const BASE: Record<string, BaseKind> = {
  u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', i8: 'i8', i16: 'i16', i32: 'i32', i64: 'i64', f64: 'f64', bool: 'bool',
};
// One node per base type and shape for every field that has it: the 26.06 set has
// ~20,000 fields, and a fresh object each was ~1 MB of the resolved schema.
const BASE_NODES = new Map<string, TypeNode>(Object.values(BASE).map((n) => [n, { kind: 'base', name: n }]));
const STRING_NODE: TypeNode = { kind: 'string', name: 'string' };
const SCALAR: FieldShape = { kind: 'scalar' };
const VLA_STRING: FieldShape = { kind: 'vla-string' };
const REST: FieldShape = { kind: 'rest' };
const ENUM_BASES = new Set<string>(['u8', 'u16', 'u32', 'i8', 'i16', 'i32']);
const INT_KINDS = new Set<string>(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64']);

type RawKind = 'struct' | 'union' | 'enum' | 'enumflags' | 'alias';
interface Pending {
  kind: RawKind;
  name: string;
  raw: RawStruct | RawEnum | RawAlias;
  origin: string;
  module: string;
}

/** Strips the `vl_api_…_t` wrapper that field types carry. */
export function bareTypeName(t: string): string {
  return t.startsWith('vl_api_') && t.endsWith('_t') ? t.slice(7, -2) : t;
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

export interface ResolveResult {
  schema: Schema;
  errors: SchemaError[];
}

/**
 * Resolves and merges `sources`, taken one at a time (a generator that reads each file
 * as it is asked for keeps one file's JSON alive at a time, not all of them). With `tolerant`, a bad definition is reported in
 * `errors` and left out (with whatever depends on it); otherwise the first one throws.
 * @throws SchemaError (not tolerant) naming origin, definition and field.
 */
export function resolveSchema(sources: Iterable<RawSource>, opts: { tolerant?: boolean } = {}): ResolveResult {
  const errors: SchemaError[] = [];
  const fail = (e: SchemaError): void => {
    if (!opts.tolerant) throw e;
    errors.push(e);
  };

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

  // ---- types, resolved on demand so that order in the files does not matter ----
  const types = new Map<string, TypeNode>();
  const resolving = new Set<string>();
  const broken = new Set<string>();

  const lookup = (ref: string, where: { origin: string; def: string; field: string }): TypeNode => {
    // hasOwn, not `in`: a type called "constructor" or "toString" (definitions may come
    // from the VPP being talked to) is an unknown type, not a base type from Object's prototype.
    if (Object.hasOwn(BASE, ref)) return BASE_NODES.get(ref)!;
    if (ref === 'string') return STRING_NODE;
    const name = bareTypeName(ref);
    const done = types.get(name);
    if (done) return done;
    const p = pending.get(name);
    if (!p || broken.has(name)) {
      throw new SchemaError(`${where.origin}: ${where.def}.${where.field}: unknown type ${ref}`, where.origin, where.def, where.field);
    }
    if (resolving.has(name)) {
      throw new SchemaError(`${p.origin}: type ${name} contains itself (via ${where.def}.${where.field})`, p.origin, name, where.field);
    }
    resolving.add(name);
    try {
      const t = build(p);
      types.set(name, t);
      return t;
    } catch (e) {
      broken.add(name);
      throw e;
    } finally {
      resolving.delete(name);
    }
  };

  const build = (p: Pending): TypeNode => {
    switch (p.kind) {
      case 'enum':
      case 'enumflags':
        return buildEnum(p);
      case 'alias':
        return buildAlias(p);
      default: {
        const raw = p.raw as RawStruct;
        const meta = raw.slice(1).find(isMeta) as RawMeta | undefined;
        const fields = buildFields(raw, p.origin, p.kind === 'union');
        const node: StructType | UnionType = { kind: p.kind, name: p.name, fields, module: p.module, comment: meta?.comment };
        return node;
      }
    }
  };

  const buildEnum = (p: Pending): EnumType => {
    const raw = p.raw as RawEnum;
    const values: { name: string; value: number }[] = [];
    let base: IntKind = 'u32';
    for (const item of raw.slice(1)) {
      if (Array.isArray(item)) {
        const [n, v] = item;
        if (typeof n !== 'string' || typeof v !== 'number' || !Number.isInteger(v)) {
          throw new SchemaError(`${p.origin}: enum ${p.name}: bad value ${JSON.stringify(item)}`, p.origin, p.name, String(n));
        }
        values.push({ name: n, value: v });
      } else if (isMeta(item) && (item as { enumtype?: string }).enumtype !== undefined) {
        const et = (item as { enumtype?: string }).enumtype as string;
        if (!ENUM_BASES.has(et)) throw new SchemaError(`${p.origin}: enum ${p.name}: enumtype ${et} is not an integer type`, p.origin, p.name, 'enumtype');
        base = et as IntKind;
      }
    }
    const byName = new Map<string, number>();
    const byValue = new Map<number, string>();
    for (const v of values) {
      byName.set(v.name, v.value);
      if (!byValue.has(v.value)) byValue.set(v.value, v.name);
    }
    return { kind: 'enum', name: p.name, flags: p.kind === 'enumflags', base, values, byName, byValue, module: p.module };
  };

  const buildAlias = (p: Pending): AliasType => {
    const raw = p.raw as RawAlias;
    if (!raw || typeof raw.type !== 'string') throw new SchemaError(`${p.origin}: alias ${p.name} has no type`, p.origin, p.name);
    const target = lookup(raw.type, { origin: p.origin, def: p.name, field: 'type' });
    if (raw.length !== undefined && !(Number.isInteger(raw.length) && raw.length > 0)) {
      throw new SchemaError(`${p.origin}: alias ${p.name}: length must be a positive integer`, p.origin, p.name, 'length');
    }
    return { kind: 'alias', name: p.name, target, length: raw.length, module: p.module };
  };

  const buildFields = (raw: RawStruct, origin: string, isUnion: boolean): Field[] => {
    const def = raw[0];
    const items = raw.slice(1).filter((x): x is RawField => Array.isArray(x));
    const fields: Field[] = [];
    items.forEach((rf, i) => {
      const [tname, fname, ...rest] = rf;
      if (typeof tname !== 'string' || typeof fname !== 'string' || !fname) {
        throw new SchemaError(`${origin}: ${def}: malformed field ${JSON.stringify(rf)}`, origin, def);
      }
      // Decoded messages are plain objects keyed by field name: "__proto__" would set their
      // prototype instead of a member. No VPP definition has it; one that does is refused.
      if (fname === '__proto__') throw new SchemaError(`${origin}: ${def}: a field cannot be called __proto__`, origin, def, fname);
      const where = { origin, def, field: fname };
      const type = lookup(tname, where);
      let length: number | undefined;
      let countField: string | undefined;
      let rawOpts: Record<string, unknown> = {};
      for (const r of rest) {
        if (typeof r === 'number') length = r;
        else if (typeof r === 'string') countField = r;
        else if (isMeta(r)) rawOpts = r as Record<string, unknown>;
      }
      if (length !== undefined && !(Number.isInteger(length) && length >= 0)) {
        throw new SchemaError(`${origin}: ${def}.${fname}: array length ${length} is not a non-negative integer`, origin, def, fname);
      }
      let shape: FieldShape;
      if (countField !== undefined) {
        const cf = fields.find((f) => f.name === countField);
        if (!cf) throw new SchemaError(`${origin}: ${def}.${fname}: count field ${countField} is not an earlier field`, origin, def, fname);
        if (!isIntField(cf)) throw new SchemaError(`${origin}: ${def}.${fname}: count field ${countField} is not an integer`, origin, def, fname);
        if (type.kind === 'string') throw new SchemaError(`${origin}: ${def}.${fname}: a string cannot have a count field`, origin, def, fname);
        (cf.countFor ??= []).push(fname);
        shape = { kind: 'counted', countField };
      } else if (length === undefined) {
        shape = type.kind === 'string' ? VLA_STRING : SCALAR;
      } else if (length > 0) {
        shape = { kind: 'fixed', length };
      } else if (type.kind === 'string') {
        shape = VLA_STRING;
      } else {
        if (i !== items.length - 1) throw new SchemaError(`${origin}: ${def}.${fname}: an array without length or count must be the last field`, origin, def, fname);
        shape = REST;
      }
      if (isUnion && (shape.kind === 'vla-string' || shape.kind === 'counted' || shape.kind === 'rest')) {
        throw new SchemaError(`${origin}: ${def}.${fname}: a union member must have a fixed size`, origin, def, fname);
      }
      fields.push({ name: fname, type, shape, options: buildOptions(rawOpts, type, where) });
    });
    // Discriminators must name an earlier enum sibling, and the members' cases must be its values.
    for (const f of fields) {
      const d = f.options.discriminator;
      if (d === undefined) continue;
      const tag = fields.find((x) => x.name === d);
      const tagType = tag && unalias(tag.type);
      const un = unalias(f.type);
      if (!tag || fields.indexOf(tag) > fields.indexOf(f) || tagType?.kind !== 'enum' || tag.shape.kind !== 'scalar') {
        throw new SchemaError(`${origin}: ${def}.${f.name}: discriminator ${d} is not an earlier enum field`, origin, def, f.name);
      }
      if (un.kind !== 'union') throw new SchemaError(`${origin}: ${def}.${f.name}: discriminator on a field that is not a union`, origin, def, f.name);
      for (const mem of un.fields) {
        const c = mem.options.case;
        if (c !== undefined && !tagType.byName.has(c)) {
          throw new SchemaError(`${origin}: ${def}.${f.name}: case ${c} of ${un.name}.${mem.name} is not a value of ${tagType.name}`, origin, def, f.name);
        }
      }
    }
    return fields;
  };

  // Types not reached from any message still get resolved (and checked).
  for (const p of pending.values()) {
    if (types.has(p.name) || broken.has(p.name)) continue;
    try {
      lookup(p.name, { origin: p.origin, def: p.name, field: '' });
    } catch (e) {
      fail(asSchemaError(e, p.origin, p.name));
    }
  }

  // ---- messages ----
  const messages = new Map<string, MessageDef>();
  for (const [name, { raw, origin, module }] of rawMessages) {
    try {
      messages.set(name, buildMessage(name, raw, origin, module, buildFields));
    } catch (e) {
      fail(asSchemaError(e, origin, name));
    }
  }

  // ---- services ----
  const services = new Map<string, ServiceDef>();
  const replyOf = new Map<string, string[]>();
  const linkReply = (reply: string, req: string): void => {
    const l = replyOf.get(reply);
    if (l) { if (!l.includes(req)) l.push(req); } else replyOf.set(reply, [req]);
  };
  for (const { name, svc, origin, module } of rawServices) {
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

  return { schema: { messages, types, services, replyOf, modules, cache: new Map() }, errors };
}

function asSchemaError(e: unknown, origin: string, def: string): SchemaError {
  if (e instanceof SchemaError) return e;
  return new SchemaError(`${origin}: ${def}: ${(e as Error)?.message ?? String(e)}`, origin, def, undefined, { cause: e });
}

function isIntField(f: Field): boolean {
  const t = unalias(f.type);
  return f.shape.kind === 'scalar' && t.kind === 'base' && INT_KINDS.has(t.name);
}
