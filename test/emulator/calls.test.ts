/**
 * The emulator's real handlers over a real socket, with hand-built requests and replies
 * read at fixed offsets (test/support/emulator-wire.ts). Expected values are VPP's (captures/,
 * errors.json), not the emulator's.
 *
 * sw_interface_details offsets used below (295 bytes, as a real 26.06 sends):
 * | 6 sw_if_index | 10 sup_sw_if_index | 14 l2_address[6] | 20 flags | 36 link_mtu (u16) |
 * | 38 mtu[4] | 103 interface_name[64] | 167 interface_dev_type[64] | 231 tag[64] |
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { RawClient, contextOf, cstr, fstr, ip4addr, retvalOf, u32, u8, vstr } from '../support/emulator-wire.js';

const dir = mkdtempSync(path.join(tmpdir(), 'emu-calls-'));
let emu: Emulator;
let c: RawClient;
let ctx = 100;

beforeAll(async () => {
  emu = await startEmulator({ socketPath: path.join(dir, 'api.sock'), version: '26.06-test' });
  c = await RawClient.open(emu.socketPath, 'calls');
});
afterAll(async () => {
  c.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a dump and its control_ping; returns the details (all with the dump's context). */
async function dump(name: string, body: Buffer): Promise<Buffer[]> {
  const k = ++ctx;
  c.send(c.req(name, k, body));
  c.send(c.req('control_ping', k));
  const out: Buffer[] = [];
  for (;;) {
    const p = await c.next();
    expect(contextOf(p)).toBe(k);
    if (p.readUInt16BE(0) === c.id('control_ping_reply')) return out;
    out.push(p);
  }
}
const call = (name: string, body?: Buffer): Promise<Buffer> => c.call(name, ++ctx, body);
const ifDump = (filter?: string): Promise<Buffer[]> =>
  dump('sw_interface_dump', Buffer.concat([u32(0xffffffff), u8(filter === undefined ? 0 : 1), vstr(filter ?? '')]));
const ifName = (d: Buffer): string => cstr(d.subarray(103, 167));

