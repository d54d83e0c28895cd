/**
 * docs/emulator.md, one test per row: each request the emulator carries out changes the
 * state the way VPP does, and the dump named in the row shows it. Expected values are
 * VPP's (its API definitions, errors.json), written here by hand; every other request
 * gets retval -9 (UNIMPLEMENTED), never a false 0.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../src/client/schema/load.js';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { Session } from '../../src/client/session/session.js';
import { openStats, type StatsSegment } from '../../src/client/stats/index.js';
import { emulatedHandlers, startEmulator, type Emulator } from '../../src/emulator/index.js';

type Msg = Record<string, unknown>;
const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const dir = mkdtempSync(join(tmpdir(), 'vppapi-emu-rows-'));
let emu: Emulator;
let s: Session;

beforeAll(async () => {
  emu = await startEmulator({ socketPath: join(dir, 'api.sock'), statsSocketPath: join(dir, 'stats.sock'), statsIntervalMs: 3_600_000 });
  s = new Session({ socketPath: emu.socketPath, schema });
  await s.connect();
});
afterAll(async () => {
  await s?.disconnect();
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The retval a call ends with: 0, or the RetvalError's. */
async function rv(name: string, args: Msg = {}): Promise<number> {
  try {
    const r = (await s.call(name, args)) as Msg;
    return Number(r.retval ?? r.response ?? 0);
  } catch (e) {
    const v = (e as { retval?: number }).retval;
    if (typeof v !== 'number') throw e;
    return v;
  }
}
const call = async (name: string, args: Msg = {}): Promise<Msg> => (await s.call(name, args)) as Msg;
const dump = async (name: string, args: Msg = {}): Promise<Msg[]> => (await s.call(name, args)) as Msg[];

const ip4 = (text: string): Uint8Array => Uint8Array.from(text.split('.').map(Number));
const pfx4 = (text: string): Msg => {
  const [a, len] = text.split('/');
  return { address: { af: 0, un: { ip4: ip4(a!) } }, len: Number(len) };
};
/** `10.0.0.0/24` from a decoded prefix (IPv4 only here). */
const pfxText = (p: unknown): string => {
  const { address, len } = p as { address: { un: { ip4: Uint8Array } }; len: number };
  return `${[...address.un.ip4].join('.')}/${len}`;
};
const mac = (m: unknown): string => [...(m as Uint8Array)].map((b) => b.toString(16).padStart(2, '0')).join(':');

async function iface(idx: number): Promise<Msg> {
  const [d] = await dump('sw_interface_dump', { sw_if_index: idx });
  if (!d) throw new Error(`no interface ${idx}`);
  return d;
}
async function newLoop(): Promise<number> {
  return Number((await call('create_loopback', {})).sw_if_index);
}
async function routes(tableId: number, v2 = false): Promise<string[]> {
  const ds = await dump(v2 ? 'ip_route_v2_dump' : 'ip_route_dump', { table: { table_id: tableId } });
  return ds.map((d) => pfxText((d.route as Msg).prefix));
}

