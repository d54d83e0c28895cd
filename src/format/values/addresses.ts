import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS; loading it on first use (synchronously, through require) keeps it
// off the start-up path of calls that never read or print an address.
const require = createRequire(import.meta.url);
let lib: typeof IpAddr | undefined;
const ip = (): typeof IpAddr => (lib ??= require('ipaddr.js') as typeof IpAddr);

/**
 * Text ⇄ bytes for IPv4/IPv6 addresses, prefixes and MAC addresses. These functions know
 * no VPP types; they return a reason (string) instead of throwing so callers can name the
 * field in their FormatError.
 *
 * IPv4 is strict dotted quad (no `10.1`, no octal `010.0.0.1`); IPv6 is any RFC 4291 text
 * without a zone (`%eth0`). IPv6 prints in RFC 5952 form, IPv4-mapped as `::ffff:a.b.c.d`.
 */

export interface Ip {
  v6: boolean;
  bytes: Uint8Array;
}

export function parseIp4(text: string): Uint8Array | string {
  const t = text.trim();
  const quad = dottedQuad(t);
  if (quad) return quad;
  if (!ip().IPv4.isValidFourPartDecimal(t)) return 'not a dotted-quad IPv4 address';
  return Uint8Array.from(ip().IPv4.parse(t).toByteArray());
}

/**
 * Four decimal octets 0..255 without leading zeros, joined by dots, nothing else → the 4
 * bytes; undefined for any other text (which ipaddr.js then judges). Every text this
 * accepts, ipaddr.js's isValidFourPartDecimal accepts with the same bytes; this one only
 * skips its regexes and objects. Throws nothing.
 */
function dottedQuad(t: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0 && t.charCodeAt(i++) !== 46) return undefined; // '.'
    const start = i;
    let v = 0;
    for (let d = t.charCodeAt(i) - 48; d >= 0 && d <= 9; d = t.charCodeAt(i) - 48) {
      v = v * 10 + d;
      i++;
      if (v > 255) return undefined;
    }
    // One digit at least; no leading zero ("010" is octal to some readers).
    if (i === start || (i - start > 1 && t.charCodeAt(start) === 48)) return undefined;
    out[part] = v;
  }
  return i === t.length ? out : undefined;
}

export function parseIp6(text: string): Uint8Array | string {
  const t = text.trim();
  if (t.includes('%')) return 'zone indexes (%…) are not allowed';
  if (!ip().IPv6.isValid(t)) return 'not an IPv6 address';
  return Uint8Array.from(ip().IPv6.parse(t).toByteArray());
}

/** The family comes from the text: a `:` means IPv6. */
export function parseIp(text: string): Ip | string {
  const v6 = text.includes(':');
  const b = v6 ? parseIp6(text) : parseIp4(text);
  return typeof b === 'string' ? b : { v6, bytes: b };
}

export function formatIp4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

export function formatIp6(b: Uint8Array): string {
  const addr = ip().fromByteArray(Array.from(b.subarray(0, 16))) as IpAddr.IPv6;
  if (addr.isIPv4MappedAddress()) return `::ffff:${formatIp4(b.subarray(12, 16))}`;
  return addr.toString();
}

export interface IpPrefix extends Ip {
  len: number;
}

/**
 * `addr/len` → address bytes (host bits kept as given) and length. Without `/len` the
 * prefix is the host itself (/32, /128), unless `lengthRequired` (the CLI: a bare
 * address is refused, never silently a host route). `family` forces one family.
 */
export function parsePrefix(text: string, family?: 4 | 6, lengthRequired = false): IpPrefix | string {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addrText = slash < 0 ? t : t.slice(0, slash);
  const ip: Ip | string =
    family === 4 ? wrap(parseIp4(addrText), false) : family === 6 ? wrap(parseIp6(addrText), true) : parseIp(addrText);
  if (typeof ip === 'string') return ip;
  const max = ip.v6 ? 128 : 32;
  if (slash < 0 && lengthRequired) return `the prefix length is missing: ${addrText}/${max} for this one address, or the network's length (${ip.v6 ? '/64, /48' : '/24, /16'}, ...)`;
  if (slash < 0) return { v6: ip.v6, bytes: ip.bytes, len: max };
  const lenText = t.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(lenText)) return `the prefix length "${lenText}" is not a number`;
  const len = Number(lenText);
  if (len > max) return `${ip.v6 ? 'IPv6' : 'IPv4'} prefix length must be 0..${max}`;
  return { v6: ip.v6, bytes: ip.bytes, len };
}

function wrap(b: Uint8Array | string, v6: boolean): Ip | string {
  return typeof b === 'string' ? b : { v6, bytes: b };
}

/**
 * `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` (one or two hex digits per octet) or Cisco
 * `aabb.ccdd.eeff` → 6 bytes.
 */
export function parseMac(text: string): Uint8Array | string {
  const t = text.trim();
  let octets: string[];
  if (/^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$/.test(t)) {
    octets = t.replace(/\./g, '').match(/../g) as string[];
  } else {
    const parts = t.split(/[:-]/);
    const seps = t.match(/[:-]/g) ?? [];
    if (parts.length !== 6 || new Set(seps).size > 1 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
      return 'not a MAC address';
    }
    octets = parts;
  }
  return Uint8Array.from(octets.map((o) => parseInt(o, 16)));
}

/** 6 bytes → lower-case colon form. */
export function formatMac(b: Uint8Array): string {
  const n = Math.min(b.length, 6);
  let s = n > 0 ? HEX2[b[0]!]! : '';
  for (let i = 1; i < n; i++) s += `:${HEX2[b[i]!]}`;
  return s;
}

/** `00` … `ff`. */
const HEX2 = Array.from({ length: 256 }, (_, x) => x.toString(16).padStart(2, '0'));
