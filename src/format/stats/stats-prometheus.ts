/**
 * The Prometheus text exposition format 0.0.4, with `vpp_prometheus_export`'s default (v1)
 * names and labels so existing dashboards keep working (STATS.md §9):
 *
 * | entry type | metric(s)                                   | labels                          |
 * |------------|---------------------------------------------|---------------------------------|
 * | scalar     | prom(N), counter                            | —                               |
 * | gauge      | prom(N), gauge                              | —                               |
 * | simple     | prom(N), counter                            | thread, interface (the element) |
 * | combined   | prom(N)_packets, prom(N)_bytes, counters    | thread, interface               |
 * | names      | prom(N)_info, gauge, value 1                | index, name                     |
 * | histogram  | prom(N), histogram: _bucket{le}, _count, _sum | thread                        |
 *
 * prom(N): every character but an ASCII letter or digit becomes `_` (`/if/rx` → `_if_rx`).
 * Interface series (`/if/*` and `/interfaces/*`) also carry `name`, the interface name.
 *
 * Where the exporter's output is not valid exposition format, this does the valid thing:
 * one `# TYPE` (and `# HELP` naming the VPP entry) per metric, not one per row;
 * histogram buckets as `_bucket` with `le` the bin's upper edge (the exporter prints the
 * lower edge, without `_bucket`); entries whose cleaned names collide get `_2`, `_3`, … in
 * directory order; label values escaped. Symlinks carry their column as `interface` (the
 * exporter prints 0). Ring buffers and entries that could not be read are left out.
 */
import type { StatEntry } from '../../client/stats/index.js';

export interface PrometheusOptions {
  /** `/if/names`, for the `name` label. */
  names?: readonly (string | null)[];
}

interface Family {
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  lines: string[];
}

export function promName(n: string): string {
  const s = n.replace(/[^A-Za-z0-9]/g, '_');
  return /^[0-9]/.test(s) || s === '' ? `_${s}` : s;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: readonly [string, string | number | undefined][]): string {
  const kept = pairs.filter((p): p is [string, string | number] => p[1] !== undefined);
  return kept.length ? `{${kept.map(([k, v]) => `${k}="${esc(String(v))}"`).join(',')}}` : '';
}

class Families {
  readonly byName = new Map<string, Family>();
  private readonly owner = new Map<string, string>();

  /** The family for entry `entry` under `name`, renamed `_2`, `_3`, … when another entry has it. */
  get(name: string, entry: string, type: Family['type']): { name: string; f: Family } {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      const who = this.owner.get(candidate);
      if (who === undefined) {
        this.owner.set(candidate, entry);
        const f: Family = { type, help: `VPP statistics entry ${entry}`, lines: [] };
        this.byName.set(candidate, f);
        return { name: candidate, f };
      }
      if (who === entry) return { name: candidate, f: this.byName.get(candidate)! };
    }
  }

  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.byName) {
      if (f.lines.length === 0) continue;
      out.push(`# HELP ${name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${f.type}`, ...f.lines);
    }
    return out.length ? `${out.join('\n')}\n` : '';
  }
}

/** Is this an interface series (for the `name` label)? The element index → interface index. */
function interfaceIndex(e: StatEntry, element: number): number | undefined {
  if (e.symlink) return e.name.startsWith('/interfaces/') && e.symlink.target.startsWith('/if/') ? e.symlink.column : undefined;
  return e.name.startsWith('/if/') ? element : undefined;
}

/** The exposition text of `entries` (a trailing newline when not empty). */
export function renderPrometheus(entries: readonly StatEntry[], opts: PrometheusOptions = {}): string {
  const fams = new Families();
  for (const e of entries) addEntry(fams, e, opts);
  return fams.render();
}

function addEntry(fams: Families, e: StatEntry, opts: PrometheusOptions): void {
  const v = e.value;
  if (!v) return;
  const base = promName(e.name);
  const ifLabels = (t: number, i: number): [string, string | number | undefined][] => {
    const col = e.symlink ? e.symlink.column : i;
    const ifi = interfaceIndex(e, i);
    return [['thread', t], ['interface', col], ['name', ifi === undefined ? undefined : (opts.names?.[ifi] ?? undefined)]];
  };
  switch (v.kind) {
    case 'scalar':
    case 'gauge': {
      const { name, f } = fams.get(base, e.name, v.kind === 'scalar' ? 'counter' : 'gauge');
      f.lines.push(`${name} ${v.value}`);
      return;
    }
    case 'simple': {
      const { name, f } = fams.get(base, e.name, 'counter');
      v.rows.forEach((r, t) => {
        for (let i = 0; i < r.length; i++) f.lines.push(`${name}${labels(ifLabels(t, i))} ${r[i]}`);
      });
      return;
    }
    case 'combined': {
      const p = fams.get(`${base}_packets`, e.name, 'counter');
      const b = fams.get(`${base}_bytes`, e.name, 'counter');
      v.rows.forEach((r, t) => {
        for (let i = 0; i < r.packets.length; i++) {
          const l = labels(ifLabels(t, i));
          p.f.lines.push(`${p.name}${l} ${r.packets[i]}`);
          b.f.lines.push(`${b.name}${l} ${r.bytes[i]}`);
        }
      });
      return;
    }
    case 'names': {
      const { name, f } = fams.get(`${base}_info`, e.name, 'gauge');
      v.names.forEach((s, i) => s !== null && f.lines.push(`${name}${labels([['index', i], ['name', s]])} 1`));
      return;
    }
    case 'histogram': {
      const { name, f } = fams.get(base, e.name, 'histogram');
      v.rows.forEach((r, t) => histogramLines(f.lines, name, t, r.minExp, r.bins));
      return;
    }
    case 'ring':
      return;
  }
}

/** Bin j counts ⌊log2 v⌋ = minExp + j, so every value in it is below 2^(minExp+j+1): its `le`. */
function histogramLines(lines: string[], name: string, t: number, minExp: number, bins: BigUint64Array): void {
  let cum = 0n;
  let estimate = 0;
  bins.forEach((c, j) => {
    cum += c;
    estimate += Number(c) * 2 ** (minExp + j);
    lines.push(`${name}_bucket${labels([['thread', t], ['le', String(2 ** (minExp + j + 1))]])} ${cum}`);
  });
  lines.push(`${name}_bucket${labels([['thread', t], ['le', '+Inf']])} ${cum}`, `${name}_count${labels([['thread', t]])} ${cum}`, `${name}_sum${labels([['thread', t]])} ${estimate}`);
}
