/**
 * The emulator's own IP values and their wire forms (the codec's value forms of ip_types,
 * PROTOCOL.md §6):
 *
 * | type      | wire value                                   | here                          |
 * |-----------|----------------------------------------------|-------------------------------|
 * | address   | `{ af: 0 \| 1, un: { ip4 } \| { ip6 } }`      | `{ af, addr }` (4 or 16 bytes)|
 * | prefix    | `{ address, len }`                           | `{ af, addr, len }`           |
 *
 * A union decoded without a tag holds every member; the one the family names is used.
 */
export type Af = 0 | 1;

export interface IpAddr {
  af: Af;
  /** 4 bytes for IPv4, 16 for IPv6. */
  addr: Uint8Array;
}

export interface IpPrefix extends IpAddr {
  len: number;
}

const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(0));

/** Reads an `address` value; unknown families count as IPv6 (their 16 bytes are kept). Throws nothing. */
export function addrFromWire(v: unknown): IpAddr {
  const o = (v ?? {}) as { af?: unknown; un?: Record<string, unknown> };
  const af: Af = o.af === 0 || o.af === 'ADDRESS_IP4' ? 0 : 1;
  const un = o.un ?? {};
  if (af === 0) return { af, addr: pad(bytes(un.ip4 ?? un.ip6), 4) };
  return { af, addr: pad(bytes(un.ip6), 16) };
}

/** Reads a `prefix` (also `address_with_prefix`) value. Throws nothing. */
export function prefixFromWire(v: unknown): IpPrefix {
  const o = (v ?? {}) as { address?: unknown; len?: unknown };
  return { ...addrFromWire(o.address), len: Number(o.len ?? 0) };
}

export function addrToWire(a: IpAddr): Record<string, unknown> {
  return { af: a.af, un: a.af === 0 ? { ip4: a.addr } : { ip6: a.addr } };
}

export function prefixToWire(p: IpPrefix): Record<string, unknown> {
  return { address: addrToWire(p), len: p.len };
}

/** The 16 bytes of a `fib_path_nh.address` union (no tag: both members share them). */
export function unionBytes(a: IpAddr): Uint8Array {
  return pad(a.addr, 16);
}

/** A new array of exactly `n` bytes (never a view of `b`). */
function pad(b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(b.subarray(0, n));
  return out;
}

export function sameAddr(a: IpAddr, b: IpAddr): boolean {
  return a.af === b.af && a.addr.length === b.addr.length && a.addr.every((x, i) => x === b.addr[i]);
}

/** `10.0.0.1`, `2001:db8::1` (zero runs compressed as RFC 5952 says). Throws nothing. */
export function formatAddr(a: IpAddr): string {
  if (a.af === 0) return Array.from(a.addr.subarray(0, 4)).join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((a.addr[i]! << 8) | a.addr[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

export function formatPrefix(p: IpPrefix): string {
  return `${formatAddr(p)}/${p.len}`;
}

/** The address with every bit past `len` set to `fill` (0: network, 1: broadcast). Throws nothing. */
export function withHostBits(p: IpPrefix, fill: 0 | 1): IpAddr {
  const out = Uint8Array.from(p.addr); // a copy: Buffer's slice() would share the bytes
  for (let bit = p.len; bit < out.length * 8; bit++) {
    const mask = 0x80 >> (bit % 8);
    out[bit >> 3] = fill ? out[bit >> 3]! | mask : out[bit >> 3]! & ~mask;
  }
  return { af: p.af, addr: out };
}

/** `aa:bb:cc:dd:ee:ff`. Throws nothing. */
export function formatMac(m: Uint8Array): string {
  return Array.from(m.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}
