import { type EnumType, type Field, type StructType, type TypeNode, type UnionType, unalias } from '../../client/schema/model.js';
import { formatIp4, formatIp6, formatMac, parseIp, parseIp4, parseIp6, parseMac, parsePrefix } from '../values/addresses.js';
import type { SpecialFormat } from '../values/value-format.js';
import { fibPath } from '../fib-path/fib-path.js';

/**
 * The special types of ip_types and ethernet_types (docs/protocol.md §6), read and written as
 * text. Each entry checks the layout it expects, so a plugin type that only shares a
 * name falls back to the generic form.
 *
 * | type                        | layout                                  | text              |
 * |-----------------------------|-----------------------------------------|-------------------|
 * | ip4_address / ip6_address   | alias u8[4] / u8[16]                    | 10.0.0.1, 2001:db8::1 |
 * | mac_address                 | alias u8[6]                             | aa:bb:cc:dd:ee:ff |
 * | address                     | {af: enum, un: union{ip4, ip6}}         | either family     |
 * | prefix, address_with_prefix | {address: address, len: u8}             | 10.0.0.0/24       |
 * | ip4_prefix, ip6_prefix (+ *_address_with_prefix) | {address: ipN_address, len: u8} | 10.0.0.0/24 |
 * | mprefix                     | {af, grp_address_length: u16, grp_address, src_address} | [src,]group/len |
 *
 * Prefix host bits are kept as given and shown as they are; a prefix without `/len` is a
 * host prefix (/32, /128).
 */

function isBase(t: TypeNode, name: string): boolean {
  const u = unalias(t);
  return u.kind === 'base' && u.name === name;
}

/** `alias x = u8[n]` */
function isByteAlias(t: TypeNode, n: number): boolean {
  return t.kind === 'alias' && t.length === n && isBase(t.target, 'u8');
}

/** A scalar field of n bytes: an alias to u8[n] or `u8 x[n]`. */
function isBytesField(f: Field | undefined, n: number): boolean {
  if (!f) return false;
  if (f.shape.kind === 'scalar') return isByteAlias(unalias(f.type), n);
  return f.shape.kind === 'fixed' && f.shape.length === n && isBase(f.type, 'u8');
}

function scalarField(s: StructType | UnionType, name: string): Field | undefined {
  const f = s.fields.find((x) => x.name === name);
  return f && f.shape.kind === 'scalar' ? f : undefined;
}

function isU8Field(s: StructType, name: string): boolean {
  const f = scalarField(s, name);
  return f !== undefined && isBase(f.type, 'u8');
}

function isAddressUnion(t: TypeNode | undefined): t is UnionType {
  if (!t) return false;
  const u = unalias(t);
  return u.kind === 'union' && isBytesField(u.fields.find((f) => f.name === 'ip4'), 4) && isBytesField(u.fields.find((f) => f.name === 'ip6'), 16);
}

function isEnum(f: Field | undefined): boolean {
  return f !== undefined && unalias(f.type).kind === 'enum';
}

function struct(t: TypeNode): StructType | undefined {
  const u = unalias(t);
  return u.kind === 'struct' ? u : undefined;
}

interface Families {
  v4: number;
  v6: number;
}

// Per struct and pair of field names: a value read or printed asks again for the same.
const familiesOf = new WeakMap<StructType, Map<string, Families>>();

/** Address family numbers: from the union members' `case` in the af enum, else 0/1. */
function families(s: StructType, afName: string, unName: string): Families {
  let m = familiesOf.get(s);
  if (!m) familiesOf.set(s, (m = new Map()));
  const key = `${afName} ${unName}`;
  let f = m.get(key);
  if (!f) m.set(key, (f = familiesOfFields(s, afName, unName)));
  return f;
}

function familiesOfFields(s: StructType, afName: string, unName: string): Families {
  const af = unalias(scalarField(s, afName)!.type) as EnumType;
  const un = unalias(scalarField(s, unName)!.type) as UnionType;
  const caseOf = (m: string): number | undefined => {
    const c = un.fields.find((f) => f.name === m)?.options.case;
    return c === undefined ? undefined : af.byName.get(c);
  };
  return { v4: caseOf('ip4') ?? af.byName.get('ADDRESS_IP4') ?? 0, v6: caseOf('ip6') ?? af.byName.get('ADDRESS_IP6') ?? 1 };
}

function bytesOf(v: unknown, n: number): Uint8Array | undefined {
  return v instanceof Uint8Array && v.length >= n ? v.subarray(0, n) : undefined;
}

