/**
 * Types whose own definition differs between two schemas: fields of structs and
 * unions, members of enums and enumflags, target or length of aliases. A type is
 * compared by its own definition only; a struct holding a changed struct is not
 * itself reported (the messages list every changed type they reach instead).
 */
import type { EnumType, Schema, TypeNode } from '../model.js';
import { compareFields, typeName } from './fields.js';
import type { TypeDiff, ValueChange } from './model.js';

/** `enumflags` for flag enums, else the node's kind. */
function kindText(t: TypeNode): string {
  return t.kind === 'enum' && t.flags ? 'enumflags' : t.kind;
}

function aliasText(t: TypeNode): string {
  return t.kind === 'alias' ? (t.length !== undefined ? `${typeName(t.target)}[${t.length}]` : typeName(t.target)) : '';
}

function compareValues(a: EnumType, b: EnumType): ValueChange[] {
  const out: ValueChange[] = [];
  for (const v of b.values) {
    const old = a.byName.get(v.name);
    if (old === undefined) out.push({ name: v.name, change: 'added', new: v.value });
    else if (old !== v.value) out.push({ name: v.name, change: 'changed', old, new: v.value });
  }
  for (const v of a.values) if (!b.byName.has(v.name)) out.push({ name: v.name, change: 'removed', old: v.value });
  return out;
}

/** The differences of one type present on both sides; undefined when its definition is the same. */
function compareType(a: TypeNode, b: TypeNode): Omit<TypeDiff, 'reaches'> | undefined {
  const base = { name: b.name, module: 'module' in b ? b.module : '', change: 'changed' as const, fields: [], values: [] };
  const ka = kindText(a);
  const kb = kindText(b);
  if (ka !== kb) return { ...base, kind: `${ka} → ${kb}` };
  if ((a.kind === 'struct' || a.kind === 'union') && (b.kind === 'struct' || b.kind === 'union')) {
    const fields = compareFields(a.fields, b.fields);
    return fields.length ? { ...base, kind: kb, fields } : undefined;
  }
  if (a.kind === 'enum' && b.kind === 'enum') {
    const values = compareValues(a, b);
    const target = a.base !== b.base ? { old: a.base, new: b.base } : undefined;
    return values.length || target ? { ...base, kind: kb, values, target } : undefined;
  }
  if (a.kind === 'alias' && b.kind === 'alias') {
    const ta = aliasText(a);
    const tb = aliasText(b);
    return ta !== tb ? { ...base, kind: kb, target: { old: ta, new: tb } } : undefined;
  }
  return undefined;
}

/** Every named type added, removed or changed from `a` to `b`, by name (reaches left empty). Throws nothing. */
export function compareTypes(a: Schema, b: Schema): TypeDiff[] {
  const out: TypeDiff[] = [];
  for (const [name, nt] of b.types) {
    if (nt.kind === 'base' || nt.kind === 'string') continue;
    const ot = a.types.get(name);
    if (!ot) {
      out.push({ name, kind: kindText(nt), module: nt.module, change: 'added', fields: [], values: [], reaches: [] });
      continue;
    }
    const d = compareType(ot, nt);
    if (d) out.push({ ...d, reaches: [] });
  }
  for (const [name, ot] of a.types) {
    if (ot.kind === 'base' || ot.kind === 'string' || b.types.has(name)) continue;
    out.push({ name, kind: kindText(ot), module: ot.module, change: 'removed', fields: [], values: [], reaches: [] });
  }
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
