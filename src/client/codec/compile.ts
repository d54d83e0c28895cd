/**
 * Turns resolved types into Nodes once; results are cached on the schema (never in a
 * module global), so two schemas never share compiled code.
 */
import { unalias } from '../schema/model.js';
import type { EnumType, Field, Schema, TypeNode, UnionType } from '../schema/model.js';
import type { Reader, Writer } from './cursor.js';
import { FieldFault, addSegment, show } from './fault.js';
import type { Node } from './node.js';
import { baseNode, enumNode, fixedBytesNode, fixedStringNode, toBytes, truncated, vlaStringNode } from './scalars.js';

const CACHE_KEY = 'codec:types';

function typeCache(schema: Schema): Map<TypeNode, Node> {
  let c = schema.cache.get(CACHE_KEY) as Map<TypeNode, Node> | undefined;
  if (!c) schema.cache.set(CACHE_KEY, (c = new Map()));
  return c;
}

/** The compiled node for a type (one element, no array shape). */
export function compileType(schema: Schema, t: TypeNode): Node {
  const cache = typeCache(schema);
  let n = cache.get(t);
  if (n) return n;
  switch (t.kind) {
    case 'base': n = baseNode(t.name); break;
    case 'string': n = vlaStringNode(); break;
    case 'enum': n = enumNode(t); break;
    case 'alias': {
      const el = unalias(t.target);
      if (t.length === undefined) n = compileType(schema, t.target);
      else if (el.kind === 'base' && el.name === 'u8') n = fixedBytesNode(t.length, true);
      else n = fixedArrayNode(compileType(schema, t.target), t.length);
      break;
    }
    case 'struct': n = structNode(schema, t.fields, false); break;
    case 'union': n = unionNode(schema, t); break;
  }
  cache.set(t, n);
  return n;
}

function isU8(t: TypeNode): boolean {
  const u = unalias(t);
  return u.kind === 'base' && u.name === 'u8';
}

/** The node for a field: its type with its shape (array, string form) applied. */
export function compileField(schema: Schema, f: Field): Node {
  const s = f.shape;
  const limit = f.options.limit;
  if (f.type.kind === 'string') {
    if (s.kind === 'fixed') return fixedStringNode(s.length, limit);
    return vlaStringNode(limit);
  }
  switch (s.kind) {
    case 'scalar': return compileType(schema, f.type);
    case 'fixed': return isU8(f.type) && f.type.kind === 'base' ? fixedBytesNode(s.length, false) : fixedArrayNode(compileType(schema, f.type), s.length);
    case 'counted': case 'rest': return varArrayNode(compileType(schema, f.type), isU8(f.type) && f.type.kind === 'base', s.kind === 'rest', limit);
    case 'vla-string': return vlaStringNode(limit);
  }
}

function fixedArrayNode(el: Node, n: number): Node {
  const fixed = el.fixed >= 0 ? el.fixed * n : -1;
  const expected = `a list of exactly ${n}`;
  return {
    fixed,
    min: el.min * n,
    size(v) {
      if (fixed >= 0) return fixed;
      let s = 0;
      for (let i = 0; i < n; i++) s += el.size(Array.isArray(v) ? v[i] : undefined);
      return s;
    },
    write(w, v) {
      if (v === undefined) {
        for (let i = 0; i < n; i++) el.write(w, undefined);
        return;
      }
      if (!Array.isArray(v)) throw new FieldFault(`${show(v)} is not a list`, v, expected);
      if (v.length !== n) throw new FieldFault(`${v.length} element(s) given, ${expected} expected`, v, expected);
      for (let i = 0; i < n; i++) {
        try { el.write(w, v[i]); } catch (e) { throw addSegment(e, `[${i}]`); }
      }
    },
    read(r) {
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        try { out[i] = el.read(r); } catch (e) { throw addSegment(e, `[${i}]`); }
      }
      return out;
    },
  };
}

/**
 * Counted and legacy rest arrays. The count itself is written by the enclosing struct
 * (it sits in an earlier sibling), so `read` takes it through `readCounted`.
 */
export interface VarArrayNode extends Node {
  readCounted(r: Reader, count: number): unknown;
  /** Element count of a value as the struct will write it. */
  lengthOf(v: unknown): number;
}

