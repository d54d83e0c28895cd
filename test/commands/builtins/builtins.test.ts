/**
 * The built-in commands: message-table, check, describe, cli, help, emulate.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { apiTree, run, tempDir, useCliEmulator, withCrc } from '../../support/cli.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

/** A plugin module with one request: `<name>_ping` → `<name>_ping_reply`. */
function plugin(name: string): RawModule {
  return {
    module: name,
    types: [], enums: [], unions: [], enumflags: [], aliases: {},
    messages: [
      [`${name}_ping`, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], { crc: '0x0badf00d' }],
      [`${name}_ping_reply`, ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], { crc: '0x0badcafe' }],
    ],
    services: { [`${name}_ping`]: { reply: `${name}_ping_reply` } },
    options: { version: '1.0.0' },
    vl_api_version: '0x1',
  } as unknown as RawModule;
}

// Local: built-ins + acme. VPP: built-ins with another show_version + zeta.
const fx = useCliEmulator({
  modules: () => [...builtinModules(), plugin('acme')],
  sources: () => [...withCrc(builtinModules(), 'show_version', '0x12345678'), plugin('zeta')].map((module) => ({ origin: 'test', module })),
});
const cli = fx.cli;

describe('message-table', () => {
  it('marks each message available, changed, missing or unknown locally', async () => {
    const r = await cli('message-table', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: number | null; name: string; crc: string | null; local_crc: string | null; status: string }[];
    const by = new Map(rows.map((x) => [x.name, x]));
    expect(by.get('sw_interface_dump')).toMatchObject({ status: 'available', crc: 'aa610c27', local_crc: 'aa610c27', id: expect.any(Number) });
    expect(by.get('show_version')).toMatchObject({ status: 'changed', crc: '12345678', local_crc: '51077d14' });
    expect(by.get('acme_ping')).toMatchObject({ status: 'missing', id: null, crc: null, local_crc: '0badf00d' });
    expect(by.get('zeta_ping')).toMatchObject({ status: 'unknown', crc: '0badf00d', local_crc: null });
    expect(by.get('sockclnt_create')?.id).toBe(15);
  });

  it('--filter is a prefix, or a glob with * ? [..]', async () => {
    const prefix = JSON.parse((await cli('message-table', '--filter', 'show_ver', '--json')).stdout) as { name: string }[];
    expect(prefix.map((x) => x.name).sort()).toEqual(['show_version', 'show_version_reply']);
    const glob = JSON.parse((await cli('message-table', '--filter', '*_ping', '--json')).stdout) as { name: string; status: string }[];
    expect(glob.map((x) => `${x.name}:${x.status}`).sort()).toEqual(['acme_ping:missing', 'control_ping:available', 'zeta_ping:unknown']);
  });

  it('prints a table and a count line', async () => {
    const r = await cli('message-table', '--filter', 'show_version');
    expect(r.stdout).toMatch(/^ID\s+NAME\s+CRC\s+STATUS\n/);
    expect(r.stdout).toMatch(/^\d+\s+show_version\s+12345678\s+changed \(local 51077d14\)$/m);
    expect(r.stderr).toMatch(/^2 messages: 1 available, 1 changed, 0 missing in VPP, 0 unknown locally/);
  });
});

