/**
 * Field options of a definition (`default`, `limit`, `discriminator`, `case`,
 * `deprecated`, `in_progress`), with defaults converted to the field's value form.
 */
import { SchemaError } from '../errors.js';
import type { FieldOptions, TypeNode } from './model.js';
import { unalias } from './model.js';

/** What most fields have: shared (and frozen, so that nobody writes into it). */
const NONE: FieldOptions = Object.freeze({});

/** Converts a definition's `default` to the field's value form (`"true"` → true, u64 → bigint). */
export function buildOptions(raw: Record<string, unknown>, type: TypeNode, where: { origin: string; def: string; field: string }): FieldOptions {
  if (Object.keys(raw).length === 0) return NONE;
  const o: FieldOptions = {};
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    switch (k) {
      case 'default': o.default = convertDefault(v, type, where); break;
      case 'limit': if (typeof v === 'number') o.limit = v; else other[k] = v; break;
      case 'discriminator': if (typeof v === 'string') o.discriminator = v; break;
      case 'case': if (typeof v === 'string') o.case = v; break;
      case 'deprecated': o.deprecated = true; break;
      case 'in_progress': o.inProgress = true; break;
      default: other[k] = v;
    }
  }
  if (Object.keys(other).length) o.other = other;
  return o;
}

function convertDefault(v: unknown, type: TypeNode, where: { origin: string; def: string; field: string }): unknown {
  const t = unalias(type);
  const bad = (): never => {
    throw new SchemaError(`${where.origin}: ${where.def}.${where.field}: default ${JSON.stringify(v)} does not fit ${describe(type)}`, where.origin, where.def, where.field);
  };
  if (t.kind === 'base') {
    if (t.name === 'bool') {
      // The real set has `bool enable [default=0xffffffff]`: C turns any non-zero into true.
      if (v === true || v === 'true') return true;
      if (v === false || v === 'false') return false;
      const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      if (typeof n === 'number' && Number.isInteger(n)) return n !== 0;
      return bad();
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || Number.isNaN(n)) return bad();
    if (t.name === 'f64') return n;
    if (!Number.isInteger(n)) return bad();
    return t.name === 'u64' || t.name === 'i64' ? BigInt(n) : n;
  }
  if (t.kind === 'enum') {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && t.byName.has(v)) return t.byName.get(v);
    return bad();
  }
  if (t.kind === 'string') return typeof v === 'string' ? v : bad();
  return v;
}

function describe(t: TypeNode): string {
  return t.kind === 'base' || t.kind === 'string' ? t.name : `${t.kind} ${t.name}`;
}
