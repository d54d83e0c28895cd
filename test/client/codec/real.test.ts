/**
 * The codec on VPP 26.06's own definitions and on frames recorded from a real 26.06
 * (../shared; skipped when absent). Expected bytes come from the naive builder reading
 * the JSON files itself, from the captures, and from values written by hand here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../../src/client/codec/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { buildPayload, type JsonModule } from '../../support/oracle/naive-builder.js';
import { API_DIR_2606, HAVE_SHARED, SHARED, readCapture, readJsonDefs, splitKey, type CapturedFrame } from '../../support/oracle/read-defs.js';

interface Ctx {
  schema: Schema;
  schemaErrors: unknown[];
  defs: JsonModule[];
  session: CapturedFrame[];
}
let loaded: Ctx | undefined;
/** Loaded on first use, so collecting the skipped suite never touches ../shared. */
function ctx(): Ctx {
  if (!loaded) {
    const { sources } = readApiDir(API_DIR_2606);
    const { schema, errors } = loadSchema(sources);
    loaded = {
      schema, schemaErrors: errors, defs: readJsonDefs(API_DIR_2606),
      session: readCapture(path.join(SHARED, 'captures', 'v26.06-session.jsonl')),
    };
  }
  return loaded;
}

const hex = (s: string): string => s.replace(/[\s|]/g, '');
const bytes = (...b: number[]): Buffer => Buffer.from(b);
const ip4 = (s: string): Buffer => Buffer.from(s.split('.').map(Number));
const v6 = (h: string): Buffer => Buffer.from(hex(h), 'hex');

/** Oracle and codec agree on `value`; returns the bytes. */
function agree(name: string, id: number, value: Record<string, unknown>): Buffer {
  const want = buildPayload(ctx().defs, name, id, value);
  expect(getCodec(ctx().schema, name).encode(id, value).toString('hex'), name).toBe(want.toString('hex'));
  return want;
}

function frames(name: string, dir?: 'c2s' | 's2c'): CapturedFrame[] {
  return ctx().session.filter((f) => splitKey(f.name).name === name && (dir === undefined || f.dir === dir));
}

function decodeFrame(f: CapturedFrame): Record<string, unknown> {
  return getCodec(ctx().schema, splitKey(f.name).name).decode(Buffer.from(f.hex, 'hex'));
}

