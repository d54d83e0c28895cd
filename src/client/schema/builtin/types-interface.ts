/** interface_types 1.0.0 and ethernet_types 1.0.0 (VPP 26.06), complete. */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, bits, pairs, seq } from './dsl.js';

/** A fresh copy of the interface_types definitions. */
export function interfaceTypesModule(): RawModule {
  return new ModuleBuilder('interface_types', '1.0.0', 0x7f2ba79a)
    .alias('interface_index', 'u32')
    // Bit values, yet declared as a plain enum (not enumflags) in 26.06.
    .enum('if_status_flags', 'u32', bits('IF_STATUS_API_FLAG_', ['ADMIN_UP', 'LINK_UP']))
    .enum('mtu_proto', 'u32', seq('MTU_PROTO_API_', ['L3', 'IP4', 'IP6', 'MPLS']))
    .enum('link_duplex', 'u32', seq('LINK_DUPLEX_API_', ['UNKNOWN', 'HALF', 'FULL']))
    .enum('sub_if_flags', 'u32', pairs('SUB_IF_API_FLAG_', [
      ['NO_TAGS', 1], ['ONE_TAG', 2], ['TWO_TAGS', 4], ['DOT1AD', 8], ['EXACT_MATCH', 16], ['DEFAULT', 32],
      ['OUTER_VLAN_ID_ANY', 64], ['INNER_VLAN_ID_ANY', 128], ['MASK_VNET', 254], ['DOT1AH', 256],
    ]))
    .enum('rx_mode', 'u32', seq('RX_MODE_API_', ['UNKNOWN', 'POLLING', 'INTERRUPT', 'ADAPTIVE', 'DEFAULT']))
    .enum('if_type', 'u32', seq('IF_API_TYPE_', ['HARDWARE', 'SUB', 'P2P', 'PIPE']))
    .enum('direction', 'u8', seq('', ['RX', 'TX']))
    .build();
}

/** A fresh copy of the ethernet_types definitions. */
export function ethernetTypesModule(): RawModule {
  return new ModuleBuilder('ethernet_types', '1.0.0', 0xf24103d6).alias('mac_address', 'u8', 6).build();
}
