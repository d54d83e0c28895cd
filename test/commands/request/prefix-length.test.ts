/**
 * Every prefix-typed field needs its length: an address *with its prefix length* (an
 * interface address) and a prefix (a route's destination, a lookup, ip4_prefix,
 * ip6_prefix, a multicast group), IPv4 and IPv6. A bare address is refused naming the
 * field (exit 2, nothing sent), never sent as a /32 or /128 host the user did not write.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useCliEmulator } from '../../support/cli.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

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

  for (const [dest, host] of [['10.1.0.0', '10.1.0.0/32'], ['2001:db8::', '2001:db8::/128']]) {
    it(`a route destination ${dest} without a length: refused, saying how to write the host route`, async () => {
      const r = await cli('ip_route_add_del', '--is-add', '--route.prefix', dest, '--route.paths', 'via 10.0.0.2 local0');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--route.prefix: "${dest}" is not an IPv4 or IPv6 prefix such as 10.0.0.0/24 or 2001:db8::/32: the prefix length is missing: ${host} for this one address`);
      expect(fx.emu.requests().map((q) => q.name)).not.toContain('ip_route_add_del');
    });
  }

  it('ip_route_lookup --prefix, --args JSON alike', async () => {
    const r = await cli('ip_route_lookup', '--prefix', '10.1.0.1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--prefix: "10.1.0.1" is not an IPv4 or IPv6 prefix');
    const j = await cli('ip_route_lookup', '--args', '{"prefix":"2001:db8::1"}');
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('prefix: "2001:db8::1" is not an IPv4 or IPv6 prefix such as 10.0.0.0/24 or 2001:db8::/32: the prefix length is missing: 2001:db8::1/128');
    expect(fx.emu.requests().map((q) => q.name)).not.toContain('ip_route_lookup');
  });

  it('a destination with its length is taken as written', async () => {
    const r = await cli('ip_route_add_del', '--is-add', '--route.prefix', '10.1.0.1/32', '--route.paths', 'via 10.0.0.2 local0', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).route.prefix).toBe('10.1.0.1/32');
  });
});

describe.skipIf(!HAVE_SHARED)('the other prefix types of 26.06: ip4_prefix, ip6_prefix, ip4_address_with_prefix, mprefix', () => {
  const defs = (...argv: string[]) => cli('--api-dir', API_26_06, ...argv, '--dry-run');
  it.each([
    [['map_add_domain', '--ip4-prefix', '10.0.0.0', '--ip6-prefix', '2001:db8::/32', '--ip6-src', '2001:db8::1/128'], '--ip4-prefix: "10.0.0.0" is not an IPv4 prefix such as 10.0.0.0/24: the prefix length is missing: 10.0.0.0/32 for this one address, or the network\'s length (/24, /16, ...)'],
    [['map_add_domain', '--ip4-prefix', '10.0.0.0/24', '--ip6-prefix', '2001:db8::', '--ip6-src', '2001:db8::1/128'], '--ip6-prefix: "2001:db8::" is not an IPv6 prefix such as 2001:db8::/32: the prefix length is missing: 2001:db8::/128 for this one address, or the network\'s length (/64, /48, ...)'],
    [['tap_create_v3', '--host-ip4-prefix', '10.0.0.1'], '--host-ip4-prefix: "10.0.0.1" is not an IPv4 address with its prefix length such as 10.0.0.1/24: the prefix length is missing'],
    [['ip_mroute_add_del', '--route.prefix', '232.1.1.1'], '--route.prefix: "232.1.1.1" is not a multicast prefix such as 232.1.1.0/24 (any source) or 10.0.0.1,232.1.1.1/32: the prefix length is missing: 232.1.1.1/32'],
  ])('%j', async (argv, said) => {
    const r = await defs(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(said);
  });
});
