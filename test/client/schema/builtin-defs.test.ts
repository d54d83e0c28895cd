import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules, memclntModule } from '../../../src/client/schema/builtin/index.js';
import {
  ModuleBuilder,
  bits,
  details,
  reply,
  seq,
  str,
  typeName,
  u32,
  vla,
} from '../../../src/client/schema/builtin/dsl.js';
import type { RawEnum, RawField, RawModule, RawStruct } from '../../../src/client/schema/raw.js';
import { SHARED } from '../../support/shared.js';

const shared = SHARED;
const coreDir = path.join(shared, 'vpp-api', 'v26.06', 'core');

type Section = 'types' | 'unions' | 'messages' | 'enums' | 'enumflags';
const SECTIONS: Section[] = ['types', 'unions', 'messages', 'enums', 'enumflags'];
const BASE = new Set(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'f64', 'bool', 'string']);
const INT = new Set(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64']);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const fieldsOf = (def: RawStruct): RawField[] => def.slice(1).filter(Array.isArray) as RawField[];
const metaOf = (def: RawStruct): Record<string, unknown> | undefined => def.slice(1).find(isObj) as never;

function byName(mods: RawModule[], section: Section): Map<string, { module: string; def: RawStruct | RawEnum }> {
  const out = new Map<string, { module: string; def: RawStruct | RawEnum }>();
  for (const m of mods) for (const d of m[section] ?? []) out.set(d[0], { module: m.module!, def: d });
  return out;
}

describe('built-in definitions: structure', () => {
  const mods = builtinModules();
  type Index = ReturnType<typeof byName>;
  const all = Object.fromEntries(SECTIONS.map((s) => [s, byName(mods, s)])) as Record<Section, Index>;
  const aliases = new Map(mods.flatMap((m) => Object.entries(m.aliases ?? {})));
  const msg = (name: string): RawStruct => {
    const d = all.messages.get(name);
    if (!d) throw new Error(`no built-in message ${name}`);
    return d.def as RawStruct;
  };

  it('puts memclnt first, and memclntModule() returns the same definitions', () => {
    expect(mods[0].module).toBe('memclnt');
    expect(memclntModule()).toEqual(mods[0]);
  });

  it('has sockclnt_create as PROTOCOL.md §2 gives it', () => {
    const d = msg('sockclnt_create');
    expect(fieldsOf(d)).toEqual([
      ['u16', '_vl_msg_id'],
      ['u32', 'context'],
      ['string', 'name', 64],
    ]);
    expect(metaOf(d)?.crc).toBe('0x455fb9c4');
    expect(mods[0].services?.sockclnt_create).toEqual({ reply: 'sockclnt_create_reply' });
  });

  it('has sockclnt_create_reply and its table entry as PROTOCOL.md §2 gives them', () => {
    expect(fieldsOf(msg('sockclnt_create_reply'))).toEqual([
      ['u16', '_vl_msg_id'],
      ['u32', 'client_index'],
      ['u32', 'context'],
      ['i32', 'response'],
      ['u32', 'index'],
      ['u16', 'count'],
      ['vl_api_message_table_entry_t', 'message_table', 0, 'count'],
    ]);
    expect(fieldsOf(all.types.get('message_table_entry')!.def as RawStruct)).toEqual([
      ['u16', 'index'],
      ['string', 'name', 64],
    ]);
    expect(fieldsOf(msg('sockclnt_delete'))).toEqual([
      ['u16', '_vl_msg_id'],
      ['u32', 'client_index'],
      ['u32', 'context'],
      ['u32', 'index'],
    ]);
    expect(fieldsOf(msg('get_api_json_reply')).slice(-1)).toEqual([['string', 'json', 0]]);
  });

  it('includes what the built-in emulator serves, in the module that holds it in 26.06', () => {
    const want: Record<string, string[]> = {
      memclnt: ['sockclnt_create', 'sockclnt_delete', 'control_ping', 'api_versions', 'get_api_json',
        'memclnt_keepalive', 'get_first_msg_id'],
      vpe: ['show_version', 'show_vpe_system_time', 'log_dump'],
      vlib: ['cli_inband'],
      interface: ['sw_interface_dump', 'sw_interface_set_flags', 'want_interface_events',
        'sw_interface_add_del_address', 'sw_interface_set_mtu', 'sw_interface_get_table',
        'sw_interface_set_table', 'hw_interface_set_mtu', 'sw_interface_tag_add_del',
        'sw_interface_set_mac_address', 'sw_interface_get_mac_address', 'interface_name_renumber',
        'create_loopback', 'create_loopback_instance', 'delete_loopback'],
      ip: ['ip_route_add_del', 'ip_route_dump', 'ip_address_dump', 'ip_table_add_del', 'ip_table_dump',
        'ip_path_mtu_update', 'ip_path_mtu_get', 'ip_route_lookup'],
    };
    for (const [module, names] of Object.entries(want)) {
      const m = mods.find((x) => x.module === module)!;
      for (const n of names) {
        expect(all.messages.get(n)?.module, n).toBe(module);
        expect(m.services?.[n], `service ${n}`).toBeDefined();
      }
    }
    expect(mods.find((m) => m.module === 'interface')!.services!.want_interface_events.events).toEqual([
      'sw_interface_event',
    ]);
    expect(mods.find((m) => m.module === 'ip')!.services!.ip_path_mtu_get).toEqual({
      reply: 'ip_path_mtu_get_reply',
      stream: true,
      stream_msg: 'ip_path_mtu_details',
    });
  });

  it('frames every message with _vl_msg_id first and {crc, options} last', () => {
    for (const [name, { def }] of all.messages) {
      const d = def as RawStruct;
      expect(d[1], name).toEqual(['u16', '_vl_msg_id']);
      const meta = d[d.length - 1];
      expect(isObj(meta), name).toBe(true);
      expect((meta as Record<string, unknown>).crc, name).toMatch(/^0x[0-9a-f]{8}$/);
      expect(isObj((meta as Record<string, unknown>).options), name).toBe(true);
      expect(d.slice(1, -1).every(Array.isArray), name).toBe(true);
    }
  });

  it('defines each name once across all modules', () => {
    const seen = new Map<string, string>();
    for (const m of mods) {
      const names = [
        ...SECTIONS.flatMap((s) => (m[s] ?? []).map((d) => d[0])),
        ...Object.keys(m.aliases ?? {}),
      ];
      for (const n of names) {
        expect(seen.get(n), `${n} in ${m.module}`).toBeUndefined();
        seen.set(n, m.module!);
      }
    }
  });

  it('defines every vl_api_*_t type that a field or alias refers to', () => {
    const defined = new Set<string>([
      ...(['types', 'unions', 'enums', 'enumflags'] as Section[]).flatMap((s) => [...all[s].keys()]),
      ...aliases.keys(),
    ]);
    const refs: string[] = [];
    for (const s of ['types', 'unions', 'messages'] as Section[]) {
      for (const { def } of all[s].values()) for (const f of fieldsOf(def as RawStruct)) refs.push(f[0]);
    }
    for (const a of aliases.values()) refs.push(a.type);
    expect(refs.length).toBeGreaterThan(500);
    for (const t of refs) {
      if (BASE.has(t)) continue;
      const m = /^vl_api_(\w+)_t$/.exec(t);
      expect(m, t).not.toBeNull();
      expect(defined.has(m![1]), t).toBe(true);
    }
  });

  it('gives every count field an earlier integer sibling, and every union tag an enum sibling', () => {
    const enumOf = (t: string) => all.enums.get(t.replace(/^vl_api_(\w+)_t$/, '$1'))?.def as RawEnum | undefined;
    for (const s of ['types', 'unions', 'messages'] as Section[]) {
      for (const [name, { def }] of all[s]) {
        const fields = fieldsOf(def as RawStruct);
        fields.forEach((f, i) => {
          if (f[2] === 0 && typeof f[3] === 'string') {
            const count = fields.slice(0, i).find((g) => g[1] === f[3]);
            expect(count && INT.has(count[0]), `${name}.${f[1]}`).toBe(true);
          }
          const opts = f.find(isObj) as Record<string, unknown> | undefined;
          if (opts?.discriminator !== undefined) {
            const tag = fields.slice(0, i).find((g) => g[1] === opts.discriminator);
            const en = tag && enumOf(tag[0]);
            expect(en, `${name}.${f[1]}`).toBeDefined();
            const union = all.unions.get(f[0].replace(/^vl_api_(\w+)_t$/, '$1'))!.def as RawStruct;
            const cases = fieldsOf(union).map((m) => (m.find(isObj) as Record<string, unknown>).case);
            const names = (en!.slice(1).filter(Array.isArray) as [string, number][]).map((v) => v[0]);
            for (const c of cases) expect(names, `${name}.${f[1]} case ${String(c)}`).toContain(c);
          }
        });
      }
    }
  });

  it('points every service at defined messages', () => {
    let n = 0;
    for (const m of mods) {
      for (const [req, svc] of Object.entries(m.services ?? {})) {
        n++;
        expect(all.messages.get(req)?.module, req).toBe(m.module);
        if (svc.reply !== 'null') expect(all.messages.has(svc.reply), `${req} → ${svc.reply}`).toBe(true);
        if (svc.stream_msg) expect(all.messages.has(svc.stream_msg), svc.stream_msg).toBe(true);
        for (const e of svc.events ?? []) expect(all.messages.has(e), e).toBe(true);
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('gives every module a version and a vl_api_version', () => {
    for (const m of mods) {
      expect(m.options?.version, m.module).toMatch(/^\d+\.\d+\.\d+$/);
      expect(m.vl_api_version, m.module).toMatch(/^0x[0-9a-f]{8}$/);
    }
  });

  it('returns fresh objects on every call', () => {
    const a = builtinModules();
    a[0].messages!.length = 0;
    (a[0].services as Record<string, unknown>).sockclnt_create = undefined;
    const b = builtinModules();
    expect(b[0].messages!.length).toBeGreaterThan(20);
    expect(b[0].services!.sockclnt_create).toEqual({ reply: 'sockclnt_create_reply' });
  });
});

describe('built-in notation (dsl.ts)', () => {
  it('names types as the files do', () => {
    expect(typeName('fib_path')).toBe('vl_api_fib_path_t');
    expect(typeName('u8')).toBe('u8');
    expect(typeName('string')).toBe('string');
    expect(str('cmd')).toEqual(['string', 'cmd', 0]);
    expect(vla('u32', 'threads', 'array_size')).toEqual(['u32', 'threads', 0, 'array_size']);
    expect(u32('x', { default: 7 })).toEqual(['u32', 'x', { default: 7 }]);
  });

  it('spells enum values', () => {
    expect(seq('A_', ['X', 'Y'], 3)).toEqual([['A_X', 3], ['A_Y', 4]]);
    expect(bits('F_', ['P', 'Q', 'R'])).toEqual([['F_P', 1], ['F_Q', 2], ['F_R', 4]]);
  });

  it('builds an autoreply call with shared options, a stream and a header override', () => {
    const m = new ModuleBuilder('t', '1.2.3', 0xabc, ['x.api'])
      .call('do_it', 0x12, [u32('a')], undefined, { deprecated: true, doc: 'mine' })
      .stream('get', 0x34, [u32('cursor')], reply(0x56, [u32('cursor')]), details('get_details', 0x78, [u32('v')]))
      .message('odd', 0x9a, 'reply', [], { header: 'bare', status: 'in_progress' })
      .enum('e', 'u8', seq('E_', ['A']))
      .alias('al', 'prefix')
      .build();
    expect(m).toEqual({
      module: 't',
      types: [],
      unions: [],
      enumflags: [],
      enums: [['e', ['E_A', 0], { enumtype: 'u8' }]],
      aliases: { al: { type: 'vl_api_prefix_t' } },
      options: { version: '1.2.3' },
      vl_api_version: '0x00000abc',
      imports: ['x.api'],
      messages: [
        ['do_it', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['u32', 'a'],
          { crc: '0x00000012', options: { deprecated: null }, comment: 'mine' }],
        ['do_it_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'],
          { crc: '0xe8d4e804', options: { deprecated: null } }],
        ['get', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['u32', 'cursor'],
          { crc: '0x00000034', options: {} }],
        ['get_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], ['u32', 'cursor'],
          { crc: '0x00000056', options: {} }],
        ['get_details', ['u16', '_vl_msg_id'], ['u32', 'context'], ['u32', 'v'], { crc: '0x00000078', options: {} }],
        ['odd', ['u16', '_vl_msg_id'], { crc: '0x0000009a', options: { status: 'in_progress' } }],
      ],
      services: {
        do_it: { reply: 'do_it_reply' },
        get: { reply: 'get_reply', stream: true, stream_msg: 'get_details' },
      },
    });
  });
});

// ---- against VPP's own 26.06 files -------------------------------------------------

/** Drops what is prose, not fact: comments, `vat_help`, and a trailing meta left empty. */
function normalize(def: RawStruct | RawEnum): unknown[] {
  const out: unknown[] = [];
  for (const x of def as unknown[]) {
    if (!isObj(x)) {
      out.push(x);
      continue;
    }
    const { comment: _c, ...rest } = x;
    if (isObj(rest.options)) {
      const { vat_help: _v, ...o } = rest.options;
      rest.options = o;
    }
    if (Object.keys(rest).length > 0) out.push(rest);
  }
  return out;
}

const readModule = (name: string): RawModule =>
  JSON.parse(readFileSync(path.join(coreDir, `${name}.api.json`), 'utf8')) as RawModule;

/** `vnet/ip/ip_types.api` → `ip_types` */
const importName = (p: string): string => path.basename(p).replace(/\.api$/, '');

/** Names a real file carries only because it imports them (each file inlines its imports). */
function importedNames(real: RawModule): Set<string> {
  const out = new Set<string>();
  for (const p of real.imports ?? []) {
    const im = readModule(importName(p));
    for (const s of SECTIONS) for (const d of im[s] ?? []) out.add(`${s}:${d[0]}`);
    for (const a of Object.keys(im.aliases ?? {})) out.add(`aliases:${a}`);
  }
  return out;
}

/** The message table of a real 26.06 from the recorded handshake (layout: PROTOCOL.md §2). */
function recordedMessageTable(): Set<string> {
  const lines = readFileSync(path.join(shared, 'captures', 'v26.06-session.jsonl'), 'utf8').split('\n');
  const frame = lines.filter(Boolean).map((l) => JSON.parse(l) as { name: string; hex: string })
    .find((f) => f.name === 'sockclnt_create_reply')!;
  const b = Buffer.from(frame.hex, 'hex');
  const count = b.readUInt16BE(18);
  expect(b.length).toBe(20 + 66 * count);
  const out = new Set<string>();
  for (let i = 0, off = 20; i < count; i++, off += 66) {
    const name = b.subarray(off + 2, off + 66);
    out.add(name.subarray(0, name.indexOf(0)).toString('latin1'));
  }
  return out;
}

describe.skipIf(!existsSync(coreDir))('built-in definitions equal VPP 26.06', () => {
  for (const mod of builtinModules()) {
    const name = mod.module!;

    it(`${name}: module version, CRC and imports`, () => {
      const real = readModule(name);
      expect(mod.options).toEqual(real.options);
      expect(mod.vl_api_version).toBe(real.vl_api_version);
      expect(mod.imports).toEqual([...new Set(real.imports)]);
    });

    for (const s of SECTIONS) {
      it(`${name}: every ${s} entry equals the file's, and none of the file's own is missing`, () => {
        const real = readModule(name);
        const realDefs = new Map<string, unknown[]>();
        for (const d of real[s] ?? []) {
          const prev = realDefs.get(d[0]);
          if (prev) expect(normalize(d), `repeated ${d[0]} differs in the file`).toEqual(prev);
          realDefs.set(d[0], normalize(d));
        }
        for (const d of mod[s] ?? []) {
          expect(realDefs.has(d[0]), `${name} ${s} ${d[0]} not in the file`).toBe(true);
          expect(normalize(d), `${name} ${s} ${d[0]}`).toEqual(realDefs.get(d[0]));
        }
        const inherited = importedNames(real);
        const own = [...realDefs.keys()].filter((n) => !inherited.has(`${s}:${n}`)).sort();
        expect((mod[s] ?? []).map((d) => d[0]).sort()).toEqual(own);
      });
    }

    it(`${name}: aliases and services equal the file's`, () => {
      const real = readModule(name);
      const inherited = importedNames(real);
      const ownAliases = Object.fromEntries(
        Object.entries(real.aliases ?? {}).filter(([n]) => !inherited.has(`aliases:${n}`)),
      );
      expect(mod.aliases).toEqual(ownAliases);
      expect(mod.services).toEqual(real.services);
    });
  }

  it('every built-in message is in the message table of a running 26.06, CRC included', () => {
    const table = recordedMessageTable();
    expect(table.size).toBe(1991);
    const keys = builtinModules().flatMap((m) =>
      (m.messages ?? []).map((d) => `${d[0]}_${String(metaOf(d)!.crc).slice(2)}`),
    );
    expect(keys.length).toBeGreaterThan(200);
    expect(keys.filter((k) => !table.has(k))).toEqual([]);
  });
});
