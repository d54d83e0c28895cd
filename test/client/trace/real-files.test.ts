/**
 * The trace files a real VPP 26.06 saved (../shared/captures, see its README): every
 * record decodes with the 26.06 definitions, and the expected names, lengths and contexts
 * are those the README lists. Skipped when ../shared is absent (test/support/shared.ts
 * finds it three levels above test/support, i.e. beside the checkout).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getCodec } from '../../../src/client/codec/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import { openBinaryTrace } from '../../../src/client/trace/binary-reader.js';
import { openTrace, type TraceItem } from '../../../src/client/trace/load-messages.js';
import { traceForms } from '../../../src/format/trace/trace-forms.js';
import { API_26_06, CAPTURES, HAVE_SHARED } from '../../support/shared.js';

/** captures/README.md's table: index, id in the file, name_crc, length, context. */
const README: [number, number, string, number, number][] = [
  [0, 1601, 'show_version_51077d14', 10, 1],
  [1, 23, 'control_ping_51077d14', 10, 2],
  [2, 963, 'create_loopback_42bb5d22', 16, 3],
  [3, 963, 'create_loopback_42bb5d22', 16, 4],
  [4, 905, 'sw_interface_set_flags_f5aec1b8', 18, 5],
  [5, 920, 'sw_interface_add_del_address_5463d73b', 34, 6],
  [6, 920, 'sw_interface_add_del_address_5463d73b', 34, 7],
  [7, 1125, 'ip_table_add_del_0ffdaec0', 80, 8],
  [8, 1139, 'ip_route_add_del_b8ecfe0d', 373, 9],
  [9, 919, 'sw_interface_dump_aa610c27', 19, 10],
  [10, 23, 'control_ping_51077d14', 10, 10],
  [11, 1170, 'ip_address_dump_2d033de4', 15, 11],
  [12, 23, 'control_ping_51077d14', 10, 11],
  [13, 916, 'want_interface_events_476f5a08', 18, 12],
  [14, 905, 'sw_interface_set_flags_f5aec1b8', 18, 13],
  [15, 916, 'want_interface_events_476f5a08', 18, 14],
  [16, 1022, 'bridge_domain_add_del_600b7170', 86, 15],
  [17, 870, 'cli_inband_f8377302', 26, 16],
  [18, 967, 'delete_loopback_f9e6675e', 14, 17],
];

describe.skipIf(!HAVE_SHARED)('real 26.06 trace files', () => {
  const schema = HAVE_SHARED ? loadSchema(readApiDir(API_26_06).sources, { tolerant: true }).schema : undefined!;
  const BIN = join(CAPTURES, 'v26.06-api-trace.bin');
  const JSON_FILE = join(CAPTURES, 'v26.06-api-trace.json');
  const all = (path: string): { items: TraceItem[]; t: ReturnType<typeof openTrace> } => {
    const t = openTrace(path, { schema, forms: traceForms() });
    return { items: [...t.items()], t };
  };

  test('binary: header and table as TRACE.md §9 describes', () => {
    const t = openBinaryTrace(BIN);
    expect(t.header).toEqual({ nitems: 19, msgtblSize: 73459, wrapped: false });
    expect(t.entries).toHaveLength(2085);
    // First entry: bytes 76 13, the 2-byte form: 128 + (0x1376 >> 2).
    expect(t.entries[0]).toMatchObject({ id: 128 + (0x1376 >> 2), key: 'mpls_ip_bind_unbind_c7533b32' });
    expect(t.table.byKey('control_ping_51077d14')?.id).toBe(23);
    expect(t.table.byKey('show_version_51077d14')?.id).toBe(1601);
    expect([...t.records()]).toHaveLength(19);
    expect(t.warnings).toEqual([]);
    t.close();
  });

  test('binary: all 19 records decode, as the README lists them', () => {
    const { items, t } = all(BIN);
    expect(t.kind).toBe('binary');
    expect(items.map((i) => [i.index, i.id, `${i.name}_${i.crc}`, i.length, i.context])).toEqual(README);
    expect(items.every((i) => i.status === 'ok')).toBe(true);
    expect(items.every((i) => i.value!.client_index === 0x80000001)).toBe(true);
    expect(t.counts.ok).toBe(19);
    expect(items[4]!.value).toMatchObject({ sw_if_index: 3, flags: 1 });
    expect(items[13]!.value).toMatchObject({ enable_disable: 1, pid: 12345 });
    expect(items[17]!.value).toMatchObject({ cmd: 'show version' });
    const route = items[8]!.value!.route as { n_paths: number; paths: { sw_if_index: number }[] };
    expect(route.n_paths).toBe(2);
    expect(route.paths.map((p) => p.sw_if_index)).toEqual([3, 3]);
  });

  test('JSON: all 19 objects are taken back, nothing lost', () => {
    const { items, t } = all(JSON_FILE);
    expect(t.kind).toBe('json');
    expect(items.map((i) => `${i.name}_${i.crc}`)).toEqual(README.map((r) => r[2]));
    expect(items.filter((i) => i.status !== 'ok' || i.lost)).toEqual([]);
    expect(t.notes).toEqual([]);
  });

  test('JSON taken back re-encodes to the very bytes of the binary trace', () => {
    const bin = all(BIN).items;
    const json = all(JSON_FILE).items;
    for (let i = 0; i < 19; i++) {
      const b = bin[i]!;
      const { client_index, context } = b.value!;
      const bytes = getCodec(schema, b.name).encode(b.id!, { ...json[i]!.value, client_index, context });
      const raw = readFileSync(BIN).subarray(b.offset! + 4, b.offset! + 4 + b.length!);
      expect(bytes.toString('hex'), `record ${i} ${b.name}`).toBe(raw.toString('hex'));
    }
  });
});