describe.skipIf(!HAVE_SHARED)('real 26.06 definitions against the oracle', () => {
  it('load without errors', () => {
    expect(ctx().schemaErrors).toEqual([]);
    expect(ctx().schema.messages.size).toBeGreaterThan(1900);
  });

  it('sockclnt_create is 70 bytes and matches the recorded handshake', () => {
    const want = agree('sockclnt_create', 15, { context: 0x7c, name: 'capture' });
    expect(want.length).toBe(70);
    expect(want.toString('hex')).toBe(hex('000f 0000007c 63617074757265' + '00'.repeat(57)));
    expect(want.toString('hex')).toBe(frames('sockclnt_create', 'c2s')[0]!.hex);
  });

  it('show_version_reply matches the recorded reply', () => {
    const value = {
      context: 1, retval: 0, program: 'vpe', version: '26.06-release',
      build_date: '2026-11-21T11:49:00', build_directory: '/tmp/vppwork/src',
    };
    const want = agree('show_version_reply', 0x05f6, value);
    expect(want.length).toBe(2 + 4 + 4 + 32 + 32 + 32 + 256);
    expect(want.toString('hex')).toBe(frames('show_version_reply')[0]!.hex);
  });

  it('sw_interface_details of loop0 matches the recorded detail', () => {
    const value = {
      context: 10, sw_if_index: 1, sup_sw_if_index: 1, l2_address: bytes(0xde, 0xad, 0xbe, 0xef, 0x00, 0x07),
      flags: 3, type: 0, link_duplex: 0, link_speed: 0, link_mtu: 9000, mtu: [9000, 0, 0, 0], sub_id: 0,
      sub_number_of_tags: 0, sub_outer_vlan_id: 0, sub_inner_vlan_id: 0, sub_if_flags: 0, vtr_op: 0,
      vtr_push_dot1q: 0, vtr_tag1: 0, vtr_tag2: 0, outer_tag: 0, b_dmac: bytes(0, 0, 0, 0, 0, 0),
      b_smac: bytes(0, 0, 0, 0, 0, 0), b_vlanid: 0, i_sid: 0, interface_name: 'loop0',
      interface_dev_type: 'Loopback', tag: '',
    };
    const want = agree('sw_interface_details', 0x034a, value);
    expect(want.length).toBe(295);
    expect(want.toString('hex')).toBe(frames('sw_interface_details')[1]!.hex);
    expect(getCodec(ctx().schema, 'sw_interface_details').decode(want)).toEqual(value);
  });

  /** A fib_path with every field given; `label_stack` is always the full 16. */
  const fibPath = (o: Record<string, unknown>, labels: Record<string, unknown>[] = []) => ({
    sw_if_index: 0xffffffff, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type: 0, flags: 0, proto: 0,
    nh: { address: { ip4: ip4('0.0.0.0') }, via_label: 0, obj_id: 0, classify_table_index: 0 },
    n_labels: labels.length,
    label_stack: [...labels, ...Array.from({ length: 16 - labels.length }, () => ({ is_uniform: 0, label: 0, ttl: 0, exp: 0 }))],
    ...o,
  });

  it('ip_route_add_del with one IPv4 path matches the recorded request', () => {
    const value = {
      client_index: 0x80000001, context: 15, is_add: true, is_multipath: false,
      route: {
        table_id: 0, stats_index: 0, prefix: { address: { af: 0, un: { ip4: ip4('10.88.0.0') } }, len: 16 },
        paths: [fibPath({ sw_if_index: 1, nh: { address: { ip4: ip4('10.77.0.2') }, via_label: 0, obj_id: 0, classify_table_index: 0 } })],
      },
    };
    const want = agree('ip_route_add_del', 0x0427, value);
    expect(want.length).toBe(206);
    expect(want.toString('hex')).toBe(frames('ip_route_add_del', 'c2s')[0]!.hex);
  });

  it('ip_route_add_del with IPv4, IPv6 and labelled paths', () => {
    const value = {
      client_index: 0x80000001, context: 99, is_multipath: true, // is_add left to its default "true"
      route: {
        table_id: 7, stats_index: 0,
        prefix: { address: { af: 1, un: { ip6: v6('20010db8000100000000000000000000') } }, len: 48 },
        paths: [
          fibPath({ sw_if_index: 1, nh: { address: { ip4: ip4('10.77.0.2') }, via_label: 0, obj_id: 0, classify_table_index: 0 } }),
          fibPath({ sw_if_index: 2, preference: 1, proto: 1,
            nh: { address: { ip6: v6('20010db8000000000000000000000002') }, via_label: 0, obj_id: 0, classify_table_index: 0xffffffff } }),
          fibPath({ proto: 2, nh: { address: { ip4: ip4('10.0.0.9') }, via_label: 0, obj_id: 0, classify_table_index: 0 } },
            [{ is_uniform: 0, label: 100, ttl: 64, exp: 0 }, { is_uniform: 1, label: 0xfffff, ttl: 255, exp: 7 }]),
        ],
      },
    };
    const want = agree('ip_route_add_del', 0x0427, value);
    // Offsets by hand: header 10, is_add, is_multipath, table_id, stats_index, prefix 18, n_paths @38;
    // fib_path is 167 bytes (26 fixed, nh 28 @26, n_labels @54, 16 × 7-byte labels @55).
    expect(want.length).toBe(39 + 3 * 167);
    expect(want[10]).toBe(1);
    expect(want[38]).toBe(3);
    expect(want.subarray(39 + 167 + 26, 39 + 167 + 42).toString('hex')).toBe('20010db8000000000000000000000002');
    expect(want.readUInt32BE(39 + 2 * 167 + 55 + 1)).toBe(100);
    expect(want.readUInt32BE(39 + 2 * 167 + 62 + 1)).toBe(0xfffff);
    expect(want[39 + 2 * 167 + 54]).toBe(2);
    const got = getCodec(ctx().schema, 'ip_route_add_del').decode(want);
    expect(got).toMatchObject({ ...value, is_add: true, route: { ...value.route, n_paths: 3, paths: value.route.paths } });
  });
});