describe('vpe and memclnt', () => {
  it('show_version', async () => {
    const r = await call('show_version');
    expect([r.readUInt16BE(0), retvalOf(r), r.length]).toEqual([c.id('show_version_reply'), 0, 362]);
    expect(cstr(r.subarray(10, 42))).toBe('vpe');
    expect(cstr(r.subarray(42, 74))).toBe('26.06-test');
    expect(cstr(r.subarray(74, 106))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('control_ping carries vpe_pid', async () => {
    const r = await call('control_ping');
    expect([retvalOf(r), r.readUInt32BE(10), r.readUInt32BE(14)]).toEqual([0, 0, process.pid]);
  });

  it('api_versions lists the modules with their versions', async () => {
    const r = await call('api_versions');
    const count = r.readUInt32BE(10);
    const list = Array.from({ length: count }, (_, i) => {
      const e = r.subarray(14 + 76 * i, 14 + 76 * (i + 1));
      return `${cstr(e.subarray(12))} ${e.readUInt32BE(0)}.${e.readUInt32BE(4)}.${e.readUInt32BE(8)}`;
    });
    expect(list).toEqual(expect.arrayContaining(['memclnt 2.1.0', 'vpe 1.7.0', 'interface 3.2.4', 'ip 3.2.0']));
  });

  it('get_api_json returns the served modules as a JSON array, without memclnt', async () => {
    const r = await call('get_api_json');
    const text = r.subarray(14, 14 + r.readUInt32BE(10)).toString('utf8');
    const mods = JSON.parse(text) as { module: string; messages?: unknown[] }[];
    const names = mods.map((m) => m.module);
    expect(names).toEqual(expect.arrayContaining(['vpe', 'vlib', 'interface', 'ip', 'ip_types']));
    expect(names).not.toContain('memclnt');
    expect(mods.find((m) => m.module === 'vpe')!.messages!.some((m) => (m as unknown[])[0] === 'show_version')).toBe(true);
  });

  it('f64 travels little-endian: 1.0 passes the endian probe, a swapped one gets -159 (as u32)', async () => {
    const le = Buffer.alloc(8);
    le.writeDoubleLE(1);
    const ok = await call('get_f64_endian_value', le);
    expect([ok.readUInt32BE(6), ok.readDoubleLE(10)]).toEqual([0, 1]);
    const be = Buffer.alloc(8);
    be.writeDoubleBE(1);
    const bad = await call('get_f64_endian_value', be);
    expect(bad.readUInt32BE(6)).toBe(0xffffff61);
  });

  it('a request without a real handler gets a zeroed reply', async () => {
    const r = await call('sw_interface_set_mtu', Buffer.concat([u32(0), Buffer.alloc(16)]));
    expect([r.readUInt16BE(0), r.length, retvalOf(r)]).toEqual([c.id('sw_interface_set_mtu_reply'), 10, 0]);
    expect(await dump('sw_interface_rx_placement_dump', u32(0xffffffff))).toEqual([]);
  });
});

describe('interfaces', () => {
  it('starts with local0 only, as a real VPP shows it', async () => {
    const [d, ...rest] = await ifDump();
    expect(rest).toEqual([]);
    expect(d!.length).toBe(295);
    expect([d!.readUInt32BE(6), d!.readUInt32BE(20), d!.readUInt16BE(36)]).toEqual([0, 0, 0]);
    expect([ifName(d!), cstr(d!.subarray(167, 231))]).toEqual(['local0', 'local']);
  });

  it('creates loopbacks: given MAC, VPP MAC de:ad:00:00:00:<instance>, chosen instance, instance in use', async () => {
    const a = await call('create_loopback', Buffer.from('deadbeef0007', 'hex'));
    expect([retvalOf(a), a.readUInt32BE(10)]).toEqual([0, 1]);
    const b = await call('create_loopback', Buffer.alloc(6));
    expect([retvalOf(b), b.readUInt32BE(10)]).toEqual([0, 2]);
    const e = await call('create_loopback_instance', Buffer.concat([Buffer.alloc(6), u8(1), u32(7)]));
    expect([retvalOf(e), e.readUInt32BE(10)]).toEqual([0, 3]);
    const again = await call('create_loopback_instance', Buffer.concat([Buffer.alloc(6), u8(1), u32(7)]));
    expect(retvalOf(again)).toBe(-31); // INVALID_REGISTRATION

    const all = await ifDump();
    expect(all.map(ifName)).toEqual(['local0', 'loop0', 'loop1', 'loop7']);
    const loop1 = all[2]!;
    expect(loop1.subarray(14, 20).toString('hex')).toBe('dead00000001');
    expect(loop1.readUInt16BE(36)).toBe(9000);
    expect([0, 1, 2, 3].map((i) => loop1.readUInt32BE(38 + 4 * i))).toEqual([9000, 0, 0, 0]);
    expect(cstr(loop1.subarray(167, 231))).toBe('Loopback');
    expect(all[1]!.subarray(14, 20).toString('hex')).toBe('deadbeef0007');
  });

  it('filters by name, case-insensitively, and by index', async () => {
    expect((await ifDump('LOOP')).map(ifName)).toEqual(['loop0', 'loop1', 'loop7']);
    expect((await ifDump('7')).map(ifName)).toEqual(['loop7']);
    const one = await dump('sw_interface_dump', Buffer.concat([u32(2), u8(0), vstr('')]));
    expect(one.map(ifName)).toEqual(['loop1']);
    expect(await dump('sw_interface_dump', Buffer.concat([u32(99), u8(0), vstr('')]))).toEqual([]);
  });

  it('sets admin state; a loopback link follows it', async () => {
    const r = await call('sw_interface_set_flags', Buffer.concat([u32(1), u32(1)]));
    expect(retvalOf(r)).toBe(0);
    const d = (await dump('sw_interface_dump', Buffer.concat([u32(1), u8(0), vstr('')])))[0]!;
    expect(d.readUInt32BE(20)).toBe(3); // ADMIN_UP | LINK_UP
  });

  it('answers -2 for an unknown sw_if_index, with the bytes of a real VPP', async () => {
    const k = ++ctx;
    const r = await c.call('sw_interface_set_flags', k, Buffer.concat([u32(9999), u32(1)]));
    const want = Buffer.concat([Buffer.from([0, 0]), u32(k), Buffer.from('fffffffe', 'hex')]);
    want.writeUInt16BE(c.id('sw_interface_set_flags_reply'));
    expect(r.toString('hex')).toBe(want.toString('hex'));
  });

  it('deletes loopbacks only', async () => {
    expect(retvalOf(await call('delete_loopback', u32(0)))).toBe(-2);
    expect(retvalOf(await call('delete_loopback', u32(3)))).toBe(0);
    expect(retvalOf(await call('delete_loopback', u32(3)))).toBe(-2);
    expect((await ifDump()).map(ifName)).toEqual(['local0', 'loop0', 'loop1']);
  });
});

describe('addresses and routes', () => {
  const addr = (sw: number, isAdd: number, a: string, len: number): Buffer =>
    Buffer.concat([u32(sw), u8(isAdd), u8(0), ip4addr(a), u8(len)]);

  it('adds, lists and deletes interface addresses', async () => {
    expect(retvalOf(await call('sw_interface_add_del_address', addr(1, 1, '10.77.0.1', 24)))).toBe(0);
    expect(retvalOf(await call('sw_interface_add_del_address', addr(99, 1, '10.78.0.1', 24)))).toBe(-2);
    const ds = await dump('ip_address_dump', Buffer.concat([u32(1), u8(0)]));
    expect(ds.map((d) => d.subarray(6).toString('hex'))).toEqual(['00000001' + '000a4d0001' + '00'.repeat(12) + '18']);
    expect(await dump('ip_address_dump', Buffer.concat([u32(1), u8(1)]))).toEqual([]);
    expect(retvalOf(await call('sw_interface_add_del_address', addr(1, 0, '10.99.0.1', 24)))).toBe(-60);
  });

  it('adds a route and dumps it with its path and stats index', async () => {
    // ip_route_add_del: is_add, is_multipath, route{table_id, stats_index, prefix, n_paths, paths}
    const path = Buffer.concat([
      u32(1), u32(0), u32(0), u8(1), u8(0), u32(0), u32(0), u32(0), // sw_if_index .. proto
      Buffer.from([10, 77, 0, 2]), Buffer.alloc(12), u32(0), u32(0), u32(0), // nh
      u8(0), Buffer.alloc(16 * 7), // n_labels, label_stack
    ]);
    const route = Buffer.concat([u32(0), u32(0), ip4addr('10.88.0.0'), u8(16), u8(1), path]);
    const r = await call('ip_route_add_del', Buffer.concat([u8(1), u8(0), route]));
    expect(retvalOf(r)).toBe(0);
    const stats = r.readUInt32BE(10);
    const routes = await dump('ip_route_dump', Buffer.concat([u32(0), u8(0), fstr('', 64)]));
    const mine = routes.filter((d) => d.subarray(14, 32).equals(Buffer.concat([ip4addr('10.88.0.0'), u8(16)])));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.readUInt32BE(10)).toBe(stats);
    expect(mine[0]!.subarray(32).toString('hex')).toBe('01' + path.toString('hex'));
    expect(retvalOf(await call('ip_route_add_del', Buffer.concat([u8(1), u8(0), u32(42), u32(0), ip4addr('10.1.0.0'), u8(16), u8(1), path])))).toBe(-3);
    expect(await dump('ip_route_dump', Buffer.concat([u32(42), u8(0), fstr('', 64)]))).toEqual([]);
  });
});

describe('cli_inband', () => {
  const cli = async (cmd: string): Promise<string> => {
    const r = await call('cli_inband', vstr(cmd));
    expect(retvalOf(r)).toBe(0);
    return r.subarray(14, 14 + r.readUInt32BE(10)).toString('utf8');
  };

  it('show interface: the columns of a real VPP', async () => {
    const lines = (await cli('show interface')).split('\n');
    expect(lines[0]).toBe('              Name               Idx    State  MTU (L3/IP4/IP6/MPLS)     Counter          Count     ');
    expect(lines[1]).toBe('local0                            0     down          0/0/0/0       ');
    expect(lines[2]).toBe('loop0                             1      up          9000/0/0/0     ');
  });

  it('prefixes, addresses, version and unknown input', async () => {
    expect(await cli('sh int addr')).toContain('loop0 (up):\n  L3 10.77.0.1/24\n');
    expect(await cli('show version')).toMatch(/^vpp v26\.06-test built by /);
    expect(await cli('show frobnicate')).toBe("show: unknown input `frobnicate'\n");
    expect(await cli('frobnicate now')).toBe("unknown input `frobnicate now'\n");
    expect(await cli('show ip fib')).toContain('10.88.0.0/16\n  [@0]: via 10.77.0.2 loop0\n');
  });
});
