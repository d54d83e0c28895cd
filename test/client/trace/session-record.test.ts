/**
 * The recorded-session file: lines read back with what cannot be read named by line,
 * requests paired with their answers by context and service, allocations derived from
 * the definitions.
 */
import { describe, expect, test } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { allocationsOf, remapIndexes } from '../../../src/client/trace/allocations.js';
import { differences } from '../../../src/client/trace/compare.js';
import { looksLikeSessionLog, readSessionLog } from '../../../src/client/trace/session-record-reader.js';
import { pairSession } from '../../../src/client/trace/pairing.js';
import type { TraceItem } from '../../../src/client/trace/load-messages.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const def = (n: string) => schema.messages.get(n)!;

describe('readSessionLog', () => {
  test('entries, undecoded lines and bad lines', () => {
    const text = [
      '{"t":"2026-12-01T21:00:00.000Z","dir":"send","context":5,"msg":{"_msgname":"show_version","_crc":"51077D14"}}',
      '',
      '{"t":"2026-12-01T21:00:00.001Z","dir":"receive","id":999,"name":"foo_bar_12345678","len":2,"hex":"03e7","error":"no local definition"}',
      'not json',
      '{"t":"x","dir":"sideways"}',
      '{"t":"x","dir":"send"}',
    ].join('\n');
    expect(looksLikeSessionLog(text)).toBe(true);
    const log = readSessionLog(text);
    expect(log.entries).toEqual([
      { line: 1, time: new Date('2026-12-01T21:00:00.000Z'), direction: 'send', context: 5, name: 'show_version', crc: '51077d14', msg: { _msgname: 'show_version', _crc: '51077D14' } },
      { line: 3, time: new Date('2026-12-01T21:00:00.001Z'), direction: 'receive', context: undefined, name: 'foo_bar', crc: '12345678', id: 999, hex: '03e7', error: 'no local definition' },
    ]);
    expect(log.skipped.map((s) => s.line)).toEqual([4, 5, 6]);
    expect(log.skipped[1]!.reason).toMatch(/"dir" is "sideways"/);
  });

  test('a JSON trace is not taken for a session', () => {
    expect(looksLikeSessionLog('[\n{\n\t"_msgname":\t"show_version"')).toBe(false);
  });
});

const item = (o: Partial<TraceItem> & { name: string; direction: 'send' | 'receive' }): TraceItem => ({
  index: 0, crc: def(o.name).crc, status: 'ok', def: def(o.name), value: {}, ...o,
});

describe('pairSession', () => {
  test('single, dump (details until the ping reply) and events left aside', () => {
    const inputs = pairSession([
      item({ name: 'create_loopback', direction: 'send', context: 1 }),
      item({ name: 'sw_interface_event', direction: 'receive', value: { sw_if_index: 1 } }),
      item({ name: 'create_loopback_reply', direction: 'receive', context: 1, value: { retval: 0, sw_if_index: 1 } }),
      item({ name: 'sw_interface_dump', direction: 'send', context: 2 }),
      item({ name: 'control_ping', direction: 'send', context: 2 }),
      item({ name: 'sw_interface_details', direction: 'receive', context: 2, value: { sw_if_index: 0 } }),
      item({ name: 'sw_interface_details', direction: 'receive', context: 2, value: { sw_if_index: 1 } }),
      item({ name: 'control_ping_reply', direction: 'receive', context: 2, value: { retval: 0 } }),
      item({ name: 'sw_interface_details', direction: 'receive', context: 2, value: { sw_if_index: 9 } }),
    ], schema);
    expect(inputs.map((i) => i.item.name)).toEqual(['create_loopback', 'sw_interface_dump', 'control_ping']);
    expect(inputs[0]!.recorded).toEqual({ details: [], replyName: 'create_loopback_reply', reply: { retval: 0, sw_if_index: 1 } });
    expect(inputs[1]!.recorded).toEqual({ details: [{ sw_if_index: 0 }, { sw_if_index: 1 }], detailsName: 'sw_interface_details' });
    expect(inputs[2]!.recorded).toBeUndefined();
  });
});

describe('allocations', () => {
  test('derived from the reply: create_loopback_reply.sw_if_index and ip_route_add_del_reply.stats_index; retval never', () => {
    expect(allocationsOf(def('create_loopback_reply'), def('create_loopback'), {})).toEqual([{ field: 'sw_if_index', kind: 'sw_if_index' }]);
    expect(allocationsOf(def('ip_route_add_del_reply'), def('ip_route_add_del'), {})).toEqual([{ field: 'stats_index', kind: 'stats_index' }]);
    expect(allocationsOf(def('sw_interface_set_flags_reply'), def('sw_interface_set_flags'), {})).toEqual([]);
  });

  test('remapped wherever an interface index is named, nested lists included', () => {
    const v: Record<string, unknown> = { is_add: true, route: { paths: [{ sw_if_index: 1 }, { sw_if_index: 5 }] } };
    const r = remapIndexes(def('ip_route_add_del').bodyFields, v, new Map([['sw_if_index', new Map([[1, 7]])]]));
    expect(r).toEqual([{ path: 'route.paths[0].sw_if_index', from: 1, to: 7 }]);
    expect(v).toEqual({ is_add: true, route: { paths: [{ sw_if_index: 7 }, { sw_if_index: 5 }] } });
  });
});

describe('differences', () => {
  test('leaf paths; context, client_index and stats_index never count; numbers and bigints compare by value', () => {
    expect(differences({ a: 1, context: 1, x: { stats_index: 3, b: [1, 2] }, n: 5n }, { a: 1, context: 2, x: { stats_index: 9, b: [1, 3, 4] }, n: 5 })).toEqual([
      { path: 'x.b[1]', recorded: 2, live: 3 },
      { path: 'x.b[2]', recorded: undefined, live: 4 },
    ]);
    expect(differences(Uint8Array.from([1, 2]), Buffer.from([1, 2]))).toEqual([]);
  });
});
