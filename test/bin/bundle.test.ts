/**
 * The installed command, dist/bin/vppapi.cjs: the CLI bundled into one file and compiled
 * through a V8 code cache kept in the user's cache directory. Output and exit codes as
 * the unbundled program's; the cache written once, used after, refused when it is not V8's.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cleanup, runChild, tempDir } from '../support/cli.js';

const installed = inject('cliBundle');
const unbundled = inject('cliDist');
afterAll(() => cleanup());

function home(): Record<string, string> {
  const h = tempDir('vppapi-bundle-home-');
  return { HOME: h, XDG_CACHE_HOME: join(h, 'cache'), NO_COLOR: '1' };
}
const codeCaches = (env: Record<string, string>): string[] => {
  try {
    return readdirSync(join(env.XDG_CACHE_HOME!, 'vppapi')).filter((f) => /^code-[0-9a-f]{40}\.bin$/.test(f));
  } catch {
    return [];
  }
};

/** A copy of the installed command (its loader and bundle) in a directory of its own, to edit. */
function copyInstalled(): { bin: string; bundle: string } {
  const d = tempDir('vppapi-bundle-copy-');
  for (const f of ['vppapi.cjs', 'vppapi.bundle.cjs']) copyFileSync(join(dirname(installed), f), join(d, f));
  return { bin: join(d, 'vppapi.cjs'), bundle: join(d, 'vppapi.bundle.cjs') };
}

