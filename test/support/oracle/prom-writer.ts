/**
 * A naive writer of the Prometheus text (v1 naming) for a small model of a statistics
 * segment, written from the rules in docs/stats.md §9 and the formatter's header comment,
 * importing nothing from src/: the oracle the formatter's bytes are compared with. One
 * string per line, families in first-seen order, no caching of anything.
 *
 * It knows what the tests give it: scalars, gauges, simple and combined vectors, name
 * vectors, log2 histograms and symlinks into vectors; names that never collide once
 * cleaned.
 */
import { NaiveSegment } from '../statseg-writer.js';

export type ModelEntry =
  | { name: string; kind: 'scalar'; value: bigint }
  | { name: string; kind: 'gauge'; value: bigint }
  | { name: string; kind: 'simple'; rows: bigint[][] }
  | { name: string; kind: 'combined'; rows: [bigint, bigint][][] }
  | { name: string; kind: 'names'; names: (string | null)[] }
  | { name: string; kind: 'histogram'; rows: { minExp: number; bins: bigint[] }[] }
  | { name: string; kind: 'symlink'; target: string; column: number };

/**
 * The model written into a naive segment (support/statseg-writer.ts), in model order, each
 * symlink pointing at the entry its target names; not finished, so the caller sets what
 * it needs (finish, epoch).
 */
export function segmentOf(entries: readonly ModelEntry[]): NaiveSegment {
  const seg = new NaiveSegment(1 << 20);
  const at = new Map<string, number>();
  for (const e of entries) {
    let i: number;
    if (e.kind === 'scalar' || e.kind === 'gauge') i = e.kind === 'scalar' ? seg.scalar(e.name, e.value) : seg.gauge(e.name, e.value);
    else if (e.kind === 'names') i = seg.names(e.name, e.names);
    else if (e.kind === 'simple') i = seg.simple(e.name, e.rows);
    else if (e.kind === 'combined') i = seg.combined(e.name, e.rows);
    else if (e.kind === 'histogram') i = seg.histogram(e.name, e.rows);
    else i = seg.symlink(e.name, at.get(e.target)!, e.column);
    at.set(e.name, i);
  }
  return seg;
}

const metric = (n: string) => n.replace(/[^A-Za-z0-9]/g, '_');
const quote = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelText(pairs: [string, string | undefined][]): string {
  const kept = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  return kept.length ? `{${kept.map(([k, v]) => `${k}="${quote(v)}"`).join(',')}}` : '';
}

/**
 * The exposition text of `entries`; `ifNames` is /if/names (the `name` label).
 * `noInterfaceLinks`: the `/interfaces/…` symlinks left out.
 */
export function naivePrometheus(entries: ModelEntry[], ifNames: (string | null)[], opts: { noInterfaceLinks?: boolean } = {}): string {
  const order: string[] = [];
  const fams = new Map<string, { type: string; help: string; lines: string[] }>();
  const fam = (name: string, type: string, entry: string) => {
    if (!fams.has(name)) {
      order.push(name);
      fams.set(name, { type, help: `VPP statistics entry ${entry}`, lines: [] });
    }
    return fams.get(name)!.lines;
  };
  const byName = new Map(entries.map((e) => [e.name, e]));
  const nameOf = (i: number) => ifNames[i] ?? undefined;
  for (const e of entries) {
    if (opts.noInterfaceLinks && e.kind === 'symlink' && e.name.startsWith('/interfaces/')) continue;
    const m = metric(e.name);
    if (e.kind === 'scalar') fam(m, 'counter', e.name).push(`${m} ${e.value}`);
    else if (e.kind === 'gauge') fam(m, 'gauge', e.name).push(`${m} ${e.value}`);
    else if (e.kind === 'simple') {
      const out = fam(m, 'counter', e.name);
      e.rows.forEach((r, t) => r.forEach((v, i) => out.push(`${m}${labelText([['thread', String(t)], ['interface', String(i)], ['name', e.name.startsWith('/if/') ? nameOf(i) : undefined]])} ${v}`)));
    } else if (e.kind === 'combined') {
      const p = fam(`${m}_packets`, 'counter', e.name);
      const b = fam(`${m}_bytes`, 'counter', e.name);
      e.rows.forEach((r, t) => r.forEach(([pk, by], i) => {
        const l = labelText([['thread', String(t)], ['interface', String(i)], ['name', e.name.startsWith('/if/') ? nameOf(i) : undefined]]);
        p.push(`${m}_packets${l} ${pk}`);
        b.push(`${m}_bytes${l} ${by}`);
      }));
    } else if (e.kind === 'names') {
      const out = fam(`${m}_info`, 'gauge', e.name);
      e.names.forEach((s, i) => s !== null && out.push(`${m}_info${labelText([['index', String(i)], ['name', s]])} 1`));
    } else if (e.kind === 'histogram') {
      const out = fam(m, 'histogram', e.name);
      e.rows.forEach((r, t) => {
        let cum = 0n;
        let sum = 0;
        r.bins.forEach((c, j) => {
          cum += c;
          sum += Number(c) * 2 ** (r.minExp + j);
          out.push(`${m}_bucket{thread="${t}",le="${2 ** (r.minExp + j + 1)}"} ${cum}`);
        });
        out.push(`${m}_bucket{thread="${t}",le="+Inf"} ${cum}`, `${m}_count{thread="${t}"} ${cum}`, `${m}_sum{thread="${t}"} ${sum}`);
      });
    } else {
      // A symlink reads as one column of its target: interface="0"; `name` when it is an /interfaces/ link into /if/.
      const target = byName.get(e.target)!;
      const name = e.name.startsWith('/interfaces/') && e.target.startsWith('/if/') ? nameOf(e.column) : undefined;
      const l = (t: number) => labelText([['thread', String(t)], ['interface', '0'], ['name', name]]);
      if (target.kind === 'simple') {
        const out = fam(m, 'counter', e.name);
        target.rows.forEach((r, t) => out.push(`${m}${l(t)} ${r[e.column]}`));
      } else if (target.kind === 'combined') {
        const p = fam(`${m}_packets`, 'counter', e.name);
        const b = fam(`${m}_bytes`, 'counter', e.name);
        target.rows.forEach((r, t) => {
          p.push(`${m}_packets${l(t)} ${r[e.column]![0]}`);
          b.push(`${m}_bytes${l(t)} ${r[e.column]![1]}`);
        });
      }
    }
  }
  let text = '';
  for (const name of order) {
    const f = fams.get(name)!;
    if (f.lines.length === 0) continue;
    text += `# HELP ${name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${f.type}\n${f.lines.map((l) => `${l}\n`).join('')}`;
  }
  return text;
}
