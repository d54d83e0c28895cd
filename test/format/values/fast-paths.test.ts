/**
 * The per-line fast paths of the format layer (short decimal integers, one-word enum
 * sets, dotted quads, message keys) give what the general paths give: the same values
 * and the same errors, word for word. The oracles here are written from the rules
 * (regex and bigint, ipaddr.js), importing nothing of src/ for the reading itself.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import type { IntKind } from '../../../src/client/schema/model.js';
import { parseEnum } from '../../../src/format/values/enums.js';
import { FormatError } from '../../../src/format/errors.js';
import { parseIp4, parsePrefix } from '../../../src/format/values/addresses.js';
import { FormatRegistry } from '../../../src/format/type-formats/format-registry.js';
import { intRange, parseInteger } from '../../../src/format/values/numbers.js';
import { renderDetails } from '../../../src/format/rendering/details.js';
import { macAddress as macAddressSpecial } from '../../../src/format/type-formats/specials.js';
import { alias, counted, enumOf, field, message, scalar, struct, u32, u8 } from '../../support/format-fixtures.js';

const KINDS: IntKind[] = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64'];
const WIDTH: Record<IntKind, bigint> = { u8: 8n, u16: 16n, u32: 32n, u64: 64n, i8: 8n, i16: 16n, i32: 32n, i64: 64n };

/** The rules of integer input: sign, decimal or 0x hex, trimmed; exact range of the kind. */
function oracleInt(kind: IntKind, input: unknown): { value: number | bigint } | { message: string } {
  const w = WIDTH[kind];
  const unsigned = kind.startsWith('u');
  const min = unsigned ? 0n : -(2n ** (w - 1n));
  const max = unsigned ? 2n ** w - 1n : 2n ** (w - 1n) - 1n;
  const expected = `an integer in ${min}..${max} (${kind})`;
  const shown = typeof input === 'bigint' ? String(input) : JSON.stringify(input);
  const fail = (why: string) => ({ message: `p: ${shown} is not ${expected}: ${why}` });
  let n: bigint;
  if (typeof input === 'bigint') n = input;
  else if (typeof input === 'number') {
    if (!Number.isInteger(input)) return fail('not a whole number');
    if (Math.abs(input) > 2 ** 53 - 1) return fail('beyond 2^53 a JSON number loses digits: write it as a string');
    n = BigInt(input);
  } else {
    const t = (input as string).trim();
    const m = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|([0-9]+))$/.exec(t);
    if (!m) {
      if (t === '') return fail('empty');
      if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(t)) return fail('fractions are not allowed');
      if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t)) return fail('exponent notation is not allowed');
      return fail('write decimal digits or 0x and hex digits');
    }
    const abs = m[2] !== undefined ? BigInt(`0x${m[2]}`) : BigInt(m[3]!);
    n = m[1] === '-' ? -abs : abs;
  }
  if (n < min || n > max) return fail(n < 0n && unsigned ? `${kind} is unsigned: must be ${min}..${max}` : `out of range ${min}..${max}`);
  return { value: w === 64n ? n : Number(n) };
}

function actualInt(kind: IntKind, input: unknown): { value: number | bigint } | { message: string } {
  try {
    return { value: parseInteger(kind, input, 'p') };
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return { message: (e as FormatError).message };
  }
}

/** Same value (Object.is: -0 is not 0) or the same message. */
function sameInt(kind: IntKind, input: unknown): void {
  const want = oracleInt(kind, input);
  const got = actualInt(kind, input);
  if ('value' in want && 'value' in got) expect(Object.is(got.value, want.value), `${kind} ${String(input)}: ${String(got.value)}`).toBe(true);
  else expect(got, `${kind} ${JSON.stringify(String(input))}`).toEqual(want);
}

/** The message of the FormatError that `f` throws (failing the test when it throws anything else, or nothing). */
function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as FormatError).message;
  }
  throw new Error('expected a FormatError');
}