function varArrayNode(el: Node, bytes: boolean, rest: boolean, limit?: number): VarArrayNode {
  const checkLimit = (n: number, v: unknown): void => {
    if (limit !== undefined && n > limit) throw new FieldFault(`${n} element(s) given, the limit is ${limit}`, v, `at most ${limit} elements`);
  };
  const node: VarArrayNode = {
    fixed: -1,
    min: 0,
    lengthOf(v) {
      if (v === undefined || v === null) return 0;
      if (bytes && (v instanceof Uint8Array || Array.isArray(v))) return v.length;
      return Array.isArray(v) ? v.length : 0;
    },
    size(v) {
      if (v === undefined || v === null) return 0;
      if (bytes) return (v as { length?: number }).length ?? 0;
      if (!Array.isArray(v)) return 0;
      if (el.fixed >= 0) return el.fixed * v.length;
      let s = 0;
      for (const x of v) s += el.size(x);
      return s;
    },
    write(w, v) {
      if (v === undefined || v === null) return;
      if (bytes) {
        const b = toBytes(v, 'bytes');
        checkLimit(b.length, v);
        w.buf.set(b, w.pos);
        w.pos += b.length;
        return;
      }
      if (!Array.isArray(v)) throw new FieldFault(`${show(v)} is not a list`, v, 'a list');
      checkLimit(v.length, v);
      for (let i = 0; i < v.length; i++) {
        try { el.write(w, v[i]); } catch (e) { throw addSegment(e, `[${i}]`); }
      }
    },
    read(r) {
      if (!rest) throw new Error('counted array read without its count');
      if (el.fixed > 0) return node.readCounted(r, Math.floor((r.end - r.pos) / el.fixed));
      const out: unknown[] = [];
      while (r.pos < r.end) {
        try { out.push(el.read(r)); } catch (e) { throw addSegment(e, `[${out.length}]`); }
      }
      return out;
    },
    readCounted(r, count) {
      // Refuse before allocating: a hostile count must not become a huge array.
      if (count * el.min > r.end - r.pos) {
        throw new FieldFault(`count ${count} needs at least ${count * el.min} byte(s), only ${r.end - r.pos} left`, count, 'a count that fits the frame', r.pos);
      }
      if (bytes) {
        const p = r.pos;
        r.pos = p + count;
        return Buffer.from(r.buf.subarray(p, p + count));
      }
      const out = new Array(count);
      for (let i = 0; i < count; i++) {
        try { out[i] = el.read(r); } catch (e) { throw addSegment(e, `[${i}]`); }
      }
      return out;
    },
  };
  return node;
}

/** Per-field plan of a struct, precomputed so the hot loops do no lookups. */
interface Slot {
  name: string;
  node: Node;
  def: unknown;
  /** Counted array: index of its count slot. */
  countIdx: number;
  /** Count field: indexes of the arrays it counts. */
  counts: number[];
  /** Union with a discriminator: index of the tag slot, and the union's type. */
  tagIdx: number;
  union?: UnionType;
  /** Tag value → member name, for a union with a discriminator. */
  caseMap?: Map<number, string>;
  /** Tag field: indexes of the unions it selects. */
  selects: number[];
  tagEnum?: EnumType;
}

/** The slots of `fields`: each compiled, count fields and discriminator tags linked to what they serve. */
function planSlots(schema: Schema, fields: Field[]): Slot[] {
  const slots: Slot[] = fields.map((f) => ({
    name: f.name, node: undefined as unknown as Node, def: f.options.default, countIdx: -1, counts: [], tagIdx: -1, selects: [],
  }));
  const idx = (n: string): number => fields.findIndex((f) => f.name === n);
  fields.forEach((f, i) => {
    const s = slots[i];
    s.node = compileField(schema, f);
    if (f.shape.kind === 'counted') {
      s.countIdx = idx(f.shape.countField);
      slots[s.countIdx].counts.push(i);
    }
    if (f.options.discriminator !== undefined) {
      s.tagIdx = idx(f.options.discriminator);
      s.union = unalias(f.type) as UnionType;
      const tag = slots[s.tagIdx];
      tag.selects.push(i);
      tag.tagEnum = unalias(fields[s.tagIdx].type) as EnumType;
      s.caseMap = new Map();
      for (const m of s.union.fields) {
        const v = m.options.case === undefined ? undefined : tag.tagEnum.byName.get(m.options.case);
        if (v !== undefined && !s.caseMap.has(v)) s.caseMap.set(v, m.name);
      }
    }
  });
  return slots;
}

