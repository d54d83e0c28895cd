/**
 * `vppapi api-trace show|replay` and `--record`, run in-process through main(): the real
 * 26.06 files shown in every form (skipped without ../shared), a trace turned into a
 * script that exec runs, a session recorded and replayed onto a fresh emulator with the
 * same state and no difference, a doctored reply reported, the emulator's own files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestEmulator, baseEnv, cleanup, run, startTestEmulator, tempDir } from '../../support/cli.js';
import { API_26_06, CAPTURES, HAVE_SHARED } from '../../support/shared.js';

const env = baseEnv({ NO_COLOR: '1' });
const tmpFiles: string[] = [];
const emus: TestEmulator[] = [];
afterAll(async () => {
  for (const e of emus) await e.stop();
  for (const f of tmpFiles) rmSync(f, { force: true });
  cleanup();
});

async function emulator(): Promise<TestEmulator> {
  const e = await startTestEmulator();
  emus.push(e);
  return e;
}

const on = (e: TestEmulator, ...argv: string[]) => run(['--socket', e.socket, ...argv], { env });

/** A name for `api trace save`: VPP (and the emulator) write /tmp/NAME. */
function traceName(): string {
  const n = `vppapi-cli-test-${process.pid}-${randomBytes(6).toString('hex')}`;
  tmpFiles.push(join('/tmp', n));
  return n;
}

const README_NAMES = [
  'show_version', 'control_ping', 'create_loopback', 'create_loopback', 'sw_interface_set_flags', 'sw_interface_add_del_address',
  'sw_interface_add_del_address', 'ip_table_add_del', 'ip_route_add_del', 'sw_interface_dump', 'control_ping', 'ip_address_dump',
  'control_ping', 'want_interface_events', 'sw_interface_set_flags', 'want_interface_events', 'bridge_domain_add_del', 'cli_inband', 'delete_loopback',
];

describe.skipIf(!HAVE_SHARED)('api-trace show: the real 26.06 files', () => {
  const BIN = join(CAPTURES, 'v26.06-api-trace.bin');
  const JSONF = join(CAPTURES, 'v26.06-api-trace.json');
  const show = (...a: string[]) => run(['--api-dir', API_26_06, 'api-trace', 'show', ...a], { env });

  it('readable blocks, one per record with its index', async () => {
    const r = await show(BIN);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('#'));
    expect(heads.map((h) => h.split(' ')[1])).toEqual(README_NAMES);
    expect(heads[4]).toBe('#4 sw_interface_set_flags (f5aec1b8)  context 5  (18 bytes at 73536)');
    expect(r.stdout).toContain('  prefix:      2001:db8:2606::1/64');
  });

  it.each([[BIN], [JSONF]])('--jsonl and --json of %s: the --json form, every record', async (file) => {
    const l = await show(file, '--jsonl');
    const lines = l.stdout.trim().split('\n').map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(lines.map((o) => o._msgname)).toEqual(README_NAMES);
    expect(lines[4]).toEqual({ _msgname: 'sw_interface_set_flags', _crc: 'f5aec1b8', sw_if_index: 3, flags: ['IF_STATUS_API_FLAG_ADMIN_UP'] });
    const j = await show(file, '--json');
    expect(JSON.parse(j.stdout)).toEqual(lines);
  });

  it('the JSON and binary files give the same --jsonl', async () => {
    expect((await show(JSONF, '--jsonl')).stdout).toBe((await show(BIN, '--jsonl')).stdout);
  });

  it('--filter, --range, --head, --tail, --no-memclnt', async () => {
    const names = async (...a: string[]) => (await show(BIN, '--jsonl', ...a)).stdout.trim().split('\n').map((x) => (JSON.parse(x) as { _msgname: string })._msgname);
    expect(await names('--filter', 'sw_interface_*')).toEqual(['sw_interface_set_flags', 'sw_interface_add_del_address', 'sw_interface_add_del_address', 'sw_interface_dump', 'sw_interface_set_flags']);
    expect(await names('--range', '4-6')).toEqual(README_NAMES.slice(4, 7));
    expect(await names('--no-memclnt', '--head', '2')).toEqual(['show_version', 'create_loopback']);
    expect(await names('--tail', '2')).toEqual(['cli_inband', 'delete_loopback']);
    expect((await names('--no-memclnt')).length).toBe(16);
  });

  it('--summary: the header and counts per message', async () => {
    const r = await show(BIN, '--summary');
    expect(r.stdout).toContain('binary trace: 19 records, not wrapped, message table of 2085 entries');
    expect(r.stdout).toMatch(/^ {4}3 {2}control_ping$/m);
    expect(r.stdout).toContain('decoding: ok 19');
  });

  it('a file cut inside a record: the records before it, then the offset, exit 2', async () => {
    const cut = join(tempDir(), 'cut.bin');
    writeFileSync(cut, readFileSync(BIN).subarray(0, 73600));
    const r = await show(cut, '--jsonl');
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(6);
    expect(r.stderr).toContain('record 6 at byte 73596 announces 34 bytes, only 0 remain in the file');
  });
});