describe.skipIf(!installed || !unbundled)('the installed command (bundle + code cache)', () => {
  it('prints what the unbundled program prints, exit codes alike, with an emulator, a dump and an address', async () => {
    const script = 'show_version\ncreate_loopback\nsw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24\nip_address_dump --sw-if-index 1 --jsonl\nnot_a_message\n';
    const argv = ['--emulator', 'exec', '--continue-on-error', '-'];
    const [a, b] = await Promise.all([runChild(installed, argv, { env: home(), stdin: script }), runChild(unbundled, argv, { env: home(), stdin: script })]);
    expect(a.code).toBe(2);
    expect(a.code).toBe(b.code);
    const stable = (s: string): string => s.replace(/build_date:.*\n/, '');
    expect(stable(a.stdout)).toBe(stable(b.stdout));
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout).toMatch(/"prefix":"10\.0\.0\.1\/24"/);
    expect(a.stderr).toMatch(/exec: 5 commands run, 4 ok, 1 failed \(line 5\)/);
  });

  it('yaml and picomatch come from files of their own beside the bundle, loaded when a command first needs them', async () => {
    const dir = dirname(installed);
    const bundleText = readFileSync(join(dir, 'vppapi.bundle.cjs'), 'latin1');
    for (const [pkg, file] of [['yaml', 'vppapi-yaml.cjs'], ['picomatch', 'vppapi-picomatch.cjs']]) {
      expect(bundleText).toContain(`require("./${file}")`);
      expect(bundleText).not.toContain(`node_modules/${pkg}/`);
      expect(readFileSync(join(dir, file!), 'latin1')).toContain(`node_modules/${pkg}/`);
    }
    // The targets file (yaml) and a stats pattern (picomatch), as the unbundled program gives them.
    const env = home();
    const cfg = join(env.HOME!, 'config', 'vppapi');
    mkdirSync(cfg, { recursive: true });
    writeFileSync(join(cfg, 'config.yaml'), 'default: a\ntargets:\n  a: /run/vpp/api.sock\n  b: { url: "/tmp/b.sock", timeout: 5 }\ngroups:\n  g: [a, b]\n');
    const withConfig = { ...env, XDG_CONFIG_HOME: join(env.HOME!, 'config') };
    for (const argv of [['targets', '--json'], ['--emulator', 'stats', 'ls', '/sys/vector*']]) {
      const [a, b] = await Promise.all([runChild(installed, argv, { env: withConfig }), runChild(unbundled, argv, { env: withConfig })]);
      expect([a.code, a.stderr]).toEqual([0, '']);
      expect(a.stdout).toBe(b.stdout);
    }
    const listed = await runChild(installed, ['targets', '--json'], { env: withConfig });
    expect((JSON.parse(listed.stdout) as { target: string }[]).map((t) => t.target)).toEqual(['a', 'b']);
    const stats = await runChild(installed, ['--emulator', 'stats', 'ls', '/sys/vector*'], { env: withConfig });
    expect(stats.stdout).toMatch(/^\/sys\/vector_rate +gauge/m);
  });

  it('writes its code cache on the first run, uses it on the next, and never with VPPAPI_NO_CODE_CACHE', async () => {
    const env = home();
    expect((await runChild(installed, ['--version'], { env })).code).toBe(0);
    const caches = codeCaches(env);
    expect(caches).toHaveLength(1);
    const again = await runChild(installed, ['--emulator', 'show_version'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^program: +vpe$/m);
    expect(codeCaches(env)).toEqual(caches);
    const none = { ...home(), VPPAPI_NO_CODE_CACHE: '1' };
    expect((await runChild(installed, ['--version'], { env: none })).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(codeCaches(none)).toEqual([]);
  });

  it('a cache file that is not V8\'s is refused: the run works and writes a good one in its place', async () => {
    const env = home();
    await runChild(installed, ['--version'], { env });
    const [file] = codeCaches(env);
    const path = join(env.XDG_CACHE_HOME!, 'vppapi', file!);
    writeFileSync(path, Buffer.alloc(4096, 0x5a));
    const r = await runChild(installed, ['--emulator', 'show_version'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^version: +26\.06-emulated$/m);
    expect(r.stderr).toBe('');
    expect(readFileSync(path).equals(Buffer.alloc(4096, 0x5a))).toBe(false);
    const after = await runChild(installed, ['--emulator', 'show_version'], { env });
    expect(after.stdout).toMatch(/^version: +26\.06-emulated$/m);
    expect(codeCaches(env)).toEqual([file]);
  });

  it('writing a new cache removes all but the two newest others (upgrades leave one per bundle), and nothing else there', async () => {
    const env = home();
    const dir = join(env.XDG_CACHE_HOME!, 'vppapi');
    mkdirSync(dir, { recursive: true });
    const old = ['a', 'b', 'c', 'd'].map((c, i) => {
      const name = `code-${c.repeat(40)}.bin`;
      writeFileSync(join(dir, name), 'x');
      // a: 4 days old … d: 1 day old.
      const t = Date.now() / 1000 - (4 - i) * 86_400;
      utimesSync(join(dir, name), t, t);
      return name;
    });
    writeFileSync(join(dir, 'not-a-code-cache.bin'), 'y');
    expect((await runChild(installed, ['--version'], { env })).code).toBe(0);
    const left = readdirSync(dir).sort();
    const mine = codeCaches(env).filter((f) => !old.includes(f));
    expect(mine).toHaveLength(1);
    expect(left).toEqual([old[2], old[3], mine[0], 'not-a-code-cache.bin'].sort());
  });

  it('a bundle edited in place (same length, its last line kept) never runs from the cache of its old text', async () => {
    const env = home();
    const { bin, bundle } = copyInstalled();
    const first = await runChild(bin, ['--emulator', 'show_version'], { env });
    expect(first.stdout).toMatch(/^version: +26\.06-emulated$/m);
    expect(codeCaches(env)).toHaveLength(1);
    const text = readFileSync(bundle, 'latin1');
    const edited = text.replaceAll('26.06-emulated', '26.06-EMULATED');
    expect(edited).not.toBe(text);
    writeFileSync(bundle, edited, 'latin1');
    const r = await runChild(bin, ['--emulator', 'show_version'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^version: +26\.06-EMULATED$/m);
    expect(codeCaches(env)).toHaveLength(2);
  });

  it('a bundle edited to hold a character beyond ASCII is read as UTF-8, run after run, and without a code cache', async () => {
    const env = home();
    const { bin, bundle } = copyInstalled();
    const text = readFileSync(bundle, 'latin1');
    // 'é' as its two UTF-8 bytes: read as Latin-1 they would print as two other characters.
    const edited = text.replaceAll('26.06-emulated', '26.06-\xc3\xa9mulated');
    expect(edited).not.toBe(text);
    writeFileSync(bundle, edited, 'latin1');
    for (let i = 0; i < 2; i++) {
      const r = await runChild(bin, ['--emulator', 'show_version'], { env });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^version: +26\.06-émulated$/m);
      expect(codeCaches(env)).toEqual([]);
    }
  });

  it('a bundle without the build\'s SHA-1 line runs, and without a code cache', async () => {
    const env = home();
    const { bin, bundle } = copyInstalled();
    const text = readFileSync(bundle, 'latin1');
    const stripped = text.replace(/\n\/\/# vppapi-bundle-sha1 [0-9a-f]{40}\n$/, '\n');
    expect(stripped.length).toBeLessThan(text.length);
    writeFileSync(bundle, stripped, 'latin1');
    const r = await runChild(bin, ['--emulator', 'show_version'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^version: +26\.06-emulated$/m);
    expect(codeCaches(env)).toEqual([]);
  });

  it('the build writes the bundle\'s SHA-1 as its last line', () => {
    const bytes = readFileSync(installed.replace(/vppapi\.cjs$/, 'vppapi.bundle.cjs'));
    const m = /\n\/\/# vppapi-bundle-sha1 ([0-9a-f]{40})\n$/.exec(bytes.subarray(-80).toString('latin1'));
    expect(m).not.toBeNull();
    const body = bytes.subarray(0, bytes.length - m![0].length);
    expect(createHash('sha1').update(body).digest('hex')).toBe(m![1]);
  });

  it('the build writes the bundle as the module\'s function (compiled as read); a bundle without that form is wrapped, and both run from their code cache', async () => {
    const bundleText = readFileSync(installed.replace(/vppapi\.cjs$/, 'vppapi.bundle.cjs'), 'latin1');
    const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n';
    expect(bundleText.startsWith(WRAPPER)).toBe(true);
    expect(bundleText).toMatch(/\n\}\)\n\/\/# vppapi-bundle-sha1 [0-9a-f]{40}\n$/);
    const plain = copyInstalled();
    // The same code as a plain CommonJS file, as Module.wrap expects it.
    const unwrapped = bundleText.slice(WRAPPER.length).replace(/\n\}\)(\n\/\/# vppapi-bundle-sha1 [0-9a-f]{40}\n)$/, '$1');
    expect(unwrapped.length).toBe(bundleText.length - WRAPPER.length - 3);
    writeFileSync(plain.bundle, unwrapped, 'latin1');
    for (const bin of [installed, plain.bin]) {
      const env = home();
      const dir = join(env.XDG_CACHE_HOME!, 'vppapi');
      const stamps: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await runChild(bin, ['--emulator', 'show_version'], { env });
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect(r.stdout).toMatch(/^version: +26\.06-emulated$/m);
        const caches = codeCaches(env);
        expect(caches).toHaveLength(1);
        stamps.push(statSync(join(dir, caches[0]!)).mtimeMs);
      }
      // Written by the first run only: V8 took it on the next two (a refused cache is written again).
      expect(stamps[2]).toBe(stamps[1]);
      expect(stamps[1]).toBe(stamps[0]);
    }
  });

  it('a run under other Node options (NODE_OPTIONS) keeps a cache of its own: the plain runs\' cache is not written again', async () => {
    const env = home();
    const dir = join(env.XDG_CACHE_HOME!, 'vppapi');
    expect((await runChild(installed, ['--emulator', 'show_version'], { env })).code).toBe(0);
    const plain = codeCaches(env);
    expect(plain).toHaveLength(1);
    const stamp = statSync(join(dir, plain[0]!)).mtimeMs;
    const other = await runChild(installed, ['--emulator', 'show_version'], { env: { ...env, NODE_OPTIONS: '--max-semi-space-size=8' } });
    expect([other.code, other.stderr]).toEqual([0, '']);
    expect(other.stdout).toMatch(/^version: +26\.06-emulated$/m);
    expect(codeCaches(env)).toHaveLength(2);
    expect(codeCaches(env)).toEqual(expect.arrayContaining(plain));
    expect((await runChild(installed, ['--emulator', 'show_version'], { env })).code).toBe(0);
    expect(statSync(join(dir, plain[0]!)).mtimeMs).toBe(stamp);
  });

  it('exec keeps a code cache of its own: one written by another command does not stand for it', async () => {
    const env = home();
    expect((await runChild(installed, ['--version'], { env })).code).toBe(0);
    const first = codeCaches(env);
    expect(first).toHaveLength(1);
    const script = 'show_version\n';
    for (let i = 0; i < 2; i++) {
      const r = await runChild(installed, ['--emulator', 'exec', '-'], { env, stdin: script });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^version: +26\.06-emulated$/m);
      const now = codeCaches(env);
      expect(now).toHaveLength(2);
      expect(now).toEqual(expect.arrayContaining(first));
    }
    expect((await runChild(installed, ['--emulator', 'show_version'], { env })).code).toBe(0);
    expect(codeCaches(env)).toHaveLength(2);
  });

  it('a cache directory that cannot be made: every run works, says nothing of it, and leaves nothing', async () => {
    const h = tempDir('vppapi-bundle-home-');
    writeFileSync(join(h, 'cache'), 'a file where the cache directory would be');
    const env = { HOME: h, XDG_CACHE_HOME: join(h, 'cache'), NO_COLOR: '1' };
    for (let i = 0; i < 2; i++) {
      const v = await runChild(installed, ['--version'], { env });
      expect([v.code, v.stderr]).toEqual([0, '']);
      const r = await runChild(installed, ['--emulator', 'exec', '-'], { env, stdin: 'show_version\n' });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^version: +26\.06-emulated$/m);
    }
    expect(readdirSync(h)).toEqual(['cache']);
  });
});
