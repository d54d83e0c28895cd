/**
 * What the emulated VPP knows: its interfaces (with their addresses) and its FIB. No
 * wire knowledge here beyond retvals; handlers translate messages to these calls.
 *
 * Interfaces as a real 26.06 shows them (captures/: sw_interface_details, show interface):
 *
 * | interface | index | dev type | MAC                          | link_mtu | mtu[L3,IP4,IP6,MPLS] | link     |
 * |-----------|-------|----------|------------------------------|----------|----------------------|----------|
 * | local0    | 0     | local    | 00:00:00:00:00:00            | 0        | 0,0,0,0              | never up |
 * | loopN     | pool  | Loopback | given, or de:ad:00:00:00:N   | 9000     | 9000,0,0,0           | = admin  |
 *
 * Indexes come from a pool (a freed index is the next one handed out, as VPP's pools do);
 * loopback instances are the lowest free number unless one is asked for.
 */
import { Fib } from './fib.js';
import { RV } from './handler-retvals.js';
import type { Af, IpPrefix } from './ip-values.js';
import { sameAddr } from './ip-values.js';

export interface Iface {
  swIfIndex: number;
  name: string;
  devType: string;
  mac: Uint8Array;
  adminUp: boolean;
  linkUp: boolean;
  linkMtu: number;
  mtu: [number, number, number, number];
  /** Loopback instance (the N of loopN); -1 for local0. */
  instance: number;
  tag: string;
  addrs: IpPrefix[];
  /** The table id each family is bound to (sw_interface_set_table): [IPv4, IPv6]. */
  vrf: [number, number];
}

/** if_status_flags bits. */
export const ADMIN_UP = 1;
export const LINK_UP = 2;
/** VPP's limit on loopback instances (LOOPBACK_MAX_INSTANCE). */
const MAX_LOOPBACK_INSTANCE = 16 * 1024;
const LOOPBACK_MTU = 9000;

export function ifFlags(i: Iface): number {
  return (i.adminUp ? ADMIN_UP : 0) | (i.linkUp ? LINK_UP : 0);
}

export class VppState {
  readonly fib = new Fib();
  private readonly pool: (Iface | undefined)[] = [];
  private readonly free: number[] = [];
  /** Loopback instances in use, kept beside the pool: a scan per create made 10,000 creates take seconds. */
  private readonly instances = new Set<number>();

  constructor() {
    this.alloc({ name: 'local0', devType: 'local', mac: new Uint8Array(6), linkMtu: 0, mtu: [0, 0, 0, 0], instance: -1 });
  }

  private alloc(i: Omit<Iface, 'swIfIndex' | 'adminUp' | 'linkUp' | 'tag' | 'addrs' | 'vrf'>): Iface {
    const idx = this.free.pop() ?? this.pool.length;
    const iface: Iface = { ...i, swIfIndex: idx, adminUp: false, linkUp: false, tag: '', addrs: [], vrf: [0, 0] };
    this.pool[idx] = iface;
    if (iface.instance >= 0) this.instances.add(iface.instance);
    return iface;
  }

  /** In index order. */
  interfaces(): Iface[] {
    return this.pool.filter((i): i is Iface => i !== undefined);
  }

  get(swIfIndex: number): Iface | undefined {
    return this.pool[swIfIndex];
  }

  byName(name: string): Iface | undefined {
    return this.interfaces().find((i) => i.name === name);
  }

  /**
   * create_loopback(_instance). An all-zero (or absent) MAC gets de:ad:00:00:00:<instance>.
   * A requested instance in use answers INVALID_REGISTRATION, as VPP does.
   */
  createLoopback(mac: Uint8Array | undefined, instance?: number): { rv: number; iface?: Iface } {
    const used = this.instances;
    let n = instance;
    if (n === undefined) {
      n = 0;
      while (used.has(n)) n++;
    }
    if (used.has(n) || n >= MAX_LOOPBACK_INSTANCE) return { rv: RV.INVALID_REGISTRATION };
    const m = new Uint8Array(6);
    if (mac && mac.some((b) => b !== 0)) m.set(mac.subarray(0, 6));
    else m.set([0xde, 0xad, 0, 0, 0, n & 0xff]);
    const iface = this.alloc({
      name: `loop${n}`, devType: 'Loopback', mac: m, linkMtu: LOOPBACK_MTU, mtu: [LOOPBACK_MTU, 0, 0, 0], instance: n,
    });
    return { rv: RV.OK, iface };
  }

  /** delete_loopback: anything but a loopback is an invalid index. Returns the removed interface. */
  deleteLoopback(swIfIndex: number): { rv: number; iface?: Iface } {
    const i = this.get(swIfIndex);
    if (!i || i.devType !== 'Loopback') return { rv: RV.INVALID_SW_IF_INDEX };
    for (const a of i.addrs) this.fib.removeConnected(swIfIndex, a, i.vrf[a.af]);
    this.pool[swIfIndex] = undefined;
    this.free.push(swIfIndex);
    this.instances.delete(i.instance);
    return { rv: RV.OK, iface: i };
  }

