/**
 * A boolean flag takes a boolean word after it as its value (`--is-add false`), as users
 * expect; alone it still means true. On the command line, in --dry-run, and on script
 * lines (which take the cached reader from the second line on).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;

describe('--flag true|false|yes|no|on|off|1|0 after a boolean flag', () => {
  const CASES: [string, boolean][] = [['true', true], ['false', false], ['yes', true], ['no', false], ['1', true], ['0', false], ['FALSE', false], ['on', true], ['off', false]];
  for (const [word, want] of CASES) {
    it(`--is-add ${word} is ${want}`, async () => {
      const r = await cli('sw_interface_add_del_address', '--sw-if-index', '0', '--is-add', word, '--prefix', '10.0.0.1/24', '--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ is_add: want, sw_if_index: 0 });
    });
  }

  it('alone, or before another flag, it is still true; a word that is no boolean is still refused', async () => {
    const r = await cli('sw_interface_add_del_address', '--is-add', '--sw-if-index', '0', '--prefix', '10.0.0.1/24', '--dry-run');
    expect(JSON.parse(r.stdout)).toMatchObject({ is_add: true });
    const bad = await cli('sw_interface_add_del_address', '--is-add', 'maybe', '--sw-if-index', '0', '--prefix', '10.0.0.1/24', '--dry-run');
    expect(bad.code).toBe(2);
  });

  it('on script lines: the words are read the same on every line', async () => {
    const file = join(tempDir(), 'bools.vpp');
    writeFileSync(file, [
      'sw_interface_add_del_address --sw-if-index 0 --is-add true --prefix 10.61.0.1/24',
      'sw_interface_add_del_address --sw-if-index 0 --is-add yes --prefix 10.62.0.1/24',
      'sw_interface_add_del_address --sw-if-index 0 --is-add false --prefix 10.61.0.1/24',
      'sw_interface_add_del_address --sw-if-index 0 --is-add 0 --prefix 10.62.0.1/24',
      'sw_interface_add_del_address --sw-if-index 0 --is-add 1 --prefix 10.63.0.1/24',
      'ip_address_dump --sw-if-index 0 --json',
    ].join('\n'));
    const r = await cli('exec', file);
    expect(r.code, r.stderr).toBe(0);
    const adds = fx.emu.requests().filter((q) => q.name === 'sw_interface_add_del_address').map((q) => q.msg.is_add);
    expect(adds.slice(-5)).toEqual([true, true, false, false, true]);
    expect(r.stdout).toContain('10.63.0.1/24');
    expect(r.stdout).not.toMatch(/10\.6[12]\.0\.1/);
  });
});
