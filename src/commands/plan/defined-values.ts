/**
 * What a request may not carry although its fields can hold it: an enum number its
 * definition does not name, a flag bit its flag set does not define (`--flags 8` where
 * if_status_flags defines 1 and 2). VPP reads such a value as it likes; the reader refuses
 * it (exit 2, nothing sent). Only requests: replies, events and traces are read as VPP
 * wrote them (src/format/values/enums.ts keeps unknown values and bits there).
 */
import type { EnumType, Field } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';
import { FormatError, childPath } from '../../format/errors.js';
import { enumExpected, undefinedValue } from '../../format/values/enums.js';

// Per field list: whether any enum is reached from it (most requests: none, nothing to walk).
const reaches = new WeakMap<readonly Field[], boolean>();

function hasEnums(fields: readonly Field[], seen: Set<readonly Field[]> = new Set()): boolean {
  const known = reaches.get(fields);
  if (known !== undefined) return known;
  if (seen.has(fields)) return false;
  seen.add(fields);
  const r = fields.some((f) => {
    const t = unalias(f.type);
    if (t.kind === 'enum') return true;
    return (t.kind === 'struct' || t.kind === 'union') && hasEnums(t.fields, seen);
  });
  reaches.set(fields, r);
  return r;
}

/**
 * Checks every enum value in `value` (the codec's form of `fields`) against its definition.
 * @throws FormatError naming the field's path, the value and the names or bits defined.
 */
export function checkDefinedValues(fields: readonly Field[], value: Record<string, unknown>, path = ''): void {
  if (!hasEnums(fields)) return;
  for (const f of fields) {
    if (!(f.name in value)) continue;
    const v = value[f.name];
    const p = childPath(path, f.name);
    if (Array.isArray(v)) v.forEach((x, i) => checkOne(f, x, childPath(p, i)));
    else checkOne(f, v, p);
  }
}

function checkOne(f: Field, v: unknown, path: string): void {
  const t = unalias(f.type);
  if (t.kind === 'enum') return checkEnum(t, v, path);
  if ((t.kind === 'struct' || t.kind === 'union') && typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    checkDefinedValues(t.fields, v as Record<string, unknown>, path);
  }
}

function checkEnum(e: EnumType, v: unknown, path: string): void {
  const why = undefinedValue(e, v);
  if (why !== undefined) throw new FormatError(path, v, enumExpected(e), undefined, { message: why });
}
