import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/format/errors.js';
import { FormatRegistry, fromHuman, toHuman } from '../../../src/format/type-formats/format-registry.js';
import type { SpecialFormat } from '../../../src/format/values/value-format.js';
import {
  address,
  addressFamily,
  addressUnion,
  addressWithPrefix,
  alias,
  bool,
  bytes,
  counted,
  direction,
  enumOf,
  f64,
  fibPathFlags,
  field,
  fixed,
  i32,
  i64,
  ifStatusFlags,
  interfaceIndex,
  ip4,
  ip4Address,
  ip4AddressWithPrefix,
  ip4Prefix,
  ip6Address,
  ip6Prefix,
  linkDuplex,
  macAddress,
  message,
  mprefix,
  prefix,
  scalar,
  str,
  struct,
  subIfFlags,
  tunnelFlags,
  u16,
  u32,
  u64,
  u8,
  vla,
} from '../../support/format-fixtures.js';

const reg = new FormatRegistry();
const S = reg.forType.bind(reg);

/** Runs `f`, expects a FormatError, returns it. */
function fails(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).code).toBe('EINPUT');
    return e as FormatError;
  }
  throw new Error('expected a FormatError, none was thrown');
}

const v6 = (text: string): Uint8Array => {
  // Independent of the code under test: expand "::" by hand for the few addresses used.
  const table: Record<string, number[]> = {
    '2001:db8::1': [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    '2001:db8::': [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    '::1': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    'ff02::1': [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  };
  return Uint8Array.from(table[text]);
};

describe('integers', () => {
  it('reads decimal and hex text, numbers and bigints within range', () => {
    expect(fromHuman(u8, scalar, '255', 'x')).toBe(255);
    expect(fromHuman(u8, scalar, '0xff', 'x')).toBe(255);
    expect(fromHuman(u8, scalar, ' 7 ', 'x')).toBe(7);
    expect(fromHuman(u16, scalar, 65535, 'x')).toBe(65535);
    expect(fromHuman(i32, scalar, '-2147483648', 'x')).toBe(-2147483648);
    expect(fromHuman(u32, scalar, 5n, 'x')).toBe(5);
  });

  it('keeps 64-bit values exact as bigint', () => {
    expect(fromHuman(u64, scalar, '18446744073709551615', 'x')).toBe(18446744073709551615n);
    expect(fromHuman(u64, scalar, '0xffffffffffffffff', 'x')).toBe(18446744073709551615n);
    expect(fromHuman(u64, scalar, 18446744073709551615n, 'x')).toBe(18446744073709551615n);
    expect(fromHuman(u64, scalar, 42, 'x')).toBe(42n);
    expect(fromHuman(i64, scalar, '-9223372036854775808', 'x')).toBe(-9223372036854775808n);
    expect(fromHuman(i64, scalar, '9223372036854775807', 'x')).toBe(9223372036854775807n);
    expect(toHuman(u64, scalar, 7)).toBe(7n);
    expect(toHuman(u64, scalar, 18446744073709551615n)).toBe(18446744073709551615n);
  });

  it('rejects values outside the range of the kind, naming the range', () => {
    const e = fails(() => fromHuman(u8, scalar, '256', '--ttl'));
    expect(e.message).toBe('--ttl: "256" is not an integer in 0..255 (u8): out of range 0..255');
    const neg = fails(() => fromHuman(u32, scalar, '-1', 'sw_if_index'));
    expect(neg.message).toContain('sw_if_index: "-1"');
    expect(neg.message).toContain('u32 is unsigned: must be 0..4294967295');
    fails(() => fromHuman(u64, scalar, '18446744073709551616', 'x'));
    fails(() => fromHuman(i64, scalar, '-9223372036854775809', 'x'));
    fails(() => fromHuman(i32, scalar, 2147483648, 'x'));
  });

  it('rejects fractions, exponents, empty text, words and unsafe JSON numbers', () => {
    expect(fails(() => fromHuman(u32, scalar, '1.5', 'x')).detail).toBe('fractions are not allowed');
    expect(fails(() => fromHuman(u32, scalar, '1e3', 'x')).detail).toBe('exponent notation is not allowed');
    expect(fails(() => fromHuman(u32, scalar, '', 'x')).detail).toBe('empty');
    fails(() => fromHuman(u32, scalar, 'ten', 'x'));
    fails(() => fromHuman(u32, scalar, 1.5, 'x'));
    fails(() => fromHuman(u32, scalar, true, 'x'));
    fails(() => fromHuman(u32, scalar, '0x', 'x'));
    expect(fails(() => fromHuman(u64, scalar, 2 ** 60, 'x')).detail).toContain('write it as a string');
  });
});

describe('bool and f64', () => {
  it.each([
    ['true', true], ['FALSE', false], ['yes', true], ['no', false], ['on', true], ['off', false],
    ['1', true], ['0', false], [1, true], [0, false], [true, true],
  ] as const)('bool %s → %s', (input, want) => {
    expect(fromHuman(bool, scalar, input, 'x')).toBe(want);
  });

  it('rejects other bool words', () => {
    const e = fails(() => fromHuman(bool, scalar, 'maybe', '--enable'));
    expect(e.message).toContain('--enable: "maybe" is not a boolean');
    fails(() => fromHuman(bool, scalar, 2, 'x'));
  });

  it('reads and shows f64 including the values JSON cannot hold', () => {
    expect(fromHuman(f64, scalar, '1.5', 'x')).toBe(1.5);
    expect(fromHuman(f64, scalar, '-2e-3', 'x')).toBe(-0.002);
    expect(Number.isNaN(fromHuman(f64, scalar, 'NaN', 'x'))).toBe(true);
    expect(fromHuman(f64, scalar, '-Infinity', 'x')).toBe(-Infinity);
    expect(toHuman(f64, scalar, Infinity)).toBe('Infinity');
    expect(toHuman(f64, scalar, 0.25)).toBe(0.25);
    fails(() => fromHuman(f64, scalar, 'fast', 'x'));
  });
});

describe('strings and bytes', () => {
  it('limits string[N] to N-1 bytes of UTF-8', () => {
    expect(fromHuman(str, fixed(8), 'abcdefg', 'tag')).toBe('abcdefg');
    const e = fails(() => fromHuman(str, fixed(8), 'abcdefgh', 'tag'));
    expect(e.message).toBe('tag: "abcdefgh" is not a string of at most 7 bytes (UTF-8): 8 bytes given');
    expect(fromHuman(str, fixed(8), 'ééé', 'tag')).toBe('ééé');
    expect(fails(() => fromHuman(str, fixed(8), 'éééé', 'tag')).detail).toBe('8 bytes given');
    expect(fromHuman(str, vla, 'x'.repeat(5000), 'tag')).toHaveLength(5000);
    fails(() => fromHuman(str, vla, 'a\0b', 'tag'));
    fails(() => fromHuman(str, vla, 12, 'tag'));
  });

  it('applies a limit option to variable strings', () => {
    const f = reg.forField(field('name', str, vla, { limit: 4 }));
    expect(f.parse('abcd', 'name')).toBe('abcd');
    fails(() => f.parse('abcde', 'name'));
  });

  it('reads u8 arrays as 0x hex or lists and shows them as 0x hex', () => {
    expect(fromHuman(u8, fixed(4), '0x01020304', 'k')).toEqual(bytes(1, 2, 3, 4));
    expect(fromHuman(u8, fixed(4), '0x0102', 'k')).toEqual(bytes(1, 2));
    expect(fromHuman(u8, fixed(4), [1, '0x02', '3'], 'k')).toEqual(bytes(1, 2, 3));
    expect(fromHuman(u8, counted('n'), '0x' + 'ab'.repeat(100), 'k')).toHaveLength(100);
    expect(toHuman(u8, fixed(4), bytes(0xde, 0xad, 0xbe, 0xef))).toBe('0xdeadbeef');
    expect(toHuman(u8, counted('n'), bytes())).toBe('0x');
    expect(fails(() => fromHuman(u8, fixed(4), '0x0102030405', 'k')).detail).toBe('5 bytes given');
    expect(fails(() => fromHuman(u8, fixed(4), '0x123', 'k')).detail).toBe('an odd number of hex digits');
    expect(fails(() => fromHuman(u8, fixed(4), '0102', 'k')).detail).toBe('hex text starts with 0x');
    expect(fails(() => fromHuman(u8, fixed(4), [1, 256], 'k')).detail).toBe('element [1] is not a byte');
    fails(() => fromHuman(u8, fixed(4), '0xzz', 'k'));
  });

  it('requires the exact length for aliases to u8[N] without a special form', () => {
    const key16 = alias('key16', u8, 16);
    expect(fromHuman(key16, scalar, '0x' + '00'.repeat(16), 'k')).toHaveLength(16);
    expect(fails(() => fromHuman(key16, scalar, '0x00', 'k')).message).toContain('exactly 16 bytes');
  });
});

describe('addresses', () => {
  it('ip4_address and ip6_address', () => {
    expect(fromHuman(ip4Address, scalar, '10.0.0.1', 'a')).toEqual(ip4(10, 0, 0, 1));
    expect(toHuman(ip4Address, scalar, ip4(192, 168, 1, 254))).toBe('192.168.1.254');
    expect(fromHuman(ip6Address, scalar, '2001:db8::1', 'a')).toEqual(v6('2001:db8::1'));
    expect(fromHuman(ip6Address, scalar, '2001:0db8:0:0:0:0:0:1', 'a')).toEqual(v6('2001:db8::1'));
    expect(toHuman(ip6Address, scalar, v6('2001:db8::1'))).toBe('2001:db8::1');
    const mapped = bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1);
    expect(toHuman(ip6Address, scalar, mapped)).toBe('::ffff:10.0.0.1');
    expect(fromHuman(ip6Address, scalar, '::ffff:10.0.0.1', 'a')).toEqual(mapped);
    expect(fromHuman(ip4Address, scalar, ip4(1, 2, 3, 4), 'a')).toEqual(ip4(1, 2, 3, 4));
  });

  it.each(['10.0.0.256', '10.1', '010.0.0.1', '10.0.0.1 x', '', '2001:db8::1'])('ip4_address rejects %j', (t) => {
    const e = fails(() => fromHuman(ip4Address, scalar, t, 'nh'));
    expect(e.message).toContain(`nh: ${JSON.stringify(t)} is not an IPv4 address`);
  });

  it.each(['1::2::3', 'fe80::1%eth0', '10.0.0.1', 'gggg::1'])('ip6_address rejects %j', (t) => {
    fails(() => fromHuman(ip6Address, scalar, t, 'nh'));
  });

  it('address takes its family from the text', () => {
    expect(fromHuman(address, scalar, '10.0.0.1', 'a')).toEqual({ af: 0, un: { ip4: ip4(10, 0, 0, 1) } });
    expect(fromHuman(address, scalar, '2001:db8::1', 'a')).toEqual({ af: 1, un: { ip6: v6('2001:db8::1') } });
    expect(toHuman(address, scalar, { af: 0, un: { ip4: ip4(10, 0, 0, 1) } })).toBe('10.0.0.1');
    expect(toHuman(address, scalar, { af: 1, un: { ip6: v6('::1') } })).toBe('::1');
  });

  it('address shows a union decoded whole (every member) by its af', () => {
    const whole = { af: 0, un: { ip4: ip4(1, 2, 3, 4), ip6: bytes(1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) } };
    expect(toHuman(address, scalar, whole)).toBe('1.2.3.4');
  });

  it('address with an unknown af falls back to the generic object without throwing', () => {
    const out = toHuman(address, scalar, { af: 7, un: { ip4: ip4(1, 2, 3, 4), ip6: v6('::1') } });
    expect(out).toEqual({ af: 7, un: { ip4: '1.2.3.4', ip6: '::1' } });
  });

  it('address also takes the object form and derives or checks af', () => {
    expect(fromHuman(address, scalar, { af: 'ADDRESS_IP6', un: { ip6: '::1' } }, 'a')).toEqual({ af: 1, un: { ip6: v6('::1') } });
    const derived = fromHuman(address, scalar, { un: { ip6: '::1' } }, 'a');
    expect(derived).toEqual({ af: 1, un: { ip6: v6('::1') } });
    expect(Object.keys(derived as object)).toEqual(['af', 'un']);
    const e = fails(() => fromHuman(address, scalar, { af: 'ip4', un: { ip6: '::1' } }, 'nh'));
    expect(e.message).toContain('nh.af: af is ADDRESS_IP4 but un.ip6 needs ADDRESS_IP6');
  });

  it('mac_address in colon, dash and Cisco forms, printed lower-case with colons', () => {
    const m = bytes(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff);
    for (const t of ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'AaBb.CcDd.EeFf']) {
      expect(fromHuman(macAddress, scalar, t, 'mac')).toEqual(m);
    }
    expect(fromHuman(macAddress, scalar, 'a:b:c:d:e:f', 'mac')).toEqual(bytes(10, 11, 12, 13, 14, 15));
    expect(toHuman(macAddress, scalar, bytes(0x02, 0xfe, 0, 0x1a, 0xb, 0xc))).toBe('02:fe:00:1a:0b:0c');
    for (const t of ['aa:bb:cc:dd:ee', 'aa:bb-cc:dd:ee:ff', 'gg:bb:cc:dd:ee:ff', 'aabb.ccdd', 'aa:bb:cc:dd:ee:ff:00']) {
      expect(fails(() => fromHuman(macAddress, scalar, t, 'mac')).message).toContain('is not a MAC address');
    }
  });
});

describe('prefixes', () => {
  it('keeps host bits as given, both ways', () => {
    const p = fromHuman(prefix, scalar, '10.0.0.1/24', '--prefix');
    expect(p).toEqual({ address: { af: 0, un: { ip4: ip4(10, 0, 0, 1) } }, len: 24 });
    expect(toHuman(prefix, scalar, p)).toBe('10.0.0.1/24');
  });

  it('reads both families; a bare address is refused, saying how to write the host prefix', () => {
    expect(fromHuman(prefix, scalar, '2001:db8::/32', 'p')).toEqual({ address: { af: 1, un: { ip6: v6('2001:db8::') } }, len: 32 });
    expect(fromHuman(prefix, scalar, '10.0.0.1/32', 'p')).toEqual({ address: { af: 0, un: { ip4: ip4(10, 0, 0, 1) } }, len: 32 });
    expect(fails(() => fromHuman(prefix, scalar, '10.0.0.1', 'p')).detail).toBe("the prefix length is missing: 10.0.0.1/32 for this one address, or the network's length (/24, /16, ...)");
    expect(fails(() => fromHuman(prefix, scalar, '::1', 'p')).detail).toBe("the prefix length is missing: ::1/128 for this one address, or the network's length (/64, /48, ...)");
    expect(toHuman(prefix, scalar, { address: { af: 1, un: { ip6: v6('2001:db8::') } }, len: 32 })).toBe('2001:db8::/32');
    expect(fromHuman(prefix, scalar, '0.0.0.0/0', 'p')).toEqual({ address: { af: 0, un: { ip4: ip4(0, 0, 0, 0) } }, len: 0 });
  });

  it('rejects lengths beyond the family with the message the user needs', () => {
    const e = fails(() => fromHuman(prefix, scalar, '10.0.0.1/33', '--prefix'));
    expect(e.message).toBe(
      '--prefix: "10.0.0.1/33" is not an IPv4 or IPv6 prefix such as 10.0.0.0/24 or 2001:db8::/32: IPv4 prefix length must be 0..32',
    );
    expect(fails(() => fromHuman(prefix, scalar, '2001:db8::/129', 'p')).detail).toBe('IPv6 prefix length must be 0..128');
    expect(fails(() => fromHuman(prefix, scalar, '10.0.0.0/abc', 'p')).detail).toContain('is not a number');
    expect(fails(() => fromHuman(prefix, scalar, '10.0.0.0/-1', 'p')).detail).toContain('is not a number');
    fails(() => fromHuman(prefix, scalar, '10.0.0/24', 'p'));
  });

  it('shows a decoded prefix whose length is out of range without throwing', () => {
    expect(toHuman(prefix, scalar, { address: { af: 0, un: { ip4: ip4(10, 0, 0, 0) } }, len: 40 })).toBe('10.0.0.0/40');
  });

  it('ip4_prefix and ip6_prefix hold one family', () => {
    expect(fromHuman(ip4Prefix, scalar, '10.1.0.0/16', 'p')).toEqual({ address: ip4(10, 1, 0, 0), len: 16 });
    expect(toHuman(ip4Prefix, scalar, { address: ip4(10, 1, 0, 0), len: 16 })).toBe('10.1.0.0/16');
    expect(fromHuman(ip6Prefix, scalar, '2001:db8::/32', 'p')).toEqual({ address: v6('2001:db8::'), len: 32 });
    expect(fails(() => fromHuman(ip4Prefix, scalar, '2001:db8::/32', 'p')).message).toContain('is not an IPv4 prefix');
    expect(fails(() => fromHuman(ip6Prefix, scalar, '10.0.0.0/8', 'p')).message).toContain('is not an IPv6 prefix');
    expect(fails(() => fromHuman(ip4Prefix, scalar, '10.0.0.0/33', 'p')).detail).toBe('IPv4 prefix length must be 0..32');
  });

  it('the *_with_prefix aliases read and show like their targets', () => {
    const v = fromHuman(addressWithPrefix, scalar, '10.0.0.1/24', 'p');
    expect(v).toEqual({ address: { af: 0, un: { ip4: ip4(10, 0, 0, 1) } }, len: 24 });
    expect(toHuman(addressWithPrefix, scalar, v)).toBe('10.0.0.1/24');
    expect(toHuman(ip4AddressWithPrefix, scalar, { address: ip4(10, 0, 0, 1), len: 24 })).toBe('10.0.0.1/24');
    expect(reg.forType(addressWithPrefix).expected).toContain('with its prefix length');
  });

  it('mprefix: group/len for any source, source,group/len for one', () => {
    const any = fromHuman(mprefix, scalar, '232.1.1.0/24', 'm');
    expect(any).toEqual({ af: 0, grp_address_length: 24, grp_address: { ip4: ip4(232, 1, 1, 0) }, src_address: { ip4: ip4(0, 0, 0, 0) } });
    expect(toHuman(mprefix, scalar, any)).toBe('232.1.1.0/24');
    const sg = fromHuman(mprefix, scalar, '10.0.0.1,232.1.1.1/32', 'm');
    expect(sg).toEqual({ af: 0, grp_address_length: 32, grp_address: { ip4: ip4(232, 1, 1, 1) }, src_address: { ip4: ip4(10, 0, 0, 1) } });
    expect(toHuman(mprefix, scalar, sg)).toBe('10.0.0.1,232.1.1.1/32');
    expect(fromHuman(mprefix, scalar, '*,ff02::1/128', 'm')).toEqual({
      af: 1, grp_address_length: 128, grp_address: { ip6: v6('ff02::1') }, src_address: { ip6: new Uint8Array(16) },
    });
    expect(fails(() => fromHuman(mprefix, scalar, '10.0.0.1,ff02::1/128', 'm')).detail).toBe('source and group are of different families');
  });
});

describe('enums', () => {
  it('prints names, short names, and numbers for unknown values', () => {
    expect(toHuman(addressFamily, scalar, 1)).toBe('ADDRESS_IP6');
    expect(toHuman(addressFamily, scalar, 1, { short: true })).toBe('IP6');
    expect(toHuman(addressFamily, scalar, 7)).toBe(7);
    expect(toHuman(direction, scalar, 1, { short: true })).toBe('TX');
  });

  it.each([
    ['ADDRESS_IP6', 1], ['address_ip6', 1], ['ip6', 1], ['IP4', 0], ['1', 1], ['0x1', 1], [1, 1], ['200', 200],
  ] as const)('address_family reads %j as %d', (input, want) => {
    expect(fromHuman(addressFamily, scalar, input, 'af')).toBe(want);
  });

  it('reads tails of names that pick one value', () => {
    expect(fromHuman(linkDuplex, scalar, 'full', 'd')).toBe(2);
    expect(fromHuman(tunnelFlags, scalar, 'mtu', 'd')).toBe(1);
    expect(fromHuman(tunnelFlags, scalar, 'track_mtu', 'd')).toBe(1);
    expect(fromHuman(direction, scalar, 'rx', 'd')).toBe(0);
  });

  it('rejects unknown and ambiguous names and numbers out of range', () => {
    const e = fails(() => fromHuman(addressFamily, scalar, 'ip7', '--af'));
    expect(e.message).toBe('--af: "ip7" is not a value of address_family (IP4, IP6) or its number: no value of address_family is called "ip7"');
    const amb = fails(() => fromHuman(ifStatusFlags, scalar, 'up', 'flags'));
    expect(amb.detail).toBe('"up" could be IF_STATUS_API_FLAG_ADMIN_UP or IF_STATUS_API_FLAG_LINK_UP');
    expect(fails(() => fromHuman(addressFamily, scalar, '256', 'af')).detail).toBe('256 is out of range 0..255 (u8)');
    fails(() => fromHuman(addressFamily, scalar, 'ADDRESS_IP4|ADDRESS_IP6', 'af'));
    fails(() => fromHuman(addressFamily, scalar, '', 'af'));
    fails(() => fromHuman(addressFamily, scalar, 0.5, 'af'));
    fails(() => fromHuman(addressFamily, scalar, null, 'af'));
  });

  it('shows bit sets by the names of the set bits', () => {
    expect(toHuman(ifStatusFlags, scalar, 3)).toBe('IF_STATUS_API_FLAG_ADMIN_UP|IF_STATUS_API_FLAG_LINK_UP');
    expect(toHuman(ifStatusFlags, scalar, 3, { short: true })).toBe('ADMIN_UP|LINK_UP');
    expect(toHuman(ifStatusFlags, scalar, 1)).toBe('IF_STATUS_API_FLAG_ADMIN_UP');
    expect(toHuman(ifStatusFlags, scalar, 0)).toBe('0');
    expect(toHuman(ifStatusFlags, scalar, 0x101, { short: true })).toBe('ADMIN_UP|0x100');
    expect(toHuman(fibPathFlags, scalar, 0, { short: true })).toBe('NONE');
    expect(toHuman(fibPathFlags, scalar, 3, { short: true })).toBe('RESOLVE_VIA_ATTACHED|RESOLVE_VIA_HOST');
    expect(toHuman(subIfFlags, scalar, 254)).toBe('SUB_IF_API_FLAG_MASK_VNET');
    expect(toHuman(subIfFlags, scalar, 257, { short: true })).toBe('NO_TAGS|DOT1AH');
  });

  it('handles bit 31 of u32 bit sets', () => {
    const big = enumOf('big_flags', [['BIG_FLAG_LOW', 1], ['BIG_FLAG_HIGH', 0x80000000]], 'u32', true);
    expect(toHuman(big, scalar, 0x80000001)).toBe('BIG_FLAG_LOW|BIG_FLAG_HIGH');
    expect(toHuman(big, scalar, 0x80000002, { short: true })).toBe('HIGH|0x2');
    expect(fromHuman(big, scalar, 'high|low', 'f')).toBe(0x80000001);
    expect(fromHuman(big, scalar, '0xffffffff', 'f')).toBe(0xffffffff);
  });

  it.each([
    ['admin_up|link_up', 3], ['ADMIN_UP,LINK_UP', 3], ['admin_up link_up', 3], [['admin_up', 2], 3], ['3', 3], [3, 3],
    ['', 0], [[], 0], ['0', 0], ['ADMIN_UP|0x100', 0x101], ['IF_STATUS_API_FLAG_LINK_UP', 2],
  ] as const)('if_status_flags reads %j as %d', (input, want) => {
    expect(fromHuman(ifStatusFlags, scalar, input, 'flags')).toBe(want);
  });

  it('rejects a bit set with an unknown name, naming the word', () => {
    const e = fails(() => fromHuman(ifStatusFlags, scalar, 'admin_up|bogus', 'flags'));
    expect(e.message).toContain('flags: "admin_up|bogus" is not flags of if_status_flags (ADMIN_UP, LINK_UP) joined by |, or a number');
    expect(e.detail).toBe('no value of if_status_flags is called "bogus"');
    expect(fails(() => fromHuman(tunnelFlags, scalar, '0x100', 'f')).detail).toBe('256 is out of range 0..255 (u8)');
  });

  it('round-trips every bit set through its text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.boolean(), (v, short) => {
        const text = toHuman(ifStatusFlags, scalar, v, { short });
        expect(fromHuman(ifStatusFlags, scalar, text, 'f')).toBe(v);
      }),
    );
  });

  it('completes short names, full names and the last word of a bit set', () => {
    const f = S(ifStatusFlags);
    // Any case in, the definition's spelling out.
    expect(f.complete('')).toEqual(['ADMIN_UP', 'LINK_UP']);
    expect(f.complete('ad')).toEqual(['ADMIN_UP']);
    expect(f.complete('Ad')).toEqual(['ADMIN_UP']);
    expect(f.complete('admin_up|l')).toEqual(['admin_up|LINK_UP']);
    expect(f.complete('IF_STATUS_API_FLAG_L')).toEqual(['IF_STATUS_API_FLAG_LINK_UP']);
    expect(S(addressFamily).complete('i')).toEqual(['IP4', 'IP6']);
    expect(S(bool).complete('o')).toEqual(['on', 'off']);
  });
});

