/**
 * The binary trace reader against files built by the naive writer (test/support/
 * naive-trace.ts): every varint width, tables in any order, the wrapped flag, unknown
 * ids, CRC mismatches, lies in the framing, and a cut at every byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { MessageTable } from '../../../src/client/session/message-table.js';
import { openBinaryTrace, type RawRecord } from '../../../src/client/trace/binary-reader.js';
import { TraceDecoder } from '../../../src/client/trace/record-decode.js';
import { TraceFormatError } from '../../../src/client/trace/errors.js';
import { encodeVarint, readVarint } from '../../../src/client/trace/varint.js';
import { be32, naiveRequest, naiveTrace, naiveVarint } from '../../support/naive-trace.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const dir = mkdtempSync(join(tmpdir(), 'vppapi-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** TRACE.md §4's worked examples (checked there against VPP's own serialiser). */
const EXAMPLES: [number, string][] = [
  [5, '0b'], [127, 'ff'], [128, '0200'], [200, '2201'], [16511, 'feff'], [16512, '04000000'],
  [20000, '046d0000'], [5000000, '04566002'], [536887423, 'fcffffff'], [536887424, '008040002000000000'],
];

describe('varint', () => {
  test.each(EXAMPLES)('%i is %s', (x, hex) => {
    const bytes = Buffer.from(hex, 'hex');
    expect(readVarint(bytes, 0, bytes.length)).toEqual({ value: x, size: bytes.length });
    expect(encodeVarint(x).toString('hex')).toBe(hex);
    expect(Buffer.from(naiveVarint(x)).toString('hex')).toBe(hex);
  });

  test('a varint cut short names its offset and width', () => {
    const b = Buffer.from('aa046d00', 'hex');
    expect(() => readVarint(b, 1, 4, 100)).toThrow(/at byte 101: .*announces 4 bytes, only 3 left/);
  });

  test('the 9-byte form beyond 2^53 is refused', () => {
    const b = Buffer.from('00ffffffffffffffff', 'hex');
    expect(() => readVarint(b, 0, 9)).toThrow(TraceFormatError);
  });
});

const KEYS = {
  show_version: 'show_version_51077d14',
  create_loopback: 'create_loopback_42bb5d22',
  set_flags: 'sw_interface_set_flags_f5aec1b8',
};

/** Ids chosen so that the table uses the 1-, 2- and 4-byte forms; listed out of order. */
const ENTRIES = [
  { id: 20000, key: KEYS.set_flags },
  { id: 5, key: KEYS.show_version },
  { id: 200, key: KEYS.create_loopback },
  { id: 16512, key: 'sw_interface_set_mtu_00000000' }, // a CRC no local definition has
  { id: 127, key: 'nat44_plugin_thing_12345678' }, // a name no local definition has
];

const RECORDS = [
  naiveRequest(5, 0x80000001, 1),
  naiveRequest(200, 0x80000001, 2, [0xde, 0xad, 0, 0, 0x26, 0x06]),
  naiveRequest(20000, 0x80000001, 3, [...be32(3), ...be32(1)]),
  naiveRequest(999, 0x80000001, 4), // id not in the table
  naiveRequest(16512, 0x80000001, 5, [1, 2, 3]),
  naiveRequest(127, 0x80000001, 6),
  [7], // shorter than an id
];

function decodeAll(bytes: Buffer): { recs: ReturnType<TraceDecoder['decode']>[]; dec: TraceDecoder } {
  const t = openBinaryTrace(bytes);
  const dec = new TraceDecoder(schema, t.table);
  return { recs: [...t.records()].map((r) => dec.decode(r)), dec };
}

