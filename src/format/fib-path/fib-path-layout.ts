/**
 * What the text form of a `fib_path` is built from, read off the resolved definition so
 * that a release which adds a path type or flag gets its word without a change here.
 *
 * fib_path: sw_if_index, table_id, rpf_id u32 | weight, preference u8 | type, flags,
 * proto (enums) | nh {address (union ip4/ip6, no tag: `proto` tells), via_label, obj_id,
 * classify_table_index u32} | n_labels u8 | label_stack[16] {is_uniform, label, ttl, exp}
 *
 * Words are the enum names without their shared prefix, in lower case with `-` for `_`:
 * FIB_API_PATH_TYPE_UDP_ENCAP → `udp-encap`, FIB_API_PATH_NH_PROTO_IP6 → `ip6`,
 * FIB_API_PATH_FLAG_RESOLVE_VIA_HOST → `resolve-via-host`.
 */
import type { EnumType, StructType, TypeNode } from '../../client/schema/model.js';
import { displayName } from '../values/enums.js';
import { unalias } from '../../client/schema/model.js';

export const NONE = 0xffffffff;

export interface FibLayout {
  readonly types: WordTable;
  readonly protos: WordTable;
  /** Named single bits of `flags` (0 has no word). */
  readonly flags: WordTable;
  readonly normal: number;
  readonly ip4: number;
  readonly ip6: number;
  readonly labels: number;
}

export interface WordTable {
  readonly byValue: ReadonlyMap<number, string>;
  readonly byWord: ReadonlyMap<string, number>;
}

function fieldType(t: StructType, name: string): TypeNode | undefined {
  const f = t.fields.find((x) => x.name === name);
  return f && unalias(f.type);
}

function enumOf(t: StructType, name: string): EnumType | undefined {
  const u = fieldType(t, name);
  return u?.kind === 'enum' ? u : undefined;
}

function words(e: EnumType, keep: (v: number) => boolean = () => true): WordTable {
  const byValue = new Map<number, string>();
  const byWord = new Map<string, number>();
  for (const v of e.values) {
    if (!keep(v.value) || byValue.has(v.value)) continue;
    const w = displayName(e, v.name, true).toLowerCase().replace(/_/g, '-');
    byValue.set(v.value, w);
    byWord.set(w, v.value);
  }
  return { byValue, byWord };
}

const layouts = new WeakMap<StructType, FibLayout | null>();

function hasFields(t: TypeNode | undefined, names: readonly string[]): t is StructType {
  return t?.kind === 'struct' && names.every((n) => t.fields.some((f) => f.name === n));
}

/** The layout when `type` is a fib_path as 26.06 defines it, else undefined. Throws nothing. */
export function fibLayout(type: TypeNode): FibLayout | undefined {
  const t = unalias(type);
  if (t.kind !== 'struct') return undefined;
  const known = layouts.get(t);
  if (known !== undefined) return known ?? undefined;
  const layout = build(t);
  layouts.set(t, layout ?? null);
  return layout;
}

function build(t: StructType): FibLayout | undefined {
  const top = ['sw_if_index', 'table_id', 'rpf_id', 'weight', 'preference', 'type', 'flags', 'proto', 'nh', 'n_labels', 'label_stack'];
  if (!hasFields(t, top)) return undefined;
  const type = enumOf(t, 'type');
  const proto = enumOf(t, 'proto');
  const flags = enumOf(t, 'flags');
  const nh = fieldType(t, 'nh');
  const stack = t.fields.find((f) => f.name === 'label_stack')!;
  const label = unalias(stack.type);
  if (!type || !proto || !flags || !hasFields(nh, ['address', 'via_label', 'obj_id', 'classify_table_index'])) return undefined;
  if (stack.shape.kind !== 'fixed' || !hasFields(label, ['is_uniform', 'label', 'ttl', 'exp'])) return undefined;
  const protos = words(proto);
  const ip4 = protos.byWord.get('ip4');
  const ip6 = protos.byWord.get('ip6');
  if (ip4 === undefined || ip6 === undefined) return undefined;
  const types = words(type);
  return {
    types,
    protos,
    flags: words(flags, (v) => v > 0 && (v & (v - 1)) === 0),
    normal: types.byWord.get('normal') ?? 0,
    ip4,
    ip6,
    labels: stack.shape.length,
  };
}

/** Keywords of the text form that take a number after them, with the field each sets. */
export const NUMBER_WORDS = {
  sw_if_index: 'sw_if_index',
  table: 'table_id',
  weight: 'weight',
  preference: 'preference',
  'via-label': 'nh.via_label',
  obj_id: 'nh.obj_id',
  classify_table: 'nh.classify_table_index',
} as const;

/** Every word of the text form that is not an interface name. */
export function reservedWords(l: FibLayout): Set<string> {
  return new Set(['via', 'labels', ...Object.keys(NUMBER_WORDS), ...l.types.byWord.keys(), ...l.protos.byWord.keys(), ...l.flags.byWord.keys()]);
}