// fib_path_nh-like: nh.address is an `address` here, so paths[2].nh.address names one field.
const nh = struct('fib_path_nh', [field('address', address), field('via_label', u32)]);
const fibPath = struct('fib_path', [field('sw_if_index', interfaceIndex), field('weight', u8), field('flags', fibPathFlags), field('nh', nh)]);
const route = struct('ip_route', [
  field('table_id', u32),
  field('prefix', prefix),
  field('n_paths', u8, scalar, {}, ['paths']),
  field('paths', fibPath, counted('n_paths')),
]);

describe('structs, unions and lists', () => {
  it('reads nested objects with text leaves into the codec form', () => {
    const v = fromHuman(route, scalar, {
      table_id: '0x10',
      prefix: '10.0.0.0/24',
      paths: [{ sw_if_index: '1', nh: { address: '10.0.0.1' } }, { flags: 'resolve_via_host', weight: 2 }],
    }, 'route');
    expect(v).toEqual({
      table_id: 16,
      prefix: { address: { af: 0, un: { ip4: ip4(10, 0, 0, 0) } }, len: 24 },
      paths: [{ sw_if_index: 1, nh: { address: { af: 0, un: { ip4: ip4(10, 0, 0, 1) } } } }, { weight: 2, flags: 2 }],
    });
  });

  it('names the full path of a bad leaf', () => {
    const bad = { paths: [{}, {}, { nh: { address: '10.0.0.300' } }] };
    const e = fails(() => fromHuman(route, scalar, bad, 'route'));
    expect(e.path).toBe('route.paths[2].nh.address');
    expect(e.message).toBe('route.paths[2].nh.address: "10.0.0.300" is not an IPv4 or IPv6 address such as 10.0.0.1 or 2001:db8::1: not a dotted-quad IPv4 address');
  });

  it('rejects unknown fields and suggests the nearest name', () => {
    const e = fails(() => fromHuman(route, scalar, { tabel_id: 1 }, 'route'));
    expect(e.path).toBe('route.tabel_id');
    expect(e.message).toBe('route.tabel_id: ip_route has no field "tabel_id" (did you mean "table_id"?); its fields are table_id, prefix, n_paths, paths');
  });

  it('checks a given count against its list, and leaves an absent one to the codec', () => {
    expect(fromHuman(route, scalar, { n_paths: 1, paths: [{}] }, 'r')).toEqual({ n_paths: 1, paths: [{}] });
    const e = fails(() => fromHuman(route, scalar, { n_paths: 2, paths: [{}] }, 'r'));
    expect(e.path).toBe('r.n_paths');
    expect(e.message).toContain('2 does not match the 1 element(s) of paths');
  });

  it('takes JSON text for objects and lists, and rejects other shapes', () => {
    expect(fromHuman(route, scalar, '{"table_id": 5, "paths": [{"weight": 1}]}', 'r')).toEqual({ table_id: 5, paths: [{ weight: 1 }] });
    expect(fails(() => fromHuman(route, scalar, 'table_id=5', 'r')).detail).toBe('write a JSON object');
    expect(fails(() => fromHuman(route, scalar, [1], 'r')).detail).toBe('not an object');
    expect(fails(() => fromHuman(fibPath, counted('n'), 'x', 'paths')).detail).toBe('write a JSON list');
    expect(fails(() => fromHuman(route, scalar, '{"table_id": }', 'r')).message).toContain('r: not valid JSON');
  });

  it('leaves out fields given as null', () => {
    expect(fromHuman(route, scalar, { table_id: null, prefix: '1.2.3.4/32' }, 'r')).toEqual({
      prefix: { address: { af: 0, un: { ip4: ip4(1, 2, 3, 4) } }, len: 32 },
    });
  });

  it('shows structs in definition order whatever the value order', () => {
    const out = toHuman(route, scalar, { paths: [], n_paths: 0, prefix: { len: 8, address: { un: { ip4: ip4(10, 0, 0, 0) }, af: 0 } }, table_id: 3 });
    expect(Object.keys(out as object)).toEqual(['table_id', 'prefix', 'n_paths', 'paths']);
    expect(out).toEqual({ table_id: 3, prefix: '10.0.0.0/8', n_paths: 0, paths: [] });
  });

  it('unions: members given in, every present member out', () => {
    expect(fromHuman(addressUnion, scalar, { ip4: '1.2.3.4' }, 'u')).toEqual({ ip4: ip4(1, 2, 3, 4) });
    expect(fails(() => fromHuman(addressUnion, scalar, {}, 'u')).detail).toBe('no member given');
    expect(fromHuman(addressUnion, scalar, { ip4: '1.2.3.4', ip6: '::1' }, 'u')).toEqual({ ip4: ip4(1, 2, 3, 4), ip6: v6('::1') });
    expect(fails(() => fromHuman(addressUnion, scalar, { ip4: '1.2.3.4', ip6: '::1/8' }, 'u')).path).toBe('u.ip6');
    expect(fails(() => fromHuman(addressUnion, scalar, { ip5: '1.2.3.4' }, 'u')).message).toContain('(did you mean "ip4"?)');
    expect(toHuman(addressUnion, scalar, { ip4: ip4(1, 2, 3, 4), ip6: v6('::1') })).toEqual({ ip4: '1.2.3.4', ip6: '::1' });
  });

  it('shows only the member a discriminator selects', () => {
    const v = { af: 1, un: { ip4: ip4(0x20, 1, 0xd, 0xb8), ip6: v6('2001:db8::1') } };
    const generic = reg.forType(struct('address_like', address.fields));
    expect(generic.format(v)).toEqual({ af: 'ADDRESS_IP6', un: { ip6: '2001:db8::1' } });
  });

  it('lists: comma text for one-word elements, fixed lists given whole, element paths', () => {
    expect(fromHuman(u32, fixed(4), '1500,9000,0,0', 'mtu')).toEqual([1500, 9000, 0, 0]);
    expect(fails(() => fromHuman(u32, fixed(4), '1500,9000', 'mtu')).detail).toBe('2 element(s) given');
    expect(fromHuman(u32, counted('n'), '1, 2,3', 'l')).toEqual([1, 2, 3]);
    expect(fromHuman(u32, counted('n'), '[1, 2]', 'l')).toEqual([1, 2]);
    expect(fromHuman(u32, counted('n'), '', 'l')).toEqual([]);
    expect(fromHuman(u64, fixed(2), ['18446744073709551615', 0], 'l')).toEqual([18446744073709551615n, 0n]);
    expect(fromHuman(ip4Address, counted('n'), '10.0.0.1,10.0.0.2', 'l')).toEqual([ip4(10, 0, 0, 1), ip4(10, 0, 0, 2)]);
    expect(fromHuman(fibPath, fixed(2), [{ weight: 1 }, {}], 'p')).toEqual([{ weight: 1 }, {}]);
    expect(fails(() => fromHuman(u32, fixed(4), [1, 2, 3, 4, 5], 'mtu')).detail).toBe('5 element(s) given');
    expect(fails(() => fromHuman(u32, counted('n'), '1,x,3', 'l')).path).toBe('l[1]');
    expect(fails(() => fromHuman(u32, counted('n'), 5, 'l')).detail).toBe('not a list');
    expect(toHuman(ip4Address, counted('n'), [ip4(1, 1, 1, 1)])).toEqual(['1.1.1.1']);
    expect(S(addressFamily, counted('n')).complete('ip4,i')).toEqual(['ip4,IP4', 'ip4,IP6']);
  });

  it('aliases to non-byte arrays are lists of exactly their length', () => {
    const pair = alias('u32_pair', u32, 2);
    expect(fromHuman(pair, scalar, '7,8', 'p')).toEqual([7, 8]);
    expect(fails(() => fromHuman(pair, scalar, '7', 'p')).expected).toContain('exactly 2');
    expect(toHuman(pair, scalar, [1, 2])).toEqual([1, 2]);
  });
});

