/**
 * `vppapi/values`: addresses, prefixes and MACs from text and back, as the package
 * exports them (through package.json, from the built dist/), and loading no CLI package.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/typecheck.js';

type Values = typeof import('../../../src/format/values/public.js');
const load = (): Promise<Values> => import(`${REPO}/dist/src/format/values/public.js`) as Promise<Values>;

describe('vppapi/values', () => {
  it('reads addresses into ip_types forms (af 0 = IPv4, 1 = IPv6) and prints them back', async () => {
    const v = await load();
    expect(v.address('10.0.0.1')).toEqual({ af: 0, un: { ip4: new Uint8Array([10, 0, 0, 1]) } });
    const six = v.address('2001:DB8:0:0::1');
    expect(six.af).toBe(1);
    expect([...(six.un as { ip6: Uint8Array }).ip6]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(v.addressText(six)).toBe('2001:db8::1');
    // A decoded address: every member of the union present, af decides.
    expect(v.addressText({ af: 0, un: { ip4: new Uint8Array([192, 168, 1, 2]), ip6: new Uint8Array(16) } })).toBe('192.168.1.2');
  });

  it('reads prefixes (host bits kept, a bare address is a host prefix) and prints them back', async () => {
    const v = await load();
    expect(v.prefix('10.0.0.1/24')).toEqual({ address: { af: 0, un: { ip4: new Uint8Array([10, 0, 0, 1]) } }, len: 24 });
    expect(v.prefix('10.0.0.1').len).toBe(32);
    expect(v.prefixText(v.prefix('2001:db8::/32'))).toBe('2001:db8::/32');
    expect(v.ip4Prefix('10.1.0.0/16')).toEqual({ address: new Uint8Array([10, 1, 0, 0]), len: 16 });
    expect(v.ip6PrefixText(v.ip6Prefix('fe80::/10'))).toBe('fe80::/10');
    expect(v.ip4PrefixText({ address: new Uint8Array([1, 2, 3, 0]), len: 24 })).toBe('1.2.3.0/24');
  });

  it('reads MACs in colon, dash and dotted form into 6 bytes and prints colon form', async () => {
    const v = await load();
    const want = [0xaa, 0xbb, 0xcc, 0x01, 0x02, 0x03];
    for (const t of ['aa:bb:cc:01:02:03', 'AA-BB-CC-01-02-03', 'aabb.cc01.0203', 'aa:bb:cc:1:2:3']) expect([...v.mac(t)], t).toEqual(want);
    expect(v.macText(new Uint8Array(want))).toBe('aa:bb:cc:01:02:03');
    expect(v.ip4Text(v.ip4('172.16.0.9'))).toBe('172.16.0.9');
    expect(v.ip6Text(v.ip6('::ffff:1.2.3.4'))).toBe('::ffff:1.2.3.4');
  });

  it('refuses bad text with an error naming the text and what was expected', async () => {
    const v = await load();
    const cases: [() => unknown, string, RegExp][] = [
      [() => v.address('10.0.0.256'), '10.0.0.256', /IPv4 or IPv6 address/],
      [() => v.prefix('10.0.0.1/33'), '10.0.0.1/33', /prefix length must be 0..32/],
      [() => v.ip4Prefix('2001:db8::/32'), '2001:db8::/32', /IPv4 prefix/],
      [() => v.mac('aa:bb:cc:dd:ee'), 'aa:bb:cc:dd:ee', /MAC address/],
      [() => v.ip6('1.2.3.4'), '1.2.3.4', /IPv6 address/],
      [() => v.macText(new Uint8Array(5)), '', /6 bytes/],
      [() => v.addressText({ af: 7, un: {} }), '', /af 0/],
    ];
    for (const [f, text, why] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, text).toMatchObject({ name: 'FormatError', code: 'EINPUT' });
      expect((err as Error).message).toContain(text);
      expect((err as Error).message).toMatch(why);
    }
  });

  it('loads neither chalk nor commander (a resolve hook refuses them)', () => {
    const hook = `export async function resolve(s, c, next) { if (/^(chalk|commander)($|\\/)/.test(s)) throw new Error('loaded ' + s); return next(s, c); }`;
    const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const v = await import('vppapi/values');
console.log(v.addressText(v.address('2001:db8::7')), v.macText(v.mac('aa:bb:cc:dd:ee:ff')));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2001:db8::7 aa:bb:cc:dd:ee:ff');
    // The hook does refuse: the main entry point of the CLI does load commander.
    const neg = spawnSync(process.execPath, ['--input-type=module', '-e', script.replace("import('vppapi/values')", "import('./dist/src/commands/program.js')")], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect(neg.stderr).toContain('loaded commander');
  });
});
