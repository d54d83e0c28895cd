/**
 * An address *with its prefix length* (an interface address) needs the length: a bare
 * address is refused naming the field, never sent as a /32 host. A route's `prefix`
 * (a destination) still reads a bare address as the host route, as VPP's CLI does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;
beforeEach(() => fx.emu.emu.clearReceived());

describe('a bare address where a prefix length is needed', () => {
  for (const addr of ['10.0.0.1', '2001:db8::1']) {
    it(`sw_interface_add_del_address --prefix ${addr}: exit 2, naming the field, nothing sent`, async () => {
      const r = await cli('sw_interface_add_del_address', '--sw-if-index', '0', '--is-add', '--prefix', addr);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--prefix: "${addr}" is not an address with its prefix length .*: the prefix length is missing`));
      expect(fx.emu.requests().map((q) => q.name)).not.toContain('sw_interface_add_del_address');
    });
  }

  it('with the length it is taken', async () => {
    const r = await cli('sw_interface_add_del_address', '--sw-if-index', '0', '--is-add', '--prefix', '10.0.0.1/24', '--dry-run');
    expect(JSON.parse(r.stdout)).toMatchObject({ prefix: '10.0.0.1/24' });
  });

  it('a route destination without a length is the host route', async () => {
    const r = await cli('ip_route_add_del', '--is-add', '--route.prefix', '10.0.0.1', '--route.paths', 'via 10.0.0.2 local0', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).route.prefix).toBe('10.0.0.1/32');
  });
});
