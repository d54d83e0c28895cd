/**
 * Indexes VPP hands out, and how a replay carries them over. A reply field is taken as
 * an allocation when it is a top-level integer named `index` or `…_index`, or typed
 * `interface_index` (create_loopback_reply.sw_if_index, ip_route_add_del_reply
 * .stats_index, acl_add_replace_reply.acl_index, policer_add_del_reply.policer_index,
 * …), and the request did not name that index itself (acl_add_replace names acl_index:
 * ~0 asks for a new one, any other value replaces that ACL, so only ~0 allocates).
 *
 * Each allocation has a kind: `sw_if_index` for interfaces (every field typed
 * `interface_index` or named `sw_if_index` / `…_sw_if_index` refers to one), otherwise
 * the field's own name. When the recorded reply said 3 and the live one says 7, later
 * requests get 7 wherever a field of that kind holds 3.
 */
import type { Field, MessageDef, TypeNode } from '../schema/model.js';

export interface AllocationField {
  field: string;
  kind: string;
}

const NONE = 0xffff_ffff;

function bare(t: TypeNode): TypeNode {
  while (t.kind === 'alias' && t.length === undefined) {
    if (t.name === 'interface_index') return t;
    t = t.target;
  }
  return t;
}

/** The kind of index a field holds, or undefined when it holds none. */
export function indexKind(f: Field): string | undefined {
  if (f.shape.kind !== 'scalar') return undefined;
  const t = bare(f.type);
  if (t.kind === 'alias' && t.name === 'interface_index') return 'sw_if_index';
  if (t.kind !== 'base' || (t.name !== 'u32' && t.name !== 'u16' && t.name !== 'u8')) return undefined;
  if (f.name === 'sw_if_index' || f.name.endsWith('_sw_if_index')) return 'sw_if_index';
  if (f.name === 'index' || f.name.endsWith('_index')) return f.name;
  return undefined;
}

/** The allocation fields of `reply` answering `request` with value `args`. Throws nothing. */
export function allocationsOf(reply: MessageDef, request: MessageDef | undefined, args: Record<string, unknown>): AllocationField[] {
  const out: AllocationField[] = [];
  for (const f of reply.bodyFields) {
    if (f.name === 'retval') continue;
    const kind = indexKind(f);
    if (!kind) continue;
    const given = request?.bodyFields.some((r) => r.name === f.name) && args[f.name] !== undefined && Number(args[f.name]) !== NONE;
    if (!given) out.push({ field: f.name, kind });
  }
  return out;
}

/** Old index → new, per kind. */
export type IndexMap = Map<string, Map<number, number>>;

export interface Remap {
  path: string;
  from: number;
  to: number;
}

/**
 * Replaces, in `value` (a codec value of `fields`, changed in place), every index the map
 * knows; returns what was replaced. Throws nothing.
 */
export function remapIndexes(fields: readonly Field[], value: Record<string, unknown>, map: IndexMap, path = ''): Remap[] {
  const out: Remap[] = [];
  if (map.size === 0) return out;
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    const p = path ? `${path}.${f.name}` : f.name;
    const kind = indexKind(f);
    if (kind) {
      const to = map.get(kind)?.get(Number(v));
      if (to !== undefined && to !== Number(v)) {
        value[f.name] = to;
        out.push({ path: p, from: Number(v), to });
      }
      continue;
    }
    const t = bare(f.type);
    if (t.kind !== 'struct' && t.kind !== 'union') continue;
    if (Array.isArray(v)) v.forEach((x, i) => { if (isObj(x)) out.push(...remapIndexes(t.fields, x, map, `${p}[${i}]`)); });
    else if (isObj(v)) out.push(...remapIndexes(t.fields, v, map, p));
  }
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