describe('check', () => {
  it('reports the differences and exits 5 when a local definition changed', async () => {
    const r = await cli('check');
    expect(r.code).toBe(5);
    // show_version itself changed here, so the report cannot ask VPP for its version.
    expect(r.stdout).toMatch(/^VPP on .*: \d+ messages/);
    expect(r.stdout).toMatch(/changed\s+1\b/);
    expect(r.stdout).toMatch(/show_version\s+51077d14 → 12345678/);
    expect(r.stdout).toMatch(/acme \(all 2: plugin not loaded\?\)/);
    expect(r.stdout).toMatch(/Unknown locally \(2\): zeta_ping, zeta_ping_reply/);
  });

  it('says why a whole module is missing by its kind: a plugin not loaded, or core definitions of another release', async () => {
    const dir = apiTree([...builtinModules(), plugin('acme')]);
    writeFileSync(join(dir, 'core', 'netcore.api.json'), JSON.stringify(plugin('netcore')));
    const r = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'check']);
    expect(r.stdout).toMatch(/^ {2}acme \(all 2: plugin not loaded\?\)$/m);
    expect(r.stdout).toMatch(/^ {2}netcore \(all 2: a core module: definitions of another VPP release\?\)$/m);
    expect(r.stdout).not.toMatch(/netcore.*plugin/);
    const call = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'netcore_ping']);
    expect(call.code).toBe(5);
    expect(call.stderr).toMatch(/^error: netcore_ping: this VPP has no message of that name \(module netcore is VPP's core: are the local definitions of this VPP's release\?\)$/m);
  });

  it('with the messages a script uses: 0 when they are all available, 5 when one is not', async () => {
    const ok = await cli('check', 'sw_interface_dump', 'sw_interface_set_*');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Used: .*sw_interface_details.*control_ping/);
    expect(ok.stdout).toMatch(/OK: every message used is available/);
    const missing = await cli('check', 'acme_ping', '--json');
    expect(missing.code).toBe(5);
    const report = JSON.parse(missing.stdout);
    expect(report.ok).toBe(false);
    expect(report.used.map((u: { name: string; status: string }) => `${u.name}:${u.status}`)).toEqual(['acme_ping:missing', 'acme_ping_reply:missing']);
    expect(report.changed.map((c: { name: string }) => c.name)).toEqual(['show_version']);
    const unknown = await cli('check', 'nothing_like_this');
    expect(unknown.code).toBe(2);
  });
});

describe('cli', () => {
  it('runs a debug-CLI command through cli_inband and prints its text', async () => {
    const r = await cli('cli', 'show', 'interface');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()).toEqual([{ name: 'cli_inband', msg: { cmd: 'show interface' } }]);
    expect(r.stdout).toMatch(/^\s+Name\s+Idx\s+State/);
    expect(r.stdout).toMatch(/^local0\s+0\s+down/m);
  });

  it('--json prints the reply; no command is a usage error', async () => {
    const j = await cli('cli', 'show version', '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ _msgname: 'cli_inband_reply', retval: 0, reply: expect.any(String) });
    const none = await cli('cli');
    expect(none.code).toBe(2);
    expect(fx.emu.names().filter((n) => n === 'cli_inband')).toHaveLength(1);
  });
});

describe('describe', () => {
  it('shows fields with types and defaults, the call pattern and the details, without VPP', async () => {
    const r = await run(['--socket', join(tempDir(), 'none.sock'), '--api-dir', fx.defs, 'describe', 'sw_interface_dump']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sw_interface_dump {2}\(module interface, sw_interface_dump_aa610c27\)/);
    expect(r.stdout).toMatch(/call: dump → sw_interface_details per entry/);
    expect(r.stdout).toMatch(/^field {2,}type {2,}default {2,}comment$/m);
    expect(r.stdout).toMatch(/^sw_if_index {2,}interface_index \(u32\) {2,}4294967295/m);
    expect(r.stdout).toMatch(/^ {2}Flags: --<field> in kebab or snake case/m);
    expect(r.stdout).toMatch(/Details sw_interface_details:/);
    expect(r.stdout).toMatch(/^interface_name {2,}string\[64\]/m);
    expect(r.stdout).not.toMatch(/[│┌└├─]/);
  });

  it('an event registration names its events; --json gives the same as data', async () => {
    const r = await cli('describe', 'want_interface_events', '--json');
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ name: 'want_interface_events', pattern: 'single', module: 'interface' });
    expect(d.events.map((e: { name: string }) => e.name)).toEqual(['sw_interface_event']);
    expect(d.fields.map((f: { name: string }) => f.name)).toEqual(['enable_disable', 'pid']);
  });

  it('--template prints JSON for --args: defaults in, counts out, one element per list', async () => {
    const r = await cli('describe', 'ip_route_add_del', '--template');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({ _msgname: 'ip_route_add_del', is_add: true, route: { prefix: '0.0.0.0/0' } });
    expect(t.route.n_paths).toBeUndefined();
    expect(t.route.paths).toHaveLength(1);
    expect(t.route.paths[0]).toMatchObject({ type: 'FIB_API_PATH_TYPE_NORMAL', proto: 'FIB_API_PATH_NH_PROTO_IP4' });
    const back = await cli('ip_route_add_del', '--args', r.stdout, '--dry-run');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).route.n_paths).toBe(1);
    expect(fx.emu.names()).toEqual([]);
  });

  it('an unknown name gets a suggestion', async () => {
    const r = await cli('describe', 'show_verison');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean show_version\?/);
  });
});