describe('every refusal names the field, the value and what was expected', () => {
  const cases: Array<[string, () => unknown, string, unknown, string]> = [
    ['u8', () => fromHuman(u8, scalar, '300', 'a.b'), 'a.b', '300', 'an integer in 0..255 (u8)'],
    ['i64', () => fromHuman(i64, scalar, 'x', 'a[0]'), 'a[0]', 'x', 'an integer in -9223372036854775808..9223372036854775807 (i64)'],
    ['bool', () => fromHuman(bool, scalar, 'maybe', 'b'), 'b', 'maybe', 'a boolean'],
    ['f64', () => fromHuman(f64, scalar, '1,5', 'f'), 'f', '1,5', 'a number'],
    ['string', () => fromHuman(str, fixed(4), 'abcd', 's'), 's', 'abcd', 'a string of at most 3 bytes'],
    ['bytes', () => fromHuman(u8, fixed(2), '0x010203', 'k'), 'k', '0x010203', 'bytes of at most 2 bytes'],
    ['ip4', () => fromHuman(ip4Address, scalar, '1.2.3', 'x.nh'), 'x.nh', '1.2.3', 'an IPv4 address'],
    ['ip6', () => fromHuman(ip6Address, scalar, '::g', 'x'), 'x', '::g', 'an IPv6 address'],
    ['address', () => fromHuman(address, scalar, 'host', 'x'), 'x', 'host', 'an IPv4 or IPv6 address'],
    ['prefix', () => fromHuman(prefix, scalar, '::/200', '--prefix'), '--prefix', '::/200', 'an IPv4 or IPv6 prefix'],
    ['ip4_prefix', () => fromHuman(ip4Prefix, scalar, '1.2.3.4/40', 'p'), 'p', '1.2.3.4/40', 'an IPv4 prefix'],
    ['with_prefix', () => fromHuman(addressWithPrefix, scalar, '1.2.3.4/40', 'p'), 'p', '1.2.3.4/40', 'an address with its prefix length'],
    ['mac', () => fromHuman(macAddress, scalar, '00:11', '--mac'), '--mac', '00:11', 'a MAC address'],
    ['mprefix', () => fromHuman(mprefix, scalar, 'x,232.1.1.1/32', 'm'), 'm', 'x,232.1.1.1/32', 'a multicast prefix'],
    ['enum', () => fromHuman(linkDuplex, scalar, 'quarter', 'd'), 'd', 'quarter', 'a value of link_duplex (UNKNOWN, HALF, FULL)'],
    ['flags', () => fromHuman(subIfFlags, scalar, 'one_tag|three_tags', 'f'), 'f', 'one_tag|three_tags', 'flags of sub_if_flags'],
    ['list', () => fromHuman(u32, fixed(1), '1,2', 'l'), 'l', '1,2', 'a list of exactly 1 of an integer'],
    ['union', () => fromHuman(addressUnion, scalar, {}, 'u'), 'u', {}, 'an object with one member of address_union (ip4, ip6)'],
    ['struct', () => fromHuman(prefix, scalar, 42, 'p'), 'p', 42, 'an object with fields of prefix (address, len)'],
  ];
  it.each(cases)('%s', (_name, run, path, value, expected) => {
    const e = fails(run);
    expect(e.path).toBe(path);
    expect(e.value).toEqual(value);
    expect(e.message.startsWith(`${path}: ${JSON.stringify(value)} is not `)).toBe(true);
    expect(e.expected).toContain(expected);
    expect(e.message).toContain(expected);
  });
});