describe('integer text and numbers: fast path and general path agree', () => {
  const texts = [
    '0', '-0', '+0', '00', '007', '1', '+1', '-1', '127', '128', '-128', '-129', '255', '256', '65535', '65536',
    '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967295', '4294967296', '999999999999999',
    '1000000000000000', '-999999999999999', '9007199254740991', '9007199254740993', '9223372036854775807',
    '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615',
    '18446744073709551616', ' 5', '5 ', '\t7\n', '\u00a09', '', ' ', '-', '+', '--1', '+-1', '1-', '0x', '0x10',
    '0X1f', '-0x80', '0xffffffffffffffff', '1.5', '1.', '.5', '1e3', '1E+3', 'abc', '１２', '٣', '5_000', '0b1', '0o7',
  ];
  it.each(KINDS)('%s: text at the edges', (kind) => {
    for (const t of texts) sameInt(kind, t);
  });

  it.each(KINDS)('%s: numbers and bigints at the edges', (kind) => {
    const numbers = [0, -0, 1, -1, 255, 256, -129, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 60, 1.5, NaN, Infinity, -Infinity];
    for (const n of numbers) sameInt(kind, n);
    for (const b of [0n, -1n, 255n, 256n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n]) sameInt(kind, b);
  });

  it('agrees on any short text of digits, signs, spaces, x and dots', () => {
    const chars = fc.constantFrom('0', '1', '2', '5', '9', '-', '+', ' ', 'x', 'f', '.');
    fc.assert(fc.property(fc.constantFrom(...KINDS), fc.array(chars, { maxLength: 22 }).map((a) => a.join('')), (kind, t) => sameInt(kind, t)), { numRuns: 3000 });
  });

  it('agrees on any decimal of up to 21 digits, either sign', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '3', '5', '7', '9'), { minLength: 1, maxLength: 21 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.constantFrom(...KINDS), fc.constantFrom('', '-', '+'), digits, (kind, sign, d) => sameInt(kind, sign + d)), { numRuns: 3000 });
  });

  it('agrees on any safe integer as a number, and bigints', () => {
    fc.assert(fc.property(fc.constantFrom(...KINDS), fc.maxSafeInteger(), (kind, n) => sameInt(kind, n)), { numRuns: 2000 });
    fc.assert(fc.property(fc.constantFrom(...KINDS), fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }), (kind, n) => sameInt(kind, n)), { numRuns: 2000 });
  });

  it('intRange gives a fresh object each call: a caller that changes one changes no other', () => {
    const a = intRange('u8');
    a.max = 1n;
    expect(intRange('u8')).toEqual({ min: 0n, max: 255n });
    expect(intRange('i64')).toEqual({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  });
});