  /**
   * sw_interface_set_flags: only ADMIN_UP is settable; a loopback's link follows it,
   * local0's link never comes up. `changed` is false when the flags were already so
   * (VPP then calls no callback and sends no event). An interface's addresses bring
   * their connected routes only while it is admin-up: VPP adds them when it comes up
   * and takes them out when it goes down (ip4/ip6 admin up-down callbacks).
   */
  setFlags(swIfIndex: number, flags: number): { rv: number; changed: boolean; iface?: Iface } {
    const i = this.get(swIfIndex);
    if (!i) return { rv: RV.INVALID_SW_IF_INDEX, changed: false };
    const before = ifFlags(i);
    const wasUp = i.adminUp;
    i.adminUp = (flags & ADMIN_UP) !== 0;
    i.linkUp = i.devType === 'Loopback' && i.adminUp;
    if (i.adminUp && !wasUp) for (const a of i.addrs) this.fib.addConnected(swIfIndex, a, i.vrf[a.af]);
    if (!i.adminUp && wasUp) for (const a of i.addrs) this.fib.removeConnected(swIfIndex, a, i.vrf[a.af]);
    return { rv: RV.OK, changed: ifFlags(i) !== before, iface: i };
  }

  /**
   * sw_interface_add_del_address. Adding an address the interface has is a no-op;
   * deleting one it lacks answers ADDRESS_NOT_FOUND_FOR_INTERFACE; del_all removes both families.
   * The connected routes come only while the interface is admin-up (see setFlags).
   */
  addDelAddress(swIfIndex: number, isAdd: boolean, delAll: boolean, p: IpPrefix): number {
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    if (delAll) {
      for (const a of i.addrs) this.fib.removeConnected(swIfIndex, a, i.vrf[a.af]);
      i.addrs = [];
      return RV.OK;
    }
    const at = i.addrs.findIndex((a) => sameAddr(a, p));
    if (isAdd) {
      if (at < 0) {
        i.addrs.push(p);
        if (i.adminUp) this.fib.addConnected(swIfIndex, p, i.vrf[p.af]);
      }
      return RV.OK;
    }
    if (at < 0) return RV.ADDRESS_NOT_FOUND_FOR_INTERFACE;
    this.fib.removeConnected(swIfIndex, i.addrs[at]!, i.vrf[p.af]);
    i.addrs.splice(at, 1);
    return RV.OK;
  }

  /**
   * sw_interface_set_mtu: the four per-protocol MTUs (L3, IP4, IP6, MPLS) are set as
   * given, zeros included (0 means "as L3" to VPP's data plane).
   */
  setMtu(swIfIndex: number, mtu: readonly number[]): number {
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    i.mtu = [0, 1, 2, 3].map((k) => Number(mtu[k] ?? 0) >>> 0) as Iface['mtu'];
    return RV.OK;
  }

  /**
   * hw_interface_set_mtu: only an Ethernet interface has a settable link MTU (local0
   * is not one: FEATURE_DISABLED); the link MTU and the L3 MTU both become `mtu`.
   */
  setHwMtu(swIfIndex: number, mtu: number): number {
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    if (i.devType !== 'Loopback') return RV.FEATURE_DISABLED;
    i.linkMtu = mtu;
    i.mtu[0] = mtu;
    return RV.OK;
  }

  /** sw_interface_set_interface_name: an empty name or one another interface has is INVALID_VALUE. */
  rename(swIfIndex: number, name: string): number {
    if (name === '') return RV.INVALID_VALUE;
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    const other = this.byName(name);
    if (other && other !== i) return RV.INVALID_VALUE;
    i.name = name;
    return RV.OK;
  }

  /**
   * sw_interface_set_mac_address: an Ethernet interface takes the new MAC; local0 has no
   * hardware address to change, which VPP answers with UNIMPLEMENTED.
   */
  setMac(swIfIndex: number, mac: Uint8Array): number {
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    if (i.devType !== 'Loopback') return RV.UNIMPLEMENTED;
    i.mac = Uint8Array.from(mac.subarray(0, 6));
    return RV.OK;
  }

  /**
   * sw_interface_set_table: binds one family of the interface to an existing table.
   * A table never created is NO_SUCH_FIB; an interface that has addresses of that
   * family must lose them first (ADDRESS_FOUND_FOR_INTERFACE), as VPP requires.
   */
  setTable(swIfIndex: number, af: Af, vrf: number): number {
    const i = this.get(swIfIndex);
    if (!i) return RV.INVALID_SW_IF_INDEX;
    if (!this.fib.table(af, vrf)) return RV.NO_SUCH_FIB;
    if (i.vrf[af] !== vrf && i.addrs.some((a) => a.af === af)) return RV.ADDRESS_FOUND_FOR_INTERFACE;
    i.vrf[af] = vrf;
    return RV.OK;
  }

  /** Whether any interface is bound to table `vrf` of family `af` (VPP's interface lock on it). */
  tableInUse(af: Af, vrf: number): boolean {
    return this.interfaces().some((i) => i.vrf[af] === vrf);
  }
}
