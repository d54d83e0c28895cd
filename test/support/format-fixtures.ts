/**
 * Tiny hand-built resolved types for the format tests, mirroring ip_types,
 * ethernet_types and interface_types of VPP 26.06 (the resolver is not used here).
 */
import type {
  AliasType,
  BaseKind,
  BaseType,
  EnumType,
  Field,
  FieldOptions,
  FieldShape,
  MessageDef,
  StringType,
  StructType,
  TypeNode,
  UnionType,
} from '../../src/client/schema/model.js';

export const scalar: FieldShape = { kind: 'scalar' };
export const fixed = (length: number): FieldShape => ({ kind: 'fixed', length });
export const counted = (countField: string): FieldShape => ({ kind: 'counted', countField });
export const vla: FieldShape = { kind: 'vla-string' };

export const base = (name: BaseKind): BaseType => ({ kind: 'base', name });
export const u8 = base('u8');
export const u16 = base('u16');
export const u32 = base('u32');
export const u64 = base('u64');
export const i32 = base('i32');
export const i64 = base('i64');
export const bool = base('bool');
export const f64 = base('f64');
export const str: StringType = { kind: 'string', name: 'string' };

export function enumOf(name: string, values: Array<[string, number]>, base: 'u8' | 'u32' = 'u32', flags = false): EnumType {
  const vs = values.map(([n, v]) => ({ name: n, value: v }));
  const byValue = new Map<number, string>();
  for (const v of vs) if (!byValue.has(v.value)) byValue.set(v.value, v.name);
  return { kind: 'enum', name, flags, base, values: vs, byName: new Map(values), byValue, module: 'test' };
}

export function field(name: string, type: TypeNode, shape: FieldShape = scalar, options: FieldOptions = {}, countFor?: string[]): Field {
  return countFor ? { name, type, shape, options, countFor } : { name, type, shape, options };
}

export const struct = (name: string, fields: Field[]): StructType => ({ kind: 'struct', name, fields, module: 'test' });
export const union = (name: string, fields: Field[]): UnionType => ({ kind: 'union', name, fields, module: 'test' });
export const alias = (name: string, target: TypeNode, length?: number): AliasType =>
  length === undefined ? { kind: 'alias', name, target, module: 'test' } : { kind: 'alias', name, target, length, module: 'test' };

// ip_types / ethernet_types / interface_types
export const addressFamily = enumOf('address_family', [['ADDRESS_IP4', 0], ['ADDRESS_IP6', 1]], 'u8');
export const ip4Address = alias('ip4_address', u8, 4);
export const ip6Address = alias('ip6_address', u8, 16);
export const macAddress = alias('mac_address', u8, 6);
export const interfaceIndex = alias('interface_index', u32);
export const addressUnion = union('address_union', [
  field('ip4', ip4Address, scalar, { case: 'ADDRESS_IP4' }),
  field('ip6', ip6Address, scalar, { case: 'ADDRESS_IP6' }),
]);
export const address = struct('address', [field('af', addressFamily), field('un', addressUnion, scalar, { discriminator: 'af' })]);
export const prefix = struct('prefix', [field('address', address), field('len', u8)]);
export const ip4Prefix = struct('ip4_prefix', [field('address', ip4Address), field('len', u8)]);
export const ip6Prefix = struct('ip6_prefix', [field('address', ip6Address), field('len', u8)]);
export const addressWithPrefix = alias('address_with_prefix', prefix);
export const ip4AddressWithPrefix = alias('ip4_address_with_prefix', ip4Prefix);
export const ip6AddressWithPrefix = alias('ip6_address_with_prefix', ip6Prefix);
export const mprefix = struct('mprefix', [
  field('af', addressFamily),
  field('grp_address_length', u16),
  field('grp_address', addressUnion),
  field('src_address', addressUnion),
]);
/** Declared as a plain enum in 26.06, used as a bit set. */
export const ifStatusFlags = enumOf('if_status_flags', [['IF_STATUS_API_FLAG_ADMIN_UP', 1], ['IF_STATUS_API_FLAG_LINK_UP', 2]]);
export const subIfFlags = enumOf('sub_if_flags', [
  ['SUB_IF_API_FLAG_NO_TAGS', 1],
  ['SUB_IF_API_FLAG_ONE_TAG', 2],
  ['SUB_IF_API_FLAG_TWO_TAGS', 4],
  ['SUB_IF_API_FLAG_MASK_VNET', 254],
  ['SUB_IF_API_FLAG_DOT1AH', 256],
]);
export const tunnelFlags = enumOf('tunnel_flags', [['TUNNEL_API_FLAG_TRACK_MTU', 1]], 'u8', true);
export const fibPathFlags = enumOf(
  'fib_path_flags',
  [['FIB_API_PATH_FLAG_NONE', 0], ['FIB_API_PATH_FLAG_RESOLVE_VIA_ATTACHED', 1], ['FIB_API_PATH_FLAG_RESOLVE_VIA_HOST', 2], ['FIB_API_PATH_FLAG_POP_PW_CW', 4]],
  'u32',
);
export const linkDuplex = enumOf('link_duplex', [['LINK_DUPLEX_API_UNKNOWN', 0], ['LINK_DUPLEX_API_HALF', 1], ['LINK_DUPLEX_API_FULL', 2]]);
export const direction = enumOf('direction', [['RX', 0], ['TX', 1]], 'u8');

/** A message with the given body fields behind the header of `header`. */
export function message(name: string, body: Field[], header: 'request' | 'reply' = 'reply', crc = '0badc0de'): MessageDef {
  const head = header === 'request' ? [field('client_index', u32), field('context', u32)] : [field('context', u32)];
  return {
    name,
    crc,
    key: `${name}_${crc}`,
    module: 'test',
    fields: [...head, ...body],
    header,
    contextOffset: header === 'request' ? 6 : 2,
    bodyFields: body,
    options: { deprecated: false, inProgress: false, other: {} },
  };
}

export const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
export const ip4 = (a: number, b: number, c: number, d: number): Uint8Array => bytes(a, b, c, d);
