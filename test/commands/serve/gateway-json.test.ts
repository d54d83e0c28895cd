/**
 * The gateway's JSON text: 64-bit integers as strings of digits and bytes as 0x hex,
 * wherever they sit (top level, nested objects, arrays), and plain values exactly as
 * JSON.stringify writes them. Expected texts are written out here, not computed.
 */
import { describe, expect, it } from 'vitest';
import { gatewayJson } from '../../../src/commands/serve/http.js';

describe('gatewayJson', () => {
  it('writes plain values as JSON.stringify does', () => {
    expect(gatewayJson({ a: 1, b: 'x', c: [true, null], d: { e: -2.5 } })).toBe('{"a":1,"b":"x","c":[true,null],"d":{"e":-2.5}}');
    expect(gatewayJson([])).toBe('[]');
    expect(gatewayJson({ u: undefined, v: 0 })).toBe('{"v":0}');
  });

  it('writes 64-bit integers as digits and bytes as 0x hex, at any depth', () => {
    expect(gatewayJson(18446744073709551615n)).toBe('"18446744073709551615"');
    expect(gatewayJson({ n: 9007199254740993n })).toBe('{"n":"9007199254740993"}');
    expect(gatewayJson({ a: [{ b: { c: -1n } }] })).toBe('{"a":[{"b":{"c":"-1"}}]}');
    expect(gatewayJson({ mac: new Uint8Array([0, 0x1b, 0xff]) })).toBe('{"mac":"0x001bff"}');
    expect(gatewayJson([1, [2, [new Uint8Array([0xab])]]])).toBe('[1,[2,["0xab"]]]');
    expect(gatewayJson({ first: 1, later: [{ x: 'y' }, { z: 5n }] })).toBe('{"first":1,"later":[{"x":"y"},{"z":"5"}]}');
  });
});
