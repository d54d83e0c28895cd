/**
 * Golden bytes for the codec: every rule of PROTOCOL.md §5 on the fixture definitions.
 * Expected bytes come from the naive builder (test/support/oracle), and for the basic cases also
 * from hex written by hand here, which checks the oracle itself. Decoding the expected
 * bytes must give the value back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getCodec } from '../../../src/client/codec/index.js';
import { DecodeError, EncodeError } from '../../../src/client/errors.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { BASE_TYPES, FIXTURE_MODULES, fixtureSources } from '../../support/fixtures/index.js';
import { buildPayload } from '../../support/oracle/naive-builder.js';

const ID = 0x1234;
const { schema, errors } = loadSchema(fixtureSources());
const codec = (name: string) => getCodec(schema, name);
const oracle = (name: string, value: Record<string, unknown>): Buffer => buildPayload(FIXTURE_MODULES, name, ID, value);
const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
/** Decoded byte arrays are Buffers (a Uint8Array): build expected values the same way. */
const bytes = (...b: number[]): Buffer => Buffer.from(b);

/**
 * Oracle bytes (checked against `handHex` when given) must equal the codec's, and decoding
 * them must give `decoded` (default: the value itself).
 */
function golden(name: string, value: Record<string, unknown>, handHex?: string, decoded?: Record<string, unknown>): Buffer {
  const want = oracle(name, value);
  if (handHex !== undefined) expect(want.toString('hex'), 'oracle vs hand-written hex').toBe(hex(handHex).toString('hex'));
  expect(codec(name).encode(ID, value).toString('hex'), `encode ${name}`).toBe(want.toString('hex'));
  expect(codec(name).decode(want), `decode ${name}`).toEqual(decoded ?? value);
  return want;
}

function expectEncodeError(name: string, value: Record<string, unknown>, pathPart: string): void {
  expect(() => oracle(name, value), 'the oracle refuses it too').toThrow();
  let caught: unknown;
  try {
    codec(name).encode(ID, value);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EncodeError);
  expect((caught as EncodeError).code).toBe('EENCODE');
  expect((caught as EncodeError).path).toContain(pathPart);
}

function expectDecodeError(name: string, payload: Buffer): void {
  expect(() => codec(name).decode(payload)).toThrow(DecodeError);
}

describe('fixture definitions', () => {
  it('load without errors', () => {
    expect(errors).toEqual([]);
    expect(schema.messages.has('nested_msg')).toBe(true);
  });

  it('cover every header kind and call pattern', () => {
    const header = (m: string) => [schema.messages.get(m)?.header, schema.messages.get(m)?.contextOffset];
    expect(header('fx_ping')).toEqual(['request', 6]);
    expect(header('fx_ping_reply')).toEqual(['reply', 2]);
    expect(header('fx_event')).toEqual(['event', -1]);
    expect(header('fx_other')).toEqual(['other', -1]);
    const svc = (m: string) => schema.services.get(m);
    expect(svc('fx_ping')).toMatchObject({ pattern: 'single', reply: 'fx_ping_reply' });
    expect(svc('fx_dump')).toMatchObject({ pattern: 'dump', reply: 'fx_details' });
    expect(svc('fx_get')).toMatchObject({ pattern: 'stream', reply: 'fx_get_reply', streamMsg: 'fx_entry_details' });
    expect(svc('fx_fire')).toMatchObject({ pattern: 'none' });
    expect(svc('want_fx_events')).toMatchObject({ pattern: 'single', events: ['fx_event'] });
  });
});

