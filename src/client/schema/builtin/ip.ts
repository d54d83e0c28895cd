/**
 * ip 3.2.0 (VPP 26.06), complete apart from its stats-segment counters: tables, unicast
 * and multicast routes, addresses, flow hash, punt redirects, reassembly, path MTU.
 * Shared types come from ip_types, fib_types, mfib_types and interface_types.
 */
import type { RawModule } from '../raw.js';
import {
  ModuleBuilder, NO_ARGS, bits, bool, details, fixed, ref, reply, seq, str, swIf, u16, u32, u8, vla,
} from './dsl.js';

const isAdd = () => bool('is_add', { default: 'true' });
const table = () => ref('ip_table', 'table');
/** Replies of the route add/del calls: the route's stats index (CRC 0x1992deab). */
const statsIndex = (o?: { inProgress: true }) => reply(0x1992deab, [u32('stats_index')], o);
const IN_PROGRESS = { inProgress: true } as const;

/** A fresh copy of the ip definitions. */
export function ipModule(): RawModule {
  return new ModuleBuilder('ip', '3.2.0', 0xc55aec44, [
    'vnet/interface_types.api', 'vnet/fib/fib_types.api', 'vnet/ip/ip_types.api',
    'vnet/ethernet/ethernet_types.api', 'vnet/mfib/mfib_types.api',
  ])
    .enum('ip_reass_type', 'u32', seq('IP_REASS_TYPE_', ['FULL', 'SHALLOW_VIRTUAL']))
    .enumflags('ip_flow_hash_config', 'u32', bits('IP_API_FLOW_HASH_', [
      'SRC_IP', 'DST_IP', 'SRC_PORT', 'DST_PORT', 'PROTO', 'REVERSE', 'SYMETRIC', 'FLOW_LABEL',
    ]))
    .enumflags('ip_flow_hash_config_v2', 'u32', bits('IP_API_V2_FLOW_HASH_', [
      'SRC_IP', 'DST_IP', 'SRC_PORT', 'DST_PORT', 'PROTO', 'REVERSE', 'SYMETRIC', 'FLOW_LABEL', 'GTPV1_TEID',
    ]))
    .type('ip_table', [u32('table_id'), bool('is_ip6'), str('name', 64)])
    .type('ip_route', [
      u32('table_id'), u32('stats_index'), ref('prefix', 'prefix'), u8('n_paths'), vla('fib_path', 'paths', 'n_paths'),
    ])
    .type('ip_route_v2', [
      u32('table_id'), u32('stats_index'), ref('prefix', 'prefix'), u8('n_paths'), u8('src'),
      vla('fib_path', 'paths', 'n_paths'),
    ])
    .type('ip_mroute', [
      u32('table_id'), ref('mfib_entry_flags', 'entry_flags'), u32('rpf_id'), ref('mprefix', 'prefix'),
      u8('n_paths'), vla('mfib_path', 'paths', 'n_paths'),
    ])
    .type('punt_redirect', [swIf('rx_sw_if_index'), swIf('tx_sw_if_index'), ref('address', 'nh')])
    .type('punt_redirect_v2', [
      swIf('rx_sw_if_index', { default: 4294967295 }), ref('address_family', 'af'), u32('n_paths'),
      vla('fib_path', 'paths', 'n_paths'),
    ])
    // A type that carries request header fields of its own: they are ordinary body bytes here.
    .type('ip_path_mtu', [u32('client_index'), u32('context'), u32('table_id'), ref('address', 'nh'), u16('path_mtu')])

    // Tables
    .call('ip_table_add_del', 0x0ffdaec0, [isAdd(), table()])
    .call('ip_table_add_del_v2', 0x14e5081f, [table(), bool('create_mfib', { default: 'true' }), isAdd()])
    .call('ip_table_allocate', 0xb9d2e09e, [table()], reply(0x1728303a, [table()]))
    .dump('ip_table_dump', NO_ARGS, [], details('ip_table_details', 0xc79fca0f, [table()]))
    .call('ip_table_replace_begin', 0xb9d2e09e, [table()])
    .call('ip_table_replace_end', 0xb9d2e09e, [table()])
    .call('ip_table_flush', 0xb9d2e09e, [table()])

    // Unicast routes
    .call('ip_route_add_del', 0xb8ecfe0d, [isAdd(), bool('is_multipath'), ref('ip_route', 'route')], statsIndex(), {
      doc: 'Add or delete a route; n_paths counts the fib_path entries that follow.',
    })
    .call('ip_route_add_del_v2', 0x521ef330, [isAdd(), bool('is_multipath'), ref('ip_route_v2', 'route')],
      statsIndex(IN_PROGRESS), IN_PROGRESS)
    .dump('ip_route_dump', 0xb9d2e09e, [table()], details('ip_route_details', 0xbda8f315, [ref('ip_route', 'route')]))
    .dump('ip_route_v2_dump', 0xd16f72e6, [u8('src'), table()],
      details('ip_route_v2_details', 0xb09aa6c0, [ref('ip_route_v2', 'route')], IN_PROGRESS), IN_PROGRESS)
    .call('ip_route_lookup', 0x710d6471, [u32('table_id'), u8('exact'), ref('prefix', 'prefix')],
      reply(0x5d8febcb, [ref('ip_route', 'route')]))
    .call('ip_route_lookup_v2', 0x710d6471, [u32('table_id'), u8('exact'), ref('prefix', 'prefix')],
      reply(0x84cc9e03, [ref('ip_route_v2', 'route')], IN_PROGRESS), IN_PROGRESS)

    // Flow hash
    .call('set_ip_flow_hash', 0x084ee09e, [
      u32('vrf_id'), bool('is_ipv6'), bool('src'), bool('dst'), bool('sport'), bool('dport'), bool('proto'),
      bool('reverse'), bool('symmetric'),
    ], undefined, { deprecated: true })
    .call('set_ip_flow_hash_v2', 0x6d132100, [
      u32('table_id'), ref('address_family', 'af'), ref('ip_flow_hash_config', 'flow_hash_config'),
    ])
    .call('set_ip_flow_hash_v3', 0xb7876e07, [
      u32('table_id'), ref('address_family', 'af'), ref('ip_flow_hash_config_v2', 'flow_hash_config'),
    ], undefined, { status: 'in_progress' })
    .call('set_ip_flow_hash_router_id', 0x03e4f48e, [u32('router_id')])

    .call('sw_interface_ip6_enable_disable', 0xae6cfcfb, [swIf(), bool('enable')])
    .call('sw_interface_ip4_enable_disable', 0xae6cfcfb, [swIf(), bool('enable')])

    // Multicast
    .dump('ip_mtable_dump', NO_ARGS, [], details('ip_mtable_details', 0xb9d2e09e, [table()], { header: 'request' }))
    .call('ip_mroute_add_del', 0x0dd7e790, [isAdd(), bool('is_multipath'), ref('ip_mroute', 'route')], statsIndex())
    .dump('ip_mroute_dump', 0xb9d2e09e, [table()],
      details('ip_mroute_details', 0xc5cb23fc, [ref('ip_mroute', 'route')]))

    // Addresses and interfaces
    .dump('ip_address_dump', 0x2d033de4, [swIf(), bool('is_ipv6')],
      details('ip_address_details', 0xee29b797, [swIf(), ref('address_with_prefix', 'prefix')]))
    .dump('ip_unnumbered_dump', 0xf9e6675e, [swIf('sw_if_index', { default: 4294967295 })],
      details('ip_unnumbered_details', 0xcc59bd42, [swIf(), swIf('ip_sw_if_index')]))
    .dump('ip_dump', 0x98d231ca, [bool('is_ipv6')], details('ip_details', 0xeb152d07, [swIf(), bool('is_ipv6')]))
    .dump('mfib_signal_dump', NO_ARGS, [], details('mfib_signal_details', 0x6f4a4cfb, [
      swIf(), u32('table_id'), ref('mprefix', 'prefix'), u16('ip_packet_len'), fixed('u8', 'ip_packet_data', 256),
    ]))

    // Punt redirects
    .call('ip_punt_redirect', 0x6580f635, [ref('punt_redirect', 'punt'), isAdd()], undefined, { deprecated: true })
    .dump('ip_punt_redirect_dump', 0x2d033de4, [swIf(), bool('is_ipv6')],
      details('ip_punt_redirect_details', 0x2cef63e7, [ref('punt_redirect', 'punt')], { deprecated: true }),
      { deprecated: true })
    .call('add_del_ip_punt_redirect_v2', 0x9e804227, [isAdd(), ref('punt_redirect_v2', 'punt')])
    .dump('ip_punt_redirect_v2_dump', 0xd817a484, [swIf(), ref('address_family', 'af')],
      details('ip_punt_redirect_v2_details', 0x7ba42e1d, [ref('punt_redirect_v2', 'punt')]))

    .call('ip_container_proxy_add_del', 0x7df1dff1, [ref('prefix', 'pfx'), swIf(), isAdd()])
    .dump('ip_container_proxy_dump', NO_ARGS, [],
      details('ip_container_proxy_details', 0xa8085523, [swIf(), ref('prefix', 'prefix')]))
    .call('ip_source_and_port_range_check_add_del', 0x92a067e3, [
      isAdd(), ref('prefix', 'prefix'), u8('number_of_ranges'), fixed('u16', 'low_ports', 32),
      fixed('u16', 'high_ports', 32), u32('vrf_id'),
    ])
    .call('ip_source_and_port_range_check_interface_add_del', 0xe1ba8987, [
      isAdd(), swIf(), u32('tcp_in_vrf_id'), u32('tcp_out_vrf_id'), u32('udp_in_vrf_id'), u32('udp_out_vrf_id'),
    ])
    .call('sw_interface_ip6_set_link_local_address', 0x1c10f15f, [swIf(), ref('ip6_address', 'ip')])
    .call('sw_interface_ip6_get_link_local_address', 0xf9e6675e, [swIf()],
      reply(0xd16b7130, [ref('ip6_address', 'ip')]))
    .call('ioam_enable', 0x51ccd868, [
      u16('id'), bool('seqno'), bool('analyse'), bool('pot_enable'), bool('trace_enable'), u32('node_id'),
    ])
    .call('ioam_disable', 0x6b16a45e, [u16('id')])

    // Reassembly
    .call('ip_reassembly_set', 0x16467d25, [
      u32('timeout_ms'), u32('max_reassemblies'), u32('max_reassembly_length'), u32('expire_walk_interval_ms'),
      bool('is_ip6'), ref('ip_reass_type', 'type'),
    ])
    .call('ip_reassembly_get', 0xea13ff63, [bool('is_ip6'), ref('ip_reass_type', 'type')], reply(0xd5eb8d34, [
      u32('timeout_ms'), u32('max_reassemblies'), u32('max_reassembly_length'), u32('expire_walk_interval_ms'),
      bool('is_ip6'),
    ]))
    .call('ip_reassembly_enable_disable', 0xeb77968d, [
      swIf(), bool('enable_ip4'), bool('enable_ip6'), ref('ip_reass_type', 'type'),
    ])
    .call('ip_local_reass_enable_disable', 0x34e2ccc4, [bool('enable_ip4'), bool('enable_ip6')])
    .call('ip_local_reass_get', NO_ARGS, [], reply(0x3e93a702, [bool('ip4_is_enabled'), bool('ip6_is_enabled')]))

    // Path MTU: a modern stream, paged by `cursor` (docs/protocol.md §4).
    .call('ip_path_mtu_update', 0x10bbe5cb, [ref('ip_path_mtu', 'pmtu')])
    .stream('ip_path_mtu_get', 0xf75ba505, [u32('cursor')], reply(0x53b48f5d, [u32('cursor')]),
      details('ip_path_mtu_details', 0xac9539a7, [ref('ip_path_mtu', 'pmtu')]))
    .call('ip_path_mtu_replace_begin', NO_ARGS, [])
    .call('ip_path_mtu_replace_end', NO_ARGS, [])
    .build();
}
