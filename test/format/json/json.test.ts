import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/format/errors.js';
import { parseJson, parseJsonLines, stringifyJson, stringifyJsonLines } from '../../../src/format/json/lossless-json.js';
import { FormatRegistry } from '../../../src/format/type-formats/format-registry.js';
import { bytes, field, fixed, i64, ifStatusFlags, ip4, macAddress, message, prefix, str, u64, u8 } from '../../support/format-fixtures.js';

const MAX_U64 = 2n ** 64n - 1n;
const MIN_I64 = -(2n ** 63n);

/** bigint → number, to compare with JSON.parse, which rounds big integers. */
function lossy(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(lossy);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lossy(x)]));
  return v;
}

function jsonError(text: string): FormatError {
  try {
    parseJson(text, '--args');
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('stringifyJson', () => {
  it('writes 64-bit integers as exact number literals', () => {
    expect(stringifyJson({ a: MAX_U64, b: MIN_I64 })).toBe('{"a":18446744073709551615,"b":-9223372036854775808}');
    expect(stringifyJson([MAX_U64], { indent: 2 })).toBe('[\n  18446744073709551615\n]');
  });

  it('matches JSON.stringify on plain JSON values, compact and pretty', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(stringifyJson(v)).toBe(JSON.stringify(v));
        expect(stringifyJson(v, { indent: 2 })).toBe(JSON.stringify(v, null, 2));
        expect(stringifyJson(v, { indent: 4 })).toBe(JSON.stringify(v, null, 4));
      }),
    );
  });

  it('writes bytes as 0x hex, leaves out undefined members, keeps key order', () => {
    expect(stringifyJson({ z: 1, a: bytes(0xde, 0xad), u: undefined, l: [undefined, NaN, Infinity] })).toBe('{"z":1,"a":"0xdead","l":[null,null,null]}');
    expect(stringifyJson({})).toBe('{}');
    expect(stringifyJson({ a: [], b: {} }, { indent: 2 })).toBe('{\n  "a": [],\n  "b": {}\n}');
    expect(stringifyJson(undefined)).toBe('null');
  });

  it('refuses cycles and functions', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => stringifyJson(o)).toThrow(TypeError);
    expect(() => stringifyJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('writes JSON lines: one compact value per line', () => {
    expect(stringifyJsonLines([{ a: 1 }, { b: MAX_U64 }])).toBe('{"a":1}\n{"b":18446744073709551615}\n');
    expect(stringifyJsonLines([])).toBe('');
  });
});

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact', () => {
    expect(parseJson('18446744073709551615')).toBe(MAX_U64);
    expect(parseJson('-9223372036854775808')).toBe(MIN_I64);
    expect(parseJson('9007199254740993')).toBe(9007199254740993n);
    expect(parseJson('9007199254740991')).toBe(9007199254740991);
    expect(parseJson('-9007199254740991')).toBe(-9007199254740991);
    expect(parseJson('{"n": [1, 18446744073709551615]}')).toEqual({ n: [1, MAX_U64] });
  });

  it('reads fractions and exponents as numbers', () => {
    expect(parseJson('1.5')).toBe(1.5);
    expect(parseJson('1e3')).toBe(1000);
    expect(parseJson('-2.5E-3')).toBe(-0.0025);
    expect(Object.is(parseJson('-0'), -0)).toBe(true);
    expect(parseJson('1e400')).toBe(Infinity);
  });

  it('round-trips 2^64-1 and -2^63 losslessly through stringifyJson', () => {
    const v = { _msgname: 'x', max: MAX_U64, min: MIN_I64, nested: [{ big: MAX_U64 - 1n }] };
    expect(parseJson(stringifyJson(v))).toEqual(v);
    expect(parseJson(stringifyJson(v, { indent: 2 }))).toEqual(v);
  });

  it('agrees with JSON.parse on any JSON text (big integers compared rounded)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(lossy(parseJson(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads every string JSON.stringify writes, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (s) => {
        expect(parseJson(JSON.stringify(s))).toBe(s);
      }),
    );
    expect(parseJson('"\\u00e9\\n\\t\\"\\\\\\/"')).toBe('é\n\t"\\/');
  });

  it('keeps a "__proto__" key as a plain member', () => {
    const o = parseJson('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });

  it.each([
    ['', 'unexpected end of text'],
    ['{"a": 1,}', 'expected a key in quotes'],
    ['[1, 2,]', 'unexpected "]"'],
    ["{'a': 1}", 'expected a key in quotes'],
    ['01', 'unexpected "1" after the value'],
    ['+1', 'unexpected "+"'],
    ['.5', 'unexpected "."'],
    ['1.', 'unexpected "." after the value'],
    ['"abc', 'unterminated string'],
    ['"a\tb"', 'control character in string'],
    ['"\\x41"', 'bad escape'],
    ['"\\u12G4"', 'bad \\u escape'],
    ['{"a": 1, "a": 2}', 'duplicate key "a"'],
    ['tru', 'unexpected "t"'],
    ['1 2', 'unexpected "2" after the value'],
    ['NaN', 'unexpected "N"'],
    ['{"a" 1}', "expected ':'"],
    ['[1 2]', "expected ',' or ']'"],
  ])('refuses %j: %s', (text, why) => {
    const e = jsonError(text);
    expect(e.code).toBe('EINPUT');
    expect(e.path).toBe('--args');
    expect(e.message).toContain('--args: not valid JSON: ');
    expect(e.message).toContain(why);
  });

  it('says where the text stops being JSON', () => {
    const e = jsonError('{\n  "a": 1,\n  "b": }');
    expect(e.message).toContain('at line 3 column 8');
  });

  it('refuses very deep nesting without overflowing the stack', () => {
    expect(jsonError('['.repeat(100000)).message).toContain('nested too deeply');
    expect(parseJson('['.repeat(100) + ']'.repeat(100))).toBeInstanceOf(Array);
  });

  it('reads JSON lines, naming the line of an error', () => {
    expect(parseJsonLines('{"a":1}\n\n{"b":18446744073709551615}\n')).toEqual([{ a: 1 }, { b: MAX_U64 }]);
    try {
      parseJsonLines('{"a":1}\n{"b":\n', 'trace.jsonl');
      throw new Error('not refused');
    } catch (e) {
      expect((e as FormatError).path).toBe('trace.jsonl:2');
    }
  });
});

describe('messages as vat2 JSON', () => {
  const reg = new FormatRegistry();
  const def = message('counters_details', [
    field('packets', u64),
    field('delta', i64),
    field('flags', ifStatusFlags),
    field('mac', macAddress),
    field('prefix', prefix),
    field('key', u8, fixed(4)),
    field('name', str, fixed(16)),
  ], 'reply', '6c221fc7');
  const fmt = reg.forMessage(def);
  const decoded = {
    context: 7,
    packets: MAX_U64,
    delta: MIN_I64,
    flags: 3,
    mac: bytes(2, 0, 0, 0, 0, 1),
    prefix: { address: { af: 0, un: { ip4: ip4(10, 0, 0, 0) } }, len: 8 },
    key: bytes(1, 2, 3, 4),
    name: 'loop0',
  };

  it('writes the exact text vat2 would read, with exact 64-bit numbers', () => {
    expect(stringifyJson(fmt.toJson(decoded))).toBe(
      '{"_msgname":"counters_details","_crc":"6c221fc7","packets":18446744073709551615,"delta":-9223372036854775808,' +
        '"flags":["IF_STATUS_API_FLAG_ADMIN_UP","IF_STATUS_API_FLAG_LINK_UP"],"mac":"02:00:00:00:00:01","prefix":"10.0.0.0/8",' +
        '"key":"0x01020304","name":"loop0"}',
    );
  });

  it('reads its own output back to the same codec value', () => {
    const text = stringifyJson(fmt.toJson(decoded), { indent: 2 });
    const { context: _context, ...body } = decoded;
    expect(fmt.parse(parseJson(text))).toEqual(body);
  });

  it('accepts 64-bit values as decimal strings and as exact literals', () => {
    expect(fmt.parse(parseJson('{"packets": "18446744073709551615", "delta": -9223372036854775808}'))).toEqual({ packets: MAX_U64, delta: MIN_I64 });
  });
});