describe.skipIf(!HAVE_SHARED)('recorded frames from a real 26.06', () => {
  it('every frame names a loaded definition with the same CRC and the id VPP assigned', () => {
    const table = new Map<string, number>();
    const reply = decodeFrame(frames('sockclnt_create_reply')[0]!);
    for (const e of reply['message_table'] as Array<{ index: number; name: string }>) table.set(e.name, e.index);
    for (const f of ctx().session) {
      const { name, crc } = splitKey(f.name);
      const def = ctx().schema.messages.get(name);
      expect(def, f.name).toBeDefined();
      if (crc === undefined) continue; // the handshake pair is recorded without CRC
      expect(def!.crc, f.name).toBe(crc);
      expect(table.get(f.name), f.name).toBe(f.id);
    }
  });

  it('client frames decode, and re-encode to exactly the recorded bytes (codec and oracle)', () => {
    const sent = ctx().session.filter((f) => f.dir === 'c2s');
    expect(sent.length).toBe(29);
    for (const f of sent) {
      const name = splitKey(f.name).name;
      const value = decodeFrame(f);
      expect(getCodec(ctx().schema, name).encode(f.id, value).toString('hex'), f.name).toBe(f.hex);
      expect(buildPayload(ctx().defs, name, f.id, value).toString('hex'), `oracle ${f.name}`).toBe(f.hex);
    }
  });

  it('server frames decode, and re-encode to the recorded bytes as far as the definition reaches', () => {
    for (const f of ctx().session.filter((x) => x.dir === 's2c')) {
      const name = splitKey(f.name).name;
      const again = getCodec(ctx().schema, name).encode(f.id, decodeFrame(f)).toString('hex');
      expect(again.length, f.name).toBeLessThanOrEqual(f.hex.length);
      expect(f.hex.slice(0, again.length), f.name).toBe(again);
    }
  });

  it('known values, read by hand from the recording', () => {
    const hs = decodeFrame(frames('sockclnt_create_reply')[0]!);
    expect(hs).toMatchObject({ client_index: 0, context: 0x7c, response: 0, index: 0x80000001, count: 1991 });
    expect((hs['message_table'] as unknown[]).length).toBe(1991);
    expect(hs['message_table']).toContainEqual({ index: 1525, name: 'show_version_51077d14' });

    expect(decodeFrame(frames('show_version_reply')[0]!)).toMatchObject({ context: 1, retval: 0, program: 'vpe', version: '26.06-release' });
    expect(decodeFrame(frames('control_ping_reply')[0]!)).toMatchObject({ retval: 0, vpe_pid: 0x77bd });

    const [local0, loop0] = frames('sw_interface_details').map(decodeFrame);
    expect(local0).toMatchObject({ context: 4, sw_if_index: 0, interface_name: 'local0', interface_dev_type: 'local' });
    expect(loop0).toMatchObject({ sw_if_index: 1, interface_name: 'loop0', flags: 3, link_mtu: 9000, mtu: [9000, 0, 0, 0] });
    expect(loop0!['l2_address']).toEqual(bytes(0xde, 0xad, 0xbe, 0xef, 0x00, 0x07));

    expect(decodeFrame(frames('create_loopback')[0]!)['mac_address']).toEqual(bytes(0xde, 0xad, 0xbe, 0xef, 0x00, 0x07));
    const [addV4, addV6] = frames('sw_interface_add_del_address').map(decodeFrame);
    expect(addV4).toMatchObject({ sw_if_index: 1, is_add: true, del_all: false, prefix: { address: { af: 0, un: { ip4: ip4('10.77.0.1') } }, len: 24 } });
    expect(addV6).toMatchObject({ prefix: { address: { af: 1, un: { ip6: v6('20010db8007700000000000000000001') } }, len: 64 } });

    const events = frames('sw_interface_event').map(decodeFrame);
    expect(events).toEqual([
      { client_index: 0x80000001, pid: 0x7818, sw_if_index: 1, flags: 0, deleted: false },
      { client_index: 0x80000001, pid: 0x7818, sw_if_index: 1, flags: 3, deleted: false },
    ]);

    const failed = frames('sw_interface_set_flags_reply').map(decodeFrame).find((r) => r['context'] === 0x15);
    expect(failed).toEqual({ context: 0x15, retval: -2 });
    expect(decodeFrame(frames('ip_route_add_del_reply')[0]!)).toEqual({ context: 15, retval: 0, stats_index: 18 });
    expect(decodeFrame(frames('ip_path_mtu_get_reply')[0]!)).toEqual({ context: 0x14, retval: 0, cursor: 0xffffffff });
    expect(decodeFrame(frames('sockclnt_delete_reply')[0]!)).toEqual({ context: 0x18, response: 1 });

    const routes = frames('ip_route_details').map(decodeFrame);
    expect(routes.length).toBe(10);
    expect(routes.map((r) => r['route'])).toContainEqual(expect.objectContaining({
      prefix: { address: expect.objectContaining({ af: 0, un: { ip4: ip4('10.88.0.0') } }), len: 16 }, n_paths: 1,
    }));

    const cli = decodeFrame(frames('cli_inband_reply')[0]!);
    expect((cli['reply'] as string).length).toBe(0x1d9);
    expect(cli['reply']).toMatch(/^ +Name +Idx +State/);
    expect(cli['reply']).toContain('loop0');
  });

  it('get_api_json_reply: a 3 MB variable string holding every module', () => {
    const cap = readCapture(path.join(SHARED, 'captures', 'v26.06-get-api-json.jsonl'));
    const f = cap.find((x) => splitKey(x.name).name === 'get_api_json_reply')!;
    const got = decodeFrame(f);
    expect(got).toMatchObject({ context: 1, retval: 0 });
    const modules = JSON.parse(got['json'] as string) as Array<{ module?: string }>;
    expect(modules.length).toBe(118);
    const names = modules.map((m) => m.module);
    expect(names).toEqual(expect.arrayContaining(['vpe', 'vlib', 'interface', 'ip']));
    // Fact of 26.06: memclnt itself is not in the list, so a client keeps its own copy.
    expect(names).not.toContain('memclnt');
    // The string is 3,072,657 bytes; the payload carries one allocation byte beyond it.
    expect(Buffer.byteLength(got['json'] as string)).toBe(Buffer.from(f.hex, 'hex').length - 14 - 1);
  });
});
