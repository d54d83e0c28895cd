/**
 * resolveSchema's `now` (a partial load's messages built when first asked for): the map
 * reads as the eager build's (the same names in the same order, the same definitions),
 * the named messages and those their services link to are built at load, the others
 * when asked for, and a message that names a type no source defines makes the load build
 * (and fail) at once, as before. A malformed message (no crc) is the witness of when a
 * message is built: building it throws.
 */
import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../../src/client/errors.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { resolveSchema } from '../../../src/client/schema/resolve.js';

const mod = (m: Partial<RawModule> & { module: string }): RawModule => ({ types: [], messages: [], unions: [], enums: [], enumflags: [], services: {}, aliases: {}, ...m });
const meta = { crc: '0x12345678', options: {} };
const req = (name: string, ...fields: unknown[]): unknown[] => [name, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ...fields, meta];
const reply = (name: string): unknown[] => [name, ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], meta];
/** A message without a crc: building it throws SchemaError. */
const broken = (name: string): unknown[] => [name, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context']];

const good = mod({
  module: 'm',
  types: [['pair', ['u8', 'a'], ['u16', 'b']]],
  messages: [
    req('a', ['vl_api_pair_t', 'p']), reply('a_reply'),
    req('b', ['u32', 'x']), reply('b_reply'),
    req('want_c', ['u32', 'pid']), reply('want_c_reply'), ['c_event', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'pid'], meta],
    req('d_dump'), ['d_details', ['u16', '_vl_msg_id'], ['u32', 'context'], ['string', 'name', 8], meta],
  ] as RawModule['messages'],
  services: { a: { reply: 'a_reply' }, b: { reply: 'b_reply' }, want_c: { reply: 'want_c_reply', events: ['c_event'] }, d_dump: { reply: 'd_details', stream: true } },
});
const withBroken = (name: string, services: RawModule['services'] = {}): RawModule =>
  mod({ ...good, module: 'm', messages: [...good.messages!, broken(name)] as RawModule['messages'], services: { ...good.services, ...services } });
const src = (m: RawModule) => [{ origin: 'm.api.json', module: m }];

describe('resolveSchema with `now`: the other messages built when first asked for', () => {
  it('reads as the eager build: every name, the same order, the same definitions, services and reply links', () => {
    const eager = resolveSchema(src(good)).schema;
    const lazy = resolveSchema(src(good), { now: ['b'] }).schema;
    // Asked for out of order first: the map still lists them in the sources' order.
    expect(lazy.messages.get('d_details')).toEqual(eager.messages.get('d_details'));
    expect(lazy.messages.has('want_c')).toBe(true);
    expect(lazy.messages.has('nope')).toBe(false);
    expect(lazy.messages.get('nope')).toBeUndefined();
    expect([...lazy.messages.keys()]).toEqual(['a', 'a_reply', 'b', 'b_reply', 'want_c', 'want_c_reply', 'c_event', 'd_dump', 'd_details']);
    expect(lazy.messages.size).toBe(eager.messages.size);
    expect(new Map(lazy.messages)).toEqual(new Map(eager.messages));
    expect(lazy.services).toEqual(eager.services);
    expect(lazy.replyOf).toEqual(eager.replyOf);
    // One definition per name: asked twice, the same object.
    expect(lazy.messages.get('a')).toBe(lazy.messages.get('a'));
  });

  it('builds a message not named only when it is asked for, and then throws its SchemaError there', () => {
    expect(() => resolveSchema(src(withBroken('zz')))).toThrow(SchemaError);
    const { schema } = resolveSchema(src(withBroken('zz')), { now: ['a'] });
    expect(schema.messages.get('a')!.fields.map((f) => f.name)).toEqual(['client_index', 'context', 'p']);
    expect(schema.messages.has('zz')).toBe(true);
    expect(() => schema.messages.get('zz')).toThrow(/zz/);
    expect(() => [...schema.messages.values()]).toThrow(SchemaError);
    expect(() => schema.messages.size).toThrow(SchemaError);
  });

  it('builds at load the named messages and what their services link to, both ways', () => {
    // The named request itself.
    expect(() => resolveSchema(src(withBroken('zz', { zz: { reply: 'b_reply' } })), { now: ['zz'] })).toThrow(/zz/);
    // A named request's reply, details and events.
    expect(() => resolveSchema(src(withBroken('zz_reply', { zz: { reply: 'zz_reply' } })), { now: ['zz'] })).toThrow(SchemaError);
    const events = mod({ ...good, module: 'm', messages: [...good.messages!, req('want_z', ['u32', 'pid']), reply('want_z_reply'), broken('z_event')] as RawModule['messages'], services: { ...good.services, want_z: { reply: 'want_z_reply', events: ['z_event'] } } });
    expect(() => resolveSchema(src(events), { now: ['want_z'] })).toThrow(/z_event/);
    // A named event or reply: the request it answers.
    expect(() => resolveSchema(src(events), { now: ['want_z_reply'] })).toThrow(/z_event/);
    // Not linked to the named one: left for later.
    expect(() => resolveSchema(src(events), { now: ['b'] })).not.toThrow();
  });

  it('a message that names a type no source defines makes the load build every message now, and fail', () => {
    const missing = mod({ ...good, module: 'm', messages: [...good.messages!, req('uses_other', ['vl_api_other_t', 'o'])] as RawModule['messages'] });
    expect(() => resolveSchema(src(missing), { now: ['b'] })).toThrow(/unknown type vl_api_other_t/);
  });

  it('tolerant loads build every message at load, `now` or not', () => {
    const r = resolveSchema(src(withBroken('zz')), { tolerant: true, now: ['a'] });
    expect(r.errors.map((e) => e.definition)).toEqual(['zz']);
    expect(r.schema.messages.has('zz')).toBe(false);
  });
});