describe('registry', () => {
  it('gives placeholders that tell people what to write', () => {
    expect(S(prefix).placeholder).toBe('ip/len');
    expect(S(ip4Prefix).placeholder).toBe('ip4/len');
    expect(S(address).placeholder).toBe('ip');
    expect(S(macAddress).placeholder).toBe('mac');
    expect(S(u32).placeholder).toBe('u32');
    expect(S(interfaceIndex).placeholder).toBe('u32');
    expect(S(addressFamily).placeholder).toBe('IP4|IP6');
    expect(S(u32, counted('n')).placeholder).toBe('u32,…');
    expect(S(route).placeholder).toBe('json');
    expect(S(prefix).scalar).toBe(true);
    expect(S(route).scalar).toBe(false);
    expect(S(u32, counted('n')).scalar).toBe(false);
  });

  it('uses a special entry only for the layout it knows', () => {
    const pluginAddress = struct('address', [field('a', u32)]);
    expect(S(pluginAddress).placeholder).toBe('json');
    expect(toHuman(pluginAddress, scalar, { a: 1 })).toEqual({ a: 1 });
  });

  it('takes new special types', () => {
    const hex32: SpecialFormat = {
      placeholder: 'hex',
      expected: 'eight hex digits',
      matches: (t) => t.kind === 'alias' && t.length === undefined,
      parse: (text, _t, fail) => (/^[0-9a-f]{8}$/.test(text) ? parseInt(text, 16) : fail('not eight hex digits')),
      format: (v) => (typeof v === 'number' ? v.toString(16).padStart(8, '0') : undefined),
    };
    const r = new FormatRegistry().register('crc32', hex32);
    const crc = alias('crc32', u32);
    expect(r.forType(crc).parse('0000002a', 'c')).toBe(42);
    expect(r.forType(crc).format(42)).toBe('0000002a');
    expect(fails(() => r.forType(crc).parse('xyz', 'c')).message).toBe('c: "xyz" is not eight hex digits: not eight hex digits');
    expect(reg.forType(crc).format(42)).toBe(42);
  });

  it('caches one format per type and shape', () => {
    expect(S(prefix)).toBe(S(prefix));
    expect(S(u8, fixed(4))).not.toBe(S(u8, fixed(6)));
  });
});

