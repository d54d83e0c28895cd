/**
 * Hand-written codecs of three real 26.06 messages: the practical speed limit the
 * compiled codec is compared with. Offsets come from the definitions (docs/protocol.md §5):
 *
 * show_version_reply   | id u16 | context u32 | retval i32 | program[32] | version[32] | build_date[32] | build_directory[256] |
 * sw_interface_details | id | context | sw_if_index u32 | sup_sw_if_index u32 | l2_address[6] | flags u32 | type u32 |
 *                        link_duplex u32 | link_speed u32 | link_mtu u16 | mtu u32[4] | sub_id u32 | sub_number_of_tags u8 |
 *                        sub_outer_vlan_id u16 | sub_inner_vlan_id u16 | sub_if_flags u32 | vtr_op u32 | vtr_push_dot1q u32 |
 *                        vtr_tag1 u32 | vtr_tag2 u32 | outer_tag u16 | b_dmac[6] | b_smac[6] | b_vlanid u16 | i_sid u32 |
 *                        interface_name[64] | interface_dev_type[64] | tag[64]
 * ip_route_add_del     | id | client_index u32 | context u32 | is_add u8 | is_multipath u8 | table_id u32 | stats_index u32 |
 *                        prefix{af u8, un[16], len u8} | n_paths u8 | paths[n] of fib_path (167 bytes each:
 *                        sw_if_index, table_id, rpf_id u32 | weight, preference u8 | type, flags, proto u32 |
 *                        nh{address[16], via_label, obj_id, classify_table_index u32} | n_labels u8 |
 *                        label_stack[16] of {is_uniform u8, label u32, ttl u8, exp u8} )
 */

function cstr(b: Buffer, p: number, n: number): string {
  let z = p;
  const lim = p + n;
  while (z < lim && b[z] !== 0) z++;
  return b.toString('utf8', p, z);
}

export function decodeShowVersionReply(b: Buffer): Record<string, unknown> {
  if (b.length < 2 + 4 + 4 + 32 * 3 + 256) throw new Error('short');
  return {
    context: b.readUInt32BE(2),
    retval: b.readInt32BE(6),
    program: cstr(b, 10, 32),
    version: cstr(b, 42, 32),
    build_date: cstr(b, 74, 32),
    build_directory: cstr(b, 106, 256),
  };
}

export function encodeShowVersionReply(id: number, v: Record<string, any>): Buffer {
  const b = Buffer.alloc(362);
  b.writeUInt16BE(id, 0);
  b.writeUInt32BE(v.context, 2);
  b.writeInt32BE(v.retval, 6);
  b.write(v.program, 10, 31);
  b.write(v.version, 42, 31);
  b.write(v.build_date, 74, 31);
  b.write(v.build_directory, 106, 255);
  return b;
}

export function decodeSwInterfaceDetails(b: Buffer): Record<string, unknown> {
  if (b.length < 295) throw new Error('short');
  return {
    context: b.readUInt32BE(2),
    sw_if_index: b.readUInt32BE(6),
    sup_sw_if_index: b.readUInt32BE(10),
    l2_address: Buffer.from(b.subarray(14, 20)),
    flags: b.readUInt32BE(20),
    type: b.readUInt32BE(24),
    link_duplex: b.readUInt32BE(28),
    link_speed: b.readUInt32BE(32),
    link_mtu: b.readUInt16BE(36),
    mtu: [b.readUInt32BE(38), b.readUInt32BE(42), b.readUInt32BE(46), b.readUInt32BE(50)],
    sub_id: b.readUInt32BE(54),
    sub_number_of_tags: b[58],
    sub_outer_vlan_id: b.readUInt16BE(59),
    sub_inner_vlan_id: b.readUInt16BE(61),
    sub_if_flags: b.readUInt32BE(63),
    vtr_op: b.readUInt32BE(67),
    vtr_push_dot1q: b.readUInt32BE(71),
    vtr_tag1: b.readUInt32BE(75),
    vtr_tag2: b.readUInt32BE(79),
    outer_tag: b.readUInt16BE(83),
    b_dmac: Buffer.from(b.subarray(85, 91)),
    b_smac: Buffer.from(b.subarray(91, 97)),
    b_vlanid: b.readUInt16BE(97),
    i_sid: b.readUInt32BE(99),
    interface_name: cstr(b, 103, 64),
    interface_dev_type: cstr(b, 167, 64),
    tag: cstr(b, 231, 64),
  };
}

