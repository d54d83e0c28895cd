/**
 * Stage 2 of resolving: type names → type nodes, each built on first use so that the
 * order of definitions in the files does not matter. A type that contains itself, names
 * an unknown type or is malformed is refused, and stays refused for whatever uses it.
 */
import { SchemaError } from '../errors.js';
import type { AliasType, BaseKind, EnumType, Field, FieldShape, IntKind, StructType, TypeNode, UnionType } from './model.js';
import { isMeta, unalias } from './model.js';
import type { RawAlias, RawEnum, RawField, RawMeta, RawStruct } from './raw.js';
import { buildOptions } from './field-options.js';

export type RawKind = 'struct' | 'union' | 'enum' | 'enumflags' | 'alias';

/** A type definition waiting to be resolved. */
export interface Pending {
  kind: RawKind;
  name: string;
  raw: RawStruct | RawEnum | RawAlias;
  origin: string;
  module: string;
}

/** The base types a field may name, by name. */
export const BASE_TYPES: Readonly<Record<string, BaseKind>> = {
  u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', i8: 'i8', i16: 'i16', i32: 'i32', i64: 'i64', f64: 'f64', bool: 'bool',
};
// One node per base type and shape for every field that has it: the 26.06 set has
// ~20,000 fields, and a fresh object each was ~1 MB of the resolved schema.
const BASE_NODES = new Map<string, TypeNode>(Object.values(BASE_TYPES).map((n) => [n, { kind: 'base', name: n }]));
const STRING_NODE: TypeNode = { kind: 'string', name: 'string' };
const SCALAR: FieldShape = { kind: 'scalar' };
const VLA_STRING: FieldShape = { kind: 'vla-string' };
const REST: FieldShape = { kind: 'rest' };
const ENUM_BASES = new Set<string>(['u8', 'u16', 'u32', 'i8', 'i16', 'i32']);
const INT_KINDS = new Set<string>(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64']);

/** Where a type is referred to, for the error messages. */
interface Where {
  origin: string;
  def: string;
  field: string;
}

/** Strips the `vl_api_…_t` wrapper that field types carry. Throws nothing. */
export function bareTypeName(t: string): string {
  return t.startsWith('vl_api_') && t.endsWith('_t') ? t.slice(7, -2) : t;
}

function isIntField(f: Field): boolean {
  const t = unalias(f.type);
  return f.shape.kind === 'scalar' && t.kind === 'base' && INT_KINDS.has(t.name);
}

export class TypeResolver {
  /** Resolved types by name. */
  readonly types = new Map<string, TypeNode>();
  /** Types refused once: refused again without a second try. */
  readonly broken = new Set<string>();
  private readonly resolving = new Set<string>();

  constructor(private readonly pending: ReadonlyMap<string, Pending>) {}

  /**
   * The type that `ref` (a base type, `string`, or a defined type's name) names.
   * @throws SchemaError for an unknown, self-containing or malformed type.
   */
  lookup(ref: string, where: Where): TypeNode {
    // hasOwn, not `in`: a type called "constructor" or "toString" (definitions may come
    // from the VPP being talked to) is an unknown type, not a base type from Object's prototype.
    if (Object.hasOwn(BASE_TYPES, ref)) return BASE_NODES.get(ref)!;
    if (ref === 'string') return STRING_NODE;
    const name = bareTypeName(ref);
    const done = this.types.get(name);
    if (done) return done;
    const p = this.pending.get(name);
    if (!p || this.broken.has(name)) {
      throw new SchemaError(`${where.origin}: ${where.def}.${where.field}: unknown type ${ref}`, where.origin, where.def, where.field);
    }
    if (this.resolving.has(name)) {
      throw new SchemaError(`${p.origin}: type ${name} contains itself (via ${where.def}.${where.field})`, p.origin, name, where.field);
    }
    this.resolving.add(name);
    try {
      const t = this.build(p);
      this.types.set(name, t);
      return t;
    } catch (e) {
      this.broken.add(name);
      throw e;
    } finally {
      this.resolving.delete(name);
    }
  }

  private build(p: Pending): TypeNode {
    switch (p.kind) {
      case 'enum':
      case 'enumflags':
        return this.buildEnum(p);
      case 'alias':
        return this.buildAlias(p);
      default: {
        const raw = p.raw as RawStruct;
        const meta = raw.slice(1).find(isMeta) as RawMeta | undefined;
        const fields = this.buildFields(raw, p.origin, p.kind === 'union');
        const node: StructType | UnionType = { kind: p.kind, name: p.name, fields, module: p.module, comment: meta?.comment };
        return node;
      }
    }
  }

  private buildEnum(p: Pending): EnumType {
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
  }

  private buildAlias(p: Pending): AliasType {
    const raw = p.raw as RawAlias;
    if (!raw || typeof raw.type !== 'string') throw new SchemaError(`${p.origin}: alias ${p.name} has no type`, p.origin, p.name);
    const target = this.lookup(raw.type, { origin: p.origin, def: p.name, field: 'type' });
    if (raw.length !== undefined && !(Number.isInteger(raw.length) && raw.length > 0)) {
      throw new SchemaError(`${p.origin}: alias ${p.name}: length must be a positive integer`, p.origin, p.name, 'length');
    }
    return { kind: 'alias', name: p.name, target, length: raw.length, module: p.module };
  }

  /**
   * The fields of struct, union or message `raw`, each type resolved, each shape checked.
   * @throws SchemaError naming the field.
   */
  buildFields(raw: RawStruct, origin: string, isUnion: boolean): Field[] {
    const def = raw[0];
    const items = raw.slice(1).filter((x): x is RawField => Array.isArray(x));
    const fields: Field[] = [];
    for (let i = 0; i < items.length; i++) fields.push(this.buildField(items[i]!, origin, def, isUnion, i === items.length - 1, fields));
    checkDiscriminators(fields, origin, def);
    return fields;
  }

  private buildField(rf: RawField, origin: string, def: string, isUnion: boolean, last: boolean, before: Field[]): Field {
    const [tname, fname, ...rest] = rf;
    if (typeof tname !== 'string' || typeof fname !== 'string' || !fname) {
      throw new SchemaError(`${origin}: ${def}: malformed field ${JSON.stringify(rf)}`, origin, def);
    }
    // Decoded messages are plain objects keyed by field name: "__proto__" would set their
    // prototype instead of a member. No VPP definition has it; one that does is refused.
    if (fname === '__proto__') throw new SchemaError(`${origin}: ${def}: a field cannot be called __proto__`, origin, def, fname);
    const where = { origin, def, field: fname };
    const type = this.lookup(tname, where);
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
    const shape = fieldShape(type, length, countField, before, where, last);
    if (isUnion && (shape.kind === 'vla-string' || shape.kind === 'counted' || shape.kind === 'rest')) {
      throw new SchemaError(`${origin}: ${def}.${fname}: a union member must have a fixed size`, origin, def, fname);
    }
    return { name: fname, type, shape, options: buildOptions(rawOpts, type, where) };
  }
}

/**
 * How a field of `type` is laid out: from its length (fixed, 0 = to the end) or its count
 * field (an earlier integer field, which learns what it counts).
 * @throws SchemaError for a count field that is not an earlier integer, or a rest array not last.
 */
function fieldShape(type: TypeNode, length: number | undefined, countField: string | undefined, before: Field[], w: Where, last: boolean): FieldShape {
  const { origin, def, field: fname } = w;
  if (countField !== undefined) {
    const cf = before.find((f) => f.name === countField);
    if (!cf) throw new SchemaError(`${origin}: ${def}.${fname}: count field ${countField} is not an earlier field`, origin, def, fname);
    if (!isIntField(cf)) throw new SchemaError(`${origin}: ${def}.${fname}: count field ${countField} is not an integer`, origin, def, fname);
    if (type.kind === 'string') throw new SchemaError(`${origin}: ${def}.${fname}: a string cannot have a count field`, origin, def, fname);
    (cf.countFor ??= []).push(fname);
    return { kind: 'counted', countField };
  }
  if (length === undefined) return type.kind === 'string' ? VLA_STRING : SCALAR;
  if (length > 0) return { kind: 'fixed', length };
  if (type.kind === 'string') return VLA_STRING;
  if (!last) throw new SchemaError(`${origin}: ${def}.${fname}: an array without length or count must be the last field`, origin, def, fname);
  return REST;
}

/**
 * Discriminators must name an earlier enum sibling, and the members' cases must be its values.
 * @throws SchemaError naming the union field.
 */
function checkDiscriminators(fields: Field[], origin: string, def: string): void {
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
}