describe('messages', () => {
  const req = message('ip_route_add_del', [field('is_add', bool), field('route', route)], 'request', '0b57c7bf');
  const fmt = reg.forMessage(req);

  it('reads vat2 JSON: _msgname and _crc checked, header fields ignored', () => {
    const v = fmt.parse({ _msgname: 'ip_route_add_del', _crc: '0b57c7bf', context: 9, client_index: 1, is_add: 'yes', route: { table_id: 1 } });
    expect(v).toEqual({ is_add: true, route: { table_id: 1 } });
    expect(fmt.parse('{"is_add": true}')).toEqual({ is_add: true });
    expect(fmt.parse({ _msgname: 'ip_route_add_del_0b57c7bf' })).toEqual({});
  });

  it('refuses input for another message or CRC', () => {
    expect(fails(() => fmt.parse({ _msgname: 'ip_route_dump' })).message).toBe('_msgname: the input is for message "ip_route_dump", not ip_route_add_del');
    const e = fails(() => fmt.parse({ _crc: 'deadbeef', is_add: true }));
    expect(e.message).toContain('CRC deadbeef, this VPP\'s is 0b57c7bf');
    expect(fails(() => fmt.parse({ is_ad: 1 }, '--args')).message).toContain('--args.is_ad: ip_route_add_del has no field "is_ad" (did you mean "is_add"?)');
    fails(() => fmt.parse([1]));
  });

  it('writes vat2 JSON led by _msgname and _crc, full enum names, a flag set as a list of them', () => {
    const out = fmt.toJson({ context: 5, is_add: true, route: { table_id: 0, paths: [{ flags: 1 }] } });
    expect(Object.keys(out)).toEqual(['_msgname', '_crc', 'is_add', 'route']);
    expect(out).toEqual({ _msgname: 'ip_route_add_del', _crc: '0b57c7bf', is_add: true, route: { table_id: 0, paths: [{ flags: ['FIB_API_PATH_FLAG_RESOLVE_VIA_ATTACHED'] }] } });
  });

  it('round-trips human ⇄ codec form for random routes', () => {
    const prefixText = fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
      .map(([b, l]) => `${b.join('.')}/${l}`);
    fc.assert(
      fc.property(prefixText, fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 0, max: 7 }), (p, table, flags) => {
        const human = { is_add: false, route: { table_id: Number(table), prefix: p, n_paths: 1, paths: [{ sw_if_index: 4, weight: 1, flags: toHuman(fibPathFlags, scalar, flags), nh: { address: '::1', via_label: 3 } }] } };
        const codec = fmt.parse(human);
        expect(fmt.format(codec)).toEqual(human);
      }),
    );
  });
});
