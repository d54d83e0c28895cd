/**
 * What the emulator's statistics segment holds, and how it moves. The entries a 26.06
 * VPP has (docs/stats.md §5–6), for the emulator's interfaces: `/sys/*` scalars and gauges,
 * buffer-pool gauges, node errors (`/node/errors` and `/err/<node>/<error>` symlinks),
 * the 17 `/if/*` counters (`[thread][sw_if_index]`), `/if/names`, the
 * `/interfaces/<name>/<counter>` symlinks, and one log2 histogram (a stock VPP has none;
 * the emulator shows the type).
 *
 * Each tick, every interface receives traffic (10 + sw_if_index packets of 98 bytes on
 * thread sw_if_index mod threads); an interface that is up sends half of it back and
 * counts it as IPv4; one that is down drops it (and null-node counts it blackholed).
 */
import type { EntrySpec } from './image.js';

export const SIMPLE_COUNTERS = ['drops', 'punt', 'ip4', 'ip6', 'rx-no-buf', 'rx-miss', 'rx-error', 'tx-error', 'mpls'];
export const COMBINED_COUNTERS = ['rx', 'rx-unicast', 'rx-multicast', 'rx-broadcast', 'tx', 'tx-unicast', 'tx-multicast', 'tx-broadcast'];
const ERRORS = ['ip4-input/time_expired', 'ip4-input/hdr_too_short', 'null-node/blackholed packets', 'arp-reply/ARP replies sent'];
const BLACKHOLED = 2;
const HISTOGRAM = '/emulator/loop-latency-us';
const HIST_BINS = 8;
const PACKET_BYTES = 98n;

export interface StatsInterface {
  swIfIndex: number;
  name: string;
  adminUp: boolean;
}

export class StatsContent {
  heartbeat = 0n;
  readonly boottime = BigInt(Math.floor(Date.now() / 1000));
  readonly started = Date.now();
  /** Counter name → rows; combined rows interleave packets and bytes. */
  readonly counters = new Map<string, BigUint64Array[]>();
  errors: BigUint64Array[];
  hist: BigUint64Array[];
  inputRate = 0n;
  width = 0;

  constructor(readonly threads: number) {
    this.errors = this.rows(ERRORS.length, 1);
    this.hist = this.rows(HIST_BINS, 1);
  }

  private rows(n: number, per: number): BigUint64Array[] {
    return Array.from({ length: this.threads }, () => new BigUint64Array(n * per));
  }

  /** Makes every counter row hold `width` interfaces, keeping the counts. */
  fit(width: number): void {
    if (width <= this.width && this.counters.size) return;
    const w = Math.max(width, this.width);
    for (const [names, per] of [[SIMPLE_COUNTERS, 1], [COMBINED_COUNTERS, 2]] as const) {
      for (const c of names) {
        const old = this.counters.get(c);
        const rows = this.rows(w, per);
        old?.forEach((r, t) => rows[t]!.set(r));
        this.counters.set(c, rows);
      }
    }
    this.width = w;
  }

  /** One tick of traffic for `ifaces`. */
  tick(ifaces: readonly StatsInterface[]): void {
    this.heartbeat++;
    let total = 0n;
    const c = (n: string) => this.counters.get(n)!;
    for (const i of ifaces) {
      const t = i.swIfIndex % this.threads;
      const p = BigInt(10 + i.swIfIndex);
      total += p;
      const add2 = (name: string, packets: bigint) => {
        const r = c(name)[t]!;
        r[2 * i.swIfIndex] = r[2 * i.swIfIndex]! + packets;
        r[2 * i.swIfIndex + 1] = r[2 * i.swIfIndex + 1]! + packets * PACKET_BYTES;
      };
      const add1 = (name: string, n: bigint) => {
        const r = c(name)[t]!;
        r[i.swIfIndex] = r[i.swIfIndex]! + n;
      };
      add2('rx', p);
      add2('rx-unicast', p);
      if (i.adminUp) {
        add2('tx', p / 2n);
        add2('tx-unicast', p / 2n);
        add1('ip4', p);
      } else {
        add1('drops', p);
        this.errors[t]![BLACKHOLED] = this.errors[t]![BLACKHOLED]! + p;
      }
    }
    this.inputRate = total;
    const h = this.hist[0]!;
    h[Number(this.heartbeat % BigInt(HIST_BINS))] = h[Number(this.heartbeat % BigInt(HIST_BINS))]! + 1n;
  }

