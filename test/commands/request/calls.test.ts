/**
 * `vppapi <message> …` against the emulator: what was sent for each kind of call and
 * flag, and what was printed in each output mode.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;

describe('a request with a reply', () => {
  it('sends the flags as fields and prints the reply as a key/value block', async () => {
    const r = await cli('create_loopback_instance', '--mac-address', 'aa:bb:cc:00:00:01', '--is-specified', '--user-instance', '0x10');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()).toEqual([
      { name: 'create_loopback_instance', msg: { mac_address: Buffer.from([0xaa, 0xbb, 0xcc, 0, 0, 1]), is_specified: true, user_instance: 16 } },
    ]);
    expect(r.stdout).toMatch(/^retval:\s+0\nsw_if_index:\s+\d+\n$/);
  });

  it('reads enums and flags by name in any case, and numbers for them', async () => {
    const a = await cli('sw_interface_set_flags', '--sw-if-index', '0', '--flags', 'admin_up');
    const b = await cli('sw_interface_set_flags', '--sw_if_index=0', '--flags=IF_STATUS_API_FLAG_ADMIN_UP|link_up');
    const c = await cli('sw_interface_set_flags', '--sw-if-index', '0', '--flags', '0');
    const d = await cli('sw_interface_set_flags', '--sw-if-index', '0x0', '--flags', 'Admin_Up,LINK_UP');
    expect([a.code, b.code, c.code, d.code]).toEqual([0, 0, 0, 0]);
    expect(fx.emu.requests().map((x) => x.msg)).toEqual([
      { sw_if_index: 0, flags: 1 },
      { sw_if_index: 0, flags: 3 },
      { sw_if_index: 0, flags: 0 },
      { sw_if_index: 0, flags: 3 },
    ]);
  });

  it('applies the definition defaults for fields left out, and --no-<bool> sets false', async () => {
    await cli('sw_interface_dump', '--json');
    await cli('sw_interface_add_del_address', '--sw-if-index', '0', '--no-is-add', '--prefix', '10.9.9.9/24');
    const [dump, addr] = fx.emu.requests();
    // sw_interface_dump's sw_if_index defaults to ~0 (all interfaces).
    expect(dump!.msg.sw_if_index).toBe(0xffffffff);
    expect(addr!.msg.is_add).toBe(false);
  });

  it('keeps 64-bit values exact, in and out', async () => {
    // rpc_call: the one u64 request of the built-in set with a reply; the emulator does not
    // run RPCs and answers -9 UNIMPLEMENTED, but what it received is what counts here.
    const r = await cli('rpc_call', '--function', '18446744073709551615', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('retval -9 UNIMPLEMENTED');
    expect(fx.emu.requests()[0]!.msg.function).toBe(18446744073709551615n);
    const dry = await cli('rpc_call', '--function', '0xfffffffffffffffe', '--dry-run');
    expect(dry.stdout).toContain('"function": 18446744073709551614');
    const over = await cli('rpc_call', '--function', '18446744073709551616');
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--function: "18446744073709551616" is not an integer in 0..18446744073709551615 (u64)');
  });

  it('prints a reply as JSON with its name, addresses as text and enums as names', async () => {
    const created = await cli('create_loopback', '--mac-address', '02:00:00:00:00:aa', '--json');
    const reply = JSON.parse(created.stdout);
    expect(reply).toEqual({ _msgname: 'create_loopback_reply', _crc: expect.stringMatching(/^[0-9a-f]{8}$/), retval: 0, sw_if_index: expect.any(Number) });
    const mac = await cli('sw_interface_get_mac_address', '--sw-if-index', String(reply.sw_if_index), '--json');
    expect(JSON.parse(mac.stdout)).toMatchObject({ _msgname: 'sw_interface_get_mac_address_reply', retval: 0, mac_address: '02:00:00:00:00:aa' });
  });

  it('--jsonl prints a reply on one line', async () => {
    const r = await cli('show_version', '--jsonl');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ _msgname: 'show_version_reply', program: 'vpe' });
  });

  it('a request without a reply is sent and prints nothing', async () => {
    const r = await cli('memclnt_rx_thread_suspend');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fx.emu.names()).toContain('memclnt_rx_thread_suspend');
  });
});

describe('a dump', () => {
  it('prints a table of the details, one row each', async () => {
    await cli('create_loopback');
    const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'sw_interface_dump'], { tty: 200, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(fx.emu.requests().map((x) => x.name)).toEqual(['create_loopback', 'sw_interface_dump']);
    // control_ping follows the dump, with the same context.
    const ctx = fx.emu.emu.received.filter((x) => x.name === 'sw_interface_dump' || x.name === 'control_ping').map((x) => x.payload.readUInt32BE(6));
    expect(ctx).toHaveLength(2);
    expect(ctx[0]).toBe(ctx[1]);
    const lines = r.stdout.trimEnd().split('\n');
    // A header row and aligned columns, identifying ones first; no box rules.
    expect(lines[0]).toMatch(/^sw_if_index {2}interface_name {2}flags {2,}/);
    expect(r.stdout).not.toMatch(/[│┌└├─]/);
    expect(lines.filter((l) => /^0 +local0 /.test(l) || /^\d+ +loop\d+ /.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(200);
  });

  it('fits the table to a narrow terminal', async () => {
    const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'sw_interface_dump', '--no-color'], { tty: 80 });
    expect(r.code).toBe(0);
    for (const l of r.stdout.trimEnd().split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('local0');
  });

  it('--json prints an array of details; --jsonl one object per line', async () => {
    const j = await cli('sw_interface_dump', '--json');
    const list = JSON.parse(j.stdout);
    expect(Array.isArray(list)).toBe(true);
    expect(list[0]).toMatchObject({ _msgname: 'sw_interface_details', sw_if_index: 0, interface_name: 'local0', l2_address: '00:00:00:00:00:00' });
    const l = await cli('sw_interface_dump', '--jsonl');
    const lines = l.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(list.length);
    expect(lines.map((x) => JSON.parse(x).interface_name)).toEqual(list.map((x: { interface_name: string }) => x.interface_name));
  });

  it('an empty dump prints (none) on a terminal, nothing on a pipe (a note on stderr), a header in TSV; exits 0', async () => {
    const t = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'ip_address_dump', '--sw-if-index', '4000'], { tty: 80, env: { NO_COLOR: '1' } });
    expect(t.code).toBe(0);
    expect(t.stdout.trim()).toBe('(none)');
    const r = await cli('ip_address_dump', '--sw-if-index', '4000');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('(none)\n');
    expect((await cli('ip_address_dump', '--sw-if-index', '4000', '--tsv')).stdout).toBe('sw_if_index\tprefix\n');
    const j = await cli('ip_address_dump', '--sw-if-index', '4000', '--json');
    expect(JSON.parse(j.stdout)).toEqual([]);
  });
});

describe('colours', () => {
  it('only on a terminal, and never with --no-color or NO_COLOR', async () => {
    const argv = ['--socket', fx.emu.socket, '--api-dir', fx.defs, 'show_version'];
    const tty = await run(argv, { tty: 100 });
    const pipe = await run(argv);
    const noColor = await run(argv, { tty: 100, env: { NO_COLOR: '1' } });
    const flag = await run([...argv, '--no-color'], { tty: 100 });
    expect(tty.stdout).toMatch(/\x1b\[\d+m/);
    for (const r of [pipe, noColor, flag]) expect(r.stdout).not.toMatch(/\x1b/);
  });
});

describe('a stream (details, then a reply; paged with a cursor)', () => {
  it('collects every page and prints the details', async () => {
    for (const [nh, mtu] of [['10.1.0.1', 1400], ['10.1.0.2', 1300], ['10.1.0.3', 1200]] as const) {
      expect((await cli('ip_path_mtu_update', '--pmtu.nh', nh, '--pmtu.path-mtu', String(mtu))).code).toBe(0);
    }
    fx.emu.emu.clearReceived();
    const r = await cli('ip_path_mtu_get', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { pmtu: { nh: string; path_mtu: number } }[];
    expect(rows.map((x) => [x.pmtu.nh, x.pmtu.path_mtu])).toEqual([['10.1.0.1', 1400], ['10.1.0.2', 1300], ['10.1.0.3', 1200]]);
    // The emulator pages by two: the request went out again with the cursor it answered.
    const sent = fx.emu.requests();
    expect(sent.map((x) => x.name)).toEqual(['ip_path_mtu_get', 'ip_path_mtu_get']);
    expect(sent[0]!.msg.cursor).toBe(0);
    expect(sent[1]!.msg.cursor).not.toBe(0);
  });
});

describe('event registration', () => {
  it('sends want_* with enable and this process pid, prints the reply and says the registration ends', async () => {
    const r = await cli('want_interface_events', '--enable-disable', '1');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()).toEqual([{ name: 'want_interface_events', msg: { enable_disable: 1, pid: process.pid } }]);
    expect(r.stdout).toMatch(/^retval:\s+0$/m);
    expect(r.stderr).toMatch(/^hint: .*sw_interface_event.*ends when vppapi exits/m);
  });
});

describe('JSON input', () => {
  it('--args takes every field, and flags override it', async () => {
    const r = await cli('sw_interface_set_flags', '--args', '{"sw_if_index": 0, "flags": "ADMIN_UP"}', '--flags', '0');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()[0]!.msg).toEqual({ sw_if_index: 0, flags: 0 });
  });

  it('--args - reads standard input, --args @file a file', async () => {
    const env = { XDG_CACHE_HOME: tempDir() };
    const a = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'sw_interface_set_flags', '--args', '-'], { stdin: '{"sw_if_index": 0, "flags": 1}', env });
    const file = join(tempDir(), 'req.json');
    writeFileSync(file, '{"_msgname": "sw_interface_set_flags", "sw_if_index": 0, "flags": "link_up"}');
    const b = await cli('sw_interface_set_flags', '--args', `@${file}`);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(fx.emu.requests().map((x) => x.msg)).toEqual([{ sw_if_index: 0, flags: 1 }, { sw_if_index: 0, flags: 2 }]);
  });

  it('what --dry-run prints goes back through --args unchanged', async () => {
    const dry = await cli('sw_interface_add_del_address', '--sw-if-index', '0', '--is-add', '--prefix', '2001:db8::1/64', '--dry-run');
    expect(fx.emu.requests()).toEqual([]);
    const req = JSON.parse(dry.stdout);
    expect(req).toMatchObject({ _msgname: 'sw_interface_add_del_address', is_add: true, prefix: '2001:db8::1/64' });
    const again = await cli('sw_interface_add_del_address', '--args', dry.stdout, '--dry-run');
    expect(JSON.parse(again.stdout)).toEqual(req);
  });

  it('a dump detail printed by --json is accepted back by the request it came from', async () => {
    await cli('ip_route_add_del', '--is-add', '--route.prefix', '172.16.0.0/12', '--route.paths[0].sw-if-index', '0', '--route.paths[0].nh.address.ip4', '10.0.0.9');
    const dump = await cli('ip_route_dump', '--json');
    const detail = (JSON.parse(dump.stdout) as { route: { prefix: string } }[]).find((d) => d.route.prefix === '172.16.0.0/12');
    expect(detail).toBeDefined();
    fx.emu.emu.clearReceived();
    const del = await cli('ip_route_add_del', '--no-is-add', '--args', JSON.stringify({ route: detail!.route }));
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    const sent = fx.emu.requests()[0]!.msg as { is_add: boolean; route: { prefix: unknown; n_paths: number } };
    expect(sent.is_add).toBe(false);
    expect(sent.route.n_paths).toBe(1);
    const after = await cli('ip_route_dump', '--json');
    expect(after.stdout).not.toContain('172.16.0.0/12');
  });

  it('lists are given by repeating a flag or with commas, struct members by dotted flags', async () => {
    const a = await cli('ip_route_add_del', '--route.prefix', '10.7.0.0/16', '--route.paths', '{"sw_if_index": 0}', '--route.paths', '{"sw_if_index": 0, "weight": 2}', '--dry-run');
    const req = JSON.parse(a.stdout);
    expect(req.route.prefix).toBe('10.7.0.0/16');
    expect(req.route.paths.map((p: { weight: number }) => p.weight)).toEqual([0, 2]);
    expect(req.route.n_paths).toBe(2);
  });
});

describe('help of a message', () => {
  it('lists every field flag with its type and default, never client_index, context or counts', async () => {
    const r = await cli('sw_interface_dump', '--help');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()).toEqual([]);
    expect(r.stdout).toMatch(/^Usage: vppapi sw_interface_dump/);
    expect(r.stdout).toMatch(/--sw-if-index <u32>\s+interface_index \(u32\).*\[default 4294967295\]/);
    expect(r.stdout).toMatch(/--name-filter-valid, --no-name-filter-valid\s+bool/);
    expect(r.stdout).not.toMatch(/--client-index|--context/);
    const route = await cli('ip_route_add_del', '-h');
    expect(route.stdout).toMatch(/--route\.prefix <ip\/len>/);
    expect(route.stdout).toMatch(/--route\.paths\[N\]\.sw-if-index/);
    expect(route.stdout).not.toMatch(/--route\.n-paths/);
  });
});
