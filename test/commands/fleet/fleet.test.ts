/**
 * Targets and fan-out through the CLI, against a real sshd on 127.0.0.1 with several
 * emulators behind it (test/support/sshd.ts): single calls over ssh:// and exec:, a
 * targets file, fan-out with a target down, a hung target, a mixed-release fleet.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { liveChildren } from '../../../src/client/targets/children.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/commands/main.js';
import { BufferWriter } from '../../../src/commands/runtime/io.js';
import { apiTree, cleanup, run, tempDir } from '../../support/cli.js';
import { type TestSshd, sshdUnavailable, startSshd } from '../../support/sshd.js';

const RELAY = join(import.meta.dirname, '..', '..', 'support', 'stdio-relay.mjs');
const bin = inject('cliDist');

/** Processes whose parent is `pid`, with their command names (from /proc). */
function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === pid) out.push({ pid: Number(d), comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      /* gone */
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const why = sshdUnavailable();
if (why) console.warn(`skipping the fleet tests over ssh: ${why}`);

describe.skipIf(why !== undefined)('targets and fan-out over a real sshd', () => {
  let sshd: TestSshd;
  let dir: string;
  let config: string;
  let env: Record<string, string>;
  const emus: Emulator[] = [];
  let hung: net.Server;
  const held: net.Socket[] = [];
  const sock = (n: string): string => join(dir, `${n}.sock`);

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('vppapi-fleet-');
    // edge1, edge2: full emulators of two versions; small: an older VPP serving only memclnt and vpe.
    emus.push(await startEmulator({ socketPath: sock('edge1'), version: '26.06-edge1' }));
    emus.push(await startEmulator({ socketPath: sock('edge2'), version: '25.10-edge2' }));
    const small = builtinModules().filter((m) => ['memclnt', 'vpe', 'vlib'].includes(m.module ?? '')).map((module) => ({ origin: 'small', module }));
    emus.push(await startEmulator({ socketPath: sock('small'), sources: small, version: '24.10-small' }));
    // A socket that accepts and never answers.
    hung = net.createServer((c) => held.push(c));
    await new Promise<void>((r) => hung.listen(sock('hung'), r));
    const cfgDir = join(tempDir('vppapi-cfg-'), 'vppapi');
    mkdirSync(cfgDir, { mode: 0o700 });
    config = join(cfgDir, 'config.yaml');
    writeFileSync(
      config,
      [
        'default: edge1',
        'targets:',
        `  edge1: ${sshd.url(sock('edge1'))}`,
        `  edge2: { url: "${sshd.url(sock('edge2'))}", timeout: 5 }`,
        `  small: ${sshd.url(sock('small'))}`,
        `  down: ${sshd.url(sock('nothing-here'))}`,
        `  hung: { url: "${sshd.url(sock('hung'))}", timeout: 1 }`,
        `  local: ${sock('edge2')}`,
        // A target whose timeout is shorter than any ssh login (its own host name: a master of its own).
        `  tiny: { url: "${sshd.url(sock('hung'), 1)}", timeout: 0.001 }`,
        `  edge1b: "${sshd.url(sock('edge1'), 1)}"`,
        `  viaexec: "exec:${process.execPath} ${RELAY} ${sock('edge1')}"`,
        'groups:',
        '  edge: [edge1, edge2]',
        '  withdown: [edge1, down, edge2]',
        '  withhung: [hung, edge1, edge2]',
        '  mixed: [edge1, small]',
        '  tinyfirst: [tiny, edge1b]',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    chmodSync(cfgDir, 0o700);
    env = { PATH: process.env.PATH ?? '', VPPAPI_SSH: sshd.sshCommand, XDG_CONFIG_HOME: join(cfgDir, '..') };
  });
  afterAll(async () => {
    await Promise.all(emus.map((e) => e.stop()));
    held.forEach((c) => c.destroy());
    await new Promise((r) => hung.close(r));
    await sshd?.stop();
    cleanup();
  });

  const cli = (...argv: string[]) => run(argv, { env });

  test('a single call over ssh:// (no targets file needed), json form', async () => {
    const r = await run(['--target', sshd.url(sock('edge1')), 'show_version', '--json'], { env: { ...env, XDG_CONFIG_HOME: tempDir() } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ _msgname: 'show_version_reply', version: '26.06-edge1' });
    expect(liveChildren()).toBe(0);
  });

  test("the targets file's default, a name, and $VPPAPI_TARGET", async () => {
    expect(JSON.parse((await cli('show_version', '--json')).stdout).version).toBe('26.06-edge1');
    expect(JSON.parse((await cli('--target', 'edge2', 'show_version', '--json')).stdout).version).toBe('25.10-edge2');
    expect(JSON.parse((await run(['show_version', '--json'], { env: { ...env, VPPAPI_TARGET: 'local' } })).stdout).version).toBe('25.10-edge2');
    // --socket stays the plain-path form and wins over the file's default.
    expect(JSON.parse((await cli('--socket', sock('edge2'), 'show_version', '--json')).stdout).version).toBe('25.10-edge2');
  });

  test('an exec: target from the targets file and from the command line', async () => {
    expect(JSON.parse((await cli('--target', 'viaexec', 'show_version', '--json')).stdout).version).toBe('26.06-edge1');
    const r = await cli('--target', `exec:${process.execPath} ${RELAY} ${sock('edge2')}`, 'show_version', '--json');
    expect(JSON.parse(r.stdout).version).toBe('25.10-edge2');
    expect(liveChildren()).toBe(0);
  });

  test('a dump over ssh as a table', async () => {
    const r = await cli('--target', 'edge1', 'sw_interface_dump');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/local0/);
  });

  test('fan-out: key/value replies under one header line per target, in target order', async () => {
    const r = await cli('--target', 'edge2,edge1', 'show_version');
    expect(r.code).toBe(0);
    const e2 = r.stdout.indexOf('[edge2]');
    const e1 = r.stdout.indexOf('[edge1]');
    expect(e2).toBe(0);
    expect(e1).toBeGreaterThan(e2);
    expect(r.stdout.slice(e2, e1)).toMatch(/25\.10-edge2/);
    expect(r.stdout.slice(e1)).toMatch(/26\.06-edge1/);
  });

  test('fan-out: a dump is one table whose first column is the target', async () => {
    const r = await cli('--target', 'edge', 'sw_interface_dump', '--tsv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]!.split('\t')[0]).toBe('target');
    const targets = lines.slice(1).map((l) => l.split('\t')[0]);
    expect(targets.length).toBeGreaterThanOrEqual(2);
    expect(targets).toEqual([...targets].sort()); // edge1's rows, then edge2's
    expect(new Set(targets)).toEqual(new Set(['edge1', 'edge2']));
  });

  test('fan-out --json: one array, every object with _target, and a status per target', async () => {
    const r = await cli('--target', 'edge', '--json', 'sw_interface_dump');
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as Record<string, unknown>[];
    const details = all.filter((o) => o._msgname === 'sw_interface_details');
    expect(details.length).toBeGreaterThanOrEqual(2);
    expect(details.every((o) => o._target === 'edge1' || o._target === 'edge2')).toBe(true);
    expect(Object.keys(details[0]!)[0]).toBe('_target');
    expect(all.filter((o) => '_status' in o)).toEqual([
      { _target: 'edge1', _status: 'ok', _exit: 0 },
      { _target: 'edge2', _status: 'ok', _exit: 0 },
    ]);
  });

  test('fan-out --jsonl: one object per line, each with _target', async () => {
    const r = await cli('--target', 'edge1', '--target', 'edge2', '--jsonl', 'show_version');
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map((o) => [o._target, o.version ?? o._status])).toEqual([
      ['edge1', '26.06-edge1'], ['edge1', 'ok'], ['edge2', '25.10-edge2'], ['edge2', 'ok'],
    ]);
  });

  test('fan-out with a target down: the others answer, the failure is named, exit is its code', async () => {
    const r = await cli('--target', 'withdown', '--json', 'show_version');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^down: cannot connect: /m);
    const all = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(all.filter((o) => o.version).map((o) => [o._target, o.version])).toEqual([['edge1', '26.06-edge1'], ['edge2', '25.10-edge2']]);
    expect(all.find((o) => o._target === 'down' && '_status' in o)).toMatchObject({ _status: 'failed', _exit: 3 });
    expect(liveChildren()).toBe(0);
  });

  test('a hung target times out on its own and holds up no other target', async () => {
    const t0 = Date.now();
    const r = await cli('--target', 'withhung', '--jsonl', 'show_version');
    expect(Date.now() - t0).toBeLessThan(4500); // hung has timeout: 1 (s); the others answer at once
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^hung: no answer: /m);
    const versions = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.version);
    expect(versions.map((o) => o._target), r.stdout + r.stderr).toEqual(['edge1', 'edge2']);
  });

  test("a target's short timeout does not cut short the ssh login the others on its host share", async () => {
    const r = await cli('--target', 'tinyfirst', '--jsonl', 'show_version');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^tiny: no answer: /m);
    const versions = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.version);
    expect(versions.map((o) => [o._target, o.version]), r.stderr).toEqual([['edge1b', '26.06-edge1']]);
  });

  test('a mixed-release fleet: definitions per target; a message one VPP lacks is named for it, the others answer', async () => {
    const r = await cli('--target', 'mixed', '--json', 'sw_interface_dump');
    // Its definitions come from it, and it has no such message: as for one VPP, exit 2.
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^small: bad input: unknown command or message "sw_interface_dump"/m);
    const all = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(all.some((o) => o._target === 'edge1' && o._msgname === 'sw_interface_details')).toBe(true);
    const both = await cli('--target', 'mixed', '--json', 'show_version');
    expect(both.code).toBe(0);
    expect((JSON.parse(both.stdout) as Record<string, unknown>[]).filter((o) => o.version).map((o) => o.version)).toEqual(['26.06-edge1', '24.10-small']);
  });

  test('check on a group prints a matrix of which targets lack the messages asked about', async () => {
    const defs = apiTree();
    const r = await cli('--target', 'mixed', '--api-dir', defs, 'check', 'sw_interface_dump', 'show_version');
    expect(r.code).toBe(5);
    const row = r.stdout.split('\n').find((l) => l.startsWith('sw_interface_dump'));
    expect(row?.split(/\s+/)).toEqual(['sw_interface_dump', 'ok', 'missing']);
    expect(r.stdout).toMatch(/^edge1: VPP 26\.06-edge1/m);
  });

  test('exec FILE on a group runs the script on each target', async () => {
    const script = join(tempDir(), 's.vpp');
    writeFileSync(script, 'show_version\ncontrol_ping\n');
    const r = await cli('--target', 'edge', '--jsonl', 'exec', script);
    expect(r.code).toBe(0);
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.filter((o) => o._msgname).map((o) => [o._target, o._msgname])).toEqual([
      ['edge1', 'show_version_reply'], ['edge1', 'control_ping_reply'], ['edge2', 'show_version_reply'], ['edge2', 'control_ping_reply'],
    ]);
  });

  test('refused before anything starts: injection attempts and bad names', async () => {
    for (const [t, msg] of [
      ['ssh://-oProxyCommand=touch${IFS}/tmp/pwned', /starts with "-"/],
      ['ssh://host\n-oProxyCommand=id', /control character/],
      ['nosuch', /no target or group named "nosuch"/],
      ['edge1,', /an empty name/],
    ] as const) {
      const r = await cli('--target', t, 'show_version');
      expect(r.code, t).toBe(2);
      expect(r.stderr, t).toMatch(msg);
    }
    expect(liveChildren()).toBe(0);
    const both = await cli('--target', 'edge1', '--socket', sock('edge1'), 'show_version');
    expect(both.stderr).toMatch(/--target and --socket both/);
  });

  test('vppapi targets lists the file; --check reaches each target or says why not', async () => {
    const list = await cli('targets', '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { target: string; groups: string[] }[];
    expect(rows.map((r) => r.target)).toEqual(['edge1', 'edge2', 'small', 'down', 'hung', 'local', 'tiny', 'edge1b', 'viaexec']);
    expect(rows.find((r) => r.target === 'edge1')!.groups).toEqual(['edge', 'withdown', 'withhung', 'mixed']);
    const check = await cli('--target', 'edge1,down,small,viaexec', 'targets', '--check', '--json');
    expect(check.code).toBe(3);
    const c = JSON.parse(check.stdout) as { target: string; vpp?: string; messages?: number; rtt_ms?: number; error?: string }[];
    expect(c.map((r) => [r.target, r.vpp ?? r.error?.slice(0, 0)])).toEqual([['edge1', '26.06-edge1'], ['down', ''], ['small', '24.10-small'], ['viaexec', '26.06-edge1']]);
    expect(c[0]!.messages).toBeGreaterThan(c[2]!.messages!);
    expect(c[0]!.rtt_ms).toBeGreaterThan(0);
    expect(c[1]!.error).toMatch(/^down: cannot connect through ssh to \/.*nothing-here\.sock on 127\.0\.0\.1: .*open failed/);
    const human = await cli('targets', '--check');
    expect(human.stdout).toMatch(/^target\s+url\s+vpp\s+messages\s+rtt\s+error/m);
    expect(human.stdout).toMatch(/^hung\s.*sockclnt_create: no answer/m);
  });

  test.skipIf(!bin)('Ctrl-C ends the command and every ssh child; none is left', async () => {
    const child = spawn(process.execPath, [bin, '--target', 'withhung', '--timeout', '60', 'show_version'], {
      env: { ...env, HOME: tempDir(), XDG_CACHE_HOME: tempDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Wait until its ssh master is up (edge1 answers, hung holds the command).
    let ssh: { pid: number; comm: string }[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      ssh = childrenOf(child.pid!).filter((c) => c.comm === 'ssh');
      if (ssh.length > 0 && sshd.log().includes('Accepted publickey')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(ssh.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    expect(await exited, err).toBe(130);
    const left = ssh.filter((c) => alive(c.pid));
    expect(left).toEqual([]);
    expect(childrenOf(child.pid!)).toEqual([]);
  });

  test("the shell's use TARGET switches to another target (ssh and local)", async () => {
    const input = new PassThrough();
    const out = new BufferWriter();
    const done = main(['--target', 'edge1', 'repl', '--no-history'], { stdout: out, stderr: out, env: { ...env, HOME: tempDir() }, input, stdin: '' });
    input.write('show_version --jsonl\nuse edge2\nshow_version --jsonl\nuse nosuch\nuse local\nshow_version --jsonl\nuse edge\n');
    const deadline = Date.now() + 20_000;
    while (!/use one target of the group/.test(out.text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    input.end();
    expect(await done).toBe(0);
    const versions = out.text.split('\n').filter((l) => l.includes('{"_msgname"')).map((l) => (JSON.parse(l.slice(l.indexOf('{'))) as { version: string }).version);
    expect(out.text).toMatch(/^Connected to VPP 26\.06-edge1 at edge1 /);
    expect(versions).toEqual(['26.06-edge1', '25.10-edge2', '25.10-edge2']);
    expect(out.text).toMatch(/Connected to VPP 25\.10-edge2 at edge2 /);
    expect(out.text).toMatch(/no target or group named "nosuch"/);
    expect(out.text).toMatch(/use: edge names 2 targets/);
    expect(liveChildren()).toBe(0);
  });

  test('stats on an ssh target: not installed there is said plainly, pointing at vppapi serve', async () => {
    const r = await run(['--target', 'edge1', 'stats', 'ls'], { env: { ...env, VPPAPI_REMOTE: 'vppapi-not-installed-here' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/edge1: vppapi is not installed on 127\.0\.0\.1 \(the statistics segment is shared memory/);
    expect(r.stderr).toMatch(/vppapi serve/);
    const exec = await cli('--target', 'viaexec', 'stats', 'ls');
    expect(exec.code).toBe(2);
    expect(exec.stderr).toMatch(/only a process on VPP's own host can map/);
  });

  test.skipIf(!bin)('stats on an ssh target runs vppapi stats there, its words quoted for the remote shell', async () => {
    const remote = `${process.execPath} ${bin} --emulator`;
    const r = await run(['--target', 'edge1', '--json', 'stats', 'ls', '/sys/heartbeat'], { env: { ...env, VPPAPI_REMOTE: remote } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toMatch(/\/sys\/heartbeat/);
    // A word the remote shell would expand reaches vppapi as it is (a pattern matching nothing).
    const q = await run(['--target', 'edge1', '--json', 'stats', 'ls', '$(touch /tmp/vppapi-pwned)*;id'], { env: { ...env, VPPAPI_REMOTE: remote } });
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([]);
    expect(existsSync('/tmp/vppapi-pwned')).toBe(false);
  });

  test.skipIf(!bin)('stats on an ssh target takes the table options there: --tsv, --columns (a name with a space), --wide', async () => {
    const remote = `${process.execPath} ${bin} --emulator`;
    const r = await run(['--target', 'edge1', '--tsv', '--columns', 'interface,rx packets', 'stats', 'show', '/if/rx'], { env: { ...env, VPPAPI_REMOTE: remote } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('interface\trx packets');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toMatch(/^[^\t]+\t\d+$/);
    const bad = await run(['--target', 'edge1', '--columns', 'nosuch', 'stats', 'show', '/if/rx'], { env: { ...env, VPPAPI_REMOTE: remote } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--columns: .* no column "nosuch"/);
    const wide = await run(['--target', 'edge1', '--wide', 'stats', 'show', '/if/rx'], { env: { ...env, VPPAPI_REMOTE: remote } });
    expect(wide.code).toBe(0);
    expect(wide.stdout.split('\n')[0]).toMatch(/^interface +rx packets +rx bytes .* rx-error$/);
  });

  test('target and group names complete after --target, also after a comma', async () => {
    const names = async (...words: string[]) => (await cli('__complete', '--', ...words)).stdout.trim().split('\n').sort();
    expect(await names('--target', 'ed')).toEqual(['edge', 'edge1', 'edge1b', 'edge2']);
    expect(await names('--target', 'edge1,sm')).toEqual(['edge1,small']);
    expect(await names('--target', 'w')).toEqual(['withdown', 'withhung']);
  });

  test('a targets file others can write is refused', async () => {
    chmodSync(config, 0o666);
    try {
      const r = await cli('show_version');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/refusing the targets file .* can be written by others/);
    } finally {
      chmodSync(config, 0o600);
    }
  });
});
