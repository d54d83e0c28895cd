/**
 * FIB paths as text: every form the formatter prints reads back to the same text, and
 * every generated path prints as something (text or one line of JSON) that reads back to
 * the same bytes on the wire. Bytes are compared through the message codec of
 * ip_route_add_del, so "the same value" means what VPP would receive.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../../src/client/codec/message.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { FormatError } from '../../../src/format/errors.js';
import { InterfaceTable } from '../../../src/format/values/interface-names.js';
import { defaultRegistry } from '../../../src/format/type-formats/format-registry.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const fmt = defaultRegistry.forType(schema.types.get('fib_path')!);
const pathsField = (schema.types.get('ip_route') as { fields: { name: string }[] }).fields.find((f) => f.name === 'paths')!;
const paths = defaultRegistry.forField(pathsField as never);
const codec = getCodec(schema, 'ip_route_add_del');
const NONE = 0xffffffff;
const ifs = new InterfaceTable([
  [0, 'local0'],
  [1, 'loop0'],
  [2, 'GigabitEthernet0/8/0'],
  [3, 'drop'], // a keyword: must print as sw_if_index 3
  [4, '10'], // a number: must print as sw_if_index 4
  [5, 'host-eth0'],
  [6, 'loop0.100'],
]);
const ctx = { interfaces: ifs };
const show = (v: unknown, withNames = true): string => fmt.format(v, { short: true, ...(withNames ? ctx : {}) }) as string;
const read = (text: string, withNames = true): Record<string, unknown> => fmt.parse(text, '--route.paths', withNames ? ctx : {}) as Record<string, unknown>;

/** The bytes VPP would get for a route with this one path. */
function wire(path: unknown): string {
  const route = { table_id: 0, stats_index: 0, prefix: { address: { af: 0, un: { ip4: new Uint8Array(4) } }, len: 0 }, n_paths: 1, paths: [path] };
  return codec.encode(1, { client_index: 0, context: 0, is_add: true, is_multipath: false, route }).toString('hex');
}

// Every form the formatter prints, written out by hand (names from `ifs`).
const FORMS = [
  'via 10.0.0.2 sw_if_index 9',
  'via 10.0.0.2 loop0',
  'via 10.0.0.2 GigabitEthernet0/8/0',
  'via 2001:db8::1 loop0',
  'via 2001:db8::1',
  'loop0',
  'sw_if_index 3',
  'sw_if_index 4',
  'drop',
  'drop ip6',
  'local',
  'local via 10.0.0.1 loop0',
  'dvr loop0',
  'udp-encap obj_id 7',
  'bier-imp obj_id 2 bier',
  'icmp-unreach',
  'icmp-prohibit ip6',
  'source-lookup table 5',
  'interface-rx host-eth0',
  'classify classify_table 3',
  'via 10.0.0.2 loop0 weight 2',
  'via 10.0.0.2 loop0 weight 0',
  'via 10.0.0.2 loop0 preference 1',
  'via 10.0.0.2 table 10',
  'via 10.0.0.2 resolve-via-host',
  'via 10.0.0.2 resolve-via-attached resolve-via-host pop-pw-cw',
  'via 10.0.0.2 loop0.100 labels 100/200/300',
  'via-label 16 mpls',
  'loop0 ethernet',
  'normal',
];

