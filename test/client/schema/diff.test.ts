/**
 * api diff's comparison on small hand-made definition pairs: one case per kind of
 * difference, expected values written out by hand.
 */
import { describe, expect, test } from 'vitest';
import { diffSchemas, type MessageDiff, type SchemaDiff } from '../../../src/client/schema/diff/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { REP, REQ, enumOf, moduleJson, msg, struct, type HandModule } from '../../support/hand-defs.js';

function schemaOf(mods: HandModule[]) {
  return loadSchema(mods.map((m) => ({ origin: m.module, module: moduleJson(m) as RawModule }))).schema;
}

const OLD: HandModule[] = [
  {
    module: 'alpha', version: '1.2.0',
    types: [struct('thing', [['u32', 'a'], ['u8', 'b', 4]]), struct('holder', [['vl_api_thing_t', 't'], ['u16', 'n']])],
    enums: [enumOf('colour', [['RED', 0], ['GREEN', 1], ['BLUE', 2]], 'u8')],
    enumflags: [enumOf('mode_flags', [['MODE_A', 1], ['MODE_B', 2]])],
    unions: [struct('choice', [['u32', 'x'], ['u8', 'y']])],
    aliases: { mac: { type: 'u8', length: 6 } },
    messages: [
      msg('keep', '0x00000001', [...REQ, ['u32', 'a']]),
      msg('gone', '0x00000002', [...REQ]),
      msg('gone_dep', '0x00000003', [...REQ], { deprecated: null }),
      msg('fields_msg', '0x00000004', [
        ...REQ, ['u32', 'x'], ['u8', 'name', 8], ['u32', 'y', { default: 5 }], ['u32', 'z'], ['u32', 'w'], ['u16', 'p'], ['u16', 'q'],
        ['u8', 'cnt'], ['u32', 'list', 0, 'cnt'],
      ]),
      msg('uses_thing', '0x00000005', [...REQ, ['vl_api_holder_t', 'h']]),
      msg('uses_thing_too', '0x00000006', [...REP, ['vl_api_thing_t', 't']]),
      msg('uses_colour', '0x00000007', [...REQ, ['vl_api_colour_t', 'c']]),
      msg('uses_flags', '0x00000008', [...REQ, ['vl_api_mode_flags_t', 'f']]),
      msg('uses_mac', '0x00000009', [...REQ, ['vl_api_mac_t', 'm']]),
      msg('uses_choice', '0x0000000a', [...REQ, ['vl_api_choice_t', 'u']]),
      msg('old_api', '0x0000000b', [...REQ]),
      msg('wip', '0x0000000c', [...REQ], { status: 'in_progress' }),
      msg('same_crc_dep', '0x0000000d', [...REQ]),
      msg('legacy', '0x0000000e', [...REQ], { replaced_by: 'modern' }),
      msg('tun_dump', '0x0000000f', [...REQ]),
    ],
  },
  { module: 'beta', version: '0.5.0', messages: [msg('beta_thing', '0x00000101', [...REQ])] },
  { module: 'delta', version: '2.0.0', messages: [msg('delta_only', '0x00000201', [...REQ])] },
];