export function encodeSwInterfaceDetails(id: number, v: Record<string, any>): Buffer {
  const b = Buffer.alloc(295);
  b.writeUInt16BE(id, 0);
  b.writeUInt32BE(v.context, 2);
  b.writeUInt32BE(v.sw_if_index, 6);
  b.writeUInt32BE(v.sup_sw_if_index, 10);
  b.set(v.l2_address, 14);
  b.writeUInt32BE(v.flags, 20);
  b.writeUInt32BE(v.type, 24);
  b.writeUInt32BE(v.link_duplex, 28);
  b.writeUInt32BE(v.link_speed, 32);
  b.writeUInt16BE(v.link_mtu, 36);
  for (let i = 0; i < 4; i++) b.writeUInt32BE(v.mtu[i], 38 + 4 * i);
  b.writeUInt32BE(v.sub_id, 54);
  b[58] = v.sub_number_of_tags;
  b.writeUInt16BE(v.sub_outer_vlan_id, 59);
  b.writeUInt16BE(v.sub_inner_vlan_id, 61);
  b.writeUInt32BE(v.sub_if_flags, 63);
  b.writeUInt32BE(v.vtr_op, 67);
  b.writeUInt32BE(v.vtr_push_dot1q, 71);
  b.writeUInt32BE(v.vtr_tag1, 75);
  b.writeUInt32BE(v.vtr_tag2, 79);
  b.writeUInt16BE(v.outer_tag, 83);
  b.set(v.b_dmac, 85);
  b.set(v.b_smac, 91);
  b.writeUInt16BE(v.b_vlanid, 97);
  b.writeUInt32BE(v.i_sid, 99);
  b.write(v.interface_name, 103, 63);
  b.write(v.interface_dev_type, 167, 63);
  b.write(v.tag, 231, 63);
  return b;
}

const PATH_SIZE = 4 * 3 + 2 + 4 * 3 + 16 + 12 + 1 + 16 * 7;

export function encodeIpRouteAddDel(id: number, v: Record<string, any>): Buffer {
  const paths = v.route.paths as Record<string, any>[];
  const b = Buffer.alloc(2 + 8 + 2 + 8 + 18 + 1 + PATH_SIZE * paths.length);
  b.writeUInt16BE(id, 0);
  b.writeUInt32BE(v.client_index, 2);
  b.writeUInt32BE(v.context, 6);
  b[10] = v.is_add ? 1 : 0;
  b[11] = v.is_multipath ? 1 : 0;
  b.writeUInt32BE(v.route.table_id, 12);
  b.writeUInt32BE(v.route.stats_index, 16);
  const pfx = v.route.prefix;
  b[20] = pfx.address.af;
  b.set(pfx.address.af === 0 ? pfx.address.un.ip4 : pfx.address.un.ip6, 21);
  b[37] = pfx.len;
  b[38] = paths.length;
  let p = 39;
  for (const q of paths) {
    b.writeUInt32BE(q.sw_if_index, p);
    b.writeUInt32BE(q.table_id, p + 4);
    b.writeUInt32BE(q.rpf_id, p + 8);
    b[p + 12] = q.weight;
    b[p + 13] = q.preference;
    b.writeUInt32BE(q.type, p + 14);
    b.writeUInt32BE(q.flags, p + 18);
    b.writeUInt32BE(q.proto, p + 22);
    b.set(q.nh.address.ip6 ?? q.nh.address.ip4, p + 26);
    b.writeUInt32BE(q.nh.via_label, p + 42);
    b.writeUInt32BE(q.nh.obj_id, p + 46);
    b.writeUInt32BE(q.nh.classify_table_index, p + 50);
    b[p + 54] = q.n_labels;
    let l = p + 55;
    for (const lab of q.label_stack as Record<string, number>[]) {
      b[l] = lab.is_uniform;
      b.writeUInt32BE(lab.label, l + 1);
      b[l + 5] = lab.ttl;
      b[l + 6] = lab.exp;
      l += 7;
    }
    p += PATH_SIZE;
  }
  return b;
}

export function decodeIpRouteAddDel(b: Buffer): Record<string, unknown> {
  const n = b[38];
  if (b.length < 39 + n * PATH_SIZE) throw new Error('short');
  const paths = new Array(n);
  let p = 39;
  for (let i = 0; i < n; i++) {
    const labels = new Array(16);
    let l = p + 55;
    for (let j = 0; j < 16; j++) {
      labels[j] = { is_uniform: b[l], label: b.readUInt32BE(l + 1), ttl: b[l + 5], exp: b[l + 6] };
      l += 7;
    }
    paths[i] = {
      sw_if_index: b.readUInt32BE(p), table_id: b.readUInt32BE(p + 4), rpf_id: b.readUInt32BE(p + 8),
      weight: b[p + 12], preference: b[p + 13], type: b.readUInt32BE(p + 14), flags: b.readUInt32BE(p + 18), proto: b.readUInt32BE(p + 22),
      nh: {
        address: { ip4: Buffer.from(b.subarray(p + 26, p + 30)), ip6: Buffer.from(b.subarray(p + 26, p + 42)) },
        via_label: b.readUInt32BE(p + 42), obj_id: b.readUInt32BE(p + 46), classify_table_index: b.readUInt32BE(p + 50),
      },
      n_labels: b[p + 54],
      label_stack: labels,
    };
    p += PATH_SIZE;
  }
  const af = b[20];
  return {
    client_index: b.readUInt32BE(2), context: b.readUInt32BE(6), is_add: b[10] !== 0, is_multipath: b[11] !== 0,
    route: {
      table_id: b.readUInt32BE(12), stats_index: b.readUInt32BE(16),
      prefix: { address: { af, un: af === 0 ? { ip4: Buffer.from(b.subarray(21, 25)) } : { ip6: Buffer.from(b.subarray(21, 37)) } }, len: b[37] },
      n_paths: n, paths,
    },
  };
}
