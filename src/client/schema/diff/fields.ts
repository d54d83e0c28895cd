/**
 * Field-by-field comparison of two definitions of one message or type (by field name),
 * and the text forms of field types used in the diff.
 */
import type { Field, FieldOptions, TypeNode } from '../model.js';
import type { FieldChange } from './model.js';

/** A type's name as the diff shows it: the base name, or the definition's name. Throws nothing. */
export function typeName(t: TypeNode): string {
  return t.name;
}

/** `u32`, `string[64]`, `u8[16]`, `fib_path[n_paths]`, `u8[]` (rest of the message), `string[]`. Throws nothing. */
export function fieldTypeText(f: Field): string {
  const n = typeName(f.type);
  switch (f.shape.kind) {
    case 'scalar': return n;
    case 'fixed': return `${n}[${f.shape.length}]`;
    case 'counted': return `${n}[${f.shape.countField}]`;
    case 'rest': return `${n}[]`;
    case 'vla-string': return `${n}[]`;
  }
}

/** Text of a field option's value: bigint and objects included. Throws nothing. */
export function valueText(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
}

/** The options other than `default`, as one comparable text (keys sorted). */
function otherOptions(o: FieldOptions): string {
  const flat: Record<string, unknown> = { ...o.other };
  if (o.limit !== undefined) flat.limit = o.limit;
  if (o.discriminator !== undefined) flat.discriminator = o.discriminator;
  if (o.case !== undefined) flat.case = o.case;
  if (o.deprecated) flat.deprecated = true;
  if (o.inProgress) flat.in_progress = true;
  const keys = Object.keys(flat).sort();
  return keys.length === 0 ? '' : keys.map((k) => `${k}=${valueText(flat[k])}`).join(', ');
}

/**
 * Retyped or resized: the element type's identity, then the shape. A scalar that
 * became an array (or back) is retyped: its wire form is another kind of thing.
 */
function shapeChange(a: Field, b: Field): FieldChange['change'] | undefined {
  if (a.type.kind !== b.type.kind || typeName(a.type) !== typeName(b.type)) return 'retyped';
  const sa = a.shape;
  const sb = b.shape;
  if (sa.kind === sb.kind) {
    if (sa.kind === 'fixed' && sb.kind === 'fixed' && sa.length !== sb.length) return 'resized';
    if (sa.kind === 'counted' && sb.kind === 'counted' && sa.countField !== sb.countField) return 'resized';
    return undefined;
  }
  return sa.kind === 'scalar' || sb.kind === 'scalar' ? 'retyped' : 'resized';
}

/** The fields present on both sides, in the order of `fields`. */
function common(fields: readonly Field[], other: ReadonlyMap<string, Field>): string[] {
  return fields.filter((f) => other.has(f.name)).map((f) => f.name);
}

/**
 * Every difference between the field lists `a` (old) and `b` (new), matched by name, in
 * the new definition's order (removed ones after). Throws nothing.
 */
export function compareFields(a: readonly Field[], b: readonly Field[], prefix = ''): FieldChange[] {
  const oldBy = new Map(a.map((f) => [f.name, f]));
  const newBy = new Map(b.map((f) => [f.name, f]));
  const out: FieldChange[] = [];
  const orderOld = common(a, newBy);
  const orderNew = common(b, oldBy);
  const rank = new Map(orderOld.map((n, i) => [n, i]));
  const rankNew = new Map(orderNew.map((n, i) => [n, i]));
  for (const nf of b) {
    const path = prefix + nf.name;
    const of = oldBy.get(nf.name);
    if (!of) {
      out.push({ field: path, change: 'added', new: fieldTypeText(nf) });
      continue;
    }
    const sc = shapeChange(of, nf);
    if (sc) out.push({ field: path, change: sc, old: fieldTypeText(of), new: fieldTypeText(nf) });
    // Position among the common fields: a field that keeps its place while another moves is not reported.
    const ra = rank.get(nf.name);
    const rb = rankNew.get(nf.name);
    if (ra !== rb) out.push({ field: path, change: 'moved', old: `#${ra}`, new: `#${rb}` });
    const da = valueText(of.options.default);
    const db = valueText(nf.options.default);
    if (da !== db) out.push({ field: path, change: 'default', old: da, new: db });
    const oa = otherOptions(of.options);
    const ob = otherOptions(nf.options);
    if (oa !== ob) out.push({ field: path, change: 'options', old: oa || '(none)', new: ob || '(none)' });
  }
  for (const of of a) if (!newBy.has(of.name)) out.push({ field: prefix + of.name, change: 'removed', old: fieldTypeText(of) });
  return out;
}
