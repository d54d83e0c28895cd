/**
 * interface 3.2.4 (VPP 26.06), complete: interface state, addresses, tables, MACs, rx/tx
 * placement, sub-interfaces, loopbacks (create_loopback* live here in 26.06), pcap.
 * `vat_help` options are left out: they are VPP's usage prose, not wire facts.
 */
import type { RawModule } from '../raw.js';
import {
  ModuleBuilder, NO_ARGS, bool, details, fixed, ref, reply, str, swIf, u16, u32, u8, vla,
} from './dsl.js';

/** Replies of the create_* calls: the new interface's index (CRC 0x5383d31f). */
const newIf = () => reply(0x5383d31f, [swIf()]);

/** A fresh copy of the interface definitions. */
export function interfaceModule(): RawModule {
  return new ModuleBuilder('interface', '3.2.4', 0xcf7004cc, [
    'vnet/interface_types.api', 'vnet/ethernet/ethernet_types.api', 'vnet/ip/ip_types.api',
  ])
    .call('sw_interface_set_flags', 0xf5aec1b8, [swIf(), ref('if_status_flags', 'flags')], undefined, {
      doc: 'Set an interface admin up (flags = ADMIN_UP) or down (flags = 0).',
    })
    .call('sw_interface_set_promisc', 0xd40860d4, [swIf(), bool('promisc_on')])
    .call('hw_interface_set_mtu', 0xe6746899, [swIf(), u16('mtu')])
    // mtu[] is indexed by mtu_proto: L3, IP4, IP6, MPLS.
    .call('sw_interface_set_mtu', 0x5cbe85e5, [swIf(), fixed('u32', 'mtu', 4)])
    .call('sw_interface_set_ip_directed_broadcast', 0xae6cfcfb, [swIf(), bool('enable')])
    .event('sw_interface_event', 0x2d3d95a7, [u32('pid'), swIf(), ref('if_status_flags', 'flags'), bool('deleted')], {
      doc: 'An interface changed state or was deleted.',
    })
    .want('want_interface_events', 0x476f5a08, [u32('enable_disable'), u32('pid')], ['sw_interface_event'], {
      doc: 'Subscribe (1) to or unsubscribe (0) from sw_interface_event.',
    })
    .dump('sw_interface_dump', 0xaa610c27, [
      swIf('sw_if_index', { default: 4294967295 }), bool('name_filter_valid'), str('name_filter'),
    ], details('sw_interface_details', 0x6c221fc7, [
      swIf(), u32('sup_sw_if_index'), ref('mac_address', 'l2_address'), ref('if_status_flags', 'flags'),
      ref('if_type', 'type'), ref('link_duplex', 'link_duplex'), u32('link_speed'), u16('link_mtu'),
      fixed('u32', 'mtu', 4), u32('sub_id'), u8('sub_number_of_tags'), u16('sub_outer_vlan_id'),
      u16('sub_inner_vlan_id'), ref('sub_if_flags', 'sub_if_flags'), u32('vtr_op'), u32('vtr_push_dot1q'),
      u32('vtr_tag1'), u32('vtr_tag2'), u16('outer_tag'), ref('mac_address', 'b_dmac'),
      ref('mac_address', 'b_smac'), u16('b_vlanid'), u32('i_sid'), str('interface_name', 64),
      str('interface_dev_type', 64), str('tag', 64),
    ]), { doc: 'List interfaces: one (sw_if_index), all (~0), or those whose name contains name_filter.' })
    .call('sw_interface_add_del_address', 0x5463d73b, [
      swIf(), bool('is_add'), bool('del_all'), ref('address_with_prefix', 'prefix'),
    ])
    .call('sw_interface_address_replace_begin', NO_ARGS, [])
    .call('sw_interface_address_replace_end', NO_ARGS, [])
    .call('sw_interface_set_table', 0xdf42a577, [swIf(), bool('is_ipv6'), u32('vrf_id')])
    .call('sw_interface_get_table', 0x2d033de4, [swIf(), bool('is_ipv6')], reply(0xa6eb0109, [u32('vrf_id')]))
    .call('sw_interface_set_unnumbered', 0x154a6439, [swIf(), swIf('unnumbered_sw_if_index'), bool('is_add')])
    .call('sw_interface_clear_stats', 0xf9e6675e, [swIf()])
    .call('sw_interface_tag_add_del', 0x426f8bc1, [bool('is_add'), swIf(), str('tag', 64)])
    // A plain u32 and a u8 flag here, unlike its neighbours.
    .call('sw_interface_add_del_mac_address', 0x638bb9f4, [
      u32('sw_if_index'), ref('mac_address', 'addr'), u8('is_add'),
    ])
    .call('sw_interface_set_mac_address', 0xc536e7eb, [swIf(), ref('mac_address', 'mac_address')])
    .call('sw_interface_get_mac_address', 0xf9e6675e, [swIf()], reply(0x40ef2c08, [ref('mac_address', 'mac_address')]))
    .call('sw_interface_set_rx_mode', 0xb04d1cfe, [
      swIf(), bool('queue_id_valid'), u32('queue_id'), ref('rx_mode', 'mode'),
    ])
    .call('sw_interface_set_rx_placement', 0xdb65f3c9, [swIf(), u32('queue_id'), u32('worker_id'), bool('is_main')])
    .call('sw_interface_set_tx_placement', 0x4e0cd5ff, [
      swIf(), u32('queue_id'), u32('array_size'), vla('u32', 'threads', 'array_size'),
    ])
    .call('sw_interface_set_interface_name', 0x45a1d548, [swIf(), str('name', 64)])
    // Both placement details carry a request-shaped header (client_index, context).
    .dump('sw_interface_rx_placement_dump', 0xf9e6675e, [swIf()],
      details('sw_interface_rx_placement_details', 0x9e44a7ce, [
        swIf(), u32('queue_id'), u32('worker_id'), ref('rx_mode', 'mode'),
      ], { header: 'request' }))
    .stream('sw_interface_tx_placement_get', 0x47250981, [u32('cursor'), swIf()],
      reply(0x53b48f5d, [u32('cursor')]),
      details('sw_interface_tx_placement_details', 0x00381a2e, [
        swIf(), u32('queue_id'), u8('shared'), u32('array_size'), vla('u32', 'threads', 'array_size'),
      ], { header: 'request' }))
    .call('interface_name_renumber', 0x2b8858b8, [swIf(), u32('new_show_dev_instance')])
    .call('create_subif', 0x790ca755, [
      swIf(), u32('sub_id'), ref('sub_if_flags', 'sub_if_flags'), u16('outer_vlan_id'), u16('inner_vlan_id'),
    ], newIf())
    .call('create_vlan_subif', 0xaf34ac8b, [swIf(), u32('vlan_id')], newIf())
    .call('delete_subif', 0xf9e6675e, [swIf()])
    .call('create_loopback', 0x42bb5d22, [ref('mac_address', 'mac_address')], newIf(), {
      doc: 'Create a loopback interface; an all-zero MAC lets VPP choose one.',
    })
    .call('create_loopback_instance', 0xd36a3ee2, [
      ref('mac_address', 'mac_address'), bool('is_specified'), u32('user_instance'),
    ], newIf())
    .call('delete_loopback', 0xf9e6675e, [swIf()])
    .call('collect_detailed_interface_stats', 0x5501adee, [swIf(), bool('enable_disable')])
    .call('pcap_set_filter_function', 0x616abb92, [str('filter_function_name')])
    .call('pcap_trace_on', 0xcb39e968, [
      bool('capture_rx'), bool('capture_tx'), bool('capture_drop'), bool('filter'), bool('preallocate_data'),
      bool('free_data'), u32('max_packets', { default: 1000 }), u32('max_bytes_per_packet', { default: 512 }),
      swIf(), str('error', 128), str('filename', 64),
    ])
    .call('pcap_trace_off', NO_ARGS, [])
    .call('sw_interface_set_default_rx_mode', 0x776b4837, [ref('rx_mode', 'mode')])
    .call('sw_interface_get_default_rx_mode', NO_ARGS, [], reply(0x2339da5a, [ref('rx_mode', 'mode')]))
    .build();
}