describe('help', () => {
  it('--help lists the commands, the global options, the modules and the exit codes', async () => {
    const r = await run(['--api-dir', fx.defs, '--help'], { env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: vppapi \[options\] <message\|command> \[flags\]/);
    for (const s of ['--socket <path>', '--api-dir <dir>', '--timeout <seconds>', '--json', '--jsonl', '--no-color', '--emulator']) expect(r.stdout).toContain(s);
    for (const c of ['message-table', 'describe', 'check', 'cli', 'emulate', 'help']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(r.stdout).toMatch(/^ {2}interface\s+collect_detailed_interface_stats, create_loopback, /m);
    expect(r.stdout).toMatch(/^ {2}acme\s+acme_ping$/m);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {4}done\n {2}1 {4}VPP answered/);
  });

  it('help <module> lists its requests; help <message> is the message help; help <command> the command help', async () => {
    const mod = await cli('help', 'interface');
    expect(mod.stdout).toMatch(/^Module interface /);
    expect(mod.stdout).toMatch(/^ {2}sw_interface_dump\s+\[dump\]/m);
    expect(mod.stdout).toMatch(/^ {2}want_interface_events\s+\[events\]/m);
    expect(mod.stdout).not.toMatch(/ip_route_add_del/);
    const msg = await cli('help', 'sw_interface_set_flags');
    expect(msg.stdout).toMatch(/^Usage: vppapi sw_interface_set_flags \[flags\]/);
    const cmd = await cli('help', 'message-table');
    expect(cmd.stdout).toMatch(/^Usage: message-table \[options\]/);
    expect(cmd.stdout).toMatch(/--filter <pattern>/);
    const bad = await cli('help', 'interfase');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean interface\?/);
  });

  it('no command: usage on stderr, exit 2; --version prints the version', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: vppapi/);
    const v = await run(['--version']);
    expect(v).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it.skipIf(!HAVE_SHARED)('stays readable with the 2,089 messages of VPP 26.06: one line per module', async () => {
    const r = await run(['--api-dir', API_26_06, '--help'], { tty: 100 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(r.stdout).toMatch(/Messages: 1027 requests in \d+ modules/);
    // The message section is one line per module (plus its few lines of text); the
    // commands and global options above it grow with the program, not with VPP's API.
    const at = lines.findIndex((l) => l.startsWith('Messages: '));
    const modules = Number(/requests in (\d+) modules/.exec(r.stdout)![1]);
    expect(modules).toBeGreaterThan(100);
    expect(lines.length - at).toBeLessThan(modules + 15);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(100);
    expect(r.stdout).toMatch(/^ {2}acl\s+acl_add_replace, /m);
  });
});

describe('emulate', () => {
  it('serves in the foreground until interrupted, and vppapi talks to it', async () => {
    const socket = join(tempDir(), 'fg.sock');
    const ac = new AbortController();
    const serving = run(['--socket', socket, 'emulate', '--quiet'], { signal: ac.signal });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
    const v = await run(['--socket', socket, 'show_version', '--json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ _msgname: 'show_version_reply', version: '26.06-emulated' });
    ac.abort();
    const done = await serving;
    expect(done.code).toBe(130);
    for (let i = 0; i < 50 && existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(socket)).toBe(false);
  });

  it('refuses a socket another server answers on', async () => {
    const r = await run(['--socket', fx.emu.socket, 'emulate', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: emulate: cannot listen on \S+: .*listen/);
    expect(r.stderr).toMatch(/\nhint: stop the other server, or choose another --socket/);
  });
});

describe('--emulator', () => {
  it('runs a command against an emulator of its own, with the built-in definitions', async () => {
    const r = await run(['--emulator', 'show_version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^retval:\s+0\nprogram:\s+vpe\nversion:\s+26\.06-emulated\n/);
  });
});