/** The ip4 or ip6 member of a decoded address union; a union decoded whole has both. */
function unionText(un: unknown, v6: boolean): string | undefined {
  if (typeof un !== 'object' || un === null) return undefined;
  const u = un as Record<string, unknown>;
  if (v6) {
    const b = bytesOf(u.ip6, 16);
    return b && formatIp6(b);
  }
  const b = bytesOf(u.ip4, 4) ?? bytesOf(u.ip6, 4);
  return b && formatIp4(b);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) ? (v as Record<string, unknown>) : undefined;
}

function byteAlias(n: number, placeholder: string, expected: string, parse: (t: string) => Uint8Array | string, show: (b: Uint8Array) => string): SpecialFormat {
  return {
    placeholder,
    expected,
    matches: (t) => isByteAlias(t, n),
    parse(text, _t, fail) {
      const b = parse(text);
      return typeof b === 'string' ? fail(b) : b;
    },
    format: (v) => {
      const b = bytesOf(v, n);
      return b && show(b);
    },
  };
}

export const ip4Address: SpecialFormat = { ...byteAlias(4, 'ip4', 'an IPv4 address such as 10.0.0.1', parseIp4, formatIp4), role: 'address' };
export const ip6Address: SpecialFormat = { ...byteAlias(16, 'ip6', 'an IPv6 address such as 2001:db8::1', parseIp6, formatIp6), role: 'address' };
export const macAddress: SpecialFormat = { ...byteAlias(6, 'mac', 'a MAC address such as aa:bb:cc:dd:ee:ff', parseMac, formatMac), role: 'mac' };

function isAddress(t: TypeNode): boolean {
  const s = struct(t);
  return s !== undefined && s.fields.length === 2 && isEnum(scalarField(s, 'af')) && isAddressUnion(scalarField(s, 'un')?.type);
}

function addressValue(s: StructType, text: string, fail: (r: string) => never): Record<string, unknown> {
  const ip = parseIp(text);
  if (typeof ip === 'string') return fail(ip);
  const fam = families(s, 'af', 'un');
  return { af: ip.v6 ? fam.v6 : fam.v4, un: ip.v6 ? { ip6: ip.bytes } : { ip4: ip.bytes } };
}

function addressText(s: StructType, v: unknown): string | undefined {
  const o = record(v);
  if (!o) return undefined;
  const fam = families(s, 'af', 'un');
  if (o.af !== fam.v4 && o.af !== fam.v6) return undefined;
  return unionText(o.un, o.af === fam.v6);
}

export const address: SpecialFormat = {
  role: 'address',
  placeholder: 'ip',
  expected: 'an IPv4 or IPv6 address such as 10.0.0.1 or 2001:db8::1',
  matches: isAddress,
  parse: (text, t, fail) => addressValue(struct(t)!, text, fail),
  format: (v, t) => addressText(struct(t)!, v),
};

function isPrefix(t: TypeNode): boolean {
  const s = struct(t);
  const a = s && scalarField(s, 'address');
  return s !== undefined && s.fields.length === 2 && a !== undefined && isAddress(a.type) && isU8Field(s, 'len');
}

export const prefix: SpecialFormat = {
  role: 'address',
  placeholder: 'ip/len',
  expected: 'an IPv4 or IPv6 prefix such as 10.0.0.0/24 or 2001:db8::/32',
  matches: isPrefix,
  parse(text, t, fail) {
    const p = parsePrefix(text, undefined, true);
    if (typeof p === 'string') return fail(p);
    const fam = families(struct(scalarField(struct(t)!, 'address')!.type)!, 'af', 'un');
    return { address: { af: p.v6 ? fam.v6 : fam.v4, un: p.v6 ? { ip6: p.bytes } : { ip4: p.bytes } }, len: p.len };
  },
  format(v, t) {
    const o = record(v);
    const a = o && addressText(struct(scalarField(struct(t)!, 'address')!.type)!, o.address);
    return a !== undefined && typeof o!.len === 'number' ? `${a}/${o!.len}` : undefined;
  },
};

function familyPrefix(v6: boolean): SpecialFormat {
  const n = v6 ? 16 : 4;
  return {
    role: 'address',
    placeholder: v6 ? 'ip6/len' : 'ip4/len',
    expected: v6 ? 'an IPv6 prefix such as 2001:db8::/32' : 'an IPv4 prefix such as 10.0.0.0/24',
    matches(t) {
      const s = struct(t);
      return s !== undefined && s.fields.length === 2 && isBytesField(scalarField(s, 'address'), n) && isU8Field(s, 'len');
    },
    parse(text, _t, fail) {
      const p = parsePrefix(text, v6 ? 6 : 4, true);
      return typeof p === 'string' ? fail(p) : { address: p.bytes, len: p.len };
    },
    format(v) {
      const o = record(v);
      const b = o && bytesOf(o.address, n);
      if (!b || typeof o!.len !== 'number') return undefined;
      return `${v6 ? formatIp6(b) : formatIp4(b)}/${o!.len}`;
    },
  };
}

