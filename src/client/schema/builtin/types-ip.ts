/**
 * ip_types 3.0.0 (VPP 26.06), complete. Sizes on the wire: address 17 bytes
 * (u8 af + 16-byte union), prefix 18, ip4_prefix 5, ip6_prefix 17.
 */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, pairs, ref, seq, u16, u8 } from './dsl.js';

/** A fresh copy of the ip_types definitions. */
export function ipTypesModule(): RawModule {
  return new ModuleBuilder('ip_types', '3.0.0', 0xfee023ed)
    .alias('ip4_address', 'u8', 4)
    .alias('ip6_address', 'u8', 16)
    .alias('address_with_prefix', 'prefix')
    .alias('ip4_address_with_prefix', 'ip4_prefix')
    .alias('ip6_address_with_prefix', 'ip6_prefix')
    .enum('address_family', 'u8', seq('ADDRESS_', ['IP4', 'IP6']))
    .enum('ip_feature_location', 'u8', seq('IP_API_FEATURE_', ['INPUT', 'OUTPUT', 'LOCAL', 'PUNT', 'DROP']))
    .enum('ip_ecn', 'u8', seq('IP_API_ECN_', ['NONE', 'ECT0', 'ECT1', 'CE']))
    .enum('ip_dscp', 'u8', pairs('IP_API_DSCP_', [
      ['CS0', 0], ['CS1', 8], ['AF11', 10], ['AF12', 12], ['AF13', 14], ['CS2', 16], ['AF21', 18],
      ['AF22', 20], ['AF23', 22], ['CS3', 24], ['AF31', 26], ['AF32', 28], ['AF33', 30], ['CS4', 32],
      ['AF41', 34], ['AF42', 36], ['AF43', 38], ['CS5', 40], ['EF', 46], ['CS6', 48], ['CS7', 50],
    ]))
    .enum('ip_proto', 'u8', pairs('IP_API_PROTO_', [
      ['HOPOPT', 0], ['ICMP', 1], ['IGMP', 2], ['TCP', 6], ['UDP', 17], ['GRE', 47], ['ESP', 50], ['AH', 51],
      ['ICMP6', 58], ['EIGRP', 88], ['OSPF', 89], ['SCTP', 132], ['RESERVED', 255],
    ]))
    // `af` selects the member (the discriminator/case options, new in 26.06).
    .union('address_union', [
      ref('ip4_address', 'ip4', { case: 'ADDRESS_IP4' }),
      ref('ip6_address', 'ip6', { case: 'ADDRESS_IP6' }),
    ])
    .type('address', [ref('address_family', 'af'), ref('address_union', 'un', { discriminator: 'af' })])
    .type('prefix', [ref('address', 'address'), u8('len')])
    .type('ip4_address_and_mask', [ref('ip4_address', 'addr'), ref('ip4_address', 'mask')])
    .type('ip6_address_and_mask', [ref('ip6_address', 'addr'), ref('ip6_address', 'mask')])
    // No discriminator here: both unions follow `af` only by convention.
    .type('mprefix', [
      ref('address_family', 'af'), u16('grp_address_length'),
      ref('address_union', 'grp_address'), ref('address_union', 'src_address'),
    ])
    .type('ip6_prefix', [ref('ip6_address', 'address'), u8('len')])
    .type('ip4_prefix', [ref('ip4_address', 'address'), u8('len')])
    .type('prefix_matcher', [u8('le'), u8('ge')])
    .build();
}
