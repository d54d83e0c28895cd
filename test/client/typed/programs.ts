/**
 * Programs compiled against generated bindings (./gen/index.js in the test's project).
 * OK uses only messages of the built-in set, so that it runs against the emulator with
 * either set; each value it reads is declared with the type the bindings give it and
 * its run-time form checked in the same place (`forms`), so the types are proved
 * against what the codec really hands over.
 */

export const OK = `
import { openSession } from 'vppapi';
import { mac, macText, prefix, prefixText } from 'vppapi/values';
import { AddressFamily, IfStatusFlags, IfType, VppApi, type SwInterfaceEvent } from './gen/index.js';

export async function main(socketPath: string, cacheDir: string): Promise<Record<string, unknown>> {
  const { session } = await openSession({ socketPath, cacheDir });
  const api = session.typed(VppApi);
  const forms: Record<string, unknown> = {};
  try {
    const v = await api.call('show_version');
    const program: string = v.program;
    const retval: number = v.retval;
    forms.string = typeof program === 'string' && program;
    forms.number = typeof retval === 'number';

    const lo = await api.call('create_loopback', { mac_address: mac('02:fe:00:00:00:01') });
    const idx: number = lo.sw_if_index;
    const seen = new Promise<SwInterfaceEvent>((resolve) => {
      const off = api.subscribe('sw_interface_event', (name, msg) => {
        const deleted: boolean = msg.deleted;
        if (name === 'sw_interface_event' && !deleted) { off(); resolve(msg); }
      });
    });
    await api.call('want_interface_events', { enable_disable: 1 });
    await api.call('sw_interface_set_flags', { sw_if_index: idx, flags: IfStatusFlags.IF_STATUS_API_FLAG_ADMIN_UP });
    const ev = await seen;
    forms.event = ev.sw_if_index === idx && (ev.flags & IfStatusFlags.IF_STATUS_API_FLAG_ADMIN_UP) !== 0;

    await api.call('sw_interface_add_del_address', { sw_if_index: idx, is_add: true, del_all: false, prefix: prefix('10.9.0.1/24') });
    const addrs = await api.dump('ip_address_dump', { sw_if_index: idx, is_ipv6: false });
    const af: AddressFamily = addrs[0]!.prefix.address.af;
    const ip4: Uint8Array | undefined = addrs[0]!.prefix.address.un.ip4;
    forms.prefix = prefixText(addrs[0]!.prefix);
    forms.enum = typeof af === 'number' && af === AddressFamily.ADDRESS_IP4;
    forms.union = typeof addrs[0]!.prefix.address.un === 'object' && ip4 instanceof Uint8Array && ip4.length === 4;

    for await (const d of api.iterate('sw_interface_dump', { name_filter_valid: false, name_filter: '' })) {
      if (d.sw_if_index !== idx) continue;
      const l2: Uint8Array = d.l2_address;
      const flags: number = d.flags;
      const type: IfType = d.type;
      const mtu: number[] = d.mtu;
      forms.bytes = l2 instanceof Uint8Array && macText(l2);
      forms.flags = typeof flags === 'number' && (flags & IfStatusFlags.IF_STATUS_API_FLAG_ADMIN_UP) !== 0;
      forms.enumValue = (Object.values(IfType) as number[]).includes(type);
      forms.array = Array.isArray(mtu) && mtu.every((m) => typeof m === 'number');
    }

    const threads = await api.call('show_threads');
    const first = threads.thread_data[0];
    forms.structArray = Array.isArray(threads.thread_data) && typeof first?.name === 'string';

    const mc = await api.call('memclnt_create', { ctx_quota: 0, input_queue: 5n, name: 'typed', api_versions: [0, 0, 0, 0, 0, 0, 0, 0] });
    const handle: bigint = mc.handle;
    forms.bigint = typeof handle === 'bigint';

    // What requests take besides the given forms: u64 as a safe number, an enum member's
    // name, the header fields the session fills in anyway.
    const mc2 = await api.call('memclnt_create', { ctx_quota: 0, input_queue: 5, name: 'typed', api_versions: [0, 0, 0, 0, 0, 0, 0, 0] });
    await api.call('sw_interface_set_flags', { sw_if_index: idx, flags: 'IF_STATUS_API_FLAG_ADMIN_UP' });
    const v2 = await api.call('show_version', { _vl_msg_id: 0, client_index: 0, context: 0 });
    forms.inputForms = typeof mc2.handle === 'bigint' && v2.program === 'vpe';

    await api.call('ip_path_mtu_update', { pmtu: { client_index: 0, context: 0, table_id: 0, nh: { af: AddressFamily.ADDRESS_IP4, un: { ip4: new Uint8Array([10, 9, 0, 2]) } }, path_mtu: 1400 } });
    const stream = await api.call('ip_path_mtu_get', { cursor: 0 });
    const pmtu: number = stream.details[0]!.pmtu.path_mtu;
    const cursor: number = stream.reply.cursor;
    forms.stream = pmtu === 1400 && typeof cursor === 'number';
    const it = api.iterate('ip_path_mtu_get', { cursor: 0 });
    let r = await it.next();
    while (!r.done) r = await it.next();
    forms.streamReturn = r.value?.retval === 0;

    forms.check = api.check().filter((row) => row.status !== 'available' && row.status !== 'missing').length;
    return forms;
  } finally {
    await session.disconnect();
  }
}
`;

