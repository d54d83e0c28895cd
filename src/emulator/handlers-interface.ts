/**
 * interface: dump, loopbacks, admin state, MAC, and sw_interface_event to the clients
 * registered with want_interface_events (the registration itself is dispatch.ts's
 * generic one: a second enable or a disable when off answers -31).
 *
 * sw_interface_event as a real 26.06 sends it after the reply of the call that caused it
 * (captures/): client_index = the receiving client's handle, pid = the pid it registered
 * with, then sw_if_index, flags (ADMIN_UP 1 | LINK_UP 2), deleted.
 */
import type { Call, Core, Handler } from './call.js';
import { NONE_U32, RV } from './handler-retvals.js';
import { ifFlags, type Iface } from './state.js';

/** sw_interface_details of a real 26.06 (captures/): everything not listed here is zero. */
export function ifaceDetails(i: Iface): Record<string, unknown> {
  return {
    sw_if_index: i.swIfIndex,
    sup_sw_if_index: i.swIfIndex,
    l2_address: i.mac,
    flags: ifFlags(i),
    type: 0, // IF_API_TYPE_HARDWARE
    link_duplex: 0,
    link_speed: 0,
    link_mtu: i.linkMtu,
    mtu: [...i.mtu],
    interface_name: i.name,
    interface_dev_type: i.devType,
    tag: i.tag,
  };
}

/** Tells registered clients about an interface's new state (or its deletion). */
export function interfaceEvent(core: Core, i: Iface, deleted = false): void {
  core.emit('sw_interface_event', { sw_if_index: i.swIfIndex, flags: deleted ? 0 : ifFlags(i), deleted });
}

/** All (sw_if_index ~0), one, or those whose name contains name_filter, case-insensitively. */
const swInterfaceDump: Handler = (c) => {
  const { state } = c.core;
  const idx = Number(c.msg.sw_if_index ?? NONE_U32);
  const filter = c.msg.name_filter_valid ? String(c.msg.name_filter ?? '').toLowerCase() : undefined;
  const list = idx === NONE_U32 ? state.interfaces() : [state.get(idx)].filter((i): i is Iface => i !== undefined);
  for (const i of list) {
    if (filter !== undefined && !i.name.toLowerCase().includes(filter)) continue;
    c.detail(ifaceDetails(i));
  }
};

const created = (c: Call, r: { rv: number; iface?: Iface }): void =>
  c.reply({ retval: r.rv, sw_if_index: r.iface?.swIfIndex ?? NONE_U32 });

const createLoopback: Handler = (c) => {
  created(c, c.core.state.createLoopback(c.msg.mac_address as Uint8Array | undefined));
};

const createLoopbackInstance: Handler = (c) => {
  const instance = c.msg.is_specified ? Number(c.msg.user_instance ?? 0) : undefined;
  created(c, c.core.state.createLoopback(c.msg.mac_address as Uint8Array | undefined, instance));
};

const deleteLoopback: Handler = (c) => {
  const r = c.core.state.deleteLoopback(Number(c.msg.sw_if_index));
  c.reply({ retval: r.rv });
  if (r.iface) interfaceEvent(c.core, r.iface, true);
};

const setFlags: Handler = (c) => {
  const r = c.core.state.setFlags(Number(c.msg.sw_if_index), Number(c.msg.flags ?? 0));
  c.reply({ retval: r.rv });
  if (r.changed && r.iface) interfaceEvent(c.core, r.iface);
};

const getMac: Handler = (c) => {
  const i = c.core.state.get(Number(c.msg.sw_if_index));
  c.reply(i ? { mac_address: i.mac } : { retval: RV.INVALID_SW_IF_INDEX });
};

const tagAddDel: Handler = (c) => {
  const i = c.core.state.get(Number(c.msg.sw_if_index));
  if (i) i.tag = c.msg.is_add ? String(c.msg.tag ?? '') : '';
  c.reply({ retval: i ? RV.OK : RV.INVALID_SW_IF_INDEX });
};

const ifIndex = (c: Call): number => Number(c.msg.sw_if_index ?? NONE_U32);

const setMtu: Handler = (c) => {
  c.reply({ retval: c.core.state.setMtu(ifIndex(c), (c.msg.mtu ?? []) as number[]) });
};

const hwSetMtu: Handler = (c) => {
  c.reply({ retval: c.core.state.setHwMtu(ifIndex(c), Number(c.msg.mtu ?? 0)) });
};

/** The name field is a string up to its first NUL, as VPP copies it. */
const setName: Handler = (c) => {
  c.reply({ retval: c.core.state.rename(ifIndex(c), String(c.msg.name ?? '').split('\0')[0]!) });
};

const setMac: Handler = (c) => {
  c.reply({ retval: c.core.state.setMac(ifIndex(c), (c.msg.mac_address as Uint8Array | undefined) ?? new Uint8Array(6)) });
};

const setTable: Handler = (c) => {
  c.reply({ retval: c.core.state.setTable(ifIndex(c), c.msg.is_ipv6 ? 1 : 0, Number(c.msg.vrf_id ?? 0)) });
};

const getTable: Handler = (c) => {
  const i = c.core.state.get(ifIndex(c));
  c.reply(i ? { vrf_id: i.vrf[c.msg.is_ipv6 ? 1 : 0] } : { retval: RV.INVALID_SW_IF_INDEX });
};

/** ~0 clears every interface's counters; any other index must exist. */
const clearStats: Handler = (c) => {
  const idx = ifIndex(c);
  if (idx !== NONE_U32 && !c.core.state.get(idx)) {
    c.reply({ retval: RV.INVALID_SW_IF_INDEX });
    return;
  }
  c.core.clearCounters(idx === NONE_U32 ? undefined : idx);
  c.reply({});
};

export const interfaceHandlers: Record<string, Handler> = {
  sw_interface_set_mtu: setMtu,
  hw_interface_set_mtu: hwSetMtu,
  sw_interface_set_interface_name: setName,
  sw_interface_set_mac_address: setMac,
  sw_interface_set_table: setTable,
  sw_interface_get_table: getTable,
  sw_interface_clear_stats: clearStats,
  sw_interface_dump: swInterfaceDump,
  create_loopback: createLoopback,
  create_loopback_instance: createLoopbackInstance,
  delete_loopback: deleteLoopback,
  sw_interface_set_flags: setFlags,
  sw_interface_get_mac_address: getMac,
  sw_interface_tag_add_del: tagAddDel,
};