describe('base types: hand-written bytes, extremes', () => {
  const cases: Array<[string, unknown, string]> = [
    ['u8', 0, '00'], ['u8', 255, 'ff'],
    ['u16', 0, '0000'], ['u16', 65535, 'ffff'], ['u16', 0x0102, '0102'],
    ['u32', 0, '00000000'], ['u32', 0xffffffff, 'ffffffff'], ['u32', 0x01020304, '01020304'],
    ['u64', 0n, '0000000000000000'], ['u64', 2n ** 64n - 1n, 'ffffffffffffffff'],
    ['u64', 0x0102030405060708n, '0102030405060708'],
    ['i8', -128, '80'], ['i8', 127, '7f'], ['i8', -1, 'ff'],
    ['i16', -32768, '8000'], ['i16', 32767, '7fff'], ['i16', -2, 'fffe'],
    ['i32', -2147483648, '80000000'], ['i32', 2147483647, '7fffffff'], ['i32', -2, 'fffffffe'],
    ['i64', -(2n ** 63n), '8000000000000000'], ['i64', 2n ** 63n - 1n, '7fffffffffffffff'],
    ['i64', -2n, 'fffffffffffffffe'],
    // f64 travels little-endian.
    ['f64', 1, '000000000000f03f'], ['f64', -2.5, '00000000000004c0'], ['f64', 0, '0000000000000000'],
    ['f64', -0, '0000000000000080'], ['f64', NaN, '000000000000f87f'],
    ['f64', Infinity, '000000000000f07f'], ['f64', -Infinity, '000000000000f0ff'],
    ['f64', Number.MIN_VALUE, '0100000000000000'], ['f64', Number.MAX_VALUE, 'ffffffffffffef7f'],
    ['bool', true, '01'], ['bool', false, '00'],
  ];
  it.each(cases)('%s %s', (type, v, h) => {
    golden(`scalar_${type}`, { v }, `1234 ${h}`);
  });

  it('u64/i64 accept a safe-integer number and decode to bigint', () => {
    expect(codec('scalar_u64').encode(ID, { v: 5 }).toString('hex')).toBe('12340000000000000005');
    expect(codec('scalar_i64').encode(ID, { v: -3 }).toString('hex')).toBe('1234fffffffffffffffd');
    expect(codec('scalar_u64').decode(hex('1234 0000000000000005'))).toEqual({ v: 5n });
  });

  it('a missing scalar is zero', () => {
    for (const t of BASE_TYPES) {
      const size = t === 'f64' || t.endsWith('64') ? 8 : t === 'bool' ? 1 : Number(t.slice(1)) / 8;
      const want = Buffer.concat([hex('1234'), Buffer.alloc(size)]);
      expect(oracle(`scalar_${t}`, {}).toString('hex')).toBe(want.toString('hex'));
      expect(codec(`scalar_${t}`).encode(ID, {}).toString('hex'), t).toBe(want.toString('hex'));
    }
  });

  const outOfRange: Array<[string, unknown]> = [
    ['u8', 256], ['u8', -1], ['i8', 128], ['i8', -129], ['u16', 65536], ['i16', 32768], ['i16', -32769],
    ['u32', 2 ** 32], ['u32', -1], ['i32', 2 ** 31], ['i32', -(2 ** 31) - 1],
    ['u64', 2n ** 64n], ['u64', -1n], ['i64', 2n ** 63n], ['i64', -(2n ** 63n) - 1n], ['u32', 1.5],
  ];
  it.each(outOfRange)('%s refuses %s', (type, v) => {
    expectEncodeError(`scalar_${type}`, { v }, 'v');
  });

  it('all base types in one request, header included', () => {
    const value = {
      client_index: 0x80000001, context: 7,
      f_u8: 1, f_u16: 2, f_u32: 3, f_u64: 4n, f_i8: -1, f_i16: -2, f_i32: -3, f_i64: -4n, f_f64: 0.5, f_bool: true,
    };
    golden('all_bases', value,
      '1234 80000001 00000007 01 0002 00000003 0000000000000004 ff fffe fffffffd fffffffffffffffc 000000000000e03f 01');
    expect(codec('all_bases').fixedSize).toBe(2 + 4 + 4 + 1 + 2 + 4 + 8 + 1 + 2 + 4 + 8 + 8 + 1);
  });

  it('random values agree with the oracle and round-trip', () => {
    const value = fc.record({
      client_index: fc.integer({ min: 0, max: 0xffffffff }), context: fc.integer({ min: 0, max: 0xffffffff }),
      f_u8: fc.integer({ min: 0, max: 255 }), f_u16: fc.integer({ min: 0, max: 65535 }),
      f_u32: fc.integer({ min: 0, max: 0xffffffff }), f_u64: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      f_i8: fc.integer({ min: -128, max: 127 }), f_i16: fc.integer({ min: -32768, max: 32767 }),
      f_i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), f_i64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      f_f64: fc.double(), f_bool: fc.boolean(),
    });
    fc.assert(fc.property(value, (v) => { golden('all_bases', v); }), { numRuns: 300 });
  });
});