describe('fib_path text: what prints reads back', () => {
  it('format(parse(text)) = text for every form the formatter prints', () => {
    for (const text of FORMS) expect(show(read(text))).toBe(text);
  });

  it('reads the forms with words in any order and names in any case, printing them in one order', () => {
    expect(show(read('weight 2 LOOP0 via 10.0.0.2'))).toBe('via 10.0.0.2 loop0 weight 2');
    expect(show(read('DROP IP6'))).toBe('drop ip6');
    expect(show(read('via loop0'))).toBe('loop0');
    expect(show(read('sw-if-index 1 via 10.0.0.2'))).toBe('via 10.0.0.2 loop0');
  });

  it('values a person would expect from the words', () => {
    const v = read('via 10.0.0.2 loop0');
    expect(v).toMatchObject({ sw_if_index: 1, weight: 1, type: 0, proto: 0, table_id: 0, rpf_id: 0, n_labels: 0 });
    expect((v.nh as { address: { ip4: Uint8Array } }).address.ip4).toEqual(Uint8Array.from([10, 0, 0, 2]));
    expect(read('drop')).toMatchObject({ sw_if_index: NONE, type: 2, proto: 0, weight: 1 });
    expect(read('via 2001:db8::1')).toMatchObject({ proto: 1 });
    const l = read('via 10.0.0.2 labels 100/200');
    expect(l.n_labels).toBe(2);
    expect((l.label_stack as { label: number }[]).slice(0, 3).map((x) => x.label)).toEqual([100, 200, 0]);
  });

  it('without the interface table, names print as sw_if_index N and a name asks for the table', () => {
    expect(show(read('via 10.0.0.2 loop0'), false)).toBe('via 10.0.0.2 sw_if_index 1');
    try {
      read('via 10.0.0.2 loop0', false);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).needs).toBe('interfaces');
      expect((e as FormatError).message).toMatch(/^--route\.paths: .*"loop0" is not a path keyword; as an interface name it needs the interface table/);
    }
  });

  it('refuses bad text, naming what is wrong', () => {
    const bad: [string, RegExp][] = [
      ['', /: empty$/],
      ['via', /via needs a next-hop address after it/],
      ['via 10.0.0.256', /via 10\.0\.0\.256: not a dotted-quad IPv4 address/],
      ['via 10.0.0.1 ip6', /via an IPv4 address does not go with ip6/],
      ['via 10.0.0.1 via 10.0.0.2', /via is given twice/],
      ['drop local', /the path type \(local\) is given twice/],
      ['loop0 sw_if_index 2', /the interface is given twice/],
      ['weight 256', /weight 256: expected a whole number 0\.\.255/],
      ['weight', /weight needs a number after it/],
      ['table -1', /table -1: expected a whole number 0\.\.4294967295/],
      ['labels 1/x', /labels 1\/x: expected labels/],
      [`labels ${Array.from({ length: 17 }, (_, i) => i).join('/')}`, /at most 16 labels/],
      ['weigth 2', /no interface is called "weigth" and it is not a path keyword \(did you mean weight\?\)/],
      ['via 10.0.0.2 loop9', /no interface is called "loop9" \(did you mean loop0\?\); interfaces: local0, loop0/],
      ['7', /"7" is a bare number: write sw_if_index 7/],
      ['10.0.0.1', /10\.0\.0\.1 is an address: write via 10\.0\.0\.1 for a next hop/],
    ];
    for (const [text, why] of bad) {
      expect(() => read(text), text).toThrow(FormatError);
      expect(() => read(text), text).toThrow(why);
      expect(() => read(text), text).toThrow(/^--route\.paths: "/);
    }
  });

  it('prints JSON where words cannot say everything, and the JSON reads back to the same bytes', () => {
    const base = read('via 10.0.0.2 loop0');
    const rpf = { ...base, rpf_id: 5 };
    const ttl = { ...base, n_labels: 1, label_stack: (base.label_stack as object[]).map((x, i) => (i === 0 ? { ...x, label: 100, ttl: 64 } : x)) };
    const stray = { ...base, nh: { ...(base.nh as object), address: { ip6: Uint8Array.from([10, 0, 0, 2, 1, ...new Array(11).fill(0)]) } } };
    for (const v of [rpf, ttl, stray]) {
      const text = show(v);
      expect(text.startsWith('{')).toBe(true);
      expect(text).not.toContain('\n');
      expect(wire(read(text))).toBe(wire(v));
    }
    expect(show(rpf)).toContain('"rpf_id":5');
    // Zero fields are left out of the short JSON, so it stays readable.
    expect(show(rpf)).not.toContain('preference');
  });

  it('keeps the whole struct in JSON output', () => {
    const full = fmt.format(read('drop')) as Record<string, unknown>;
    expect(full.type).toBe('FIB_API_PATH_TYPE_DROP');
    expect((full.label_stack as unknown[]).length).toBe(16);
  });
});

