/**
 * Which named types each message reaches through its fields (directly, or inside
 * structs, unions and aliases), so that a changed type is reported once with the
 * messages it affects.
 */
import type { Schema, TypeNode } from '../model.js';

/** The named (non-base) types `t` is or holds, `t` included; memoised per schema walk. */
function typesOf(t: TypeNode, memo: Map<TypeNode, ReadonlySet<string>>): ReadonlySet<string> {
  if (t.kind === 'base' || t.kind === 'string') return EMPTY;
  const hit = memo.get(t);
  if (hit) return hit;
  const out = new Set<string>([t.name]);
  // Set before recursing: a (malformed) cycle ends here instead of recursing forever.
  memo.set(t, out);
  if (t.kind === 'alias') for (const n of typesOf(t.target, memo)) out.add(n);
  if (t.kind === 'struct' || t.kind === 'union') for (const f of t.fields) for (const n of typesOf(f.type, memo)) out.add(n);
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Message name → the named types it reaches. Throws nothing. */
export function typesByMessage(schema: Schema): Map<string, ReadonlySet<string>> {
  const memo = new Map<TypeNode, ReadonlySet<string>>();
  const out = new Map<string, ReadonlySet<string>>();
  for (const m of schema.messages.values()) {
    const s = new Set<string>();
    for (const f of m.fields) for (const n of typesOf(f.type, memo)) s.add(n);
    out.set(m.name, s);
  }
  return out;
}
