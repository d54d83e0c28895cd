/**
 * VPP's JSON trace, read tolerantly (TRACE.md §5): stray commas, truncation, "Invalid
 * ENUM", enumflag arrays, unions with every member, NaN as null.
 */
import { describe, expect, test } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { readJsonTrace } from '../../../src/client/trace/json-reader.js';
import { messageFromJson } from '../../../src/format/trace/trace-json.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const def = (n: string) => schema.messages.get(n)!;

describe('readJsonTrace', () => {
  test('an array with a stray comma (a message without JSON converter) is read, the empty element reported', () => {
    const text = '[\n{\n\t"_msgname":\t"show_version",\n\t"_crc":\t"51077d14"\n},\n,\n{\n\t"_msgname":\t"control_ping",\n\t"_crc":\t"51077d14"\n}]';
    const t = readJsonTrace(text);
    expect(t.records.map((r) => [r.index, r.name, r.crc])).toEqual([[0, 'show_version', '51077d14'], [1, 'control_ping', '51077d14']]);
    expect(t.skipped).toEqual([{ offset: text.indexOf(',\n{', 10) , reason: expect.stringMatching(/empty element/) }]);
    expect(t.error).toBeUndefined();
  });

  test('a single object, as replay-json accepts', () => {
    expect(readJsonTrace('{"_msgname":"show_version","_crc":"51077d14"}').records).toHaveLength(1);
  });

  test('braces and brackets inside strings do not confuse the splitter', () => {
    const t = readJsonTrace('[{"_msgname":"cli_inband","cmd":"show {x} [y] \\"q\\""},{"_msgname":"show_version"}]');
    expect(t.records.map((r) => r.fields.cmd ?? r.name)).toEqual(['show {x} [y] "q"', 'show_version']);
  });

  test('truncated: error with the offset, every element before it read', () => {
    const text = '[{"_msgname":"show_version"},{"_msgname":"control_p';
    const t = readJsonTrace(text);
    expect(t.records.map((r) => r.name)).toEqual(['show_version']);
    expect(t.error?.offset).toBe(text.indexOf('{"_msgname":"control_p'));
    expect(t.error?.message).toMatch(/truncated file: the element at byte 29 is not closed/);
  });

  test('elements that are not messages or not JSON are skipped with the reason', () => {
    const t = readJsonTrace('[{"_msgname":"show_version"}, 42, {"x":1}, {"_msgname": tru}]');
    expect(t.records).toHaveLength(1);
    expect(t.skipped.map((s) => s.reason)).toEqual(['not an object', 'no "_msgname": not a message', expect.stringMatching(/^not JSON/)]);
  });

  test('not a JSON trace at all', () => {
    expect(readJsonTrace('hello').error?.message).toMatch(/byte 0: a JSON API trace starts with/);
    expect(readJsonTrace('').error?.message).toMatch(/empty file/);
  });
});

describe('messageFromJson: VPP\'s quirks', () => {
  test('"Invalid ENUM" (a flag set in a plain enum) is taken as 0 and reported', () => {
    const r = messageFromJson(def('sw_interface_set_flags'), { _msgname: 'sw_interface_set_flags', sw_if_index: 3, flags: 'Invalid ENUM' });
    expect(r.value).toMatchObject({ sw_if_index: 3 });
    expect(r.value.flags ?? 0).toBe(0);
    expect(r.lost).toEqual([expect.stringMatching(/^flags: "Invalid ENUM"/)]);
  });

  test('a union with every member shown keeps its bytes; the count field agrees', () => {
    const r = messageFromJson(def('ip_route_add_del'), {
      is_add: true,
      route: { table_id: 0, prefix: '198.51.100.0/24', n_paths: 1, paths: [{ sw_if_index: 3, proto: 'FIB_API_PATH_NH_PROTO_IP4', nh: { address: { ip4: '10.26.6.2', ip6: 'a1a:602::' } } }] },
    });
    expect(r.lost).toEqual([]);
    const nh = (r.value.route as { paths: { nh: { address: { ip6: Uint8Array } } }[] }).paths[0]!.nh.address;
    expect([...nh.ip6].slice(0, 4)).toEqual([10, 26, 6, 2]);
  });

  test('a field whose value cannot be read is left out and named; the rest is kept', () => {
    const r = messageFromJson(def('sw_interface_add_del_address'), { sw_if_index: 'three', is_add: true, prefix: '10.0.0.1/24' });
    expect(r.value).toMatchObject({ is_add: true });
    expect(r.value.sw_if_index).toBeUndefined();
    expect(r.lost).toEqual([expect.stringMatching(/^sw_if_index: .*left out$/)]);
  });

  test('header fields and _msgname/_crc are not fields', () => {
    const r = messageFromJson(def('show_version'), { _msgname: 'show_version', _crc: 'ffffffff', context: 9, client_index: 1 });
    expect(r).toEqual({ value: {}, lost: [] });
  });
});