describe('api-trace with the emulator', () => {
  it("the emulator's api trace save, shown; --as-script run by exec sends the same requests", async () => {
    const a = await emulator();
    const name = traceName();
    expect((await on(a, 'cli', 'api', 'trace', 'on')).code).toBe(0);
    a.emu.clearReceived();
    await on(a, 'create_loopback', '--mac-address', '02:fe:00:00:00:01');
    await on(a, 'sw_interface_set_flags', '--sw-if-index', '1', '--flags', 'ADMIN_UP');
    await on(a, 'sw_interface_add_del_address', '--sw-if-index', '1', '--is-add', '--prefix', '10.0.0.1/24');
    await on(a, 'cli_inband', '--cmd', "echo it's");
    const sent = a.requests().filter((r) => r.name !== 'get_api_json');
    const saved = await on(a, 'cli', 'api', 'trace', 'save', name);
    expect(saved.stdout).toBe(`API trace saved to /tmp/${name}\n`);
    const shown = await on(a, 'api-trace', 'show', join('/tmp', name), '--jsonl', '--no-memclnt');
    const names = shown.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { _msgname: string })._msgname);
    expect(names.filter((n) => n !== 'get_api_json' && n !== 'cli_inband')).toEqual(['create_loopback', 'sw_interface_set_flags', 'sw_interface_add_del_address']);

    const script = await on(a, 'api-trace', 'show', join('/tmp', name), '--as-script', '--filter', '[cs]*', '--range', '0-');
    expect(script.stdout).toContain("cli_inband cmd='echo it'\\''s'");
    const lines = script.stdout.split('\n').filter((l) => !l.includes('api trace'));
    const file = join(tempDir(), 'replay.vpp');
    writeFileSync(file, lines.join('\n'));
    const b = await emulator();
    const r = await on(b, 'exec', file);
    expect(r.code).toBe(0);
    expect(b.requests().filter((x) => x.name !== 'get_api_json')).toEqual(sent);
  });

  it('--record, then replay on a fresh VPP: the same state, --compare finds no difference; a doctored reply is reported', async () => {
    const a = await emulator();
    const rec = join(tempDir(), 'session.jsonl');
    const script = join(tempDir(), 'setup.vpp');
    writeFileSync(script, [
      'create_loopback', 'create_loopback', 'sw_interface_set_flags sw_if_index=1 flags=admin_up',
      'sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24',
      'sw_interface_add_del_address --sw-if-index 2 --is-add --prefix 2001:db8::1/64',
      `ip_route_add_del --is-add --route.prefix 10.1.0.0/16 --route.paths '{"sw_if_index":1,"nh":{"address":{"ip4":"10.0.0.2"}}}'`,
      'sw_interface_dump', 'ip_address_dump --sw-if-index 1',
    ].join('\n'));
    const recorded = await on(a, '--record', rec, 'exec', script);
    expect(recorded.code).toBe(0);
    const lines = readFileSync(rec, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string; msg?: { _msgname: string } });
    expect(lines.filter((l) => l.dir === 'send').map((l) => l.msg?._msgname)).toContain('ip_route_add_del');

    const state = async (e: TestEmulator) => Promise.all([
      on(e, 'sw_interface_dump', '--jsonl'), on(e, 'ip_address_dump', '--sw-if-index', '1', '--jsonl'),
      on(e, 'ip_address_dump', '--sw-if-index', '2', '--is-ipv6', '--jsonl'), on(e, 'ip_route_dump', '--table.table-id', '0', '--jsonl'),
    ].map((p) => p.then((x) => x.stdout)));
    const b = await emulator();
    const r = await on(b, 'api-trace', 'replay', rec, '--compare');
    expect(r.stdout).not.toContain('differs');
    // sockclnt_create, get_api_json, sockclnt_delete of the recording: the session's own
    expect(r.stderr).toMatch(/^replay: \d+ requests, 8 ok, (\d+) skipped, 0 answered differently\n {2}not sent: \1 memclnt$/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#\d+ sw_interface_set_flags {2}retval 0 {2}\d+\.\d ms$/m);
    expect(await state(b)).toEqual(await state(a));

    const doctored = join(tempDir(), 'doctored.jsonl');
    writeFileSync(doctored, readFileSync(rec, 'utf8').split('\n').map((l) => (l.includes('"ip_address_details"') ? l.replace('10.0.0.1/24', '10.0.0.9/24') : l)).join('\n'));
    const c = await emulator();
    const d = await on(c, 'api-trace', 'replay', doctored, '--compare');
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('    differs: details[0].prefix: recorded "10.0.0.9/24", live "10.0.0.1/24"');
    expect(d.stderr).toMatch(/1 answered differently/);
  });

  it('a VPP trace replays as recorded; --dry-run sends nothing; a failure stops with exit 1', async () => {
    const a = await emulator();
    const name = traceName();
    await on(a, 'cli', 'api', 'trace', 'on');
    await on(a, 'create_loopback');
    await on(a, 'sw_interface_set_flags', '--sw-if-index', '1', '--flags', 'ADMIN_UP');
    await on(a, 'sw_interface_set_flags', '--sw-if-index', '1', '--flags', 'LINK_UP');
    await on(a, 'cli', 'api', 'trace', 'save', name);
    const b = await emulator();
    b.emu.clearReceived();
    const dry = await on(b, 'api-trace', 'replay', join('/tmp', name), '--dry-run', '--filter', 'sw_*');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^#\d+ sw_interface_set_flags {2}would send \{"sw_if_index":1,"flags":\["IF_STATUS_API_FLAG_ADMIN_UP"\]\}$/m);
    expect(b.requests().filter((x) => x.name.startsWith('sw_'))).toEqual([]);
    // on b there is no loopback yet: sw_if_index 1 does not exist, the first set_flags fails and stops
    const fail = await on(b, 'api-trace', 'replay', join('/tmp', name), '--filter', 'sw_*');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/FAILED retval -2 INVALID_SW_IF_INDEX/);
    expect(fail.stderr).toMatch(/stopped at #\d+/);
    expect(fail.stderr).toContain('the file holds no replies (a VPP trace): values went as recorded');
    const ok = await on(b, 'api-trace', 'replay', join('/tmp', name), '--no-memclnt');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/cli_inband {2}retval 0/);
  });

  it('a JSON trace with VPP\'s quirks: the stray comma and "Invalid ENUM" are reported, the rest shown', async () => {
    const a = await emulator();
    const f = join(tempDir(), 'quirks.json');
    writeFileSync(f, '[\n{\n\t"_msgname":\t"sw_interface_set_flags",\n\t"_crc":\t"f5aec1b8",\n\t"sw_if_index":\t1,\n\t"flags":\t"Invalid ENUM"\n},\n,\n{\n\t"_msgname":\t"show_version",\n\t"_crc":\t"51077d14"\n}]');
    const r = await on(a, 'api-trace', 'show', f, '--jsonl');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { _msgname: 'sw_interface_set_flags', _crc: 'f5aec1b8', sw_if_index: 1, flags: [] }, // the --json form of an empty flag set
      { _msgname: 'show_version', _crc: '51077d14' },
    ]);
    expect(r.stderr).toMatch(/warning: byte \d+: empty element/);
    expect(r.stderr).toMatch(/warning: not taken back: #0 sw_interface_set_flags: flags: "Invalid ENUM"/);
  });

  it('bad input: an unknown action, a bad range, --record to a directory that does not exist', async () => {
    const a = await emulator();
    expect((await on(a, 'api-trace', 'list', 'x')).code).toBe(2);
    const r = await on(a, 'api-trace', 'show', '/nonexistent', '--range', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--range: "x" is not a range/);
    const n = await on(a, 'api-trace', 'show', '/nonexistent/file');
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/cannot read \/nonexistent\/file: no such file or directory\n/);
    const rec = await on(a, '--record', '/nonexistent/dir/x.jsonl', 'show_version');
    expect(rec.code).toBe(2);
    expect(rec.stderr).toMatch(/--record: cannot write \/nonexistent\/dir\/x.jsonl: no such file or directory\n/);
    expect(a.requests().filter((x) => x.name === 'show_version')).toEqual([]);
  });
});