/** The struct's fixed size (-1 when it varies) and its least size. */
function structSize(slots: readonly Slot[]): { fixed: number; min: number } {
  let fixed = 0;
  let min = 0;
  for (const s of slots) {
    min += s.node.min;
    if (s.node.fixed < 0 || s.countIdx >= 0) fixed = -1;
    else if (fixed >= 0) fixed += s.node.fixed;
  }
  return { fixed, min };
}

/**
 * The value to write for a count field: the length of the arrays it counts.
 * @throws FieldFault when they differ, or a count given disagrees.
 */
function countValue(slots: readonly Slot[], o: Record<string, unknown>, s: Slot, v: unknown): number {
  const len = (slots[s.counts[0]].node as VarArrayNode).lengthOf(o[slots[s.counts[0]].name]);
  for (const a of s.counts) {
    const l = (slots[a].node as VarArrayNode).lengthOf(o[slots[a].name]);
    if (l !== len) throw new FieldFault(`arrays counted by ${s.name} differ in length (${len} and ${l})`, l, 'arrays of equal length');
  }
  if (v !== undefined && v !== null && Number(v) !== len) {
    throw new FieldFault(`${show(v)} disagrees with the ${len} element(s) of ${slots[s.counts[0]].name}`, v, `${len} (the array's length) or nothing`);
  }
  return len;
}

/**
 * The value to write for a discriminator tag: the case of the one union member given.
 * @throws FieldFault when a tag given disagrees with that member.
 */
function tagValue(slots: readonly Slot[], o: Record<string, unknown>, s: Slot, tagEnum: EnumType, v: unknown): unknown {
  for (const u of s.selects) {
    const uv = o[slots[u].name];
    const member = uv && typeof uv === 'object' ? Object.keys(uv).filter((k) => (uv as Record<string, unknown>)[k] !== undefined) : [];
    if (member.length !== 1) continue;
    const mf = slots[u].union!.fields.find((f) => f.name === member[0]);
    const c = mf?.options.case;
    if (c === undefined) continue;
    const want = tagEnum.byName.get(c)!;
    const given = typeof v === 'string' ? tagEnum.byName.get(v) : v;
    if (given !== undefined && given !== null && given !== want) {
      throw new FieldFault(`${show(v)} disagrees with member ${member[0]} of ${slots[u].name}, which needs ${c}`, v, c);
    }
    v = want;
  }
  return v;
}

/** The value to write for slot i, with counts and tags derived. @throws FieldFault as countValue, tagValue. */
function effective(slots: readonly Slot[], o: Record<string, unknown>, i: number): unknown {
  const s = slots[i];
  const v = o[s.name];
  if (s.counts.length) return countValue(slots, o, s, v);
  const t = s.selects.length && s.tagEnum ? tagValue(slots, o, s, s.tagEnum, v) : v;
  return t === undefined || t === null ? s.def : t;
}

/** `o` as the fields of a struct. @throws FieldFault for a value that is no object, or an unknown field. */
function fieldsOf(o: unknown, known: ReadonlySet<string>, ignoreUnderscore: boolean): Record<string, unknown> {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object' || Array.isArray(o) || o instanceof Uint8Array) {
    throw new FieldFault(`${show(o)} is not an object`, o, 'an object of fields');
  }
  const rec = o as Record<string, unknown>;
  for (const k in rec) {
    if (!known.has(k) && !(ignoreUnderscore && k.startsWith('_'))) {
      throw new FieldFault(`unknown field ${JSON.stringify(k)}`, rec[k], `one of ${[...known].join(', ')}`);
    }
  }
  return rec;
}

/** Writes slot `s` (at index i) of `o`, its count or tag derived. @throws FieldFault. */
function writeDerived(w: Writer, slots: readonly Slot[], o: Record<string, unknown>, i: number): void {
  const s = slots[i];
  const val = effective(slots, o, i);
  if (s.tagIdx < 0) return s.node.write(w, val);
  const tag = effective(slots, o, s.tagIdx);
  const tagNum = typeof tag === 'string' ? slots[s.tagIdx].tagEnum!.byName.get(tag) : (tag as number);
  (s.node as UnionNode).writeTagged(w, val, s.caseMap!.get(tagNum as number));
}

/**
 * Structs (and message bodies). Count fields are filled from their arrays (a given
 * count that disagrees is an error); a discriminator tag not given is derived from the
 * union member given (one given that disagrees is an error).
 */