describe('strings', () => {
  it('fixed string: empty, and the longest (N-1 bytes) with its NUL', () => {
    golden('strings_msg', { name: '', text: '' }, '1234 0000000000000000 00000000');
    golden('strings_msg', { name: 'abcdefg', text: 'hi' }, '1234 61626364656667 00 00000002 6869');
  });

  it('fixed string of N bytes is refused', () => {
    expectEncodeError('strings_msg', { name: 'abcdefgh', text: '' }, 'name');
  });

  it('multi-byte UTF-8 counts bytes, not characters', () => {
    // 5 + 2 bytes fit string[8]; 6 + 2 do not, nor do 2 + 3 + 3.
    golden('strings_msg', { name: 'aaaaaé', text: '' }, '1234 6161616161c3a9 00 00000000');
    golden('strings_msg', { name: 'a€€', text: '' }, '1234 61e282ace282ac 00 00000000');
    expectEncodeError('strings_msg', { name: 'aaaaaaé', text: '' }, 'name');
    expectEncodeError('strings_msg', { name: 'ab€€', text: '' }, 'name');
  });

  it('variable string: u32 byte length, unicode bytes, no NUL', () => {
    golden('strings_msg', { name: 'x', text: 'héllo 🌍' }, '1234 7800000000000000 0000000b 68c3a96c6c6f20f09f8c8d');
    const long = 'ü'.repeat(300);
    const want = golden('strings_msg', { name: '', text: long });
    expect(want.readUInt32BE(10)).toBe(600);
  });

  it('two variable strings around a scalar', () => {
    golden('two_vstrings', { a: 'x', mid: 7, b: 'yz' }, '1234 00000001 78 07 00000002 797a');
    golden('two_vstrings', { a: '', mid: 0, b: '' }, '1234 00000000 00 00000000');
  });

  it('a fixed string decodes up to its first NUL', () => {
    expect(codec('strings_msg').decode(hex('1234 6162 00 7a7a7a 0000 00000000'))).toEqual({ name: 'ab', text: '' });
  });

  it('a variable string longer than the payload is a DecodeError', () => {
    expectDecodeError('strings_msg', hex('1234 0000000000000000 00000005 6869'));
  });

  it('random strings agree with the oracle', () => {
    const name = fc.string({ unit: 'grapheme', maxLength: 7 }).filter((s) => !s.includes('\0') && Buffer.byteLength(s) <= 7);
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(fc.property(name, text, (n, t) => { golden('strings_msg', { name: n, text: t }); }), { numRuns: 200 });
  });
});

