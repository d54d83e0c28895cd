/**
 * `vppapi exec` (scripts in the shell's syntax) and `vppapi watch` (events) against the
 * emulator, run in-process through main() and, once each, as the real program.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Session } from '../../../src/client/session/session.js';
import { type Run, baseEnv, run, runChild, tempDir, useCliEmulator } from '../../support/cli.js';
import { builtinSchema } from '../../support/repl.js';

const fx = useCliEmulator({ clearEachTest: false });
let env: Record<string, string>;
const bin = inject('cliDist');

beforeAll(() => {
  env = baseEnv({ NO_COLOR: '1' });
});

function script(text: string): string {
  const f = join(tempDir(), 'script.vpp');
  writeFileSync(f, text);
  return f;
}

const exec = (args: string[], stdin?: string): Promise<Run> => run(['--socket', fx.emu.socket, 'exec', ...args], { env, stdin });

describe('exec', () => {
  it('runs every line on one connection: comments, blank lines, pairs, flags, built-ins', async () => {
    const f = script(
      '# bring up a loopback\n\ncreate_loopback\nsw_interface_set_flags sw_if_index=1 flags=admin_up   # pairs\n' +
        'sw_interface_dump --sw-if-index 1\ncli show version\n',
    );
    fx.emu.emu.clearReceived();
    const r = await exec([f]);
    expect(r.stderr).toBe('exec: 4 commands run, 4 ok, none failed\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/loop0[^\n]*ADMIN_UP\|LINK_UP/);
    expect(r.stdout).toMatch(/^vpp v26\.06-emulated/m);
    const reqs = fx.emu.requests().filter((x) => x.name !== 'get_api_json');
    expect(reqs.map((x) => x.name)).toEqual(['create_loopback', 'sw_interface_set_flags', 'sw_interface_dump', 'cli_inband']);
    expect(reqs[1]!.msg).toMatchObject({ sw_if_index: 1, flags: 1 });
    expect(fx.emu.names().filter((n) => n === 'sockclnt_create')).toHaveLength(1);
  });

  it('stops at the first failing line, with its exit code and what was left', async () => {
    const f = script('show_version\nsw_interface_set_flags sw_if_index=4000 flags=admin_up\nshow_version\ncreate_loopback\n');
    fx.emu.emu.clearReceived();
    const r = await exec([f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX/);
    expect(r.stderr).toMatch(/exec: line 2 failed \(exit 1\): sw_interface_set_flags sw_if_index=4000 flags=admin_up/);
    expect(r.stderr).toMatch(/exec: 2 commands run, 1 ok, 1 failed \(line 2\); stopped, 2 lines not run\n$/);
    expect(fx.emu.requests().map((x) => x.name)).not.toContain('create_loopback');
  });

  it('--continue-on-error runs everything; the exit code is the first failure\'s', async () => {
    const f = script('bogus_message\nshow_version\nsw_interface_set_flags --sw-if-index 4000\nsw_interface_tag_add_del --tag "open\n');
    const r = await exec([f, '--continue-on-error']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/version:\s+26\.06-emulated/);
    expect(r.stderr).toMatch(/error: unterminated double quote/);
    expect(r.stderr).toMatch(/exec: 4 commands run, 1 ok, 3 failed \(lines 1, 3, 4\)\n$/);
  });

  it('reads standard input for -, and .json switches the output of the lines after it', async () => {
    const r = await exec(['-'], 'show_version\n.json on\nshow_version\n.exit\nbogus\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^program:\s+vpe$/m);
    expect(r.stdout).toMatch(/^\{\n {2}"_msgname": "show_version_reply"/m);
    expect(r.stderr).toBe('exec: 3 commands run, 3 ok, none failed\n');
  });

  it('a file that cannot be read is a usage error', async () => {
    const r = await exec([join(tempDir(), 'missing.vpp')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exec: cannot read .*missing\.vpp: no such file or directory\n/);
  });

  it.skipIf(!bin)('as the real program: the exit code reflects the failure', async () => {
    const r = await runChild(bin, ['--socket', fx.emu.socket, 'exec', '-'], { env, stdin: 'show_version\nno_such_thing\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/program:\s+vpe/);
    expect(r.stderr).toMatch(/exec: 2 commands run, 1 ok, 1 failed \(line 2\)/);
  });
});

/** Resolves once the emulator has received `name` `n` times since the last clear. */
async function received(name: string, n = 1): Promise<void> {
  const end = Date.now() + 5000;
  while (fx.emu.names().filter((x) => x === name).length < n) {
    if (Date.now() > end) throw new Error(`the emulator did not receive ${name}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const registrations = (): unknown[] => fx.emu.requests().filter((r) => r.name === 'want_interface_events').map((r) => r.msg.enable_disable);

describe('watch', () => {
  it('prints events caused by another client as JSON lines, then unregisters', async () => {
    fx.emu.emu.clearReceived();
    const watching = run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', '2', '--jsonl'], { env });
    await received('want_interface_events');
    const other = new Session({ socketPath: fx.emu.socket, schema: builtinSchema() });
    await other.connect();
    try {
      const lo = (await other.call('create_loopback', {})) as { sw_if_index: number };
      await other.call('sw_interface_set_flags', { sw_if_index: lo.sw_if_index, flags: 1 });
      await other.call('sw_interface_set_flags', { sw_if_index: lo.sw_if_index, flags: 0 });
      const r = await watching;
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ _msgname: 'sw_interface_event', sw_if_index: lo.sw_if_index, flags: ['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP'], deleted: false });
      expect(lines[1]).toMatchObject({ sw_if_index: lo.sw_if_index, deleted: false });
      expect(Date.parse(String(lines[0]!._timestamp))).toBeGreaterThan(Date.now() - 60_000);
      expect(Object.keys(lines[0]!)[0]).toBe('_timestamp');
      expect(registrations()).toEqual([1, 0]);
      expect(r.stderr).toBe('');
    } finally {
      await other.disconnect();
    }
  });

  it('human lines are timestamped, one per event, without the pid', async () => {
    fx.emu.emu.clearReceived();
    const watching = run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', '1'], { env });
    await received('want_interface_events');
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 5, flags: 1, deleted: false });
    const r = await watching;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} sw_interface_event sw_if_index=5 flags=ADMIN_UP deleted=false\n$/);
    expect(r.stderr).toBe('watching sw_interface_event (until 1 event); Ctrl-C stops\n');
  });

  it('--timeout ends the watch: exit 0, or 6 (not 4, VPP answered) when fewer than --count events came', async () => {
    const quiet = await run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--timeout', '200ms'], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('');
    fx.emu.emu.clearReceived();
    const short = await run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', '1', '--timeout', '0.2'], { env });
    expect(short.code).toBe(6);
    expect(short.stderr).toBe('watching sw_interface_event (until 1 event or 0.2s); Ctrl-C stops\nwatch: 0 of 1 event came within --timeout 0.2s\n');
    expect(registrations()).toEqual([1, 0]);
  });

  it('2 of --count 3 events before --timeout: both printed, exit 6 saying 2 of 3', async () => {
    fx.emu.emu.clearReceived();
    const watching = run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', '3', '--timeout', '1s', '--jsonl'], { env });
    await received('want_interface_events');
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 5, flags: 1, deleted: false });
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 6, flags: 0, deleted: false });
    const r = await watching;
    expect(r.code).toBe(6);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('watch: 2 of 3 events came within --timeout 1s\n');
    expect(r.stderr).not.toMatch(/did not answer|error:/);
  });

  it('Ctrl-C with --count says how many of them came, and exits 130', async () => {
    fx.emu.emu.clearReceived();
    const ac = new AbortController();
    const watching = run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', '3', '--jsonl'], { env, signal: ac.signal });
    await received('want_interface_events');
    ac.abort();
    const r = await watching;
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('watch: stopped after 0 of 3 events\n');
  });

  it('Ctrl-C stops it with 130, and the registration is undone', async () => {
    fx.emu.emu.clearReceived();
    const ac = new AbortController();
    const watching = run(['--socket', fx.emu.socket, 'watch', 'want_interface_events'], { env, signal: ac.signal });
    await received('want_interface_events');
    ac.abort();
    const r = await watching;
    expect(r.code).toBe(130);
    await received('want_interface_events', 2);
    expect(registrations()).toEqual([1, 0]);
  });

  it('refuses a request that registers for nothing, naming those that do', async () => {
    const r = await run(['--socket', fx.emu.socket, 'watch', 'show_version'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: watch: show_version registers for no events/);
    expect(r.stderr).toMatch(/hint: requests that do: .*want_interface_events/);
    const bad = await run(['--socket', fx.emu.socket, 'watch', 'want_interface_events', '--count', 'x'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--count "x" is not a positive whole number/);
  });
});