const NEW: HandModule[] = [
  {
    module: 'alpha', version: '1.3.0',
    types: [struct('thing', [['u32', 'a'], ['u8', 'b', 4], ['u16', 'c']]), struct('holder', [['vl_api_thing_t', 't'], ['u16', 'n']])],
    enums: [enumOf('colour', [['RED', 0], ['GREEN', 3], ['YELLOW', 4]], 'u8')],
    enumflags: [enumOf('mode_flags', [['MODE_A', 1], ['MODE_B', 2], ['MODE_C', 4]])],
    unions: [struct('choice', [['u32', 'x'], ['u16', 'y']])],
    aliases: { mac: { type: 'u8', length: 8 } },
    messages: [
      msg('keep', '0x00000001', [...REQ, ['u32', 'a']]),
      msg('gone_dep_v2', '0x00000013', [...REQ]),
      msg('fields_msg', '0x00000014', [
        ...REQ, ['u64', 'x'], ['u8', 'name', 16], ['u32', 'y', { default: 7 }], ['u32', 'z', { limit: 10 }], ['u16', 'q'], ['u16', 'p'],
        ['u8', 'cnt'], ['u32', 'list', 0, 'cnt'], ['u8', 'v'],
      ]),
      msg('uses_thing', '0x00000015', [...REQ, ['vl_api_holder_t', 'h']]),
      msg('uses_thing_too', '0x00000016', [...REP, ['vl_api_thing_t', 't']]),
      msg('uses_colour', '0x00000017', [...REQ, ['vl_api_colour_t', 'c']]),
      msg('uses_flags', '0x00000018', [...REQ, ['vl_api_mode_flags_t', 'f']]),
      msg('uses_mac', '0x00000019', [...REQ, ['vl_api_mac_t', 'm']]),
      msg('uses_choice', '0x0000001a', [...REQ, ['vl_api_choice_t', 'u']]),
      msg('old_api', '0x0000001b', [...REQ], { deprecated: null }),
      msg('old_api_v2', '0x0000001c', [...REQ]),
      msg('wip', '0x0000002c', [...REQ], { status: 'in_progress' }),
      msg('same_crc_dep', '0x0000000d', [...REQ], { deprecated: null }),
      msg('modern', '0x0000001e', [...REQ]),
      msg('tun_dump_v2', '0x0000002f', [...REQ], { deprecated: null }),
      msg('tun_v2_dump', '0x0000003f', [...REQ]),
      msg('tun_dump', '0x0000001f', [...REQ], { deprecated: null }),
    ],
  },
  { module: 'beta', version: '0.5.0', messages: [msg('beta_thing', '0x00000102', [...REQ])] },
  { module: 'gamma', version: '0.1.0', messages: [msg('gamma_new', '0x00000301', [...REQ])] },
];

const d: SchemaDiff = diffSchemas(schemaOf(OLD), schemaOf(NEW));
const m = (name: string): MessageDiff => {
  const r = [...d.messages, ...d.statusOnly].find((x) => x.message === name);
  if (!r) throw new Error(`${name} not in the diff`);
  return r;
};

describe('messages by name and CRC', () => {
  test('added, removed and changed, and nothing for a message that is the same', () => {
    const by = (c: string) => d.messages.filter((x) => x.change === c).map((x) => x.message).sort();
    expect(by('added')).toEqual(['gamma_new', 'gone_dep_v2', 'modern', 'old_api_v2', 'tun_dump_v2', 'tun_v2_dump']);
    expect(by('removed')).toEqual(['delta_only', 'gone', 'gone_dep', 'legacy']);
    expect(by('changed')).toEqual([
      'beta_thing', 'fields_msg', 'old_api', 'tun_dump', 'uses_choice', 'uses_colour', 'uses_flags', 'uses_mac', 'uses_thing', 'uses_thing_too', 'wip',
    ]);
    expect(d.messages.some((x) => x.message === 'keep')).toBe(false);
    expect(d.counts).toMatchObject({ added: 6, removed: 4, changed: 11 });
    expect(m('fields_msg')).toMatchObject({ oldCrc: '00000004', newCrc: '00000014', module: 'alpha' });
    expect(m('gone')).toMatchObject({ oldCrc: '00000002', newCrc: undefined });
  });

  test('field changes of a changed message: added, removed, retyped, resized, moved, default, options', () => {
    const f = m('fields_msg').fields;
    expect(f).toContainEqual({ field: 'x', change: 'retyped', old: 'u32', new: 'u64' });
    expect(f).toContainEqual({ field: 'name', change: 'resized', old: 'u8[8]', new: 'u8[16]' });
    expect(f).toContainEqual({ field: 'y', change: 'default', old: '5', new: '7' });
    expect(f).toContainEqual({ field: 'z', change: 'options', old: '(none)', new: 'limit=10' });
    expect(f).toContainEqual({ field: 'w', change: 'removed', old: 'u32' });
    expect(f).toContainEqual({ field: 'v', change: 'added', new: 'u8' });
    expect(f.filter((x) => x.change === 'moved').map((x) => x.field).sort()).toEqual(['p', 'q']);
    // A counted array that kept its count field, and fields that kept their place, are not reported.
    expect(f.some((x) => x.field === 'list' || x.field === 'cnt' || x.field === 'client_index')).toBe(false);
    expect(f).toHaveLength(8);
  });
});

