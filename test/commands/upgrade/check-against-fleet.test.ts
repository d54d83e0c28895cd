/**
 * `vppapi check --against TARGET|GROUP FILE…`: a script checked against the live
 * definitions of emulators reached as targets (a socket path, unix:, exec: through a stdio
 * relay, ssh:// through a real sshd on 127.0.0.1 when there is one), named in a targets file: a mixed fleet where one VPP lacks a message the script
 * sends and one changed a CRC, a group with a target that is down, and names that are no
 * target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { apiTree, cleanup, run, tempDir, withCrc } from '../../support/cli.js';
import { type TestSshd, sshdUnavailable, startSshd } from '../../support/sshd.js';

const RELAY = join(import.meta.dirname, '..', '..', 'support', 'stdio-relay.mjs');

// Line 2 sends show_version (vpe: every emulator has it), line 3 sw_interface_dump
// (interface: the small emulator has no such module).
const SCRIPT = ['# fleet check', 'show_version', 'sw_interface_dump', ''].join('\n');
const ONLY_VPE = ['show_version', ''].join('\n');

interface Req { line?: number; status: string; fails: boolean }
interface Report { _target: string; ok: boolean; error?: string; against?: { origin: string }; files?: { messages: { message: string; status: string; fails: boolean; requests: Req[] }[] }[] }

describe('check --against a target or group', () => {
  let dir: string;
  let config: string;
  let local: string;
  let script: string;
  let onlyVpe: string;
  const emus: Emulator[] = [];
  const sock = (n: string): string => join(dir, `${n}.sock`);
  const cli = (...args: string[]) => run(['--config', config, '--api-dir', local, ...args]);
  const reports = async (...args: string[]): Promise<{ code: number; r: Report[]; stderr: string }> => {
    const out = await cli('--json', 'check', ...args);
    return { code: out.code, r: JSON.parse(out.stdout) as Report[], stderr: out.stderr };
  };
  const verdict = (rep: Report, message: string) => rep.files![0]!.messages.find((m) => m.message === message);

  beforeAll(async () => {
    dir = tempDir('vppapi-against-fleet-');
    local = apiTree();
    // full: the built-in set; small: memclnt, vpe and vlib only; moved: show_version with another CRC.
    emus.push(await startEmulator({ socketPath: sock('full'), version: '26.06-full' }));
    const small = builtinModules().filter((m) => ['memclnt', 'vpe', 'vlib'].includes(m.module ?? '')).map((module) => ({ origin: 'small', module }));
    emus.push(await startEmulator({ socketPath: sock('small'), sources: small, version: '24.10-small' }));
    const moved = withCrc(builtinModules(), 'show_version', '0x12345678').map((module) => ({ origin: 'moved', module }));
    emus.push(await startEmulator({ socketPath: sock('moved'), sources: moved, version: '26.10-moved' }));
    const cfgDir = join(tempDir('vppapi-cfg-'), 'vppapi');
    mkdirSync(cfgDir, { mode: 0o700 });
    config = join(cfgDir, 'config.yaml');
    writeFileSync(config, [
      'targets:',
      `  full: unix:${sock('full')}`,
      `  small: ${sock('small')}`,
      `  moved: "exec:${process.execPath} ${RELAY} ${sock('moved')}"`,
      `  down: unix:${join(dir, 'nothing.sock')}`,
      'groups:',
      '  lab: [full, small, moved]',
      '  same: [full, moved]',
      '  withdown: [full, down]',
      '',
    ].join('\n'), { mode: 0o600 });
    script = join(dir, 'setup.vpp');
    writeFileSync(script, SCRIPT);
    onlyVpe = join(dir, 'vpe.vpp');
    writeFileSync(onlyVpe, ONLY_VPE);
  });
  afterAll(async () => {
    await Promise.all(emus.map((e) => e.stop()));
    cleanup();
  });

  test('a mixed fleet: one report per target, exit 5 because one target lacks a message', async () => {
    const { code, r } = await reports('--against', 'lab', script);
    expect(code).toBe(5);
    expect(r.map((x) => x._target)).toEqual(['full', 'small', 'moved']);
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(verdict(r[0]!, 'sw_interface_dump')).toMatchObject({ status: 'fine', fails: false });
    expect(verdict(r[1]!, 'sw_interface_dump')).toMatchObject({ status: 'missing', fails: true, requests: [{ line: 3, status: 'missing', fails: true }] });
    expect(verdict(r[1]!, 'show_version')).toMatchObject({ status: 'fine', fails: false });
    // Another CRC, but the script sets no field of it: changed, still works.
    expect(verdict(r[2]!, 'show_version')).toMatchObject({ status: 'changed', fails: false, requests: [{ line: 2 }] });
    expect(r[2]!.against!.origin).toContain('moved');
  });

  test('human output: a header per target and the message × target matrix', async () => {
    const out = await cli('check', '--against', 'lab', script);
    expect(out.code).toBe(5);
    const lines = out.stdout.split('\n');
    expect(lines.filter((l) => /^\[(full|small|moved)\]$/.test(l))).toEqual(['[full]', '[small]', '[moved]']);
    const row = (m: string) => lines.find((l) => l.startsWith(`${m} `))?.trim().split(/\s+/);
    expect(lines.some((l) => /^message\s+full\s+small\s+moved$/.test(l.trim()))).toBe(true);
    expect(row('sw_interface_dump')).toEqual(['sw_interface_dump', 'fine', 'missing!', 'fine']);
    expect(row('show_version')).toEqual(['show_version', 'fine', 'fine', 'changed']);
  });

  test('a group where every target passes exits 0', async () => {
    const { code, r } = await reports('--against', 'lab', onlyVpe);
    expect(code).toBe(0);
    expect(r.map((x) => [x._target, x.ok])).toEqual([['full', true], ['small', true], ['moved', true]]);
    expect((await reports('--against', 'same', script)).code).toBe(0);
  });

  test('one target by name, by unix: and by exec: on the command line: a single report', async () => {
    const byName = await cli('--json', 'check', '--against', 'small', script);
    expect(byName.code).toBe(5);
    const one = JSON.parse(byName.stdout) as Report;
    expect(Array.isArray(one)).toBe(false);
    expect(one.ok).toBe(false);
    const unix = await cli('--json', 'check', '--against', `unix:${sock('full')}`, script);
    expect(unix.code).toBe(0);
    const exec = await cli('--json', 'check', '--against', `exec:${process.execPath} ${RELAY} ${sock('small')}`, script);
    expect(exec.code).toBe(5);
    expect((JSON.parse(exec.stdout) as Report).files![0]!.messages.find((m) => m.message === 'sw_interface_dump')).toMatchObject({ status: 'missing' });
  });

  test('a target that is down is named, the others still checked; its exit code wins in target order', async () => {
    const { code, r, stderr } = await reports('--against', 'withdown', script);
    expect(code).toBe(3);
    expect(stderr).toMatch(/down: /);
    expect(r[0]).toMatchObject({ _target: 'full', ok: true });
    expect(r[1]).toMatchObject({ _target: 'down', ok: false });
    expect(r[1]!.error).toBeTruthy();
    const human = await cli('check', '--against', 'withdown', script);
    expect(human.stdout).toMatch(/^\[down\]\nnot checked: /m);
    expect(human.stdout.split('\n').find((l) => l.startsWith('sw_interface_dump'))?.trim().split(/\s+/)).toEqual(['sw_interface_dump', 'fine', '-']);
  });

  test('a name that is no target, group or path: exit 2 naming it', async () => {
    const out = await cli('check', '--against', 'nosuch', script);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('nosuch');
    expect(out.stderr).toMatch(/target or group/);
  });

  test('a bad target text is refused with exit 2, nothing started', async () => {
    const out = await cli('check', '--against', 'ssh://-oProxyCommand=x/run/vpp/api.sock', script);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/-oProxyCommand/);
    expect(out.stdout).toBe('');
  });
});

const why = sshdUnavailable();
if (why) console.warn(`skipping check --against over ssh: ${why}`);

describe.skipIf(why !== undefined)('check --against a group of ssh:// targets', () => {
  let sshd: TestSshd;
  let env: Record<string, string>;
  let script: string;
  let dir: string;
  const emus: Emulator[] = [];
  const sock = (n: string): string => join(dir, `${n}.sock`);

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('vppapi-against-ssh-');
    emus.push(await startEmulator({ socketPath: sock('full'), version: '26.06-full' }));
    const small = builtinModules().filter((m) => ['memclnt', 'vpe', 'vlib'].includes(m.module ?? '')).map((module) => ({ origin: 'small', module }));
    emus.push(await startEmulator({ socketPath: sock('small'), sources: small, version: '24.10-small' }));
    const cfgDir = join(tempDir('vppapi-cfg-'), 'vppapi');
    mkdirSync(cfgDir, { mode: 0o700 });
    writeFileSync(join(cfgDir, 'config.yaml'), [
      'targets:',
      `  full: ${sshd.url(sock('full'))}`,
      `  small: ${sshd.url(sock('small'))}`,
      'groups:',
      '  edge: [full, small]',
      '',
    ].join('\n'), { mode: 0o600 });
    env = { PATH: process.env.PATH ?? '', VPPAPI_SSH: sshd.sshCommand, XDG_CONFIG_HOME: join(cfgDir, '..') };
    script = join(dir, 'setup.vpp');
    writeFileSync(script, SCRIPT);
  });
  afterAll(async () => {
    await Promise.all(emus.map((e) => e.stop()));
    await sshd?.stop();
    cleanup();
  });

  test('every target\'s definitions come through its ssh forward; the one lacking a message fails', async () => {
    const out = await run(['--json', '--api-dir', apiTree(), 'check', '--against', 'edge', script], { env });
    expect(out.code).toBe(5);
    const r = JSON.parse(out.stdout) as Report[];
    expect(r.map((x) => [x._target, x.ok])).toEqual([['full', true], ['small', false]]);
    expect(r[1]!.files![0]!.messages.find((m) => m.message === 'sw_interface_dump')).toMatchObject({ status: 'missing', fails: true, requests: [{ line: 3 }] });
  });
});
