import type { EnumType, Field, TypeNode, UnionType } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';
import { displayName } from './enums.js';

/**
 * Which enum field selects a union's member (docs/json-form.md), read off the definitions:
 *
 * 1. the union field's own `discriminator` option (26.06 on: `address.un` by `af`, `punt` by
 *    `type`), each member's `case` naming its tag value;
 * 2. else the nearest enum field before it, in its struct or an enclosing one, whose value
 *    names (without the prefix every name of the enum shares) name every member: a member
 *    by its `case` (that name is a value of the enum) or by its own name. So `fib_path.proto`
 *    (FIB_API_PATH_NH_PROTO_IP4, _IP6, …) selects `nh.address` (ip4, ip6), and in
 *    definitions older than the options `address.af` (ADDRESS_IP4, _IP6) selects `un`.
 *
 * A union that no field selects (`npol_ipset_member.val`) has no tag: every member is kept.
 */

/** A tag: the enum field, and its value → the member it selects. */
export interface UnionTag {
  readonly field: Field;
  readonly enumType: EnumType;
  readonly members: ReadonlyMap<number, string>;
}

/** An enum field in scope for a union: in the same struct, or one enclosing it. */
export interface EnumInScope {
  readonly field: Field;
  readonly enumType: EnumType;
  /** 0: a sibling of the union field; 1: a field of the struct holding that struct; … */
  readonly up: number;
}

/** The enum of a scalar enum field, else undefined. Throws nothing. */
export function enumOfField(f: Field): EnumType | undefined {
  if (f.shape.kind !== 'scalar') return undefined;
  const t = unalias(f.type);
  return t.kind === 'enum' ? t : undefined;
}

/** The member map when `e` names every member of `u`, else undefined. */
function membersNamedBy(e: EnumType, u: UnionType): Map<number, string> | undefined {
  const byWord = new Map<string, number>();
  for (const v of e.values) {
    const w = displayName(e, v.name, true).toLowerCase();
    if (!byWord.has(w)) byWord.set(w, v.value);
  }
  const out = new Map<number, string>();
  for (const m of u.fields) {
    const c = m.options.case;
    const v = (c !== undefined ? e.byName.get(c) : undefined) ?? byWord.get(m.name.toLowerCase());
    if (v === undefined) return undefined;
    if (!out.has(v)) out.set(v, m.name);
  }
  return out.size > 0 ? out : undefined;
}

/**
 * The tag of union field `f`, given the enum fields before it (`scope`, nearest first).
 * Throws nothing.
 */
export function unionTag(f: Field, siblings: readonly Field[], scope: readonly EnumInScope[]): UnionTag | undefined {
  const u = unalias(f.type);
  if (u.kind !== 'union' || f.shape.kind !== 'scalar') return undefined;
  const d = f.options.discriminator;
  if (d !== undefined) {
    const tag = siblings.find((x) => x.name === d);
    const e = tag && enumOfField(tag);
    if (!tag || !e) return undefined;
    const members = new Map<number, string>();
    for (const m of u.fields) {
      const v = m.options.case === undefined ? undefined : e.byName.get(m.options.case);
      if (v !== undefined && !members.has(v)) members.set(v, m.name);
    }
    return { field: tag, enumType: e, members };
  }
  for (const s of scope) {
    const members = membersNamedBy(s.enumType, u);
    if (members) return { field: s.field, enumType: s.enumType, members };
  }
  return undefined;
}

/** Bytes a value of `t` takes on the wire (one element), undefined when it varies. Throws nothing. */
export function wireSize(t: TypeNode): number | undefined {
  switch (t.kind) {
    case 'base':
      return t.name === 'bool' ? 1 : t.name === 'f64' ? 8 : Number(t.name.slice(1)) / 8;
    case 'enum':
      return Number(t.base.slice(1)) / 8;
    case 'string':
      return undefined;
    case 'alias': {
      const one = wireSize(t.target);
      return one === undefined ? undefined : one * (t.length ?? 1);
    }
    case 'struct':
    case 'union': {
      let total = 0;
      for (const f of t.fields) {
        const n = fieldSize(f);
        if (n === undefined) return undefined;
        total = t.kind === 'struct' ? total + n : Math.max(total, n);
      }
      return total;
    }
  }
}

/** Bytes field `f` takes, undefined when it varies. Throws nothing. */
export function fieldSize(f: Field): number | undefined {
  if (f.shape.kind === 'scalar') return wireSize(f.type);
  if (f.shape.kind !== 'fixed') return undefined;
  if (f.type.kind === 'string') return f.shape.length;
  const one = wireSize(f.type);
  return one === undefined ? undefined : one * f.shape.length;
}
