/**
 * List elements given by index must start at [0] and have no gaps: an element nobody
 * wrote is never sent as zeros. Exit 2, naming the missing index, nothing sent; in a
 * script too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;
beforeEach(() => fx.emu.emu.clearReceived());
const sentNames = () => fx.emu.requests().map((r) => r.name).filter((n) => n !== 'get_api_json' && n !== 'show_version');

const CASES: [string, string[], RegExp][] = [
  ['a path at [1] alone', ['ip_route_add_del', '--is-add', '--route.prefix', '10.77.0.0/16', '--route.paths[1].sw-if-index', '1'], /--route\.paths\[0\] is missing: --route\.paths\[1\] was given/],
  ['paths [0] and [2]', ['ip_route_add_del', '--is-add', '--route.prefix', '10.77.0.0/16', '--route.paths[0].sw-if-index', '0', '--route.paths[2].sw-if-index', '0'], /--route\.paths\[1\] is missing: --route\.paths\[2\] was given/],
  ['an element of a fixed array', ['sw_interface_set_mtu', '--sw-if-index', '0', '--mtu[2]', '1400'], /--mtu\[0\] is missing: --mtu\[2\] was given/],
  ['after a list given as JSON', ['ip_route_add_del', '--is-add', '--route', '{"prefix":"10.78.0.0/16","paths":[{"sw_if_index":0}]}', '--route.paths[2].sw-if-index', '0'], /--route\.paths\[1\] is missing: --route\.paths\[2\] was given/],
];

describe('gaps in list indexes: refused, nothing sent', () => {
  for (const [name, argv, said] of CASES) {
    it(name, async () => {
      for (const extra of [[], ['--dry-run']]) {
        const r = await cli(...argv, ...extra);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(said);
        expect(r.stdout).toBe('');
      }
      expect(sentNames()).toEqual([]);
    });
  }

  it('elements in any order without a gap are taken', async () => {
    const r = await cli('ip_route_add_del', '--is-add', '--route.prefix', '10.79.0.0/16', '--route.paths[1].sw-if-index', '0', '--route.paths[0].sw-if-index', '0', '--route.paths[0].nh.address.ip4', '10.0.0.1', '--route.paths[1].nh.address.ip4', '10.0.0.2', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).route.paths).toHaveLength(2);
  });

  it('in a script: the line is refused, the script stops before sending it', async () => {
    const file = join(tempDir(), 'gap.vpp');
    writeFileSync(file, 'show_version\nip_route_add_del --is-add --route.prefix 10.80.0.0/16 --route.paths[1].sw-if-index 0\ncontrol_ping\n');
    const r = await cli('exec', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--route\.paths\[0\] is missing/);
    expect(sentNames()).not.toContain('ip_route_add_del');
  });
});
