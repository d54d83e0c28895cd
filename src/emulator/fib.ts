/**
 * The emulated FIB: IPv4 and IPv6 tables with their routes, and the path-MTU pool.
 *
 * Every new table gets the routes VPP puts in each table it creates (seen in a real
 * 26.06's ip_route_dump of table 0), all with one drop path except fe80::/10 (local):
 *
 * | family | prefixes                                                               |
 * |--------|------------------------------------------------------------------------|
 * | IPv4   | 0.0.0.0/0, 0.0.0.0/32, 240.0.0.0/4, 224.0.0.0/4, 255.255.255.255/32    |
 * | IPv6   | ::/0, fe80::/10 (local)                                                |
 *
 * Routes keep their prefix as given (VPP shows an interface's connected route with its
 * host bits, e.g. 10.77.0.1/24). Paths are kept in the codec's `fib_path` value form, so
 * what a client sent comes back unchanged in ip_route_details.
 */
import { NONE_U32, RV } from './handler-retvals.js';
import type { Af, IpAddr, IpPrefix } from './ip-values.js';
import { sameAddr, withHostBits } from './ip-values.js';

/** fib_path_type values. */
export const PATH_NORMAL = 0;
export const PATH_LOCAL = 1;
export const PATH_DROP = 2;

export type FibPath = Record<string, unknown>;

export interface Route {
  prefix: IpPrefix;
  paths: FibPath[];
  statsIndex: number;
  source: 'special' | 'interface' | 'api';
  /** Interface routes: the interface and the address (`keyOf`) they were made for. */
  owner?: { swIfIndex: number; address: string };
}

export interface FibTable {
  id: number;
  af: Af;
  name: string;
  /** Keyed by `keyOf(prefix)`, in insertion order. */
  routes: Map<string, Route>;
}

export interface PathMtu {
  tableId: number;
  nh: IpAddr;
  mtu: number;
}

export const keyOf = (p: IpPrefix): string => `${p.af}:${Buffer.from(p.addr).toString('hex')}/${p.len}`;

/** A `fib_path` value (nh in the untagged address union: 16 bytes either way). */
export function makePath(af: Af, swIfIndex: number, type: number, nh?: IpAddr): FibPath {
  const addr = new Uint8Array(16);
  if (nh) addr.set(nh.addr);
  return { sw_if_index: swIfIndex, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type, flags: 0, proto: af, nh: { address: { ip6: addr } } };
}

/** Identity of a path for multipath add/remove: interface, type, next hop and table. */
function pathKey(p: FibPath): string {
  const nh = (p.nh ?? {}) as { address?: Record<string, unknown> };
  const a = nh.address ?? {};
  const bytes = (a.ip6 ?? a.ip4 ?? new Uint8Array(0)) as Uint8Array;
  const hex = Buffer.from(bytes).toString('hex').padEnd(32, '0');
  return `${Number(p.sw_if_index ?? 0)}|${Number(p.type ?? 0)}|${Number(p.table_id ?? 0)}|${hex}`;
}

const v4 = (a: number[], len: number): IpPrefix => ({ af: 0, addr: Uint8Array.from(a), len });
const v6 = (a: number[], len: number): IpPrefix => {
  const addr = new Uint8Array(16);
  addr.set(a);
  return { af: 1, addr, len };
};

export class Fib {
  private readonly tables = new Map<string, FibTable>();
  private readonly pmtuPool: (PathMtu | undefined)[] = [];
  private readonly pmtuFree: number[] = [];
  private nextStats = 1;

  constructor() {
    this.addTable(0, 0);
    this.addTable(1, 0);
  }

  table(af: Af, id: number): FibTable | undefined {
    return this.tables.get(`${af}:${id}`);
  }

  allTables(): FibTable[] {
    return [...this.tables.values()];
  }