describe('lists of paths as text', () => {
  it('reads the list form tables print, comma lists, and JSON elements among text ones', () => {
    const two = paths.parse('[via 10.0.0.2 loop0, drop ip6]', 'route.paths', ctx) as unknown[];
    expect((paths.format(two, { short: true, ...ctx }) as string[])).toEqual(['via 10.0.0.2 loop0', 'drop ip6']);
    const json = show({ ...read('drop'), rpf_id: 9 });
    const mixed = paths.parse(`[local, ${json}]`, 'route.paths', ctx) as unknown[];
    expect(mixed).toHaveLength(2);
    expect(wire(mixed[1])).toBe(wire({ ...read('drop'), rpf_id: 9 }));
    expect(paths.parse('drop,local', 'route.paths', ctx)).toHaveLength(2);
    expect(paths.parse('[{"sw_if_index":1}]', 'route.paths', ctx)).toEqual([{ sw_if_index: 1 }]);
  });
});

// Generated paths: mostly the shapes VPP reports, sometimes anything the wire can carry.
const u32 = fc.integer({ min: 0, max: NONE });
const u8 = fc.integer({ min: 0, max: 255 });
const often = <T>(usual: T, arb: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: arb });
const bytes16 = fc.oneof(
  { weight: 2, arbitrary: fc.constant(new Uint8Array(16)) },
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Uint8Array.from([...b, ...new Array(12).fill(0)])) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 16, maxLength: 16 }) },
);
const label = fc.record({ is_uniform: often(0, u8), label: u32, ttl: often(0, u8), exp: often(0, u8) });
const zeroLabel = { is_uniform: 0, label: 0, ttl: 0, exp: 0 };
const fibPath = fc
  .record({
    sw_if_index: fc.oneof(fc.constant(NONE), fc.integer({ min: 0, max: 8 }), u32),
    table_id: often(0, u32),
    rpf_id: often(0, u32),
    weight: often(1, u8),
    preference: often(0, u8),
    type: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 11, max: 40 }) }),
    flags: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 7 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
    proto: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 9 }) }),
    address: bytes16,
    via_label: often(0, u32),
    obj_id: often(0, u32),
    classify_table_index: often(0, u32),
    n_labels: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 16 }) }, { weight: 1, arbitrary: fc.integer({ min: 17, max: 255 }) }),
    labels: fc.array(label, { minLength: 16, maxLength: 16 }),
    tidy: fc.boolean(),
  })
  .map((g) => ({
    sw_if_index: g.sw_if_index,
    table_id: g.table_id,
    rpf_id: g.rpf_id,
    weight: g.weight,
    preference: g.preference,
    type: g.type,
    flags: g.flags,
    proto: g.proto,
    // As the decoder gives an untagged union: both members from the same bytes.
    nh: { address: { ip4: g.address.slice(0, 4), ip6: g.address }, via_label: g.via_label, obj_id: g.obj_id, classify_table_index: g.classify_table_index },
    n_labels: g.n_labels,
    // Tidy stacks (zeros past n_labels, as VPP sends) come out as text more often.
    label_stack: g.labels.map((l, i) => (g.tidy && i >= g.n_labels ? zeroLabel : g.tidy ? { ...l, is_uniform: 0, ttl: 0, exp: 0 } : l)),
  }));

describe('fib_path text: property tests', () => {
  it('parse(format(value)) = value on the wire, for generated paths, with and without interface names', () => {
    fc.assert(
      fc.property(fibPath, fc.boolean(), (v, names) => {
        const text = show(v, names);
        expect(wire(read(text, names))).toBe(wire(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('format(parse(text)) = text for every text the formatter prints for generated paths', () => {
    let texts = 0;
    fc.assert(
      fc.property(fibPath, (v) => {
        const text = show(v);
        if (text.startsWith('{')) return;
        texts++;
        expect(show(read(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
    // The generator must reach the text forms, or the property says nothing.
    expect(texts).toBeGreaterThan(100);
  });
});