export function structNode(schema: Schema, fields: Field[], ignoreUnderscore: boolean): Node {
  const slots = planSlots(schema, fields);
  const known = new Set(fields.map((f) => f.name));
  const n = slots.length;
  const { fixed, min } = structSize(slots);
  // Without counts or tags, each slot writes its own value: the loop below stays plain.
  const special = slots.some((s) => s.counts.length || s.selects.length);
  return {
    fixed,
    min,
    size(v) {
      if (fixed >= 0) return fixed;
      const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const s = slots[i];
        total += s.node.fixed >= 0 ? s.node.fixed : s.node.size(o[s.name] ?? s.def);
      }
      return total;
    },
    write(w, v) {
      const o = fieldsOf(v, known, ignoreUnderscore);
      for (let i = 0; i < n; i++) {
        const s = slots[i];
        try {
          if (special) {
            writeDerived(w, slots, o, i);
          } else {
            const val = o[s.name];
            s.node.write(w, val === undefined || val === null ? s.def : val);
          }
        } catch (e) {
          throw addSegment(e, s.name);
        }
      }
    },
    read(r) {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const s = slots[i];
        try {
          if (s.countIdx >= 0) {
            const c = o[slots[s.countIdx].name];
            o[s.name] = (s.node as VarArrayNode).readCounted(r, typeof c === 'bigint' ? Number(c) : (c as number));
          } else if (s.tagIdx >= 0) {
            o[s.name] = (s.node as UnionNode).readTagged(r, s.caseMap!.get(o[slots[s.tagIdx].name] as number));
          } else {
            o[s.name] = s.node.read(r);
          }
        } catch (e) {
          throw addSegment(e, s.name);
        }
      }
      return o;
    },
  };
}

interface UnionNode extends Node {
  /** `member`: the member the tag selects, or undefined when the tag names none. */
  writeTagged(w: Writer, v: unknown, member: string | undefined): void;
  readTagged(r: Reader, member: string | undefined): unknown;
}

/**
 * Unions: the size of the largest member; the member written is zero-padded to it.
 * Without a tag, decoding yields every member read from the same bytes; encoding takes
 * the one member given (of several, the largest: it covers every byte).
 */
function unionNode(schema: Schema, t: UnionType): UnionNode {
  type Member = { name: string; node: Node };
  const members: Member[] = t.fields.map((f) => ({ name: f.name, node: compileField(schema, f) }));
  if (members.some((m) => m.node.fixed < 0)) throw new Error(`union ${t.name} has a member of variable size`);
  const size = Math.max(0, ...members.map((m) => m.node.fixed));
  const byName = new Map(members.map((m) => [m.name, m]));
  const expected = `an object with one of ${members.map((m) => m.name).join(', ')}`;

  const pick = (v: unknown, prefer?: string): { m: Member; val: unknown } | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) throw new FieldFault(`${show(v)} is not a union value`, v, expected);
    let best: { m: Member; val: unknown } | undefined;
    for (const k of Object.keys(v)) {
      const val = (v as Record<string, unknown>)[k];
      if (val === undefined) continue;
      const m = byName.get(k);
      if (!m) throw new FieldFault(`unknown member ${JSON.stringify(k)} of union ${t.name}`, v, expected);
      if (k === prefer) return { m, val };
      if (!best || m.node.fixed > best.m.node.fixed) best = { m, val };
    }
    return best;
  };
  const writeMember = (w: Writer, p: { m: Member; val: unknown } | undefined): void => {
    const start = w.pos;
    if (p) {
      try { p.m.node.write(w, p.val); } catch (e) { throw addSegment(e, p.m.name); }
    }
    w.pos = start + size;
  };
  const readAll = (r: Reader): unknown => {
    if (r.pos + size > r.end) throw truncated(`union ${t.name}`, r, size);
    const start = r.pos;
    const o: Record<string, unknown> = {};
    for (const m of members) {
      r.pos = start;
      try { o[m.name] = m.node.read(r); } catch (e) { throw addSegment(e, m.name); }
    }
    r.pos = start + size;
    return o;
  };
  return {
    fixed: size,
    min: size,
    size: () => size,
    write: (w, v) => writeMember(w, pick(v)),
    read: readAll,
    writeTagged: (w, v, member) => writeMember(w, pick(v, member)),
    readTagged(r, member) {
      const m = member === undefined ? undefined : byName.get(member);
      if (!m) return readAll(r);
      if (r.pos + size > r.end) throw truncated(`union ${t.name}`, r, size);
      const start = r.pos;
      let val: unknown;
      try { val = m.node.read(r); } catch (e) { throw addSegment(e, m.name); }
      r.pos = start + size;
      return { [m.name]: val };
    },
  };
}