describe('enum numbers and one-word sets', () => {
  const plain = enumOf('colour', [['COLOUR_RED', 1], ['COLOUR_BLUE', 200]], 'u8');
  const flags = enumOf('big_flags', [['BIG_FLAG_LOW', 1], ['BIG_FLAG_MID', 0x40000000], ['BIG_FLAG_HIGH', 0x80000000]], 'u32', true);
  const small = enumOf('tiny_flags', [['TINY_FLAG_A', 1], ['TINY_FLAG_B', 2]], 'u8', true);

  it('reads numbers in range, short or long, and refuses those out of range with the number as read', () => {
    expect(parseEnum(plain, '200', 'c')).toBe(200);
    expect(Object.is(parseEnum(plain, '-0', 'c'), 0)).toBe(true);
    expect(parseEnum(plain, '+1', 'c')).toBe(1);
    expect(parseEnum(plain, ' 0x0c8 ', 'c')).toBe(200);
    expect(parseEnum(plain, '0000000000000000000001', 'c')).toBe(1);
    expect(reason(() => parseEnum(plain, '256', 'c'))).toBe('c: "256" is not a value of colour (RED, BLUE) or its number: 256 is out of range 0..255 (u8)');
    expect(reason(() => parseEnum(plain, '-1', 'c'))).toBe('c: "-1" is not a value of colour (RED, BLUE) or its number: -1 is out of range 0..255 (u8)');
    expect(reason(() => parseEnum(plain, '00000000000000000000256', 'c'))).toBe('c: "00000000000000000000256" is not a value of colour (RED, BLUE) or its number: 256 is out of range 0..255 (u8)');
    expect(reason(() => parseEnum(plain, 1.5, 'c'))).toBe('c: 1.5 is not a value of colour (RED, BLUE) or its number: not a whole number');
  });

  it('ORs the values of a set exactly, bit 31 and all, from one word, several, or a list', () => {
    expect(parseEnum(flags, '0', 'f')).toBe(0);
    expect(parseEnum(flags, 'high', 'f')).toBe(0x80000000);
    expect(parseEnum(flags, 'high|mid|low', 'f')).toBe(0xc0000001);
    expect(parseEnum(flags, ['0x80000000', 1, 'mid'], 'f')).toBe(0xc0000001);
    expect(parseEnum(flags, '4294967295', 'f')).toBe(0xffffffff);
    expect(parseEnum(flags, '4294967295|high', 'f')).toBe(0xffffffff);
    expect(parseEnum(flags, '', 'f')).toBe(0);
    expect(parseEnum(flags, ' ,| ', 'f')).toBe(0);
    expect(parseEnum(small, 'a b', 'f')).toBe(3);
    expect(parseEnum(small, 3n, 'f')).toBe(3);
    expect(reason(() => parseEnum(small, '0x100', 'f'))).toBe('f: "0x100" is not flags of tiny_flags (A, B) joined by |, or a number: 256 is out of range 0..255 (u8)');
    expect(reason(() => parseEnum(small, 'a|c', 'f'))).toBe('f: "a|c" is not flags of tiny_flags (A, B) joined by |, or a number: no value of tiny_flags is called "c"');
    expect(reason(() => parseEnum(small, [1, 0.5], 'f'))).toBe('f: [1,0.5] is not flags of tiny_flags (A, B) joined by |, or a number: not a whole number');
    expect(reason(() => parseEnum(small, [null], 'f'))).toBe('f: [null] is not flags of tiny_flags (A, B) joined by |, or a number: not a name or a number');
  });
});

describe('dotted quads', () => {
  /** ipaddr.js's reading, which parseIp4 keeps (strict four-part decimal). */
  function oracleIp4(text: string): number[] | string {
    const t = text.trim();
    return ipaddr.IPv4.isValidFourPartDecimal(t) ? ipaddr.IPv4.parse(t).toByteArray() : 'not a dotted-quad IPv4 address';
  }
  const read = (t: string) => {
    const r = parseIp4(t);
    return typeof r === 'string' ? r : [...r];
  };

  it('reads and refuses as ipaddr.js does at the edges', () => {
    const texts = ['0.0.0.0', '255.255.255.255', '256.0.0.1', '10.0.0.1', ' 10.0.0.1 ', '010.0.0.1', '10.00.0.1', '10.0.0.01', '1.2.3', '1.2.3.4.5',
      '1..3.4', '.1.2.3', '1.2.3.', '1.2.3.4 x', '0x1.2.3.4', '1.2.3.2555', '99999999999999999999.0.0.0', '', '10.0.0.1/24', '１.2.3.4'];
    for (const t of texts) expect(read(t), t).toEqual(oracleIp4(t));
  });

  it('agrees with ipaddr.js on any text of digits and dots', () => {
    const text = fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', ' '), { maxLength: 18 }).map((a) => a.join(''));
    fc.assert(fc.property(text, (t) => {
      expect(read(t)).toEqual(oracleIp4(t));
    }), { numRuns: 5000 });
    const quad = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }).map((a) => a.join('.'));
    fc.assert(fc.property(quad, (t) => {
      expect(read(t)).toEqual(oracleIp4(t));
    }), { numRuns: 2000 });
  });

  it('a prefix holds the address bytes, the family and the length, in that order', () => {
    const p = parsePrefix('10.0.0.1/24');
    expect(typeof p === 'string' ? p : Object.keys(p)).toEqual(['v6', 'bytes', 'len']);
    expect(p).toEqual({ v6: false, bytes: new Uint8Array([10, 0, 0, 1]), len: 24 });
    expect(parsePrefix('10.0.0.1')).toEqual({ v6: false, bytes: new Uint8Array([10, 0, 0, 1]), len: 32 });
  });
});

