/**
 * Values of VPP's address types from text and back, for typed code (`vppapi/values`):
 * the parsers and printers the CLI reads flags with (addresses.ts), returning the value forms
 * the library takes and gives (client/schema/model.ts) and fitting the generated types
 * (`AddressInput`, `PrefixInput`, `MacAddress`, …). Loads no CLI package (no chalk, no
 * commander): only ipaddr.js, on first use of an IPv6 address.
 *
 * | VPP type (ip_types, ethernet_types) | from text          | to text        |
 * |-------------------------------------|--------------------|----------------|
 * | address                             | address('10.0.0.1')| addressText(a) |
 * | prefix, address_with_prefix         | prefix('10.0.0.0/24') | prefixText(p) |
 * | ip4_address, ip6_address            | ip4(t), ip6(t)     | ip4Text(b), ip6Text(b) |
 * | ip4_prefix, ip6_prefix              | ip4Prefix(t), ip6Prefix(t) | ip4PrefixText(p), ip6PrefixText(p) |
 * | mac_address                         | mac('aa:bb:cc:dd:ee:ff') | macText(b) |
 */
import { FormatError } from '../errors.js';
import { formatIp4, formatIp6, formatMac, parseIp, parseIp4, parseIp6, parseMac, parsePrefix } from './addresses.js';

/** `address_family` of ip_types: ADDRESS_IP4 = 0, ADDRESS_IP6 = 1 (VPP's values). */
export const ADDRESS_IP4 = 0;
export const ADDRESS_IP6 = 1;

/** An `address` (ip_types) as the library takes and gives it. */
export type AddressValue =
  | { af: typeof ADDRESS_IP4; un: { ip4: Uint8Array; ip6?: never } }
  | { af: typeof ADDRESS_IP6; un: { ip6: Uint8Array; ip4?: never } };

/** A `prefix` (ip_types): an address and its length. */
export interface PrefixValue {
  address: AddressValue;
  len: number;
}

/** An `ip4_prefix` or `ip6_prefix`: the address bytes and the length. */
export interface FamilyPrefixValue {
  address: Uint8Array;
  len: number;
}

/** What addressText() reads: a decoded `address` (its union may hold every member). */
export interface AddressLike {
  af: number;
  un: { ip4?: Uint8Array; ip6?: Uint8Array };
}

function fail(what: string, text: unknown, expected: string, why: string): never {
  throw new FormatError(what, text, expected, why);
}

function text(what: string, v: unknown, expected: string): string {
  if (typeof v !== 'string') fail(what, v, expected, 'not a string');
  return v;
}

/**
 * `10.0.0.1` or `2001:db8::1` → an `address`.
 * @throws FormatError naming the text and what was expected.
 */
export function address(t: string): AddressValue {
  const expected = 'an IPv4 or IPv6 address such as 10.0.0.1 or 2001:db8::1';
  const ip = parseIp(text('address', t, expected));
  if (typeof ip === 'string') return fail('address', t, expected, ip);
  return ip.v6 ? { af: ADDRESS_IP6, un: { ip6: ip.bytes } } : { af: ADDRESS_IP4, un: { ip4: ip.bytes } };
}

/**
 * An `address` → `10.0.0.1` / `2001:db8::1` (RFC 5952).
 * @throws FormatError when `af` is neither family or the member it selects is not 4 / 16 bytes.
 */
export function addressText(a: AddressLike): string {
  const b = a?.af === ADDRESS_IP4 ? a.un?.ip4 : a?.af === ADDRESS_IP6 ? a.un?.ip6 : undefined;
  const n = a?.af === ADDRESS_IP6 ? 16 : 4;
  if (!(b instanceof Uint8Array) || b.length < n) return fail('address', a, 'an address with af 0 (IPv4, un.ip4: 4 bytes) or 1 (IPv6, un.ip6: 16 bytes)', 'af or bytes do not fit');
  return n === 4 ? formatIp4(b) : formatIp6(b);
}

/**
 * `10.0.0.0/24`, `2001:db8::/32` (without `/len`: the host, /32 or /128) → a `prefix`.
 * Host bits are kept as given (an interface address is `10.0.0.1/24`).
 * @throws FormatError naming the text and why it is not a prefix.
 */