  /** Creates a table (a no-op when it exists), named `ipv4-VRF:<id>` unless given a name. */
  addTable(af: Af, id: number, name = ''): void {
    const key = `${af}:${id}`;
    if (this.tables.has(key)) return;
    const t: FibTable = { id, af, name: name || `${af === 0 ? 'ipv4' : 'ipv6'}-VRF:${id}`, routes: new Map() };
    this.tables.set(key, t);
    const specials = af === 0
      ? [v4([0, 0, 0, 0], 0), v4([0, 0, 0, 0], 32), v4([240, 0, 0, 0], 4), v4([224, 0, 0, 0], 4), v4([255, 255, 255, 255], 32)]
      : [v6([], 0), v6([0xfe, 0x80], 10)];
    for (const p of specials) {
      const type = af === 1 && p.len === 10 ? PATH_LOCAL : PATH_DROP;
      this.put(t, p, [makePath(af, NONE_U32, type)], 'special');
    }
  }

  /**
   * The routes of `t` in the order VPP's ip_route_dump walks them. IPv4: by prefix length,
   * shortest first (VPP's IPv4 table keeps one hash per length and walks lengths 0..32; a
   * real 26.06 lists a /16 added after a /24 before it), in insertion order within a
   * length (VPP's hash order cannot be foretold). IPv6: insertion order (VPP walks one
   * hash of all lengths).
   */
  dumpOrder(t: FibTable): Route[] {
    const all = [...t.routes.values()];
    return t.af === 0 ? all.sort((a, b) => a.prefix.len - b.prefix.len) : all;
  }

  /**
   * ip_table_add_del (delete): the routes added through the API go; the table itself goes
   * unless it is table 0 (VPP keeps its default tables) or `inUse` (an interface bound
   * to it holds a lock on it, as in VPP, with its connected routes).
   */
  delTable(af: Af, id: number, inUse: boolean): void {
    const t = this.table(af, id);
    if (!t) return;
    for (const [k, r] of t.routes) if (r.source === 'api') t.routes.delete(k);
    if (id !== 0 && !inUse) this.tables.delete(`${af}:${id}`);
  }

  /**
   * ip_route_lookup: `exact` finds the route with exactly this prefix (host bits ignored,
   * as the FIB keys on the masked prefix); otherwise the longest route whose prefix covers
   * `p`, as VPP's fib_table_lookup does. undefined when nothing matches.
   */
  lookup(t: FibTable, p: IpPrefix, exact: boolean): Route | undefined {
    let best: Route | undefined;
    for (const r of t.routes.values()) {
      if (exact ? r.prefix.len !== p.len : r.prefix.len > p.len) continue;
      if (!sameAddr(withHostBits(r.prefix, 0), withHostBits({ ...p, len: r.prefix.len }, 0))) continue;
      if (!best || r.prefix.len > best.prefix.len) best = r;
    }
    return best;
  }

  private put(t: FibTable, prefix: IpPrefix, paths: FibPath[], source: Route['source'], owner?: Route['owner']): Route {
    const r: Route = { prefix, paths, statsIndex: this.nextStats++, source, owner };
    t.routes.set(keyOf(prefix), r);
    return r;
  }