describe('message keys and struct checks', () => {
  const reg = new FormatRegistry();
  const def = message('set_thing', [field('sw_if_index', u32), field('n', u8, scalar, {}, ['items']), field('items', u32, counted('n'))], 'request');
  const fmt = reg.forMessage(def);

  it('keys named like members of Object.prototype are fields given, and refused as unknown', () => {
    for (const k of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const input = JSON.parse(`{"${k}": 1}`);
      expect(reason(() => fmt.parse(input))).toMatch(new RegExp(`^${k}: set_thing has no field "${k}"`));
    }
  });

  it('leaves header fields out and keeps the body in definition order', () => {
    const v = fmt.parse({ items: ['2', 3], context: 9, client_index: 4, _vl_msg_id: 1, sw_if_index: '7', _msgname: 'set_thing' });
    expect(Object.keys(v)).toEqual(['sw_if_index', 'items']);
    expect(v).toEqual({ sw_if_index: 7, items: [2, 3] });
  });

  it('a count given that disagrees with its list is refused, naming both', () => {
    expect(fmt.parse({ n: 2, items: [1, 2] })).toEqual({ n: 2, items: [1, 2] });
    expect(reason(() => fmt.parse({ n: '3', items: [1, 2] }))).toBe('n: 3 does not match the 2 element(s) of items; leave n out to have it counted');
  });

  it('a union tag left out is set from the member given; one that disagrees is refused', () => {
    const af = enumOf('address_family', [['ADDRESS_IP4', 0], ['ADDRESS_IP6', 1]], 'u8');
    const un = { kind: 'union' as const, name: 'address_union', module: 'test', fields: [field('ip4', u32, scalar, { case: 'ADDRESS_IP4' }), field('ip6', u8, scalar, { case: 'ADDRESS_IP6' })] };
    const s = struct('tagged', [field('af', af), field('un', un, scalar, { discriminator: 'af' }), field('tail', u8)]);
    const f = reg.forType(s);
    const filled = f.parse({ tail: 1, un: { ip6: 5 } }, 'x') as Record<string, unknown>;
    expect(Object.keys(filled)).toEqual(['af', 'un', 'tail']);
    expect(filled).toEqual({ af: 1, un: { ip6: 5 }, tail: 1 });
    expect(reason(() => f.parse({ af: 'ip4', un: { ip6: 5 } }, 'x'))).toBe('x.af: af is ADDRESS_IP4 but un.ip6 needs ADDRESS_IP6; leave af out to have it set');
  });
});

describe('details tables', () => {
  it('rank their columns again after a special type is registered', () => {
    const reg = new FormatRegistry();
    const hw = alias('hw_t', u8, 6);
    const def = message('thing_details', [field('sw_if_index', u32), field('count', u32), field('hw', hw)]);
    const row = { context: 1, sw_if_index: 3, count: 7, hw: new Uint8Array([2, 0, 0, 0, 0, 1]) };
    const head = () => renderDetails(def, [row], { form: 'plain', registry: reg }).split('\n')[0]!.split(/ +/).join(' ');
    expect(head()).toBe('sw_if_index count hw');
    // A MAC ranks before plain numbers (columns.ts): the kept layout must not hide that.
    reg.register('hw_t', macAddressSpecial);
    expect(head()).toBe('sw_if_index hw count');
    expect(renderDetails(def, [row], { form: 'plain', registry: reg, columns: ['count', 'sw_if_index'] })).toBe('count  sw_if_index\n7      3');
  });
});
