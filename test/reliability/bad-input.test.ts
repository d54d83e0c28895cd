/**
 * Bad input from users, across every kind of value: each case exits 2 with one clear
 * error line naming the field (as the flag or JSON key typed) and the value, and nothing
 * reaches the socket: the emulator, serving the same definitions, sees no connection at
 * all (its received log stays empty, the handshake included).
 *
 * Definitions: the built-in set plus the test fixtures (fx_msgs: `all_bases` is a request
 * with one field of every base type).
 */
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { EXIT } from '../../src/commands/runtime/exit-codes.js';
import { builtinSources, run, useCliEmulator } from '../support/cli.js';
import { FIXTURE_MODULES, fixtureSources } from '../support/fixtures/index.js';

const fx = useCliEmulator({
  modules: () => [...builtinModules(), ...FIXTURE_MODULES.map((m) => structuredClone(m))],
  sources: () => [...builtinSources(), ...fixtureSources()],
  clearEachTest: false,
});

/** [kind, argv after the socket and definitions, the field as named in the error, the value as shown]. */
type Case = [string, string[], string, string];

const X64 = 'x'.repeat(64);
const cases: Case[] = [
  // Unsigned integers: out of range, negative, fractions, not numbers.
  ['u8', ['all_bases', '--f-u8', '256'], '--f-u8', '"256"'],
  ['u8', ['all_bases', '--f-u8', '-1'], '--f-u8', '"-1"'],
  ['u8', ['all_bases', '--f-u8', '0x1ff'], '--f-u8', '"0x1ff"'],
  ['u16', ['all_bases', '--f-u16', '65536'], '--f-u16', '"65536"'],
  ['u16', ['hw_interface_set_mtu', '--sw-if-index', '1', '--mtu', '70000'], '--mtu', '"70000"'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', '-1'], '--sw-if-index', '"-1"'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', '4294967296'], '--sw-if-index', '"4294967296"'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', '1.5'], '--sw-if-index', '"1.5"'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', 'eth0'], '--sw-if-index', '"eth0"'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', ''], '--sw-if-index', '""'],
  ['u32', ['sw_interface_set_flags', '--sw-if-index', '12abc'], '--sw-if-index', '"12abc"'],
  ['u64', ['all_bases', '--f-u64', '18446744073709551616'], '--f-u64', '"18446744073709551616"'],
  ['u64', ['all_bases', '--f-u64', '-1'], '--f-u64', '"-1"'],
  // Signed integers: one past each end.
  ['i8', ['all_bases', '--f-i8', '128'], '--f-i8', '"128"'],
  ['i8', ['all_bases', '--f-i8', '-129'], '--f-i8', '"-129"'],
  ['i16', ['all_bases', '--f-i16', '32768'], '--f-i16', '"32768"'],
  ['i16', ['all_bases', '--f-i16', '-32769'], '--f-i16', '"-32769"'],
  ['i32', ['all_bases', '--f-i32', '2147483648'], '--f-i32', '"2147483648"'],
  ['i32', ['all_bases', '--f-i32', '-2147483649'], '--f-i32', '"-2147483649"'],
  ['i64', ['all_bases', '--f-i64', '9223372036854775808'], '--f-i64', '"9223372036854775808"'],
  ['i64', ['all_bases', '--f-i64', '-9223372036854775809'], '--f-i64', '"-9223372036854775809"'],
  // Floats and booleans.
  ['f64', ['all_bases', '--f-f64', 'abc'], '--f-f64', '"abc"'],
  ['f64', ['all_bases', '--f-f64', '1.2.3'], '--f-f64', '"1.2.3"'],
  ['f64', ['get_f64_increment_by_one', '--f64-value', '12km'], '--f64-value', '"12km"'],
  ['f64', ['get_f64_increment_by_one', '--f64-value', '1e999'], '--f64-value', '"1e999"'],
  ['f64', ['get_f64_increment_by_one', '--f64-value', 'constructor'], '--f64-value', '"constructor"'],
  ['f64', ['get_f64_increment_by_one', '--f64-value', '__proto__'], '--f64-value', '"__proto__"'],
  ['bool', ['all_bases', '--f-bool=maybe'], '--f-bool', '"maybe"'],
  ['bool', ['sw_interface_set_promisc', '--promisc-on=2'], '--promisc-on', '"2"'],
  // Strings: too long for string[N], a NUL inside.
  ['string[64]', ['sw_interface_tag_add_del', '--tag', X64], '--tag', `"${X64.slice(0, 20)}`],
  ['string[64]', ['sw_interface_set_interface_name', '--name', 'é'.repeat(32)], '--name', '"éé'],
  ['string[64]', ['get_node_index', '--node-name', 'a\u0000b'], '--node-name', '"a\\u0000b"'],
  // Enums and flags.
  ['enum', ['sw_interface_set_rx_mode', '--mode', 'TURBO'], '--mode', '"TURBO"'],
  ['enum', ['ip_reassembly_set', '--type', 'PARTIAL'], '--type', '"PARTIAL"'],
  ['enum u8', ['set_ip_flow_hash_v2', '--af', 'ADDRESS_IP5'], '--af', '"ADDRESS_IP5"'],
  ['enum u8', ['set_ip_flow_hash_v2', '--af', '256'], '--af', '"256"'],
  ['enumflags', ['sw_interface_set_flags', '--flags', 'admin_down'], '--flags', '"admin_down"'],
  ['enumflags', ['sw_interface_set_flags', '--flags', 'ADMIN_UP|BOGUS'], '--flags', 'BOGUS'],
  ['enumflags', ['sw_interface_set_flags', '--flags', '4294967296'], '--flags', '"4294967296"'],
  ['enum in a list element', ['ip_route_add_del', '--route.paths[0].type', 'teleport'], '--route.paths[0].type', '"teleport"'],
  // Addresses, prefixes, MACs.
  ['ip6_address', ['sw_interface_ip6_set_link_local_address', '--ip', '1.2.3.4'], '--ip', '"1.2.3.4"'],
  ['ip6_address', ['sw_interface_ip6_set_link_local_address', '--ip', '2001:db8::zz'], '--ip', '"2001:db8::zz"'],
  ['ip6_address', ['sw_interface_ip6_set_link_local_address', '--ip', 'fe80::1::2'], '--ip', '"fe80::1::2"'],
  ['prefix', ['ip_route_lookup', '--prefix', '10.0.0.0/33'], '--prefix', '"10.0.0.0/33"'],
  ['prefix', ['ip_route_lookup', '--prefix', '2001:db8::/129'], '--prefix', '"2001:db8::/129"'],
  ['prefix', ['ip_route_lookup', '--prefix', '300.0.0.1/24'], '--prefix', '"300.0.0.1/24"'],
  ['prefix', ['ip_route_lookup', '--prefix', '10.0.0.0/-1'], '--prefix', '"10.0.0.0/-1"'],
  ['prefix', ['ip_route_lookup', '--prefix', '/24'], '--prefix', '"/24"'],
  ['prefix', ['ip_route_lookup', '--prefix', '010.0.0.1/8'], '--prefix', '"010.0.0.1/8"'],
  ['prefix', ['ip_route_lookup', '--prefix', '10.0.0.0/abc'], '--prefix', '"10.0.0.0/abc"'],
  ['address_with_prefix', ['sw_interface_add_del_address', '--prefix', 'fe80::1/200'], '--prefix', '"fe80::1/200"'],
  ['prefix in a struct', ['ip_route_add_del', '--route.prefix', '10.1.2.3.4/8'], '--route.prefix', '"10.1.2.3.4/8"'],
  ['address in a list element', ['ip_route_add_del', '--route.paths[0].nh.address', '1.2.3'], '--route.paths[0].nh.address', '"1.2.3"'],
  ['mac_address', ['create_loopback', '--mac-address', 'aa:bb:cc'], '--mac-address', '"aa:bb:cc"'],
  ['mac_address', ['create_loopback', '--mac-address', 'aa:bb:cc:dd:ee:gg'], '--mac-address', '"aa:bb:cc:dd:ee:gg"'],
  ['mac_address', ['create_loopback', '--mac-address', 'aa:bb:cc:dd:ee:ff:00'], '--mac-address', '"aa:bb:cc:dd:ee:ff:00"'],
  // Lists: fixed lengths, elements, indexes, counted arrays and raw bytes.
  ['u32[4]', ['sw_interface_set_mtu', '--sw-if-index', '1', '--mtu', '1,2,3'], '--mtu', '3'],
  ['u32[4]', ['sw_interface_set_mtu', '--sw-if-index', '1', '--mtu', '1,2,3,4,5'], '--mtu', '5'],
  ['u32[4] element', ['sw_interface_set_mtu', '--mtu', '1,2,x,4'], '--mtu', '"x"'],
  ['u16[32]', ['ip_source_and_port_range_check_add_del', '--low-ports', '80'], '--low-ports', '1'],
  ['list index', ['sw_interface_set_mtu', '--mtu[9]', '1'], '--mtu[9]', '9'],
  ['counted u32[]', ['sw_interface_set_tx_placement', '--threads', '1,-2'], '--threads', '"-2"'],
  ['counted u8[] (bytes)', ['rpc_call', '--data', '0xzz'], '--data', '"0xzz"'],
  ['counted u64[]', ['sock_init_shm', '--configs', '18446744073709551616'], '--configs', '"18446744073709551616"'],
  ['count field', ['ip_route_add_del', '--route.n-paths', '2'], '--route.n-paths', 'counted for you'],
  // Structs and unions given as JSON on a flag.
  ['struct JSON', ['ip_route_add_del', '--route', '{"bogus": 1}'], 'bogus', 'route'],
  ['struct JSON', ['ip_route_add_del', '--route', '{"table_id": -5}'], '--route.table-id', '-5'],
  ['struct JSON', ['ip_route_add_del', '--route', '{"table_id": 1'], '--route', 'not valid JSON'],
  // --args: malformed JSON and wrong shapes.
  ['--args', ['sw_interface_set_flags', '--args', '{'], '--args', 'not valid JSON'],
  ['--args', ['sw_interface_set_flags', '--args', '{"sw_if_index": 1,}'], '--args', 'not valid JSON'],
  ['--args', ['sw_interface_set_flags', '--args', '[1, 2]'], '--args', 'not an array ([1,2])'],
  ['--args', ['sw_interface_set_flags', '--args', '"sw_if_index"'], '--args', 'not a string ("sw_if_index")'],
  ['--args', ['sw_interface_set_flags', '--args', 'null'], '--args', 'not null'],
  ['--args', ['sw_interface_set_flags', '--args', '42'], '--args', 'not a number (42)'],
  ['--args', ['sw_interface_set_flags', '--args', '{"sw_if_index": "one"}'], 'sw_if_index', '"one"'],
  ['--args', ['sw_interface_set_flags', '--args', '{"sw_if_index": -1}'], 'sw_if_index', '-1'],
  ['--args', ['sw_interface_set_flags', '--args', '{"sw_if_index": 1e20}'], 'sw_if_index', '100000000000000000000'],
  ['--args', ['sw_interface_set_flags', '--args', '{"sw_if_index": 1.5}'], 'sw_if_index', '1.5'],
  ['--args', ['sw_interface_set_flags', '--args', '{"flags": ["ADMIN_UP", "NOPE"]}'], 'flags', 'NOPE'],
  ['--args', ['sw_interface_set_flags', '--args', '{"swifindex": 1}'], '--args', '"swifindex"'],
  ['--args', ['sw_interface_tag_add_del', '--args', `{"tag": "${X64}"}`], 'tag', X64.slice(0, 20)],
  ['--args', ['sw_interface_add_del_address', '--args', '{"prefix": "10.0.0.1/40"}'], 'prefix', '10.0.0.1/40'],
  ['--args', ['sw_interface_set_mtu', '--args', '{"mtu": [1, 2]}'], 'mtu', '2'],
  ['--args', ['sw_interface_set_flags', '--args', '{"__proto__": {"sw_if_index": 1}}'], '--args', '__proto__'],
  ['--args', ['sw_interface_set_flags', '--args', '@/nonexistent/args.json'], '--args', '/nonexistent/args.json'],
  // Flags themselves.
  ['unknown flag', ['sw_interface_set_flags', '--sw-if-idx', '1'], '--sw-if-idx', 'did you mean --sw-if-index'],
  ['unknown flag', ['show_version', '--verbose'], '--verbose', 'unknown flag'],
  ['unknown nested flag', ['ip_route_add_del', '--route.prefx', '10.0.0.0/8'], '--route.prefx', 'did you mean --route.prefix'],
  ['missing value', ['sw_interface_set_flags', '--sw-if-index'], '--sw-if-index', 'needs a value'],
  ['given twice', ['sw_interface_set_flags', '--sw-if-index', '1', '--sw_if_index', '2'], '--sw-if-index', 'given twice'],
  ['stray word', ['sw_interface_set_flags', 'up'], 'sw_interface_set_flags', '"up"'],
  ['--no- on a value', ['sw_interface_tag_add_del', '--no-tag'], '--no-tag', 'unknown flag'],
  ['value on --no-', ['sw_interface_add_del_address', '--no-is-add=1'], '--no-is-add', 'takes no value'],
  ['bad --timeout', ['--timeout', 'soon', 'show_version'], '--timeout', '"soon"'],
  ['unknown global option', ['--sokcet', '/x', 'show_version'], '--sokcet', 'unknown option'],
  ['unknown message', ['sw_interface_dumpp'], 'sw_interface_dumpp', 'did you mean sw_interface_dump'],
];

describe(`bad input: ${cases.length} cases, each exit 2 with a message naming field and value, nothing sent`, () => {
  it('covers at least 60 cases and every kind of value', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(cases.map((c) => c[0].split(' ')[0]));
    for (const k of ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'f64', 'bool', 'string[64]', 'enum', 'enumflags',
      'ip6_address', 'prefix', 'address_with_prefix', 'mac_address', 'u32[4]', 'counted', 'struct', '--args', 'unknown']) {
      expect(kinds, k).toContain(k);
    }
  });

  for (const [kind, argv, field, value] of cases) {
    it(`${kind}: ${argv.join(' ').slice(0, 70)}`, async () => {
      fx.emu.emu.clearReceived();
      const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, ...argv]);
      expect(r.code, r.stderr).toBe(EXIT.USAGE);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n');
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).not.toMatch(/internal error/);
      expect(lines[0]).toContain(field);
      expect(lines[0]).toContain(value);
      expect(fx.emu.emu.received).toEqual([]);
      expect(fx.emu.emu.clients).toBe(0);
    });
  }
});