/** Each a program with one mistake, and what its diagnostic must name. */
export const MISTAKES: Record<string, { text: string; names: string[] }> = {
  'bad-name': {
    text: `await api.call('show_verison');`,
    names: ['show_verison'],
  },
  'unknown-field': {
    text: `await api.call('sw_interface_set_flags', { sw_if_index: 1, flags: 1, bogus_field: 2 });`,
    names: ['bogus_field', 'SwInterfaceSetFlags'],
  },
  'wrong-value-type': {
    text: `await api.call('sw_interface_set_flags', { sw_if_index: 'one', flags: 1 });`,
    names: ['sw_if_index'],
  },
  'u64-as-string': {
    text: `await api.call('memclnt_create', { ctx_quota: 0, input_queue: '5', name: 'x', api_versions: [] });`,
    names: ['input_queue'],
  },
  'bytes-as-text': {
    text: `await api.call('create_loopback', { mac_address: 'aa:bb:cc:dd:ee:ff' });`,
    names: ['mac_address'],
  },
  'unknown-enum-member': {
    text: `await api.call('sw_interface_set_flags', { sw_if_index: 1, flags: IfStatusFlags.IF_STATUS_API_FLAG_BOGUS });`,
    names: ['IF_STATUS_API_FLAG_BOGUS'],
  },
  'unknown-enum-name': {
    text: `await api.call('sw_interface_set_rx_mode', { sw_if_index: 1, queue_id_valid: false, queue_id: 0, mode: 'RX_MODE_API_BOGUS' });`,
    names: ['RX_MODE_API_BOGUS'],
  },
  'enum-number-not-a-member': {
    text: `const mode: RxMode = 9; void mode;`,
    names: ['9', 'RxMode'],
  },
  'missing-reply-field': {
    text: `const v = await api.call('show_version'); console.log(v.bogus_reply_field);`,
    names: ['bogus_reply_field', 'ShowVersionReply'],
  },
  'missing-details-field': {
    text: `for (const d of await api.dump('sw_interface_dump', { name_filter_valid: false, name_filter: '' })) console.log(d.no_such_detail);`,
    names: ['no_such_detail', 'SwInterfaceDetails'],
  },
  'header-field-of-reply': {
    text: `const v = await api.call('show_version'); console.log(v.context);`,
    names: ['context', 'ShowVersionReply'],
  },
  'dump-of-single': {
    text: `await api.dump('show_version');`,
    names: ['show_version'],
  },
  'missing-required-field': {
    text: `await api.call('sw_interface_set_flags', { sw_if_index: 1 });`,
    names: ['flags'],
  },
  'not-an-event': {
    text: `api.subscribe('show_version_reply', () => {});`,
    names: ['show_version_reply'],
  },
  'event-field': {
    text: `api.subscribe('sw_interface_event', (_n, m) => console.log(m.no_such_event_field));`,
    names: ['no_such_event_field', 'SwInterfaceEvent'],
  },
  'union-two-members': {
    text: `await api.call('sw_interface_add_del_address', { sw_if_index: 1, is_add: true, del_all: false, prefix: { address: { un: { ip4: new Uint8Array(4), ip6: new Uint8Array(16) } }, len: 24 } });`,
    names: ['ip6'],
  },
};

