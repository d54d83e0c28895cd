/** fib_types 2.0.1 and mfib_types 1.0.0 (VPP 26.06), complete. */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, fixed, pairs, ref, seq, u32, u8 } from './dsl.js';

/** A fresh copy of the fib_types definitions. */
export function fibTypesModule(): RawModule {
  return new ModuleBuilder('fib_types', '2.0.1', 0x21fd785b, ['vnet/ip/ip_types.api'])
    .enum('fib_path_nh_proto', 'u32', seq('FIB_API_PATH_NH_PROTO_', ['IP4', 'IP6', 'MPLS', 'ETHERNET', 'BIER']))
    .enum('fib_path_flags', 'u32', pairs('FIB_API_PATH_FLAG_', [
      ['NONE', 0], ['RESOLVE_VIA_ATTACHED', 1], ['RESOLVE_VIA_HOST', 2], ['POP_PW_CW', 4],
    ]))
    .enum('fib_path_type', 'u32', seq('FIB_API_PATH_TYPE_', [
      'NORMAL', 'LOCAL', 'DROP', 'UDP_ENCAP', 'BIER_IMP', 'ICMP_UNREACH', 'ICMP_PROHIBIT', 'SOURCE_LOOKUP',
      'DVR', 'INTERFACE_RX', 'CLASSIFY',
    ]))
    .type('fib_mpls_label', [u8('is_uniform'), u32('label'), u8('ttl'), u8('exp')])
    .type('fib_path_nh', [
      ref('address_union', 'address'), u32('via_label'), u32('obj_id'), u32('classify_table_index'),
    ])
    // Always 16 label slots on the wire, n_labels of them used.
    .type('fib_path', [
      u32('sw_if_index'), u32('table_id'), u32('rpf_id'), u8('weight'), u8('preference'),
      ref('fib_path_type', 'type'), ref('fib_path_flags', 'flags'), ref('fib_path_nh_proto', 'proto'),
      ref('fib_path_nh', 'nh'), u8('n_labels'), fixed('fib_mpls_label', 'label_stack', 16),
    ])
    .build();
}

/** A fresh copy of the mfib_types definitions. */
export function mfibTypesModule(): RawModule {
  return new ModuleBuilder('mfib_types', '1.0.0', 0xd2b57aaf, ['vnet/fib/fib_types.api', 'vnet/ip/ip_types.api'])
    .enum('mfib_entry_flags', 'u32', pairs('MFIB_API_ENTRY_FLAG_', [
      ['NONE', 0], ['SIGNAL', 1], ['DROP', 2], ['CONNECTED', 4], ['ACCEPT_ALL_ITF', 8],
    ]))
    .enum('mfib_itf_flags', 'u32', pairs('MFIB_API_ITF_FLAG_', [
      ['NONE', 0], ['NEGATE_SIGNAL', 1], ['ACCEPT', 2], ['FORWARD', 4], ['SIGNAL_PRESENT', 8], ['DONT_PRESERVE', 16],
    ]))
    .type('mfib_path', [ref('mfib_itf_flags', 'itf_flags'), ref('fib_path', 'path')])
    .build();
}