describe('fixed arrays', () => {
  const full = {
    nums: [1, 2, 3],
    pairs: [{ a: 1, b: -1 }, { a: 65535, b: -32768 }],
    raw: bytes(1, 2, 3, 4, 5),
    addrs: [bytes(10, 0, 0, 1), bytes(192, 168, 1, 1)],
    bits: [true, false],
  };
  const zero = {
    nums: [0, 0, 0],
    pairs: [{ a: 0, b: 0 }, { a: 0, b: 0 }],
    raw: bytes(0, 0, 0, 0, 0),
    addrs: [bytes(0, 0, 0, 0), bytes(0, 0, 0, 0)],
    bits: [false, false],
  };

  it('full', () => {
    golden('fixed_arrays', full, '1234 00000001 00000002 00000003 0001ffff ffff8000 0102030405 0a000001 c0a80101 0100');
    expect(codec('fixed_arrays').fixedSize).toBe(37);
  });

  it('a missing fixed array is all zeros', () => {
    golden('fixed_arrays', {}, '1234' + '00'.repeat(35), zero);
  });

  it('u8[N] shorter than N is right-padded', () => {
    golden('fixed_arrays', { ...full, raw: bytes(0xaa) },
      '1234 00000001 00000002 00000003 0001ffff ffff8000 aa00000000 0a000001 c0a80101 0100',
      { ...full, raw: bytes(0xaa, 0, 0, 0, 0) });
  });

  // An alias to u8[N] is u8[N] (PROTOCOL.md §5), so it pads like one.
  // The rule: a fixed array given is exactly its length (omitted: zeros). Only raw
  // `u8 x[N]` fields are right-padded, as VPP's C does; an address alias must be exact.
  it('an alias to u8[N] given fewer bytes is refused, naming the element', () => {
    expectEncodeError('fixed_arrays', { ...full, addrs: [bytes(1, 2, 3), bytes(5, 6, 7, 8)] }, 'addrs[0]');
  });

  it('a fixed array given with too few elements is refused; omitted it is zeros', () => {
    expectEncodeError('fixed_arrays', { nums: [7], addrs: [bytes(1, 2, 3, 4)] }, 'nums');
    golden('fixed_arrays', { addrs: [bytes(1, 2, 3, 4), bytes(0, 0, 0, 0)] },
      '1234 00000000 00000000 00000000 00000000 00000000 0000000000 01020304 00000000 0000',
      { ...zero, nums: [0, 0, 0], addrs: [bytes(1, 2, 3, 4), bytes(0, 0, 0, 0)] });
  });

  it('too many elements or bytes is refused', () => {
    expectEncodeError('fixed_arrays', { nums: [1, 2, 3, 4] }, 'nums');
    expectEncodeError('fixed_arrays', { raw: bytes(1, 2, 3, 4, 5, 6) }, 'raw');
  });

  it('decoded bytes do not alias the payload, and trailing bytes are ignored', () => {
    const payload = Buffer.concat([oracle('fixed_arrays', full), hex('deadbeef')]);
    const got = codec('fixed_arrays').decode(payload);
    payload.fill(0);
    expect(got).toEqual(full);
  });

  it('a payload shorter than the definition is a DecodeError', () => {
    expectDecodeError('fixed_arrays', oracle('fixed_arrays', full).subarray(0, 36));
    expectDecodeError('scalar_u32', hex('1234 000000'));
  });
});

describe('counted and rest arrays', () => {
  it('the count field is filled from the array, even when not adjacent', () => {
    golden('counted', { client_index: 1, context: 2, other: 0xbeef, items: [{ a: 1, b: 2 }, { a: 3, b: 4 }] },
      '1234 00000001 00000002 02 beef 00010002 00030004',
      { client_index: 1, context: 2, n_items: 2, other: 0xbeef, items: [{ a: 1, b: 2 }, { a: 3, b: 4 }] });
    golden('counted', { client_index: 0, context: 0, n_items: 0, other: 0, items: [] }, '1234 00000000 00000000 00 0000');
  });

  it('a count that agrees is accepted, one that disagrees is refused', () => {
    const items = [{ a: 1, b: 2 }, { a: 3, b: 4 }];
    expect(codec('counted').encode(ID, { n_items: 2, items }).toString('hex'))
      .toBe(hex('1234 00000000 00000000 02 0000 00010002 00030004').toString('hex'));
    expectEncodeError('counted', { n_items: 3, items }, 'n_items');
  });

  it('counted u8 array with a field after it', () => {
    golden('counted_bytes', { len: 2, data: bytes(0xde, 0xad), trailer: 9 }, '1234 00000002 dead 09');
    golden('counted_bytes', { len: 0, data: bytes(), trailer: 7 }, '1234 00000000 07');
    expect(codec('counted_bytes').fixedSize).toBeUndefined();
  });

  it('a count that runs past the payload is a DecodeError', () => {
    expectDecodeError('counted', hex('1234 00000000 00000000 03 0000 00010002 00030004'));
    expectDecodeError('counted_bytes', hex('1234 00000010 dead 09'));
  });

  it('legacy rest arrays take the rest of the message', () => {
    golden('rest_u32', { head: 1, tail: [1, 0xffffffff] }, '1234 01 00000001 ffffffff');
    golden('rest_u32', { head: 1, tail: [] }, '1234 01');
    golden('rest_bytes', { head: 0x0102, data: bytes(9, 8, 7) }, '1234 0102 090807');
    golden('rest_bytes', { head: 0, data: bytes() }, '1234 0000');
  });

  it('random counted arrays agree with the oracle', () => {
    const pair = fc.record({ a: fc.integer({ min: 0, max: 65535 }), b: fc.integer({ min: -32768, max: 32767 }) });
    const value = fc.record({
      client_index: fc.integer({ min: 0, max: 0xffffffff }), context: fc.integer({ min: 0, max: 0xffffffff }),
      other: fc.integer({ min: 0, max: 65535 }), items: fc.array(pair, { maxLength: 255 }),
    });
    fc.assert(fc.property(value, (v) => { golden('counted', v, undefined, { ...v, n_items: v.items.length }); }), { numRuns: 100 });
  });
});

