/**
 * How a `fib_path` reads in tables and blocks: as VPP's own CLI shows a path
 * (`via 10.0.0.2 sw_if_index 1`, `DROP ip4`), not as 30 fields with a union shown twice
 * and sixteen empty labels. Display only: JSON and input keep the full struct.
 *
 * fib_path: sw_if_index, table_id, rpf_id u32 | weight, preference u8 | type, flags,
 * proto (enums) | nh {address (union ip4/ip6, no tag: `proto` tells), via_label, obj_id,
 * classify_table_index} | n_labels u8 | label_stack[16] {is_uniform, label, ttl, exp}
 */
import type { EnumType, StructType, TypeNode } from '../client/schema/model.js';
import { formatEnum } from './enums.js';
import { formatIp4, formatIp6 } from './ip.js';
import { unalias } from '../client/schema/model.js';
import type { SpecialFormat } from './value-format.js';

const NONE = 0xffffffff;
type Obj = Record<string, unknown>;

function enumOf(t: StructType, field: string): EnumType | undefined {
  const f = t.fields.find((x) => x.name === field);
  const u = f && unalias(f.type);
  return u?.kind === 'enum' ? u : undefined;
}

function isFibPath(type: TypeNode): boolean {
  const t = unalias(type);
  if (t.kind !== 'struct') return false;
  const names = new Set(t.fields.map((f) => f.name));
  return ['sw_if_index', 'weight', 'type', 'proto', 'nh', 'n_labels', 'label_stack'].every((n) => names.has(n))
    && !!enumOf(t, 'type') && !!enumOf(t, 'proto');
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const zero = (b: unknown): boolean => !(b instanceof Uint8Array) || b.every((x) => x === 0);

export const fibPath: SpecialFormat = {
  placeholder: 'json',
  expected: 'a fib_path object',
  displayOnly: true,
  matches: isFibPath,
  parse: (_text, _type, fail) => fail('write the path as a JSON object'),
  format(value, type, opts) {
    if (!opts?.short || !value || typeof value !== 'object') return undefined;
    const t = unalias(type) as StructType;
    const p = value as Obj;
    const typeName = String(formatEnum(enumOf(t, 'type')!, p.type, true));
    const proto = String(formatEnum(enumOf(t, 'proto')!, p.proto, true));
    const nh = (p.nh ?? {}) as Obj;
    const addr = (nh.address ?? {}) as Obj;
    const words: string[] = [];
    let via: string | undefined;
    if (proto === 'IP4' && !zero(addr.ip4)) via = formatIp4(addr.ip4 as Uint8Array);
    else if (proto === 'IP6' && !zero(addr.ip6)) via = formatIp6(addr.ip6 as Uint8Array);
    else if (proto === 'MPLS' && num(nh.via_label) !== NONE && num(nh.via_label) !== 0) via = `label ${num(nh.via_label)}`;
    if (typeName !== 'NORMAL') words.push(typeName);
    if (via) words.push(`via ${via}`);
    if (num(p.sw_if_index) !== NONE) words.push(`sw_if_index ${num(p.sw_if_index)}`);
    if (num(p.table_id) !== 0) words.push(`table ${num(p.table_id)}`);
    if (num(p.rpf_id) !== 0 && num(p.rpf_id) !== NONE) words.push(`rpf_id ${num(p.rpf_id)}`);
    if (num(p.weight) !== 1) words.push(`weight ${num(p.weight)}`);
    if (num(p.preference) !== 0) words.push(`preference ${num(p.preference)}`);
    const flags = enumOf(t, 'flags');
    if (flags && num(p.flags) !== 0) words.push(String(formatEnum(flags, p.flags, true)));
    const obj = num(nh.obj_id);
    if (obj !== 0 && obj !== NONE) words.push(`obj_id ${obj}`);
    const cls = num(nh.classify_table_index);
    if (typeName === 'CLASSIFY') words.push(`classify_table ${cls}`);
    const labels = Array.isArray(p.label_stack) ? (p.label_stack as Obj[]).slice(0, num(p.n_labels)) : [];
    if (labels.length) words.push(`labels ${labels.map((l) => num(l.label)).join('/')}`);
    if (!via) words.push(proto.toLowerCase());
    return words.join(' ');
  },
};