  /**
   * ip_route_add_del: add replaces the paths (or, multipath, adds to them); delete removes
   * the route (or, multipath, the given paths, and the route with its last path).
   * Deleting what is not there succeeds, as in VPP.
   */
  routeAddDel(isAdd: boolean, multipath: boolean, tableId: number, prefix: IpPrefix, paths: FibPath[]): { rv: number; statsIndex: number } {
    if (paths.length === 0) return { rv: RV.NO_PATHS_IN_ROUTE, statsIndex: NONE_U32 };
    // VPP's path decoder maps weight 0 (not allowed in FIB) to 1.
    paths = paths.map((p) => ((p as { weight?: number }).weight === 0 ? { ...p, weight: 1 } : p));
    const t = this.table(prefix.af, tableId);
    if (!t) return { rv: RV.NO_SUCH_FIB, statsIndex: NONE_U32 };
    const key = keyOf(prefix);
    const r = t.routes.get(key);
    if (isAdd) {
      if (!r) return { rv: RV.OK, statsIndex: this.put(t, prefix, paths, 'api').statsIndex };
      if (multipath) {
        const have = new Set(r.paths.map(pathKey));
        r.paths.push(...paths.filter((p) => !have.has(pathKey(p))));
      } else {
        r.paths = paths;
      }
      return { rv: RV.OK, statsIndex: r.statsIndex };
    }
    if (r && multipath) {
      const drop = new Set(paths.map(pathKey));
      r.paths = r.paths.filter((p) => !drop.has(pathKey(p)));
      if (r.paths.length === 0) t.routes.delete(key);
    } else if (r) {
      t.routes.delete(key);
    }
    return { rv: RV.OK, statsIndex: NONE_U32 };
  }

  /**
   * The routes an interface address brings into the interface's table, as VPP makes them:
   * the attached prefix, the local host route, and (IPv4 shorter than /31) network and
   * broadcast drops. A table gone (never the case while an interface is bound) is skipped.
   */
  addConnected(swIfIndex: number, p: IpPrefix, tableId: number): void {
    const t = this.table(p.af, tableId);
    if (!t) return;
    const owner = { swIfIndex, address: keyOf(p) };
    const host = p.af === 0 ? 32 : 128;
    const add = (q: IpPrefix, path: FibPath): void => {
      if (!t.routes.has(keyOf(q))) this.put(t, q, [path], 'interface', owner);
    };
    if (p.len < host) add(p, makePath(p.af, swIfIndex, PATH_NORMAL));
    add({ ...p, len: host }, makePath(p.af, swIfIndex, PATH_LOCAL, p));
    if (p.af === 0 && p.len < 31) {
      add({ ...withHostBits(p, 0), len: 32 }, makePath(0, NONE_U32, PATH_DROP));
      add({ ...withHostBits(p, 1), len: 32 }, makePath(0, NONE_U32, PATH_DROP));
    }
  }

  removeConnected(swIfIndex: number, p: IpPrefix, tableId: number): void {
    const t = this.table(p.af, tableId);
    if (!t) return;
    const address = keyOf(p);
    for (const [k, r] of t.routes) {
      if (r.source === 'interface' && r.owner?.swIfIndex === swIfIndex && r.owner.address === address) t.routes.delete(k);
    }
  }

  /** ip_path_mtu_update: mtu 0 removes the entry; the table must exist. */
  pmtuUpdate(tableId: number, nh: IpAddr, mtu: number): number {
    if (!this.table(nh.af, tableId)) return RV.NO_SUCH_TABLE;
    const i = this.pmtuPool.findIndex((e) => e !== undefined && e.tableId === tableId && sameAddr(e.nh, nh));
    if (i >= 0) {
      if (mtu === 0) {
        this.pmtuPool[i] = undefined;
        this.pmtuFree.push(i);
      } else {
        this.pmtuPool[i]!.mtu = mtu;
      }
    } else if (mtu !== 0) {
      const entry = { tableId, nh, mtu };
      const free = this.pmtuFree.pop();
      if (free === undefined) this.pmtuPool.push(entry);
      else this.pmtuPool[free] = entry;
    }
    return RV.OK;
  }

  /**
   * Up to `max` path-MTU entries from pool index `cursor` on, and the pool index to resume
   * from when entries remain (VPP's cursor is the pool index of the next element).
   */
  pmtuPage(cursor: number, max: number): { entries: PathMtu[]; next?: number } {
    const entries: PathMtu[] = [];
    for (let i = cursor; i < this.pmtuPool.length; i++) {
      const e = this.pmtuPool[i];
      if (!e) continue;
      if (entries.length === max) return { entries, next: i };
      entries.push(e);
    }
    return { entries };
  }
}