describe('enums and enumflags', () => {
  it('each enumtype sets the width; absent means u32', () => {
    // c u8 | w u16 | k u32 | s i32 | p (no enumtype) u32 | f flags u8 | g flags (no enumtype) u32
    golden('enums_msg', { c: 2, w: 65535, k: 0x80000000, s: -1, p: 2, f: 5, g: 0x80000001 },
      '1234 02 ffff 80000000 ffffffff 00000002 05 80000001');
    golden('enums_msg', { c: 0, w: 1, k: 7, s: 1, p: 1, f: 0, g: 0 }, '1234 00 0001 00000007 00000001 00000001 00 00000000');
    expect(codec('enums_msg').fixedSize).toBe(2 + 1 + 2 + 4 + 4 + 4 + 1 + 4);
  });

  it('unknown values still decode as numbers', () => {
    expect(codec('enums_msg').decode(hex('1234 c8 0102 00000063 fffffff0 00000063 f8 7ffffffe')))
      .toEqual({ c: 200, w: 0x0102, k: 99, s: -16, p: 99, f: 0xf8, g: 0x7ffffffe });
  });
});

describe('unions', () => {
  const v6 = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

  it('the discriminator picks the member; undiscriminated unions take the given key', () => {
    const value = { addr: { af: 1, un: { ip6: v6 } }, pu: { word: 0xdeadbeef }, raw: { ip4: bytes(10, 0, 0, 1) } };
    const want = oracle('union_msg', value);
    expect(want.toString('hex')).toBe(hex(
      '1234 01 20010db8000000000000000000000001 deadbeef0000 0a000001000000000000000000000000').toString('hex'));
    expect(codec('union_msg').encode(ID, value).toString('hex')).toBe(want.toString('hex'));
    expect(codec('union_msg').fixedSize).toBe(2 + 17 + 6 + 16);
    const got = codec('union_msg').decode(want);
    expect(got).toMatchObject({ addr: { af: 1, un: { ip6: v6 } }, pu: { word: 0xdeadbeef }, raw: { ip4: bytes(10, 0, 0, 1) } });
  });

  it('an IPv4 member is zero-padded to the union size', () => {
    const value = { addr: { af: 0, un: { ip4: bytes(1, 2, 3, 4) } }, pu: { small: 7 }, raw: { ip6: v6 } };
    const want = oracle('union_msg', value);
    expect(want.toString('hex')).toBe(hex(
      '1234 00 01020304000000000000000000000000 070000000000 20010db8000000000000000000000001').toString('hex'));
    expect(codec('union_msg').encode(ID, value).toString('hex')).toBe(want.toString('hex'));
    expect(codec('union_msg').decode(want)).toMatchObject({ addr: { af: 0, un: { ip4: bytes(1, 2, 3, 4) } }, pu: { small: 7 } });
  });

  it('the tag wins when several members are given', () => {
    const value = { addr: { af: 1, un: { ip4: bytes(9, 9, 9, 9), ip6: v6 } }, pu: { mac: bytes(1, 2, 3, 4, 5, 6) } };
    const want = oracle('union_msg', value);
    expect(want.subarray(2, 19 + 6).toString('hex')).toBe('0120010db8000000000000000000000001010203040506');
    expect(codec('union_msg').encode(ID, value).toString('hex')).toBe(want.toString('hex'));
  });

  it('a discriminated union decodes only the member its tag names', () => {
    const got = codec('union_msg').decode(oracle('union_msg', { addr: { af: 0, un: { ip4: bytes(1, 2, 3, 4) } } }));
    expect((got['addr'] as { un: Record<string, unknown> }).un).toEqual({ ip4: bytes(1, 2, 3, 4) });
  });

  it('an unknown tag still decodes', () => {
    const got = codec('union_msg').decode(hex('1234 07' + '00'.repeat(16) + '00'.repeat(6) + '00'.repeat(16)));
    expect((got['addr'] as { af: number }).af).toBe(7);
  });
});