/** The program around one mistake. */
export function mistakeProgram(body: string): string {
  const extra = [body.includes('IfStatusFlags.') ? 'IfStatusFlags' : '', body.includes(': RxMode') ? 'type RxMode' : ''].filter(Boolean);
  return `import type { Session } from 'vppapi';
import { ${['VppApi', ...extra].join(', ')} } from './gen/index.js';
export async function f(session: Session): Promise<void> {
  const api = session.typed(VppApi);
  ${body}
}
`;
}

/**
 * Messages of 26.06 plugins (acl, lcp, ip_neighbor): lists of structs with prefixes and
 * enums given by name, a classic dump, a modern stream, a flag-set event. Run against an
 * emulator serving 26.06, which carries out none of these plugins' requests: it answers
 * them with VPP's retval for an unimplemented call (-9), read here without throwing.
 */
export const OK_2606 = `
import { openSession } from 'vppapi';
import { prefix } from 'vppapi/values';
import { AclAction, IpNeighborEventFlags, IpProto, VppApi, type AclRule, type AclRuleInput } from './gen/index.js';

export async function main(socketPath: string, cacheDir: string): Promise<Record<string, unknown>> {
  const { session } = await openSession({ socketPath, cacheDir });
  const api = session.typed(VppApi);
  try {
    const rule = (p: string, permit: AclAction): AclRuleInput => ({
      is_permit: permit, src_prefix: prefix(p), dst_prefix: prefix('0.0.0.0/0'), proto: 'IP_API_PROTO_TCP',
      srcport_or_icmptype_first: 0, srcport_or_icmptype_last: 65535, dstport_or_icmpcode_first: 22, dstport_or_icmpcode_last: 22,
      tcp_flags_mask: 0, tcp_flags_value: 0,
    });
    const added = await api.call('acl_add_replace', {
      acl_index: 0xffffffff, tag: 'typed', r: [rule('10.0.0.0/8', AclAction.ACL_ACTION_API_PERMIT), rule('192.168.0.0/16', AclAction.ACL_ACTION_API_DENY)],
    }, { checkRetval: false });
    const index: number = added.acl_index;
    const acls: { r: AclRule[] }[] = await api.dump('acl_dump', { acl_index: index });
    const protos: IpProto[] = acls.flatMap((a) => a.r.map((r) => r.proto));
    const pairs = await api.call('lcp_itf_pair_get', { cursor: 0 }, { checkRetval: false });
    const names: string[] = pairs.details.map((d) => d.host_if_name);
    const off = api.subscribe('ip_neighbor_event_v2', (_n, ev) => {
      const added: boolean = (ev.flags & IpNeighborEventFlags.IP_NEIGHBOR_API_EVENT_FLAG_ADDED) !== 0;
      void added;
    });
    off();
    return { acls: acls.length, protos: protos.length, names: names.length, cursor: typeof pairs.reply.cursor, retval: added.retval, pairsRetval: pairs.reply.retval };
  } finally {
    await session.disconnect();
  }
}
`;
