/**
 * sockclnt_create_reply read in place (handshake.ts): bytes from a naive writer here,
 * never from the codec.
 */
import { describe, expect, it } from 'vitest';
import { parseSockclntCreateReply } from '../../../src/client/session/handshake.js';
import { ProtocolError } from '../../../src/client/session/errors.js';

/** id 16, client_index, context, response, index, count, then {u16 id; char name[64]} each. */
function reply(ctx: number, entries: [number, Buffer | string][], opts: { response?: number; count?: number } = {}): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(16, 0);
  head.writeUInt32BE(0, 2);
  head.writeUInt32BE(ctx, 6);
  head.writeInt32BE(opts.response ?? 0, 10);
  head.writeUInt32BE(0x80000007, 14);
  head.writeUInt16BE(opts.count ?? entries.length, 18);
  const parts = entries.map(([id, name]) => {
    const e = Buffer.alloc(66);
    e.writeUInt16BE(id, 0);
    (typeof name === 'string' ? Buffer.from(name, 'utf8') : name).copy(e, 2, 0, 64);
    return e;
  });
  return Buffer.concat([head, ...parts]);
}

describe('sockclnt_create_reply', () => {
  it('reads index and every entry; names end at the first NUL or after 64 bytes', () => {
    const full = Buffer.alloc(64, 0x61); // 64 × 'a', no NUL
    const nulInside = Buffer.concat([Buffer.from('ab_0123abcd'), Buffer.from([0]), Buffer.from('junk')]);
    const r = parseSockclntCreateReply(reply(9, [[1, 'show_version_51077d14'], [700, full], [701, Buffer.alloc(64, 0x62)], [65535, nulInside], [3, 'é_0000000a']]), 9);
    expect(r.clientIndex).toBe(0x80000007);
    expect(r.table.byId(1)?.key).toBe('show_version_51077d14');
    expect(r.table.byId(1)?.name).toBe('show_version');
    expect(r.table.byId(700)?.key).toBe('a'.repeat(64));
    expect(r.table.byId(701)?.key).toBe('b'.repeat(64));
    expect(r.table.byId(65535)?.key).toBe('ab_0123abcd');
    expect(r.table.byId(3)?.key).toBe('é_0000000a');
    expect(r.table.size).toBe(5);
  });

  it('a non-ASCII name in a name without NUL: UTF-8, cut at 64 bytes', () => {
    const name = Buffer.alloc(64, 0x7a);
    Buffer.from('ü').copy(name, 10);
    const r = parseSockclntCreateReply(reply(2, [[8, name], [9, 'q_00000001']]), 2);
    expect(r.table.byId(8)?.key).toBe(`${'z'.repeat(10)}ü${'z'.repeat(52)}`);
    expect(r.table.byId(9)?.key).toBe('q_00000001');
  });

  it('an empty table, and bytes past the last entry, are accepted', () => {
    expect(parseSockclntCreateReply(reply(1, []), 1).table.size).toBe(0);
    const r = parseSockclntCreateReply(Buffer.concat([reply(1, [[5, 'x_00000001']]), Buffer.from([1, 2, 3])]), 1);
    expect(r.table.byKey('x_00000001')?.id).toBe(5);
  });

  it('a table shorter than its count, by one byte or one entry, is a ProtocolError naming message_table', () => {
    const whole = reply(1, [[5, 'x_00000001'], [6, 'y_00000002']]);
    for (const cut of [whole.subarray(0, whole.length - 1), reply(1, [[5, 'x_00000001']], { count: 2 })]) {
      expect(() => parseSockclntCreateReply(cut, 1)).toThrow(ProtocolError);
      expect(() => parseSockclntCreateReply(cut, 1)).toThrow(/does not decode: message_table: 2 entries need 152 bytes/);
    }
  });

  it('a header cut short, another id, another context, a refusal: ProtocolError each', () => {
    const ok = reply(4, [[1, 'a_00000001']]);
    expect(() => parseSockclntCreateReply(ok.subarray(0, 19), 4)).toThrow(/does not decode: 19 bytes, at least 20/);
    expect(() => parseSockclntCreateReply(ok.subarray(0, 1), 4)).toThrow(/got message id -1/);
    const other = Buffer.from(ok);
    other.writeUInt16BE(17, 0);
    expect(() => parseSockclntCreateReply(other, 4)).toThrow(/expected sockclnt_create_reply \(id 16\) first, got message id 17/);
    expect(() => parseSockclntCreateReply(ok, 5)).toThrow(/carries context 4, expected 5/);
    expect(() => parseSockclntCreateReply(reply(4, [], { response: -3 }), 4)).toThrow(/refused the registration \(sockclnt_create_reply response -3\)/);
  });
});