describe('--record', () => {
  it('before the message name it is the global; the file gets both directions, in order', async () => {
    const a = await emulator();
    const f = join(tempDir(), 'one.jsonl');
    expect((await on(a, '--record', f, 'show_version')).code).toBe(0);
    expect((await on(a, 'create_loopback', '--record', f)).code).toBe(0); // no field called record: still the global
    const lines = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string; context?: number; msg?: { _msgname: string } });
    const names = lines.map((l) => `${l.dir} ${l.msg?._msgname}`).filter((n) => !/get_api_json|sockclnt/.test(n));
    expect(names).toEqual(['send show_version', 'receive show_version_reply', 'send create_loopback', 'receive create_loopback_reply']);
    const req = lines.find((l) => l.msg?._msgname === 'show_version')!;
    expect(lines.find((l) => l.msg?._msgname === 'show_version_reply')!.context).toBe(req.context);
  });

  it.skipIf(!HAVE_SHARED)('after the name, a message field called record wins (qos_record_enable_disable)', async () => {
    const r = await run(['--api-dir', API_26_06, 'qos_record_enable_disable', '--record', '{"sw_if_index":1,"input_source":"IP"}', '--enable', '--dry-run'], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ record: { sw_if_index: 1, input_source: 'QOS_API_SOURCE_IP' } });
  });

  it('exec records its whole connection; a line cannot start recording midway', async () => {
    const a = await emulator();
    const f = join(tempDir(), 'exec.jsonl');
    const x = await run(['--socket', a.socket, '--record', f, 'exec', '-'], { env, stdin: 'show_version\n--record other.jsonl show_version\n' });
    expect(x.code).toBe(2);
    expect(x.stderr).toContain('--record applies to a whole connection, not one line');
    const names = readFileSync(f, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { msg?: { _msgname: string } }).msg?._msgname);
    expect(names[0]).toBe('sockclnt_create');
    expect(names.filter((n) => n === 'show_version')).toHaveLength(1);
  });
});

describe('help', () => {
  it('api-trace replay --help is the subcommand\'s, and says VPP traces hold no replies', async () => {
    const r = await run(['api-trace', 'replay', '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: api-trace replay \[options\] <file>/);
    expect(r.stdout).toContain("VPP's own traces (binary or JSON) hold no replies, so their values are sent as recorded");
    expect((await run(['api-trace', 'show', '--help'], { env })).stdout).toContain('--as-script');
  });
});
