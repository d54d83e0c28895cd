/**
 * The loader and resolver: header kinds and call patterns derived from the definitions
 * (PROTOCOL.md §3-4), options and defaults, merging, and errors that name the file, the
 * definition and the field. Expected values come from PROTOCOL.md and the files, not
 * from the resolver.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../../src/client/errors.js';
import { loadSchema, parseApiJsonArray, readApiDir } from '../../../src/client/schema/load.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { normaliseCrc } from '../../../src/client/schema/model.js';
import { API_26_06, CAPTURES, HAVE_SHARED } from '../../support/shared.js';

const mod = (m: Partial<RawModule> & { module: string }): RawModule => ({ types: [], messages: [], unions: [], enums: [], enumflags: [], services: {}, aliases: {}, ...m });
const src = (origin: string, m: RawModule) => ({ origin, module: m });
const meta = (crc = '0x12345678') => ({ crc, options: {} });

describe('resolving small definitions', () => {
  const base = mod({
    module: 'm',
    enums: [['e_u8', ['A', 0], ['B', 1], { enumtype: 'u8' }], ['e_default', ['X', 5]]],
    enumflags: [['fl', ['F1', 1], ['F2', 2], { enumtype: 'u32' }]],
    aliases: { idx: { type: 'u32' }, addr4: { type: 'u8', length: 4 }, pfx: { type: 'vl_api_pair_t' } },
    types: [['pair', ['u8', 'a'], ['u16', 'b']]],
    messages: [
      ['req', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['bool', 'on', { default: 'true' }], ['u64', 'big', { default: 7 }], ['vl_api_e_default_t', 'e'], meta('0x51077D14')],
      ['req_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], meta()],
      ['ev', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'pid'], meta()],
      ['odd', ['u16', '_vl_msg_id'], ['u8', 'x'], meta()],
      ['arr', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['u8', 'n'], ['vl_api_pair_t', 'items', 0, 'n'], ['string', 's', 0], meta()],
    ],
    services: { req: { reply: 'req_reply' }, arr: { reply: 'null' } },
  });

  it('derives header kinds, context offsets and call patterns from the fields and services', () => {
    const { schema } = loadSchema([src('m.api.json', base)]);
    const kinds = Object.fromEntries(['req', 'req_reply', 'ev', 'odd'].map((n) => [n, schema.messages.get(n)!.header]));
    expect(kinds).toEqual({ req: 'request', req_reply: 'reply', ev: 'event', odd: 'other' });
    expect(schema.messages.get('req')!.contextOffset).toBe(6);
    expect(schema.messages.get('req_reply')!.contextOffset).toBe(2);
    expect(schema.messages.get('ev')!.contextOffset).toBe(-1);
    expect(schema.services.get('req')).toMatchObject({ pattern: 'single', reply: 'req_reply' });
    expect(schema.services.get('arr')).toMatchObject({ pattern: 'none', reply: undefined });
    expect(schema.replyOf.get('req_reply')).toEqual(['req']);
  });

  it('normalises CRCs and sizes enums (u32 when enumtype is absent)', () => {
    const { schema } = loadSchema([src('m.api.json', base)]);
    expect(schema.messages.get('req')!.crc).toBe('51077d14');
    expect(schema.messages.get('req')!.key).toBe('req_51077d14');
    expect(normaliseCrc('0xABC')).toBe('00000abc');
    expect(normaliseCrc('nope')).toBeUndefined();
    const e = schema.types.get('e_default')!;
    expect(e.kind === 'enum' && e.base).toBe('u32');
    const f = schema.types.get('fl')!;
    expect(f.kind === 'enum' && f.flags).toBe(true);
  });

  it('converts defaults to the field value form and marks count fields', () => {
    const { schema } = loadSchema([src('m.api.json', base)]);
    const req = schema.messages.get('req')!;
    expect(req.fields.find((f) => f.name === 'on')!.options.default).toBe(true);
    expect(req.fields.find((f) => f.name === 'big')!.options.default).toBe(7n);
    const arr = schema.messages.get('arr')!;
    expect(arr.fields.find((f) => f.name === 'n')!.countFor).toEqual(['items']);
    expect(arr.fields.find((f) => f.name === 's')!.shape).toEqual({ kind: 'vla-string' });
    expect(arr.fields.find((f) => f.name === 'items')!.shape).toEqual({ kind: 'counted', countField: 'n' });
  });

  it('merges identical repeats and names both files when a type differs', () => {
    const again = mod({ module: 'n', types: [['pair', ['u8', 'a'], ['u16', 'b'], { comment: 'other words' }]] });
    expect(() => loadSchema([src('m.api.json', base), src('n.api.json', again)])).not.toThrow();
    const other = mod({ module: 'n', types: [['pair', ['u8', 'a'], ['u32', 'b']]] });
    expect(() => loadSchema([src('m.api.json', base), src('n.api.json', other)])).toThrow(/type pair is defined differently in m\.api\.json and n\.api\.json/);
  });

  it('names the file, the definition and the field of a bad definition; tolerant loads keep the rest', () => {
    const bad = mod({
      module: 'bad',
      messages: [
        ['broken', ['u16', '_vl_msg_id'], ['u32', 'context'], ['vl_api_nowhere_t', 'x'], meta()],
        ['miscounted', ['u16', '_vl_msg_id'], ['u32', 'context'], ['u8', 'items', 0, 'n'], ['u8', 'n'], meta()],
        ['fine', ['u16', '_vl_msg_id'], ['u32', 'context'], meta()],
      ],
    });
    let err: unknown;
    try {
      loadSchema([src('bad.api.json', bad)]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    expect(err).toMatchObject({ origin: 'bad.api.json', definition: 'broken', field: 'x' });
    const r = loadSchema([src('m.api.json', base), src('bad.api.json', bad)], { tolerant: true });
    expect(r.errors.map((e) => [e.definition, e.field])).toEqual([['broken', 'x'], ['miscounted', 'items']]);
    expect(r.schema.messages.has('fine')).toBe(true);
    expect(r.schema.messages.has('req')).toBe(true);
  });

  it('reads a directory tolerantly: a corrupted file is reported by name, the others load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vppapi-defs-'));
    mkdirSync(join(dir, 'core'));
    writeFileSync(join(dir, 'core', 'm.api.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'core', 'broken.api.json'), '{"module": "broken", "messages": [');
    const r = readApiDir(dir, { tolerant: true });
    expect(r.sources.map((s) => s.module.module)).toEqual(['m']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toContain('broken.api.json: not valid JSON');
    expect(() => readApiDir(dir)).toThrow(/broken\.api\.json/);
  });
});

describe.skipIf(!HAVE_SHARED)('the real 26.06 definitions', () => {
  const load = () => loadSchema(readApiDir(API_26_06).sources);

  it('load all 149 files with no error: 2,089 messages', () => {
    const { sources, errors } = readApiDir(API_26_06);
    expect(sources).toHaveLength(149);
    expect(errors).toEqual([]);
    expect(load().schema.messages.size).toBe(2089);
  });

  it('classify the exceptions PROTOCOL.md names by their fields, not their names', () => {
    const { schema } = load();
    const kind = (n: string) => schema.messages.get(n)!.header;
    expect(kind('sockclnt_create')).toBe('reply'); // context, no client_index
    expect(kind('sockclnt_create_reply')).toBe('request'); // client_index then context
    expect(kind('igmp_event')).toBe('other');
    expect(kind('sw_interface_event')).toBe('event');
    expect(kind('show_version')).toBe('request');
  });

  it('take call patterns from the services map (lldp_dump and trace_dump are modern streams)', () => {
    const { schema } = load();
    const p = (n: string) => schema.services.get(n)?.pattern;
    expect(p('sw_interface_dump')).toBe('dump');
    expect(p('lldp_dump')).toBe('stream');
    expect(p('trace_dump')).toBe('stream');
    expect(p('ip_path_mtu_get')).toBe('stream');
    expect(p('memclnt_rx_thread_suspend')).toBe('none');
    expect(schema.services.get('want_interface_events')).toMatchObject({ pattern: 'single', events: ['sw_interface_event'] });
  });

  it('carry the 26.06 union discriminator and the bool default written as 0xffffffff', () => {
    const { schema } = load();
    const address = schema.types.get('address')!;
    expect(address.kind === 'struct' && address.fields[1]!.options.discriminator).toBe('af');
    const vpath = schema.messages.get('sw_interface_set_vpath')!.fields.find((f) => f.name === 'enable')!;
    expect(vpath.options.default).toBe(true);
  });

  it('load the JSON array get_api_json returned on a real 26.06', () => {
    const frames = readFileSync(join(CAPTURES, 'v26.06-get-api-json.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; hex: string });
    const reply = Buffer.from(frames.find((f) => f.name.startsWith('get_api_json_reply'))!.hex, 'hex');
    const len = reply.readUInt32BE(10); // id u16 | context u32 | retval i32 | json: u32 length + bytes
    const sources = parseApiJsonArray(reply.toString('utf8', 14, 14 + len));
    expect(sources).toHaveLength(118);
    const { schema, errors } = loadSchema(sources, { tolerant: true });
    expect(errors).toEqual([]);
    expect(schema.messages.get('sw_interface_dump')?.crc).toBe('aa610c27');
  });
});
