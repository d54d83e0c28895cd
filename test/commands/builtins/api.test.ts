/**
 * `vppapi api diff` and `api export` as a user runs them: each DEFS form (directory,
 * .tar.gz made here, a live emulator, builtin), each output form, exit codes, bad input.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { builtinSources, cleanup, run, startTestEmulator, tempDir, type TestEmulator } from '../../support/cli.js';
import { REQ, moduleJson, msg, struct, writeDefs, type HandModule } from '../../support/hand-defs.js';
import { naiveTar } from '../../support/naive-tar.js';

const OLD: HandModule[] = [
  {
    module: 'alpha', version: '1.0.0',
    types: [struct('thing', [['u32', 'a']])],
    messages: [
      msg('keep', '0x00000001', [...REQ]),
      msg('gone', '0x00000002', [...REQ]),
      msg('moves', '0x00000003', [...REQ, ['u32', 'a'], ['u8', 'tag', 8]]),
      msg('uses_thing', '0x00000004', [...REQ, ['vl_api_thing_t', 't']]),
      msg('legacy', '0x00000005', [...REQ]),
    ],
  },
  { module: 'beta', version: '0.2.0', messages: [msg('beta_x', '0x00000101', [...REQ])] },
];
const NEW: HandModule[] = [
  {
    module: 'alpha', version: '1.1.0',
    types: [struct('thing', [['u32', 'a'], ['u32', 'b']])],
    messages: [
      msg('keep', '0x00000001', [...REQ]),
      msg('moves', '0x00000013', [...REQ, ['u64', 'a'], ['u8', 'tag', 16]]),
      msg('uses_thing', '0x00000014', [...REQ, ['vl_api_thing_t', 't']]),
      msg('legacy', '0x00000005', [...REQ], { deprecated: null }),
      msg('legacy_v2', '0x00000015', [...REQ]),
      msg('fresh', '0x00000016', [...REQ]),
    ],
  },
  { module: 'beta', version: '0.2.0', messages: [msg('beta_x', '0x00000102', [...REQ])] },
];
// Only module versions < 1.0 change: nothing incompatible.
const BETA_ONLY: HandModule[] = [OLD[0]!, { module: 'beta', version: '0.2.0', messages: [msg('beta_x', '0x00000109', [...REQ])] }];

let oldDir: string;
let newDir: string;
let betaDir: string;
let newTgz: string;
let emu: TestEmulator;

beforeAll(async () => {
  oldDir = writeDefs(tempDir(), OLD);
  newDir = writeDefs(tempDir(), NEW, (m) => (m === 'alpha' ? 'core' : 'plugins'));
  betaDir = writeDefs(tempDir(), BETA_ONLY);
  newTgz = join(tempDir(), 'new-api.tar.gz');
  writeFileSync(newTgz, gzipSync(naiveTar(NEW.map((m) => ({ name: `api/core/${m.module}.api.json`, data: JSON.stringify(moduleJson(m)) })))));
  // The emulator serves NEW and the built-in vlib (a core module; get_api_json leaves memclnt out, as VPP does).
  const vlib = builtinSources().filter((s) => s.module.module === 'vlib');
  emu = await startTestEmulator([...vlib, ...NEW.map((m) => ({ origin: m.module, module: moduleJson(m) as RawModule }))]);
});
afterAll(async () => {
  await emu.stop();
  cleanup();
});

const json = (out: string) => JSON.parse(out) as { counts: Record<string, number>; messages: Record<string, unknown>[]; types: Record<string, unknown>[]; modules: Record<string, unknown>[] };
const byName = (o: ReturnType<typeof json>, n: string) => o.messages.find((m) => m.message === n);

describe('api diff', () => {
  test('two directories: a table grouped by module, exit 1 for an incompatible change', async () => {
    const r = await run(['api', 'diff', oldDir, newDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 added, 1 removed, 3 changed (3 incompatible), 1 status only');
    expect(r.stdout).toMatch(/alpha \(1\.0\.0 → 1\.1\.0\)\n/);
    expect(r.stdout).toMatch(/removed +gone +00000002 +INCOMPATIBLE/);
    expect(r.stdout).toMatch(/changed +moves +00000003 → 00000013 +INCOMPATIBLE\n +field a retyped: u32 → u64\n +field tag resized: u8\[8\] → u8\[16\]/);
    expect(r.stdout).toMatch(/status +legacy +00000005 +active → deprecated, successor legacy_v2/);
    expect(r.stdout).toMatch(/beta \(version unchanged\)\n +changed +beta_x +00000101 → 00000102\n/);
    expect(r.stdout).toMatch(/thing \(struct, alpha\) changed: reaches uses_thing\n +field b added: u32/);
  });

  test('--json: one object per message with the issue\'s fields', async () => {
    const r = await run(['--json', 'api', 'diff', oldDir, newDir]);
    expect(r.code).toBe(1);
    const o = json(r.stdout);
    expect(o.counts).toMatchObject({ added: 2, removed: 1, changed: 3, incompatible: 3, status_only: 1 });
    expect(byName(o, 'moves')).toEqual({
      message: 'moves', module: 'alpha', change: 'changed', old_crc: '00000003', new_crc: '00000013',
      fields: [{ field: 'a', change: 'retyped', old: 'u32', new: 'u64' }, { field: 'tag', change: 'resized', old: 'u8[8]', new: 'u8[16]' }],
      types: [], status: { old: 'active', new: 'active' }, incompatible: true, successor: null,
    });
    expect(byName(o, 'gone')).toMatchObject({ change: 'removed', old_crc: '00000002', new_crc: null, status: { old: 'active', new: null }, incompatible: true });
    expect(byName(o, 'fresh')).toMatchObject({ change: 'added', old_crc: null, new_crc: '00000016', incompatible: false });
    expect(byName(o, 'legacy')).toMatchObject({ change: 'status', status: { old: 'active', new: 'deprecated' }, successor: 'legacy_v2', incompatible: false });
    expect(byName(o, 'beta_x')).toMatchObject({ change: 'changed', incompatible: false });
    expect(byName(o, 'uses_thing')).toMatchObject({ types: ['thing'], incompatible: true });
    expect(o.types).toEqual([expect.objectContaining({ type: 'thing', kind: 'struct', change: 'changed', reaches: ['uses_thing'] })]);
    expect(o.modules).toEqual([{ module: 'alpha', change: 'changed', old_version: '1.0.0', new_version: '1.1.0' }]);
  });

  test('--jsonl: one message per line', async () => {
    const r = await run(['--jsonl', 'api', 'diff', oldDir, newDir]);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string });
    expect(lines.map((l) => l.message).sort()).toEqual(['beta_x', 'fresh', 'gone', 'legacy', 'legacy_v2', 'moves', 'uses_thing']);
  });

  test('--markdown: a table per module for release notes', async () => {
    const r = await run(['api', 'diff', oldDir, newDir, '--markdown']);
    expect(r.stdout).toContain('### alpha (1.0.0 → 1.1.0)');
    expect(r.stdout).toContain('| Message | Change | CRC | Notes | Details |');
    expect(r.stdout).toContain('| `moves` | changed | 00000003 → 00000013 | **incompatible** | field a retyped: u32 → u64<br>field tag resized: u8[8] → u8[16] |');
    expect(r.stdout).toContain('### Types');
  });

  test('--fail-on: any, incompatible (the default), none', async () => {
    expect((await run(['api', 'diff', oldDir, betaDir])).code).toBe(0);
    expect((await run(['api', 'diff', oldDir, betaDir, '--fail-on', 'incompatible'])).code).toBe(0);
    expect((await run(['api', 'diff', oldDir, betaDir, '--fail-on', 'any'])).code).toBe(1);
    expect((await run(['api', 'diff', oldDir, newDir, '--fail-on', 'none'])).code).toBe(0);
    expect((await run(['api', 'diff', oldDir, oldDir, '--fail-on', 'any'])).code).toBe(0);
    const bad = await run(['api', 'diff', oldDir, newDir, '--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on: "sometimes" is not one of any, incompatible, none');
  });

  test('a .tar.gz made here reads as the directory it packs', async () => {
    const a = json((await run(['--json', 'api', 'diff', oldDir, newDir])).stdout);
    const b = json((await run(['--json', 'api', 'diff', oldDir, newTgz])).stdout);
    expect(b.messages).toEqual(a.messages);
    expect(b.counts).toEqual(a.counts);
  });

  test('a live VPP (the emulator) through get_api_json, by its socket and as vpp', async () => {
    const bySocket = json((await run(['--json', 'api', 'diff', oldDir, emu.socket])).stdout);
    const fromDir = json((await run(['--json', 'api', 'diff', oldDir, newDir])).stdout);
    // The live side also holds vlib: the rest is what the directory gives.
    const notVlib = (o: ReturnType<typeof json>) => o.messages.filter((m) => m.module !== 'vlib');
    expect(notVlib(bySocket)).toEqual(notVlib(fromDir));
    expect(bySocket.messages.some((m) => m.message === 'cli_inband' && m.change === 'added' && m.module === 'vlib')).toBe(true);
    const asVpp = json((await run(['--json', '--socket', emu.socket, 'api', 'diff', oldDir, 'vpp'])).stdout);
    expect(asVpp.messages).toEqual(bySocket.messages);
  });

  test('a side given as a target (unix:, exec: through a stdio relay) reads that VPP; a group is refused', async () => {
    const bySocket = json((await run(['--json', 'api', 'diff', oldDir, emu.socket])).stdout);
    const byUnix = json((await run(['--json', 'api', 'diff', oldDir, `unix:${emu.socket}`])).stdout);
    expect(byUnix.messages).toEqual(bySocket.messages);
    const relay = join(import.meta.dirname, '..', '..', 'support', 'stdio-relay.mjs');
    const byExec = await run(['--json', 'api', 'diff', `exec:${process.execPath} ${relay} ${emu.socket}`, oldDir]);
    expect(byExec.code).toBe(1);
    const reversed = json(byExec.stdout).messages.map((m) => m.message).sort();
    expect(reversed).toEqual(bySocket.messages.map((m) => m.message).sort());
    const dir = tempDir();
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `targets:\n  a: unix:${emu.socket}\n  b: ${emu.socket}\ngroups:\n  both: [a, b]\n`, { mode: 0o600 });
    const group = await run(['--config', config, 'api', 'diff', 'both', oldDir]);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/OLD: both names 2 targets: a diff compares two sets of definitions, one VPP each/);
    expect(group.stdout).toBe('');
  });

  test('builtin: the built-in set against itself written out differs in nothing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'core'));
    for (const s of builtinSources()) writeFileSync(join(dir, 'core', `${s.module.module}.api.json`), JSON.stringify(s.module));
    const r = await run(['api', 'diff', 'builtin', dir, '--fail-on', 'any']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No differences.');
  });

  describe('bad input: exit 2 and a message naming the argument', () => {
    test('a directory that does not exist', async () => {
      const r = await run(['api', 'diff', join(oldDir, 'nope'), newDir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/OLD: .*nope: no such directory, \.tar\.gz file or socket/);
    });
    test('a directory without definitions', async () => {
      const r = await run(['api', 'diff', oldDir, tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/NEW: .*: no \*\.api\.json files in this directory/);
    });
    test('a tarball of something else', async () => {
      const p = join(tempDir(), 'other.tar.gz');
      writeFileSync(p, gzipSync(naiveTar([{ name: 'photos/cat.jpg', data: 'meow' }])));
      const r = await run(['api', 'diff', oldDir, p]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/NEW: .*other\.tar\.gz: no \*\.api\.json files in this archive/);
    });
    test('a file that is neither a tarball nor a socket', async () => {
      const p = join(tempDir(), 'notes.txt');
      writeFileSync(p, 'hello');
      const r = await run(['api', 'diff', p, newDir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/OLD: .*notes\.txt is not a definitions directory, a \.tar\.gz of one, or a VPP API socket/);
    });
    test('a missing argument', async () => {
      const r = await run(['api', 'diff', oldDir]);
      expect(r.code).toBe(2);
    });
  });
});

describe('api export', () => {
  test("writes a live VPP's definitions as VPP installs them, which then diff as equal to it", async () => {
    const out = join(tempDir(), 'exported');
    const r = await run(['--socket', emu.socket, 'api', 'export', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 modules written to .*exported/);
    expect(readdirSync(join(out, 'core')).sort()).toEqual(['vlib.api.json']);
    expect(readdirSync(join(out, 'plugins')).sort()).toEqual(['alpha.api.json', 'beta.api.json']);
    const alpha = JSON.parse(readFileSync(join(out, 'plugins', 'alpha.api.json'), 'utf8')) as { module: string; messages: unknown[][] };
    expect(alpha.module).toBe('alpha');
    expect(alpha.messages.map((m) => m[0])).toEqual(NEW[0]!.messages!.map((m) => m[0]));
    const d = await run(['api', 'diff', out, emu.socket, '--fail-on', 'any']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('No differences.');
  });

  test('the socket as an argument; --out is required', async () => {
    const out = join(tempDir(), 'by-arg');
    expect((await run(['api', 'export', emu.socket, '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'plugins', 'beta.api.json'))).toBe(true);
    const r = await run(['api', 'export', emu.socket]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out DIR is required');
  });
});
