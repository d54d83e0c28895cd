/**
 * How stats entries group for people: interface counters into one table (interface ×
 * counter), node errors into node/error rows, the rest by type. Shared by the text, JSON
 * and Prometheus forms. Pure: takes entries, gives rows.
 *
 * Interface counters are the `/if/<counter>` vectors (element = sw_if_index) and the
 * `/interfaces/<name>/<counter>` symlinks into them (the column is the sw_if_index);
 * node errors the `/err/<node>/<error>` symlinks into `/node/errors` (error names may
 * hold spaces; node names hold no `/`).
 */
import type { EntryRates, StatEntry, StatValue } from '../../client/types/stat-entries.js';

/** A counter value, a rate per second (watch), or null: no rate yet (the first sample). */
export type Num = bigint | number | null;

/** VPP's interface counters in the order `show interface` reads them. */
export const INTERFACE_COUNTERS = ['rx', 'rx-unicast', 'rx-multicast', 'rx-broadcast', 'tx', 'tx-unicast', 'tx-multicast', 'tx-broadcast', 'drops', 'punt', 'ip4', 'ip6', 'rx-no-buf', 'rx-miss', 'rx-error', 'tx-error', 'mpls'];

export interface ShapeOptions {
  /** Keep rows (threads) apart instead of summing them. */
  perThread?: boolean;
}

/**
 * Counter → sw_if_index → per-row values ([packets, bytes] or [value]), computed when
 * asked (a screen shows a few of a thousand interfaces); undefined where it has none.
 */
export type InterfaceCells = (counter: string, swIfIndex: number) => Num[][] | undefined;

export interface Shaped {
  /** counter name → sw_if_index → rows of values; `combined` counters have [packets, bytes]. */
  interfaces: { counters: { name: string; combined: boolean }[]; cells: InterfaceCells; indices: number[] };
  errors: { node: string; error: string; rows: Num[] }[];
  /** Entries not folded into the two tables above, in directory order. */
  others: StatEntry[];
  /** Entries that could not be read. */
  failed: StatEntry[];
}

/**
 * The interface counter an entry holds: `/if/<counter>` (elements are sw_if_index) or a
 * `/interfaces/<name>/<counter>` link into one (`index`: its sw_if_index). Throws nothing.
 */
export function counterOf(e: StatEntry): { counter: string; index?: number } | undefined {
  if (e.symlink) {
    const m = /^\/if\/([^/]+)$/.exec(e.symlink.target);
    return m && e.name.startsWith('/interfaces/') ? { counter: m[1]!, index: e.symlink.column } : undefined;
  }
  const m = /^\/if\/([^/]+)$/.exec(e.name);
  return m && m[1] !== 'names' ? { counter: m[1]! } : undefined;
}

/**
 * Row values of element `i`: [p, b] for combined, [v] for simple; with `rates` (watch)
 * the rates instead, null where there is none yet.
 */
export function cell(v: StatValue, i: number, rates?: EntryRates | null): Num[][] {
  if (rates === null) return cell(v, i).map((r) => r.map(() => null));
  if (rates?.kind === 'simple') return rates.rows.map((r) => [r[i] ?? 0]);
  if (rates?.kind === 'combined') return rates.packets.map((r, t) => [r[i] ?? 0, rates.bytes[t]?.[i] ?? 0]);
  if (v.kind === 'simple') return v.rows.map((r) => [r[i] ?? 0n]);
  if (v.kind === 'combined') return v.rows.map((r) => [r.packets[i] ?? 0n, r.bytes[i] ?? 0n]);
  return [];
}

function width(v: StatValue): number {
  if (v.kind === 'simple') return Math.max(0, ...v.rows.map((r) => r.length));
  if (v.kind === 'combined') return Math.max(0, ...v.rows.map((r) => r.packets.length));
  return 0;
}

/**
 * Groups `entries`. With `rates` (watch), counter cells hold rates per second from that
 * map (null for an entry without one yet).
 */
export function shapeStats(entries: readonly StatEntry[], rates?: ReadonlyMap<string, EntryRates>): Shaped {
  // Where each counter's cells come from: a whole /if/ vector, and /interfaces/ links by index.
  const vectors = new Map<string, { v: StatValue; r: EntryRates | null | undefined }>();
  const links = new Map<string, Map<number, Num[][]>>();
  const kinds = new Map<string, boolean>();
  const indices = new Set<number>();
  let width_ = 0;
  const errors: Shaped['errors'] = [];
  const others: StatEntry[] = [];
  const failed: StatEntry[] = [];
  for (const e of entries) {
    const v = e.value;
    if (!v) {
      failed.push(e);
      continue;
    }
    const r = rates ? (rates.get(e.name) ?? null) : undefined;
    const c = counterOf(e);
    if (c && (v.kind === 'simple' || v.kind === 'combined')) {
      kinds.set(c.counter, v.kind === 'combined');
      if (c.index !== undefined) {
        let byIndex = links.get(c.counter);
        if (!byIndex) links.set(c.counter, (byIndex = new Map()));
        byIndex.set(c.index, cell(v, 0, r));
        indices.add(c.index);
      } else {
        vectors.set(c.counter, { v, r });
        width_ = Math.max(width_, width(v));
      }
      continue;
    }
    const err = /^\/err\/([^/]+)\/(.+)$/.exec(e.name);
    if (err && v.kind === 'simple' && v.rows.every((r) => r.length === 1)) {
      errors.push({ node: err[1]!, error: err[2]!, rows: cell(v, 0, r).map((x) => x[0]!) });
      continue;
    }
    others.push(e);
  }
  const order = (n: string) => (INTERFACE_COUNTERS.indexOf(n) + 1 || 1000);
  const counters = [...kinds].map(([name, combined]) => ({ name, combined })).sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
  for (let i = 0; i < width_; i++) indices.add(i);
  const cells: InterfaceCells = (counter, i) => {
    const src = vectors.get(counter);
    if (src && i < width(src.v)) return cell(src.v, i, src.r);
    return links.get(counter)?.get(i);
  };
  return { interfaces: { counters, cells, indices: [...indices].sort((a, b) => a - b) }, errors, others, failed };
}

/** a + b for counters (bigint) or rates (number); null (no rate yet) wins. */
export function add(a: Num, b: Num): Num {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  return Number(a) + Number(b);
}

/** Sums rows element-wise (over threads). */
export function sumRows(rows: readonly Num[][]): Num[] {
  const out: Num[] = [];
  for (const r of rows) r.forEach((x, i) => (out[i] = i in out ? add(out[i]!, x) : x));
  return out;
}

export function sum(xs: readonly Num[]): Num {
  return xs.reduce<Num>((a, b) => add(a, b), 0n);
}

export function isZero(x: Num): boolean {
  return x === 0n || x === 0;
}

/** The interface's name from `/if/names`, or `#<index>` when unknown. */
export function interfaceName(names: readonly (string | null)[] | undefined, i: number): string {
  return names?.[i] ?? `#${i}`;
}