describe('binary trace files', () => {
  test('header, a table in any order and every record, read exactly', () => {
    const bytes = naiveTrace({ entries: ENTRIES, records: RECORDS });
    const t = openBinaryTrace(bytes);
    expect(t.header).toEqual({ nitems: 7, msgtblSize: bytes.readUInt32BE(4), wrapped: false });
    expect(t.entries.map((e) => [e.id, e.key])).toEqual(ENTRIES.map((e) => [e.id, e.key]));
    expect(t.entries[0]!.offset).toBe(9 + 4);
    const raws: RawRecord[] = [...t.records()].map((r) => ({ ...r, payload: Buffer.from(r.payload) }));
    expect(raws.map((r) => r.length)).toEqual(RECORDS.map((r) => r.length));
    expect(raws.map((r) => [...r.payload])).toEqual(RECORDS);
    expect(raws.map((r) => r.id)).toEqual([5, 200, 20000, 999, 16512, 127, -1]);
    expect(t.warnings).toEqual([]);
  });

  test('records are decoded through the file table; the rest is shown as such and counted', () => {
    const { recs, dec } = decodeAll(naiveTrace({ entries: ENTRIES, records: RECORDS }));
    expect(recs.map((r) => [r.name, r.status])).toEqual([
      ['show_version', 'ok'], ['create_loopback', 'ok'], ['sw_interface_set_flags', 'ok'], ['', 'unknown-id'],
      ['sw_interface_set_mtu', 'changed'], ['nat44_plugin_thing', 'unknown'], ['', 'short'],
    ]);
    expect(recs[1]!.value).toMatchObject({ client_index: 0x80000001, context: 2 });
    expect([...(recs[1]!.value!.mac_address as Uint8Array)]).toEqual([0xde, 0xad, 0, 0, 0x26, 0x06]);
    expect(recs[2]!.value).toMatchObject({ sw_if_index: 3, flags: 1, context: 3 });
    expect(recs[4]!.localCrc).not.toBe('00000000');
    expect([...recs[4]!.bytes!]).toEqual(RECORDS[4]);
    expect(dec.counts).toEqual({ ok: 3, changed: 1, unknown: 1, 'unknown-id': 1, short: 1, undecodable: 0 });
  });

  test('the wrapped flag', () => {
    expect(openBinaryTrace(naiveTrace({ entries: ENTRIES, records: [], wrapped: true })).header.wrapped).toBe(true);
  });

  test('a 9-byte id varint (never written by VPP, but valid) is read; one beyond 16 bits is an error naming its offset', () => {
    const table = [...be32(1), 0, ...[7, 0, 0, 0, 0, 0, 0, 0], ...naiveVarint(KEYS.show_version.length), ...Buffer.from(KEYS.show_version)];
    const file = Buffer.from([...be32(0), ...be32(table.length), 0, ...table]);
    expect(openBinaryTrace(file).entries[0]).toMatchObject({ id: 7, key: KEYS.show_version });
    const bad = Buffer.from(file);
    bad.writeUInt32LE(536887424, 9 + 4 + 1);
    expect(() => openBinaryTrace(bad)).toThrow(/entry 0 at byte 13: id 536887424 does not fit/);
  });

  test('a record longer than the file: error at its offset, the records before still yielded', () => {
    const bytes = naiveTrace({ entries: ENTRIES, records: RECORDS.slice(0, 3) });
    const at = bytes.length - (4 + RECORDS[2]!.length);
    bytes.writeUInt32BE(5000, at);
    const t = openBinaryTrace(bytes);
    const got: number[] = [];
    let err: unknown;
    try {
      for (const r of t.records()) got.push(r.index);
    } catch (e) {
      err = e;
    }
    expect(got).toEqual([0, 1]);
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).offset).toBe(at);
    expect((err as Error).message).toContain(`record 2 at byte ${at} announces 5000 bytes`);
  });

  test('fewer records than the header says: truncated, with the offset', () => {
    const bytes = naiveTrace({ entries: ENTRIES, records: RECORDS.slice(0, 2), nitems: 4 });
    const t = openBinaryTrace(bytes);
    const got: number[] = [];
    expect(() => { for (const r of t.records()) got.push(r.index); }).toThrow(`record 2 of 4 should start at byte ${bytes.length}`);
    expect(got).toEqual([0, 1]);
  });

  test('bytes after the last record and after the table are reported, not read', () => {
    const good = naiveTrace({ entries: ENTRIES, records: RECORDS.slice(0, 1) });
    const t = openBinaryTrace(Buffer.concat([good, Buffer.from([1, 2, 3])]));
    expect([...t.records()]).toHaveLength(1);
    expect(t.warnings).toEqual([`3 bytes after the last of 1 records, at byte ${good.length}, ignored`]);
  });

  test('cut at every byte: an error naming an offset within the file, every complete record before it yielded', () => {
    const bytes = naiveTrace({ entries: ENTRIES.slice(0, 3), records: RECORDS.slice(0, 3) });
    const tableEnd = 9 + bytes.readUInt32BE(4);
    const ends: number[] = [];
    let p = tableEnd;
    for (const r of RECORDS.slice(0, 3)) ends.push((p += 4 + r.length));
    for (let cut = 0; cut < bytes.length; cut++) {
      const part = bytes.subarray(0, cut);
      let yielded = 0;
      let err: unknown;
      try {
        const t = openBinaryTrace(part);
        for (const _ of t.records()) yielded++;
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${cut}`).toBeInstanceOf(TraceFormatError);
      expect((err as TraceFormatError).offset).toBeLessThanOrEqual(cut);
      expect((err as Error).message).toMatch(/byte \d+/);
      expect(yielded, `cut at ${cut}`).toBe(cut < tableEnd ? 0 : ends.filter((e) => e <= cut).length);
    }
  });

  test('read from a file through a window smaller than a record, the same as from memory', () => {
    const bytes = naiveTrace({ entries: ENTRIES, records: RECORDS });
    const path = join(dir, 'small-window.trace');
    writeFileSync(path, bytes);
    const t = openBinaryTrace(path, { window: 7 });
    const fromFile = [...t.records()].map((r) => [r.index, r.offset, [...r.payload]]);
    t.close();
    expect(fromFile).toEqual([...openBinaryTrace(bytes).records()].map((r) => [r.index, r.offset, [...r.payload]]));
  });

  test('a file too short for the header, and a table longer than the file', () => {
    expect(() => openBinaryTrace(Buffer.from([0, 0, 0]))).toThrow(/truncated header at byte 3: the file has 3 bytes/);
    expect(() => openBinaryTrace(Buffer.from([...be32(0), ...be32(100), 0, 1, 2]))).toThrow(/announces 100 bytes of table, the file has 2/);
  });

  test('a repeated id keeps its first entry, with a warning', () => {
    const t = openBinaryTrace(naiveTrace({ entries: [{ id: 5, key: KEYS.show_version }, { id: 5, key: KEYS.create_loopback }], records: [] }));
    expect(new MessageTable(t.entries).byId(5)?.key).toBe(KEYS.show_version);
    expect(t.table.byId(5)?.key).toBe(KEYS.show_version);
    expect(t.warnings[0]).toMatch(/id 5 appears again/);
  });
});