describe('docs/emulator.md rows: the state each request changes, as a dump shows it', () => {
  it('create_loopback / create_loopback_instance: a new Loopback in sw_interface_dump', async () => {
    const a = await newLoop();
    const d = await iface(a);
    expect([d.interface_name, d.interface_dev_type, d.link_mtu]).toEqual([`loop${a - 1}`, 'Loopback', 9000]);
    const r = await call('create_loopback_instance', { is_specified: true, user_instance: 4242 });
    expect((await iface(Number(r.sw_if_index))).interface_name).toBe('loop4242');
    expect(await rv('create_loopback_instance', { is_specified: true, user_instance: 4242 })).toBe(-31);
  });

  it('delete_loopback: gone from sw_interface_dump, its connected routes from ip_route_dump', async () => {
    const a = await newLoop();
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 1 });
    expect(await rv('sw_interface_add_del_address', { sw_if_index: a, is_add: true, prefix: pfx4('10.31.0.1/24') })).toBe(0);
    expect(await routes(0)).toContain('10.31.0.1/32');
    expect(await rv('delete_loopback', { sw_if_index: a })).toBe(0);
    expect(await dump('sw_interface_dump', { sw_if_index: a })).toEqual([]);
    expect((await routes(0)).filter((p) => p.startsWith('10.31.'))).toEqual([]);
    expect(await rv('delete_loopback', { sw_if_index: 0 })).toBe(-2);
  });

  it('sw_interface_set_flags: flags in sw_interface_dump (a loopback link follows admin)', async () => {
    const a = await newLoop();
    expect(await rv('sw_interface_set_flags', { sw_if_index: a, flags: 1 })).toBe(0);
    expect((await iface(a)).flags).toBe(3);
    expect(await rv('sw_interface_set_flags', { sw_if_index: a, flags: 0 })).toBe(0);
    expect((await iface(a)).flags).toBe(0);
  });

  it('sw_interface_tag_add_del: tag in sw_interface_dump', async () => {
    const a = await newLoop();
    expect(await rv('sw_interface_tag_add_del', { sw_if_index: a, is_add: true, tag: 'uplink-a' })).toBe(0);
    expect((await iface(a)).tag).toBe('uplink-a');
    expect(await rv('sw_interface_tag_add_del', { sw_if_index: a, is_add: false })).toBe(0);
    expect((await iface(a)).tag).toBe('');
  });

  it('sw_interface_set_mtu: the four per-protocol MTUs in sw_interface_dump, zeros included', async () => {
    const a = await newLoop();
    expect(await rv('sw_interface_set_mtu', { sw_if_index: a, mtu: [1500, 1400, 1300, 0] })).toBe(0);
    const d = await iface(a);
    expect([d.mtu, d.link_mtu]).toEqual([[1500, 1400, 1300, 0], 9000]);
    expect(await rv('sw_interface_set_mtu', { sw_if_index: 0, mtu: [1200, 0, 0, 0] })).toBe(0);
    expect((await iface(0)).mtu).toEqual([1200, 0, 0, 0]);
    expect(await rv('sw_interface_set_mtu', { sw_if_index: 9999, mtu: [1500, 0, 0, 0] })).toBe(-2);
  });

  it('hw_interface_set_mtu: link_mtu and the L3 MTU in sw_interface_dump; local0 is not Ethernet', async () => {
    const a = await newLoop();
    await call('sw_interface_set_mtu', { sw_if_index: a, mtu: [1500, 1400, 0, 0] });
    expect(await rv('hw_interface_set_mtu', { sw_if_index: a, mtu: 8000 })).toBe(0);
    const d = await iface(a);
    expect([d.link_mtu, d.mtu]).toEqual([8000, [8000, 1400, 0, 0]]);
    expect(await rv('hw_interface_set_mtu', { sw_if_index: 0, mtu: 1500 })).toBe(-30);
    expect(await rv('hw_interface_set_mtu', { sw_if_index: 9999, mtu: 1500 })).toBe(-2);
  });

  it('sw_interface_set_interface_name: interface_name in sw_interface_dump and /if/names in the stats segment', async () => {
    const a = await newLoop();
    expect(await rv('sw_interface_set_interface_name', { sw_if_index: a, name: 'wan-edge' })).toBe(0);
    expect((await iface(a)).interface_name).toBe('wan-edge');
    expect((await dump('sw_interface_dump', { sw_if_index: 0xffffffff, name_filter_valid: true, name_filter: 'wan-edge' })).map((d) => d.sw_if_index)).toEqual([a]);
    expect(await rv('sw_interface_set_interface_name', { sw_if_index: a, name: 'local0' })).toBe(-7);
    expect(await rv('sw_interface_set_interface_name', { sw_if_index: a, name: '' })).toBe(-7);
    const seg = await openStats({ socketPath: join(dir, 'stats.sock') });
    try {
      const { entries } = await seg.read((n) => n === '/if/names');
      expect((entries[0]!.value as { names: string[] }).names[a]).toBe('wan-edge');
    } finally {
      seg.close();
    }
  });

  it('sw_interface_set_mac_address: l2_address in sw_interface_dump and sw_interface_get_mac_address', async () => {
    const a = await newLoop();
    const m = Uint8Array.from([0x02, 0xfe, 0, 0x12, 0x34, 0x56]);
    expect(await rv('sw_interface_set_mac_address', { sw_if_index: a, mac_address: m })).toBe(0);
    expect(mac((await iface(a)).l2_address)).toBe('02:fe:00:12:34:56');
    expect(mac((await call('sw_interface_get_mac_address', { sw_if_index: a })).mac_address)).toBe('02:fe:00:12:34:56');
    expect(await rv('sw_interface_set_mac_address', { sw_if_index: 0, mac_address: m })).toBe(-9);
  });

  it('sw_interface_set_table / sw_interface_get_table: the VRF per family, and connected routes land in it', async () => {
    const a = await newLoop();
    expect(await rv('sw_interface_set_table', { sw_if_index: a, is_ipv6: false, vrf_id: 71 })).toBe(-3);
    await call('ip_table_add_del', { is_add: true, table: { table_id: 71, is_ip6: false } });
    expect(await rv('sw_interface_set_table', { sw_if_index: a, is_ipv6: false, vrf_id: 71 })).toBe(0);
    expect((await call('sw_interface_get_table', { sw_if_index: a, is_ipv6: false })).vrf_id).toBe(71);
    expect((await call('sw_interface_get_table', { sw_if_index: a, is_ipv6: true })).vrf_id).toBe(0);
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 1 });
    await call('sw_interface_add_del_address', { sw_if_index: a, is_add: true, prefix: pfx4('10.71.0.1/24') });
    expect(await routes(71)).toEqual(expect.arrayContaining(['10.71.0.1/24', '10.71.0.1/32', '10.71.0.0/32', '10.71.0.255/32']));
    expect((await routes(0)).filter((p) => p.startsWith('10.71.'))).toEqual([]);
    // VPP refuses to move an interface that has addresses of that family.
    expect(await rv('sw_interface_set_table', { sw_if_index: a, is_ipv6: false, vrf_id: 0 })).toBe(-114);
    expect(await rv('sw_interface_get_table', { sw_if_index: 9999, is_ipv6: false })).toBe(-2);
  });

  it('sw_interface_clear_stats: the /if/ counters of that interface read 0 in the stats segment, others keep theirs', async () => {
    const a = await newLoop();
    const b = await newLoop();
    emu.stats!.tick();
    emu.stats!.tick();
    const seg: StatsSegment = await openStats({ socketPath: join(dir, 'stats.sock') });
    const rx = async (i: number): Promise<[bigint, bigint]> => {
      const { entries } = await seg.read((n) => n === '/if/rx');
      const v = entries[0]!.value as unknown as { rows: { packets: bigint[]; bytes: bigint[] }[] };
      return [v.rows.reduce((t, r) => t + r.packets[i]!, 0n), v.rows.reduce((t, r) => t + r.bytes[i]!, 0n)];
    };
    try {
      expect((await rx(a))[0]).toBeGreaterThan(0n);
      expect(await rv('sw_interface_clear_stats', { sw_if_index: a })).toBe(0);
      expect(await rx(a)).toEqual([0n, 0n]);
      expect((await rx(b))[0]).toBeGreaterThan(0n);
      expect(await rv('sw_interface_clear_stats', { sw_if_index: 0xffffffff })).toBe(0);
      expect(await rx(b)).toEqual([0n, 0n]);
      expect(await rx(0)).toEqual([0n, 0n]);
      expect(await rv('sw_interface_clear_stats', { sw_if_index: 9999 })).toBe(-2);
    } finally {
      seg.close();
    }
  });

  it('sw_interface_add_del_address: ip_address_dump, and the connected routes in ip_route_dump', async () => {
    const a = await newLoop();
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 1 });
    await call('sw_interface_add_del_address', { sw_if_index: a, is_add: true, prefix: pfx4('10.44.0.9/24') });
    expect((await dump('ip_address_dump', { sw_if_index: a, is_ipv6: false })).map((d) => pfxText(d.prefix))).toEqual(['10.44.0.9/24']);
    // A real 26.06 lists the attached prefix with the address's host bits (captures/).
    expect((await routes(0)).filter((p) => p.startsWith('10.44.'))).toEqual(['10.44.0.9/24', '10.44.0.9/32', '10.44.0.0/32', '10.44.0.255/32']);
    expect(await rv('sw_interface_add_del_address', { sw_if_index: a, is_add: false, prefix: pfx4('10.44.0.8/24') })).toBe(-60);
    await call('sw_interface_add_del_address', { sw_if_index: a, is_add: false, prefix: pfx4('10.44.0.9/24') });
    expect(await dump('ip_address_dump', { sw_if_index: a, is_ipv6: false })).toEqual([]);
    expect((await routes(0)).filter((p) => p.startsWith('10.44.'))).toEqual([]);
  });

  it('sw_interface_add_del_address on an admin-down interface: the address, but connected routes only while it is up', async () => {
    const a = await newLoop();
    await call('sw_interface_add_del_address', { sw_if_index: a, is_add: true, prefix: pfx4('10.45.0.1/24') });
    expect((await dump('ip_address_dump', { sw_if_index: a, is_ipv6: false })).map((d) => pfxText(d.prefix))).toEqual(['10.45.0.1/24']);
    const mine = async (): Promise<string[]> => (await routes(0)).filter((p) => p.startsWith('10.45.')).sort();
    expect(await mine()).toEqual([]);
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 1 });
    expect(await mine()).toEqual(['10.45.0.0/32', '10.45.0.1/24', '10.45.0.1/32', '10.45.0.255/32']);
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 0 });
    expect(await mine()).toEqual([]);
    expect((await dump('ip_address_dump', { sw_if_index: a, is_ipv6: false })).map((d) => pfxText(d.prefix))).toEqual(['10.45.0.1/24']);
  });

  it('ip_table_add_del: ip_table_dump; a delete takes the API routes, and the table unless an interface is bound', async () => {
    const names = async () => (await dump('ip_table_dump')).map((d) => (d.table as Msg).table_id);
    await call('ip_table_add_del', { is_add: true, table: { table_id: 55, is_ip6: false } });
    expect(await names()).toContain(55);
    await call('ip_route_add_del', { is_add: true, route: { table_id: 55, prefix: pfx4('10.55.0.0/16'), n_paths: 1, paths: [{ sw_if_index: 0, type: 0, proto: 0 }] } });
    await call('ip_table_add_del', { is_add: false, table: { table_id: 55, is_ip6: false } });
    expect(await names()).not.toContain(55);
    const a = await newLoop();
    await call('ip_table_add_del', { is_add: true, table: { table_id: 56, is_ip6: false } });
    await call('sw_interface_set_table', { sw_if_index: a, is_ipv6: false, vrf_id: 56 });
    await call('ip_route_add_del', { is_add: true, route: { table_id: 56, prefix: pfx4('10.56.0.0/16'), n_paths: 1, paths: [{ sw_if_index: a, type: 0, proto: 0 }] } });
    await call('ip_table_add_del', { is_add: false, table: { table_id: 56, is_ip6: false } });
    expect(await names()).toContain(56);
    expect(await routes(56)).not.toContain('10.56.0.0/16');
  });

  it('ip_route_add_del(_v2): ip_route_dump and ip_route_v2_dump', async () => {
    const path = { sw_if_index: 0, type: 0, proto: 0, nh: { address: { ip4: ip4('192.0.2.1') } } };
    await call('ip_route_add_del', { is_add: true, route: { table_id: 0, prefix: pfx4('198.51.100.0/24'), n_paths: 1, paths: [path] } });
    await call('ip_route_add_del_v2', { is_add: true, route: { table_id: 0, prefix: pfx4('203.0.113.0/24'), n_paths: 1, paths: [path] } });
    expect(await routes(0)).toEqual(expect.arrayContaining(['198.51.100.0/24', '203.0.113.0/24']));
    expect(await routes(0, true)).toEqual(expect.arrayContaining(['198.51.100.0/24', '203.0.113.0/24']));
    await call('ip_route_add_del_v2', { is_add: false, route: { table_id: 0, prefix: pfx4('203.0.113.0/24'), n_paths: 1, paths: [path] } });
    expect(await routes(0)).not.toContain('203.0.113.0/24');
    expect(await rv('ip_route_add_del', { is_add: true, route: { table_id: 4040, prefix: pfx4('10.0.0.0/8'), n_paths: 1, paths: [path] } })).toBe(-3);
  });

  it('ip_route_lookup(_v2): the longest covering route, or the exact one; -6 when none, -3 for no table', async () => {
    const a = await newLoop();
    await call('sw_interface_set_flags', { sw_if_index: a, flags: 1 });
    await call('sw_interface_add_del_address', { sw_if_index: a, is_add: true, prefix: pfx4('10.66.0.1/24') });
    await call('ip_route_add_del', { is_add: true, route: { table_id: 0, prefix: pfx4('10.66.0.128/25'), n_paths: 1, paths: [{ sw_if_index: a, type: 0, proto: 0 }] } });
    const found = async (name: string, p: string, exact: number) => pfxText(((await call(name, { table_id: 0, exact, prefix: pfx4(p) })).route as Msg).prefix);
    expect(await found('ip_route_lookup', '10.66.0.5/32', 0)).toBe('10.66.0.1/24');
    expect(await found('ip_route_lookup', '10.66.0.200/32', 0)).toBe('10.66.0.128/25');
    expect(await found('ip_route_lookup_v2', '10.66.0.1/32', 0)).toBe('10.66.0.1/32');
    expect(await found('ip_route_lookup', '10.66.0.0/24', 1)).toBe('10.66.0.1/24');
    expect(await found('ip_route_lookup', '172.16.9.9/32', 0)).toBe('0.0.0.0/0');
    const route = (await call('ip_route_lookup', { table_id: 0, exact: 0, prefix: pfx4('10.66.0.200/32') })).route as Msg;
    expect([route.n_paths, (route.paths as Msg[])[0]!.sw_if_index]).toEqual([1, a]);
    expect(await rv('ip_route_lookup', { table_id: 0, exact: 1, prefix: pfx4('10.66.0.5/32') })).toBe(-6);
    expect(await rv('ip_route_lookup', { table_id: 4041, exact: 0, prefix: pfx4('10.66.0.5/32') })).toBe(-3);
  });

  it('ip_path_mtu_update: ip_path_mtu_get lists the entry; mtu 0 removes it', async () => {
    const nh = { af: 0, un: { ip4: ip4('10.90.0.2') } };
    await call('ip_path_mtu_update', { pmtu: { table_id: 0, nh, path_mtu: 1280 } });
    const list = async () => ((await call('ip_path_mtu_get', { cursor: 0 })) as { details: Msg[] }).details.map((d) => (d.pmtu as Msg).path_mtu);
    expect(await list()).toContain(1280);
    await call('ip_path_mtu_update', { pmtu: { table_id: 0, nh, path_mtu: 0 } });
    expect(await list()).not.toContain(1280);
  });

  it('get_first_msg_id: the id of a module\'s first message as the handshake numbered it; -1 for a module not served', async () => {
    const r = await call('get_first_msg_id', { name: 'interface' });
    const ids = schema.modules.get('interface')!.messages.map((m) => s.table.byName(m)?.id ?? Infinity);
    expect(r.first_msg_id).toBe(Math.min(...ids));
    expect((await call('get_first_msg_id', { name: 'interface_7f1a5d3b' })).first_msg_id).toBe(Math.min(...ids));
    expect(await rv('get_first_msg_id', { name: 'acl' })).toBe(-1);
  });

  it('memclnt_keepalive: answered, nothing changes', async () => {
    expect(await rv('memclnt_keepalive')).toBe(0);
  });
});

describe('requests the emulator does not carry out', () => {
  it('every single call among the built-in definitions answers -9 UNIMPLEMENTED, never a false 0', async () => {
    let n = 0;
    for (const svc of schema.services.values()) {
      if (emulatedHandlers.has(svc.request) || svc.pattern !== 'single' || svc.events.length) continue;
      if (schema.messages.get(svc.request)!.contextOffset < 0) continue; // no context: a reply cannot be matched
      expect([svc.request, await rv(svc.request, {})]).toEqual([svc.request, -9]);
      n++;
    }
    expect(n).toBeGreaterThan(40);
  });

  it('a classic dump it does not carry out sends no details (it has no retval to say so)', async () => {
    expect(await dump('log_dump', {})).toEqual([]);
  });
});

describe('docs/emulator.md', () => {
  it('lists every request the emulator carries out, and nothing else', () => {
    const doc = readFileSync(new URL('../../docs/emulator.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9_]+)`/gm)].map((m) => m[1]!);
    // want_interface_events: the generic registration, listed for the events the model makes.
    expect(new Set(rows)).toEqual(new Set([...emulatedHandlers.keys(), 'want_interface_events']));
  });
});