  /**
   * sw_interface_clear_stats: every `/if/*` counter of `swIfIndex` (all interfaces when
   * undefined) back to zero on every thread, as VPP zeroes them; node errors are not
   * interface counters and stay.
   */
  clear(swIfIndex?: number): void {
    for (const [name, rows] of this.counters) {
      const per = COMBINED_COUNTERS.includes(name) ? 2 : 1;
      for (const r of rows) {
        if (swIfIndex === undefined) r.fill(0n);
        else if (swIfIndex < this.width) r.fill(0n, per * swIfIndex, per * (swIfIndex + 1));
      }
    }
  }

  /** The entries, in directory order, for the interfaces `ifaces`. */
  specs(ifaces: readonly StatsInterface[]): EntrySpec[] {
    const names: (string | null)[] = new Array(this.width).fill('deleted');
    for (const i of ifaces) names[i.swIfIndex] = i.name;
    const specs: EntrySpec[] = [
      { name: '/sys/heartbeat', kind: 'scalar', value: this.heartbeat },
      { name: '/sys/last_stats_clear', kind: 'scalar', value: 0n },
      { name: '/sys/boottime', kind: 'scalar', value: this.boottime },
      ...this.gauges(),
      { name: '/node/errors', kind: 'simple', rows: this.errors },
      ...ERRORS.map((e, k): EntrySpec => ({ name: `/err/${e}`, kind: 'symlink', target: '/node/errors', column: k })),
      ...COMBINED_COUNTERS.map((n): EntrySpec => ({ name: `/if/${n}`, kind: 'combined', rows: this.counters.get(n)! })),
      ...SIMPLE_COUNTERS.map((n): EntrySpec => ({ name: `/if/${n}`, kind: 'simple', rows: this.counters.get(n)! })),
      { name: '/if/names', kind: 'names', names },
      { name: HISTOGRAM, kind: 'histogram', rows: this.hist.map((bins) => ({ minExp: 4, bins })) },
    ];
    for (const i of ifaces) {
      const n = i.name.replace(/\//g, '_');
      for (const c of [...COMBINED_COUNTERS, ...SIMPLE_COUNTERS]) specs.push({ name: `/interfaces/${n}/${c}`, kind: 'symlink', target: `/if/${c}`, column: i.swIfIndex });
    }
    return specs;
  }

  /** Gauges that change each tick; their names in directory order. */
  gauges(): EntrySpec[] {
    return [
      { name: '/sys/vector_rate', kind: 'gauge', value: this.inputRate > 0n ? 1n : 0n },
      { name: '/sys/num_worker_threads', kind: 'gauge', value: BigInt(this.threads - 1) },
      { name: '/sys/input_rate', kind: 'gauge', value: this.inputRate },
      { name: '/buffer-pools/default-numa-0/cached', kind: 'gauge', value: 0n },
      { name: '/buffer-pools/default-numa-0/used', kind: 'gauge', value: this.inputRate % 512n },
      { name: '/buffer-pools/default-numa-0/available', kind: 'gauge', value: 16384n - (this.inputRate % 512n) },
    ];
  }

  /** Rows that the data plane updates in place: entry name → rows. */
  liveRows(): [string, readonly BigUint64Array[]][] {
    return [
      ['/node/errors', this.errors],
      ...[...COMBINED_COUNTERS, ...SIMPLE_COUNTERS].map((n): [string, BigUint64Array[]] => [`/if/${n}`, this.counters.get(n)!]),
    ];
  }

  get histogramName(): string {
    return HISTOGRAM;
  }
}