describe('nested structs and aliases', () => {
  const value = {
    n: { tag: 1, pair: { a: 2, b: -2 }, pairs: [{ a: 3, b: 3 }, { a: 4, b: -4 }] },
    p: { address: { af: 0, un: { ip4: bytes(10, 0, 0, 0) } }, len: 8 },
    pa: { a: 0x1234, b: 0x5678 },
    idx: 0xffffffff,
    mac: bytes(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff),
    r: 0.5,
    ic: { n: 2, vals: [1, 2] },
    e: { index: 7, name: 'eth0' },
  };
  const handHex = [
    '01 0002fffe 00030003 0004fffc', // n: tag, pair, pairs[2]
    '00 0a000000000000000000000000000000 08', // p: af, 16-byte union, len
    '1234 5678', // pa: alias to a struct
    'ffffffff', // idx: alias to u32
    'aabbccddeeff', // mac: alias to u8[6]
    '000000000000e03f', // r: alias to f64
    '02 00000001 00000002', // ic: count inside a type
    '0007 6574683000000000', // e: after a variable part
  ].join('');

  it('match the hand-written bytes', () => {
    const { p, ...rest } = value;
    const want = oracle('nested_msg', value);
    expect(want.toString('hex')).toBe(hex('1234' + handHex).toString('hex'));
    expect(codec('nested_msg').encode(ID, value).toString('hex')).toBe(want.toString('hex'));
    expect(codec('nested_msg').fixedSize).toBeUndefined();
    const got = codec('nested_msg').decode(want);
    expect(got).toMatchObject(rest);
    expect(got['p']).toMatchObject(p);
  });

  it('count inside a type is filled too', () => {
    const { n: _n, ...rest } = value;
    const v = { ...rest, ic: { vals: [5, 6, 7] } };
    const want = oracle('nested_msg', v);
    expect(codec('nested_msg').encode(ID, v).toString('hex')).toBe(want.toString('hex'));
    expect((codec('nested_msg').decode(want)['ic'] as object)).toEqual({ n: 3, vals: [5, 6, 7] });
  });
});

describe('defaults', () => {
  const allDefaults = {
    client_index: 0, context: 0, enable: true, quiet: false, port: 4500, limit: 0xffffffff,
    sw_if_index: 0xffffffff, scale: 1, color: 2, ttl: 255, offset: 0,
  };

  it('apply when the field is missing ("true" strings included)', () => {
    golden('defaults_msg', {}, '1234 00000000 00000000 01 00 1194 ffffffff ffffffff 000000000000f03f 02 ff 00000000', allDefaults);
  });

  it('an explicit false or 0 beats the default', () => {
    const v = { client_index: 1, context: 2, enable: false, quiet: true, port: 0, limit: 0, sw_if_index: 0, scale: 0, color: 0, ttl: 0, offset: -1 };
    golden('defaults_msg', v, '1234 00000001 00000002 00 01 0000 00000000 00000000 0000000000000000 00 00 ffffffff');
  });
});

describe('header kinds', () => {
  it('request, reply, event and other lay out their header fields', () => {
    golden('fx_ping', { client_index: 0x80000001, context: 42 }, '1234 80000001 0000002a');
    golden('fx_ping_reply', { context: 42, retval: -5 }, '1234 0000002a fffffffb');
    golden('fx_event', { client_index: 3, pid: 0x7818, x: 1 }, '1234 00000003 00007818 00000001');
    golden('fx_other', { x: 9 }, '1234 00000009');
    golden('fx_entry_details', { context: 1, entry: { index: 2, name: 'abc' } }, '1234 00000001 0002 6162630000000000');
  });
});