export function prefix(t: string): PrefixValue {
  const expected = 'an IPv4 or IPv6 prefix such as 10.0.0.0/24 or 2001:db8::/32';
  const p = parsePrefix(text('prefix', t, expected));
  if (typeof p === 'string') return fail('prefix', t, expected, p);
  const addr: AddressValue = p.v6 ? { af: ADDRESS_IP6, un: { ip6: p.bytes } } : { af: ADDRESS_IP4, un: { ip4: p.bytes } };
  return { address: addr, len: p.len };
}

/** A `prefix` → `10.0.0.0/24`. @throws FormatError as addressText(), or for a length that is not an integer. */
export function prefixText(p: { address: AddressLike; len: number }): string {
  if (!Number.isInteger(p?.len)) return fail('prefix.len', p?.len, 'a prefix length', 'not an integer');
  return `${addressText(p.address)}/${p.len}`;
}

function family(v6: boolean, what: string, t: string): FamilyPrefixValue {
  const expected = v6 ? 'an IPv6 prefix such as 2001:db8::/32' : 'an IPv4 prefix such as 10.0.0.0/24';
  const p = parsePrefix(text(what, t, expected), v6 ? 6 : 4);
  if (typeof p === 'string') return fail(what, t, expected, p);
  return { address: p.bytes, len: p.len };
}

/** `10.0.0.0/24` → an `ip4_prefix`. @throws FormatError. */
export function ip4Prefix(t: string): FamilyPrefixValue {
  return family(false, 'ip4Prefix', t);
}

/** `2001:db8::/32` → an `ip6_prefix`. @throws FormatError. */
export function ip6Prefix(t: string): FamilyPrefixValue {
  return family(true, 'ip6Prefix', t);
}

/** An `ip4_prefix` → `10.0.0.0/24`. @throws FormatError for fewer than 4 bytes. */
export function ip4PrefixText(p: FamilyPrefixValue): string {
  return `${ip4Text(p.address)}/${p.len}`;
}

/** An `ip6_prefix` → `2001:db8::/32`. @throws FormatError for fewer than 16 bytes. */
export function ip6PrefixText(p: FamilyPrefixValue): string {
  return `${ip6Text(p.address)}/${p.len}`;
}

/** `10.0.0.1` → 4 bytes (`ip4_address`). @throws FormatError. */
export function ip4(t: string): Uint8Array {
  const expected = 'an IPv4 address such as 10.0.0.1';
  const b = parseIp4(text('ip4', t, expected));
  return typeof b === 'string' ? fail('ip4', t, expected, b) : b;
}

/** `2001:db8::1` → 16 bytes (`ip6_address`). @throws FormatError. */
export function ip6(t: string): Uint8Array {
  const expected = 'an IPv6 address such as 2001:db8::1';
  const b = parseIp6(text('ip6', t, expected));
  return typeof b === 'string' ? fail('ip6', t, expected, b) : b;
}

/** 4 bytes → `10.0.0.1`. @throws FormatError for anything else. */
export function ip4Text(b: Uint8Array): string {
  if (!(b instanceof Uint8Array) || b.length !== 4) return fail('ip4', b, '4 bytes', 'wrong length');
  return formatIp4(b);
}

/** 16 bytes → `2001:db8::1`. @throws FormatError for anything else. */
export function ip6Text(b: Uint8Array): string {
  if (!(b instanceof Uint8Array) || b.length !== 16) return fail('ip6', b, '16 bytes', 'wrong length');
  return formatIp6(b);
}

/** `aa:bb:cc:dd:ee:ff`, `aa-bb-…` or `aabb.ccdd.eeff` → 6 bytes (`mac_address`). @throws FormatError. */
export function mac(t: string): Uint8Array {
  const expected = 'a MAC address such as aa:bb:cc:dd:ee:ff';
  const b = parseMac(text('mac', t, expected));
  return typeof b === 'string' ? fail('mac', t, expected, b) : b;
}

/** 6 bytes → `aa:bb:cc:dd:ee:ff`. @throws FormatError for anything else. */
export function macText(b: Uint8Array): string {
  if (!(b instanceof Uint8Array) || b.length !== 6) return fail('mac', b, '6 bytes', 'wrong length');
  return formatMac(b);
}
