import type { Field, TypeNode } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';

/**
 * A value with the fields that hold the codec's zero left out, for the short JSON form
 * of a value that has no text: the encoder writes zeros for what is missing, so the
 * short form reads back to the same bytes. A field with a `default` in its definition is
 * kept (a missing one would get the default, not zero); a fixed-length list is kept whole
 * or left out whole (input takes it at its exact length). Throws nothing.
 */
export function pruneZeros(value: unknown, type: TypeNode): unknown {
  const t = unalias(type);
  if ((t.kind !== 'struct' && t.kind !== 'union') || !isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const f of t.fields) {
    if (!(f.name in value)) continue;
    const v = pruneField(value[f.name], f);
    if (v !== undefined || f.options.default !== undefined) out[f.name] = v ?? value[f.name];
  }
  return out;
}

function pruneField(v: unknown, f: Field): unknown {
  if (f.shape.kind === 'scalar') {
    const p = pruneZeros(v, f.type);
    return isZero(p) ? undefined : p;
  }
  if (v instanceof Uint8Array) return v.every((b) => b === 0) ? undefined : v;
  if (!Array.isArray(v)) return v;
  const items = v.map((x) => pruneZeros(x, f.type));
  return items.every(isZero) ? undefined : items;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isZero(v: unknown): boolean {
  if (v === 0 || v === 0n || v === false || v === '' || v === undefined) return true;
  if (v instanceof Uint8Array) return v.every((b) => b === 0);
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}
