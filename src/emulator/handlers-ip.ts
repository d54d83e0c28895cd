/**
 * ip: interface addresses, tables, routes, and path MTU, the modern stream.
 *
 * ip_path_mtu_get pages as VPP's stream macro does: from pool index `cursor`, at most
 * pageSize details; if entries remain, the reply says retval -165 (EAGAIN) and the cursor
 * to resend from, else retval 0 and cursor ~0 (as a real 26.06 answers: captures/).
 */
import type { Handler } from './call.js';
import type { FibPath, Route } from './fib.js';
import { NONE_U32, RV } from './handler-retvals.js';
import { addrFromWire, addrToWire, prefixFromWire, prefixToWire, type Af } from './ip-values.js';

const addDelAddress: Handler = (c) => {
  const m = c.msg;
  const rv = c.core.state.addDelAddress(Number(m.sw_if_index), Boolean(m.is_add), Boolean(m.del_all), prefixFromWire(m.prefix));
  c.reply({ retval: rv });
};

/** An unknown interface gets no details at all (VPP returns before the walk). */
const ipAddressDump: Handler = (c) => {
  const i = c.core.state.get(Number(c.msg.sw_if_index));
  if (!i) return;
  const af: Af = c.msg.is_ipv6 ? 1 : 0;
  for (const a of i.addrs) if (a.af === af) c.detail({ sw_if_index: i.swIfIndex, prefix: prefixToWire(a) });
};

const ipTableAddDel: Handler = (c) => {
  const t = (c.msg.table ?? {}) as { table_id?: number; is_ip6?: boolean; name?: string };
  const af: Af = t.is_ip6 ? 1 : 0;
  const id = Number(t.table_id ?? 0);
  const { state } = c.core;
  if (c.msg.is_add) state.fib.addTable(af, id, t.name ?? '');
  else state.fib.delTable(af, id, state.tableInUse(af, id));
  c.reply({});
};

const ipTableDump: Handler = (c) => {
  for (const t of c.core.state.fib.allTables()) c.detail({ table: { table_id: t.id, is_ip6: t.af === 1, name: t.name } });
};

const ipRouteAddDel: Handler = (c) => {
  const r = (c.msg.route ?? {}) as { table_id?: number; prefix?: unknown; paths?: FibPath[] };
  const out = c.core.state.fib.routeAddDel(
    Boolean(c.msg.is_add), Boolean(c.msg.is_multipath), Number(r.table_id ?? 0), prefixFromWire(r.prefix), r.paths ?? [],
  );
  c.reply({ retval: out.rv, stats_index: out.statsIndex });
};

/** A table never created gets no details at all. */
const ipRouteDump: Handler = (c) => {
  const t = (c.msg.table ?? {}) as { table_id?: number; is_ip6?: boolean };
  const table = c.core.state.fib.table(t.is_ip6 ? 1 : 0, Number(t.table_id ?? 0));
  if (!table) return;
  for (const r of c.core.state.fib.dumpOrder(table)) c.detail({ route: routeToWire(table.id, r) });
};

/** The route as ip_route_details carries it (ip_route_v2's `src` stays 0: every source is shown alike). */
const routeToWire = (tableId: number, r: Route): Record<string, unknown> =>
  ({ table_id: tableId, stats_index: r.statsIndex, prefix: prefixToWire(r.prefix), paths: r.paths });

/**
 * ip_route_lookup(_v2): NO_SUCH_FIB for a table never created, NO_SUCH_ENTRY when nothing
 * matches; otherwise the route found (exact: the same prefix; else the longest covering one).
 */
const ipRouteLookup: Handler = (c) => {
  const p = prefixFromWire(c.msg.prefix);
  const { fib } = c.core.state;
  const table = fib.table(p.af, Number(c.msg.table_id ?? 0));
  if (!table) {
    c.reply({ retval: RV.NO_SUCH_FIB });
    return;
  }
  const r = fib.lookup(table, p, Boolean(c.msg.exact));
  c.reply(r ? { route: routeToWire(table.id, r) } : { retval: RV.NO_SUCH_ENTRY });
};

const pathMtuUpdate: Handler = (c) => {
  const p = (c.msg.pmtu ?? {}) as { table_id?: number; nh?: unknown; path_mtu?: number };
  c.reply({ retval: c.core.state.fib.pmtuUpdate(Number(p.table_id ?? 0), addrFromWire(p.nh), Number(p.path_mtu ?? 0)) });
};

const pathMtuGet: Handler = (c) => {
  const page = c.core.state.fib.pmtuPage(Number(c.msg.cursor ?? 0), c.core.pageSize);
  for (const e of page.entries) {
    c.detail({ pmtu: { client_index: 0, context: 0, table_id: e.tableId, nh: addrToWire(e.nh), path_mtu: e.mtu } });
  }
  if (page.next === undefined) c.reply({ retval: RV.OK, cursor: NONE_U32 });
  else c.reply({ retval: RV.EAGAIN, cursor: page.next });
};

export const ipHandlers: Record<string, Handler> = {
  sw_interface_add_del_address: addDelAddress,
  ip_address_dump: ipAddressDump,
  ip_table_add_del: ipTableAddDel,
  ip_table_dump: ipTableDump,
  ip_route_add_del: ipRouteAddDel,
  ip_route_add_del_v2: ipRouteAddDel,
  ip_route_dump: ipRouteDump,
  ip_route_v2_dump: ipRouteDump,
  ip_route_lookup: ipRouteLookup,
  ip_route_lookup_v2: ipRouteLookup,
  ip_path_mtu_update: pathMtuUpdate,
  ip_path_mtu_get: pathMtuGet,
};