describe('types', () => {
  const t = (name: string) => d.types.find((x) => x.name === name)!;
  test('a changed struct is reported once, with every message that reaches it (also through another struct)', () => {
    expect(d.types.filter((x) => x.name === 'thing')).toHaveLength(1);
    expect(t('thing')).toMatchObject({ kind: 'struct', change: 'changed', fields: [{ field: 'c', change: 'added', new: 'u16' }] });
    expect(t('thing').reaches).toEqual(['uses_thing', 'uses_thing_too']);
    // holder itself is the same: not reported, but the message lists the changed type it reaches.
    expect(d.types.some((x) => x.name === 'holder')).toBe(false);
    expect(m('uses_thing').types).toEqual(['thing']);
    expect(m('uses_thing').fields).toEqual([]);
  });

  test('enum values added, removed and changed; enumflags values added', () => {
    expect(t('colour').values).toEqual([
      { name: 'GREEN', change: 'changed', old: 1, new: 3 },
      { name: 'YELLOW', change: 'added', new: 4 },
      { name: 'BLUE', change: 'removed', old: 2 },
    ]);
    expect(t('mode_flags')).toMatchObject({ kind: 'enumflags', values: [{ name: 'MODE_C', change: 'added', new: 4 }] });
    expect(m('uses_colour').types).toEqual(['colour']);
  });

  test('a union member retyped, an alias resized', () => {
    expect(t('choice')).toMatchObject({ kind: 'union', fields: [{ field: 'y', change: 'retyped', old: 'u8', new: 'u16' }], reaches: ['uses_choice'] });
    expect(t('mac')).toMatchObject({ kind: 'alias', target: { old: 'u8[6]', new: 'u8[8]' }, reaches: ['uses_mac'] });
  });
});

describe('status, module versions, the CRC checker rule, successors', () => {
  test('status from the message options, and a same-CRC status change kept apart', () => {
    expect(m('old_api')).toMatchObject({ status: { old: 'active', new: 'deprecated' }, statusChanged: true });
    expect(m('wip').status).toEqual({ old: 'in_progress', new: 'in_progress' });
    expect(d.statusOnly.map((x) => x.message)).toEqual(['same_crc_dep']);
    expect(m('same_crc_dep')).toMatchObject({ incompatible: false, statusChanged: true, oldCrc: '0000000d', newCrc: '0000000d' });
  });

  test('module versions: changed, added, removed; a module whose version is the same is not listed', () => {
    expect(d.modules).toEqual([
      { module: 'alpha', change: 'changed', oldVersion: '1.2.0', newVersion: '1.3.0' },
      { module: 'delta', change: 'removed', oldVersion: '2.0.0' },
      { module: 'gamma', change: 'added', newVersion: '0.1.0' },
    ]);
  });

  test('incompatible: removed or changed, module ≥ 1.0, not deprecated, not in progress', () => {
    const inc = d.messages.filter((x) => x.incompatible).map((x) => x.message).sort();
    expect(inc).toEqual(['delta_only', 'fields_msg', 'gone', 'legacy', 'old_api', 'tun_dump', 'uses_choice', 'uses_colour', 'uses_flags', 'uses_mac', 'uses_thing', 'uses_thing_too']);
    // gone_dep (deprecated), wip (in progress), beta_thing (module 0.5.0), added ones: not.
    for (const n of ['gone_dep', 'wip', 'beta_thing', 'gamma_new', 'modern']) expect(m(n).incompatible).toBe(false);
    expect(d.counts.incompatible).toBe(12);
  });

  test('successors: foo → foo_v2, replaced_by, the _vN part inside the name, an active one over a deprecated one', () => {
    expect(m('old_api').successor).toBe('old_api_v2');
    expect(m('gone_dep').successor).toBe('gone_dep_v2');
    expect(m('legacy').successor).toBe('modern');
    expect(m('tun_dump').successor).toBe('tun_v2_dump');
    expect(m('gone').successor).toBeUndefined();
    // Only removed or deprecated messages get one.
    expect(m('uses_mac').successor).toBeUndefined();
  });
});

test('the same definitions on both sides: no difference at all', () => {
  const same = diffSchemas(schemaOf(OLD), schemaOf(OLD));
  expect(same.messages).toEqual([]);
  expect(same.types).toEqual([]);
  expect(same.modules).toEqual([]);
  expect(same.statusOnly).toEqual([]);
  expect(same.counts.unchanged).toBe(schemaOf(OLD).messages.size);
});