export const ip4Prefix = familyPrefix(false);
export const ip6Prefix = familyPrefix(true);

/**
 * An alias (e.g. address_with_prefix = prefix) read and written like its target. An
 * address *with its prefix length* (an interface address) needs the length: a bare
 * address would silently become a /32 (or /128) host, which is not what an interface
 * address means, so it is refused as the type's own text says. (Every prefix read here
 * needs its length too: a route to `10.1.0.0` is written 10.1.0.0/16 or 10.1.0.0/32.)
 */
function aliasTo(target: SpecialFormat, placeholder: string, expected: string, needsLength = false): SpecialFormat {
  const through = (t: TypeNode): TypeNode => (t.kind === 'alias' && t.length === undefined ? t.target : t);
  return {
    role: target.role,
    placeholder,
    expected,
    matches: (t) => t.kind === 'alias' && t.length === undefined && target.matches(through(t)),
    parse: (text, t, fail) => {
      if (needsLength && !text.includes('/')) return fail('the prefix length is missing (/24, /64, ...)');
      return target.parse(text, through(t), fail);
    },
    format: (v, t) => target.format(v, through(t)),
  };
}

export const addressWithPrefix = aliasTo(prefix, 'ip/len', 'an address with its prefix length such as 10.0.0.1/24 or 2001:db8::1/64', true);
export const ip4AddressWithPrefix = aliasTo(ip4Prefix, 'ip4/len', 'an IPv4 address with its prefix length such as 10.0.0.1/24', true);
export const ip6AddressWithPrefix = aliasTo(ip6Prefix, 'ip6/len', 'an IPv6 address with its prefix length such as 2001:db8::1/64', true);

function isMprefix(t: TypeNode): boolean {
  const s = struct(t);
  if (!s || s.fields.length !== 4 || !isEnum(scalarField(s, 'af'))) return false;
  const len = scalarField(s, 'grp_address_length');
  return len !== undefined && isBase(len.type, 'u16') && isAddressUnion(scalarField(s, 'grp_address')?.type) && isAddressUnion(scalarField(s, 'src_address')?.type);
}

/** Multicast (S,G): `group/len` for any source, `source,group/len` for one. */
export const mprefix: SpecialFormat = {
  role: 'address',
  placeholder: '[src,]group/len',
  expected: 'a multicast prefix such as 232.1.1.0/24 (any source) or 10.0.0.1,232.1.1.1/32',
  matches: isMprefix,
  parse(text, t, fail) {
    const s = struct(t)!;
    const comma = text.indexOf(',');
    const srcText = comma < 0 ? '*' : text.slice(0, comma).trim();
    const g = parsePrefix(comma < 0 ? text : text.slice(comma + 1), undefined, true);
    if (typeof g === 'string') return fail(g);
    let src: Uint8Array = new Uint8Array(g.v6 ? 16 : 4);
    if (srcText !== '*') {
      const ip = parseIp(srcText);
      if (typeof ip === 'string') return fail(`source: ${ip}`);
      if (ip.v6 !== g.v6) return fail('source and group are of different families');
      src = ip.bytes;
    }
    const fam = families(s, 'af', 'grp_address');
    const m = g.v6 ? 'ip6' : 'ip4';
    return { af: g.v6 ? fam.v6 : fam.v4, grp_address_length: g.len, grp_address: { [m]: g.bytes }, src_address: { [m]: src } };
  },
  format(v, t) {
    const o = record(v);
    if (!o || typeof o.grp_address_length !== 'number') return undefined;
    const fam = families(struct(t)!, 'af', 'grp_address');
    if (o.af !== fam.v4 && o.af !== fam.v6) return undefined;
    const v6 = o.af === fam.v6;
    const g = unionText(o.grp_address, v6);
    const sText = unionText(o.src_address, v6);
    if (g === undefined || sText === undefined) return undefined;
    const any = sText === '0.0.0.0' || sText === '::';
    return `${any ? '' : `${sText},`}${g}/${o.grp_address_length}`;
  },
};

/** The built-in entries, by the bare type name (without `vl_api_`/`_t`). */
export const builtinSpecials: ReadonlyMap<string, SpecialFormat> = new Map([
  ['ip4_address', ip4Address],
  ['ip6_address', ip6Address],
  ['mac_address', macAddress],
  ['address', address],
  ['prefix', prefix],
  ['ip4_prefix', ip4Prefix],
  ['ip6_prefix', ip6Prefix],
  ['address_with_prefix', addressWithPrefix],
  ['ip4_address_with_prefix', ip4AddressWithPrefix],
  ['ip6_address_with_prefix', ip6AddressWithPrefix],
  ['mprefix', mprefix],
  ['fib_path', fibPath],
]);
