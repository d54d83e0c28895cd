/**
 * The Prometheus text exposition format 0.0.4, with `vpp_prometheus_export`'s names and
 * labels so existing dashboards keep working (docs/stats.md §9). Default (v1) naming:
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
 * A symlink reads as one column, so its `interface` label is "0" whatever its target's
 * column (the exporter's output; `/interfaces/loop0/rx` is `interface="0"`). Interface
 * series (`/if/*` and `/interfaces/*`) also carry `name`, the interface name: the only
 * label added, none changed.
 *
 * `v2` naming (the exporter's `v2` word) splits the name at `/`: `/interfaces/<if>/<c>` →
 * `interfaces_<c>{interface,index,thread}`, `/nodes/<n>/<c>` → `nodes_<c>{node,…}`,
 * `/err/<node>/<error>` → `err{node,error,index,thread}`, `/mem/<heap>[/<c>]` →
 * `mem[_<c>]{heap,index,thread}`, `/sys/<x>` → `sys_<x>` (and `sys_uptime` after
 * `/sys/boottime`), `/buffer-pools/<p>/<c>` → `buffer_pools_<c>{pool}`; anything else as v1;
 * name vectors left out.
 *
 * Where the exporter's output is not valid exposition format, this does the valid thing:
 * one `# TYPE` (and `# HELP`) per metric family, its lines together, not one per row or
 * entry (v2 prints none); histogram buckets as `_bucket` with `le` the bin's upper edge
 * (the exporter prints the lower edge, without `_bucket`); where two entries' cleaned
 * names collide (`/err/esp4-encrypt/post_rx_pkts`, `/err/esp4-encrypt-post/rx_pkts`) the
 * exporter prints the same series twice: here the later entry's series carry one more
 * label, `entry` (its VPP name), under the same metric (a metric of another type gets
 * `_2`, `_3`, …); label values escaped. Ring buffers and
 * entries that could not be read are left out.
 */
import type { RawRequest, RawValues, StatEntry, StatValue } from '../../client/types/stat-entries.js';
import { RawPlan } from './prometheus-raw.js';
import { LineList, Shape, Template, V } from './prometheus-template.js';

export interface PrometheusOptions {
  /** `/if/names`, for the `name` label. */
  names?: readonly (string | null)[];
  /** The exporter's naming: v1 (default) or v2. */
  naming?: 'v1' | 'v2';
  /** Entry name → `# HELP` text (counterHelp); others say which VPP entry they are. */
  help?: ReadonlyMap<string, string>;
  /** Leave out the `/interfaces/<name>/<counter>` symlinks (they repeat `/if/<counter>`). */
  noInterfaceLinks?: boolean;
  /** Unix time in seconds, for v2's `sys_uptime`; default now. */
  now?: number;
}

type MetricType = 'counter' | 'gauge' | 'histogram';
type Labels = readonly (readonly [string, string | number | undefined])[];

interface Family {
  type: MetricType;
  help: string;
  lines: LineList;
}

/** prom(N): the exporter's name cleaner, plus a leading `_` where a name would start with a digit. */
export function promName(n: string): string {
  const s = clean(n);
  return /^[0-9]/.test(s) || s === '' ? `_${s}` : s;
}

/** The exporter's cleaner alone: every character but an ASCII letter or digit becomes `_`. */
function clean(n: string): string {
  return n.replace(/[^A-Za-z0-9]/g, '_');
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Labels): string {
  let out = '';
  for (const [k, v] of pairs) if (v !== undefined) out += `${out ? ',' : ''}${k}="${esc(String(v))}"`;
  return out ? `{${out}}` : '';
}

/**
 * Metric families in first-seen order. A family belongs to an owner key: in v1 the entry
 * (another entry with the same cleaned name gets `_2`), in v2 the family name and type
 * (every `/interfaces/*\/rx` shares `interfaces_rx_packets`).
 */
class Families {
  readonly byName = new Map<string, Family>();
  private readonly owner = new Map<string, string>();

  /** Label texts by thread, then element and name (cachedLabels). */
  readonly labelCache: Map<string, string>[] = [];

  constructor(private readonly help: ReadonlyMap<string, string> | undefined) {}

  /**
   * The family `name` for `owner`. When another owner has it: in v1 (`entry` = owner), a
   * family of the same type is shared and this entry's series get an `entry` label
   * naming it (so the exporter's name stays and no series repeats); another type gets
   * `_2`, `_3`, …. `help`: the family's text when it is not one entry's (v2 families
   * gather many).
   */
  get(name: string, owner: string, type: MetricType, entry: string, help?: string): { name: string; f: Family; entry?: string } {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      const who = this.owner.get(candidate);
      if (who === undefined) {
        this.owner.set(candidate, owner);
        const f: Family = { type, help: help ?? this.help?.get(entry) ?? `VPP statistics entry ${entry}`, lines: new LineList() };
        this.byName.set(candidate, f);
        return { name: candidate, f };
      }
      const f = this.byName.get(candidate)!;
      if (who === owner) return { name: candidate, f };
      if (owner === entry && f.type === type && type !== 'histogram') return { name: candidate, f, entry };
    }
  }

  /** The families in first-seen order, as a template. Throws nothing. */
  template(): Template {
    return new Template(
      [...this.byName].map(([name, f]) => ({ header: `# HELP ${name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${f.type}\n`, lines: f.lines })),
    );
  }
}

/**
 * `{thread="t",interface="i"[,name="n"]}`, made once per (thread, element, name) for a
 * render: the 17 interface counters and their links repeat the same few thousand.
 */
function cachedLabels(cache: Map<string, string>[], t: number, i: number, name: string | undefined): string {
  const byThread = (cache[t] ??= new Map());
  const key = name === undefined ? `${i}` : `${i} ${name}`;
  let l = byThread.get(key);
  if (l === undefined) byThread.set(key, (l = labels([['thread', t], ['interface', i], ['name', name]])));
  return l;
}

const isInterfaceLink = (e: StatEntry) => e.symlink !== undefined && e.name.startsWith('/interfaces/');

/** The sw_if_index an element of an interface series stands for (for `name`), else undefined. */
function interfaceIndex(e: StatEntry, element: number): number | undefined {
  if (e.symlink) return isInterfaceLink(e) && e.symlink.target.startsWith('/if/') ? e.symlink.column : undefined;
  return e.name.startsWith('/if/') ? element : undefined;
}

/**
 * The exposition text of `entries` (a trailing newline when not empty).
 * Throws nothing.
 */
export function renderPrometheus(entries: readonly StatEntry[], opts: PrometheusOptions = {}): string {
  return renderPrometheusBytes(entries, opts).toString('utf8');
}

/** renderPrometheus as UTF-8 bytes, without the string (what a server writes). Throws nothing. */
export function renderPrometheusBytes(entries: readonly StatEntry[], opts: PrometheusOptions = {}): Buffer {
  return templateOf(entries, opts).fill(entries, opts.now ?? Date.now() / 1000);
}

/** The text of `entries` around their values. Throws nothing. */
function templateOf(entries: readonly StatEntry[], opts: PrometheusOptions): Template {
  const fams = new Families(opts.help);
  const v2 = opts.naming === 'v2';
  entries.forEach((e, k) => {
    if (!e.value || (opts.noInterfaceLinks && isInterfaceLink(e))) return;
    if (!v2 || !addV2(fams, e, k, e.value)) addV1(fams, e, k, e.value, opts);
  });
  return fams.template();
}

/**
 * Renders scrape after scrape of one segment, keeping the text around the values while
 * the segment's directory, its vectors' sizes, the interface names and the options stay
 * as they were (prometheus-template.ts): then a scrape writes only the values. Any
 * change, and the text is made anew. The output is renderPrometheusBytes's, byte for byte.
 */
export class PrometheusRenderer {
  private kept:
    | { template: Template; shape: Shape; opts: PrometheusOptions; names: readonly (string | null)[] | undefined; raw?: RawPlan; epoch?: bigint }
    | undefined;

  /**
   * `epoch`: the directory epoch `entries` were read at, when they are every entry of the
   * segment read without error; then later scrapes of that epoch may skip the full read
   * (rawRequest, fillRaw). Give the text back with release once it is written out.
   * Throws nothing.
   */
  render(entries: readonly StatEntry[], opts: PrometheusOptions = {}, epoch?: bigint): Buffer {
    return this.renderParts(entries, opts, epoch, Infinity)[0]!;
  }

  /** render in parts of `chunk` samples (Template.parts). Throws nothing. */
  renderParts(entries: readonly StatEntry[], opts: PrometheusOptions, epoch: bigint | undefined, chunk: number): Buffer[] {
    const k = this.kept;
    if (!k || !sameOptions(k.opts, opts) || !sameNames(k.names, opts.names) || !k.shape.matches(entries)) {
      this.kept = { template: templateOf(entries, opts), shape: Shape.of(entries), opts: { ...opts }, names: opts.names && [...opts.names] };
    }
    const kept = this.kept!;
    if (epoch !== undefined && kept.epoch !== epoch) {
      kept.raw = RawPlan.of(kept.template, entries, epoch);
      kept.epoch = epoch;
    } else if (epoch === undefined) kept.raw = kept.epoch = undefined;
    const t = kept.template;
    return t.parts(t.reader(entries, opts.now ?? Date.now() / 1000), chunk);
  }

  /**
   * What to read for fillRaw: the rows and words of the kept text's entries at its
   * epoch, when the last render was given an epoch and `opts` are the same. Throws nothing.
   */
  rawRequest(opts: PrometheusOptions = {}): RawRequest | undefined {
    const k = this.kept;
    return k?.raw && sameOptions(k.opts, opts) ? k.raw.request : undefined;
  }

  /**
   * The text of the kept entries with the values of `raw`, read for `req` (rawRequest):
   * byte for byte what render gives for a full read of the same bytes. Undefined when
   * the vectors' sizes changed since, or `req` is no longer the plan (render the usual
   * way). Throws nothing.
   */
  fillRaw(req: RawRequest, raw: RawValues, opts: PrometheusOptions = {}): Buffer | undefined {
    return this.fillRawParts(req, raw, opts, Infinity)?.[0];
  }

  /**
   * fillRaw in parts of `chunk` samples, in order (Template.parts): most are the kept
   * parts as they were, handed out again. Give them back with release(the last part)
   * once written out. Throws nothing.
   */
  fillRawParts(req: RawRequest, raw: RawValues, opts: PrometheusOptions, chunk: number): Buffer[] | undefined {
    const k = this.kept;
    const plan = k?.raw;
    // Another scrape may have planned anew since `req` was asked for.
    if (!k || !plan || plan.request !== req || !sameOptions(k.opts, opts)) return undefined;
    const read = plan.reader(raw, opts.now ?? Date.now() / 1000, k.template);
    return read && k.template.parts(read, chunk);
  }

  /** Gives back a text, or the last of a fill's parts, once written out, for its memory to be reused (Template.release). Throws nothing. */
  release(text: Buffer): void {
    this.kept?.template.release(text);
  }
}

function sameOptions(a: PrometheusOptions, b: PrometheusOptions): boolean {
  return (a.naming ?? 'v1') === (b.naming ?? 'v1') && !a.noInterfaceLinks === !b.noInterfaceLinks && a.help === b.help;
}

function sameNames(a: readonly (string | null)[] | undefined, b: readonly (string | null)[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function addV1(fams: Families, e: StatEntry, k: number, v: StatValue, opts: PrometheusOptions): void {
  const base = promName(e.name);
  let entryLabel: string | undefined;
  const get = (name: string, type: MetricType) => {
    const got = fams.get(name, e.name, type, e.name);
    entryLabel = got.entry;
    return got;
  };
  const ifLabels = (t: number, i: number): string => {
    const ifi = interfaceIndex(e, i);
    const name = ifi === undefined ? undefined : (opts.names?.[ifi] ?? undefined);
    if (entryLabel !== undefined) return labels([['thread', t], ['interface', i], ['name', name], ['entry', entryLabel]]);
    return cachedLabels(fams.labelCache, t, i, name);
  };
  switch (v.kind) {
    case 'scalar':
    case 'gauge': {
      const { name, f } = get(base, v.kind === 'scalar' ? 'counter' : 'gauge');
      f.lines.add(`${name}${labels([['entry', entryLabel]])} `, V.SCALAR, k);
      return;
    }
    case 'simple': {
      const { name, f } = get(base, 'counter');
      v.rows.forEach((r, t) => {
        for (let i = 0; i < r.length; i++) f.lines.add(`${name}${ifLabels(t, i)} `, V.SIMPLE, k, t, i);
      });
      return;
    }
    case 'combined': {
      const p = get(`${base}_packets`, 'counter');
      const b = get(`${base}_bytes`, 'counter');
      v.rows.forEach((r, t) => {
        for (let i = 0; i < r.packets.length; i++) {
          const l = ifLabels(t, i);
          p.f.lines.add(`${p.name}${l} `, V.PACKETS, k, t, i);
          b.f.lines.add(`${b.name}${l} `, V.BYTES, k, t, i);
        }
      });
      return;
    }
    case 'names': {
      const { name, f } = get(`${base}_info`, 'gauge');
      v.names.forEach((s, i) => s !== null && f.lines.add(`${name}${labels([['index', i], ['name', s], ['entry', entryLabel]])} 1`, V.NONE, k));
      return;
    }
    case 'histogram': {
      const { name, f } = get(base, 'histogram');
      v.rows.forEach((r, t) => histogramLines(f.lines, name, k, t, r.minExp, r.bins.length));
      return;
    }
    case 'ring':
      return;
  }
}

/**
 * The exporter's v2 tokens: the name split at `/` (t0 is the empty text before the first
 * `/`); `/interfaces/<id>/<counter>` in exactly three, the id up to the last `/`.
 */
function tokens(name: string): string[] {
  if (name.startsWith('/interfaces/')) {
    const rest = name.slice('/interfaces/'.length);
    const cut = rest.lastIndexOf('/');
    if (cut > 0) return ['', 'interfaces', rest.slice(0, cut), rest.slice(cut + 1)];
  }
  return name.split('/');
}

/** Adds `e` under v2's rules; false when v2 has no rule of its own for it (then it goes as v1). */
function addV2(fams: Families, e: StatEntry, k: number, v: StatValue): boolean {
  const t = tokens(e.name);
  const n = t.length;
  // A v2 family gathers entries of one shape: its help names the shape, not one entry.
  const shape = t[1] === 'err' ? '/err/<node>/<error>' : t[1] === 'interfaces' ? `/interfaces/<interface>/${t[3]}` : t[1] === 'nodes' ? `/nodes/<node>/${t[3]}` : t[1] === 'mem' ? `/mem/<heap>${n === 4 ? `/${t[3]}` : ''}` : t[1] === 'buffer-pools' ? `/buffer-pools/<pool>/${t[3]}` : undefined;
  const get = (name: string, type: MetricType) => fams.get(name, `v2 ${type} ${name}`, type, e.name, shape && `VPP statistics entries ${shape}`);
  const perElement = (name: string, first: Labels) => {
    const { name: m, f } = get(name, 'counter');
    if (v.kind !== 'simple') return;
    v.rows.forEach((r, t) => {
      for (let j = 0; j < r.length; j++) f.lines.add(`${m}${labels([...first, ['index', j], ['thread', t]])} `, V.SIMPLE, k, t, j);
    });
  };
  switch (v.kind) {
    case 'simple':
      if (n === 4 && (t[1] === 'interfaces' || t[1] === 'nodes')) perElement(`${t[1]}_${clean(t[3]!)}`, [[t[1] === 'nodes' ? 'node' : 'interface', t[2]]]);
      else if (n === 3 && t[1] === 'sys') perElement(`sys_${clean(t[2]!)}`, []);
      else if (t[1] === 'mem' && n === 3) perElement('mem', [['heap', t[2]]]);
      else if (t[1] === 'mem' && n === 4) perElement(`mem_${clean(t[3]!)}`, [['heap', t[2]]]);
      else if (t[1] === 'err' && n >= 4) perElement('err', [['node', t[2]], ['error', t.slice(3).join('/')]]);
      else return false;
      return true;
    case 'combined': {
      if (!(n === 4 && t[1] === 'interfaces')) return false;
      const base = `interfaces_${clean(t[3]!)}`;
      const p = get(`${base}_packets`, 'counter');
      const b = get(`${base}_bytes`, 'counter');
      v.rows.forEach((r, row) => {
        for (let j = 0; j < r.packets.length; j++) {
          const l = labels([['interface', t[2]], ['index', j], ['thread', row]]);
          p.f.lines.add(`${p.name}${l} `, V.PACKETS, k, row, j);
          b.f.lines.add(`${b.name}${l} `, V.BYTES, k, row, j);
        }
      });
      return true;
    }
    case 'scalar':
    case 'gauge': {
      const type = v.kind === 'scalar' ? 'counter' : 'gauge';
      if (n === 4 && t[1] === 'buffer-pools') {
        const { name, f } = get(`buffer_pools_${clean(t[3]!)}`, type);
        f.lines.add(`${name}${labels([['pool', t[2]]])} `, V.SCALAR, k);
      } else if (n === 3 && t[1] === 'sys') {
        const { name, f } = get(`sys_${clean(t[2]!)}`, type);
        f.lines.add(`${name} `, V.SCALAR, k);
        if (t[2] === 'boottime') {
          const up = get('sys_uptime', 'gauge');
          up.f.lines.add(`${up.name} `, V.UPTIME, k);
        }
      } else return false;
      return true;
    }
    case 'names':
    case 'ring':
      return true;
    case 'histogram':
      return false;
  }
}

/** Bin j counts ⌊log2 v⌋ = minExp + j, so every value in it is below 2^(minExp+j+1): its `le`. */
function histogramLines(lines: LineList, name: string, k: number, t: number, minExp: number, bins: number): void {
  for (let j = 0; j < bins; j++) lines.add(`${name}_bucket${labels([['thread', t], ['le', String(2 ** (minExp + j + 1))]])} `, V.BUCKET, k, t, j);
  lines.add(`${name}_bucket${labels([['thread', t], ['le', '+Inf']])} `, V.TOTAL, k, t);
  lines.add(`${name}_count${labels([['thread', t]])} `, V.TOTAL, k, t);
  lines.add(`${name}_sum${labels([['thread', t]])} `, V.SUM, k, t);
}

/** A module's `counters` and `paths` blocks as the definition files hold them. */
export interface CounterBlocks {
  counters?: unknown[];
  paths?: unknown[];
}

/**
 * `# HELP` texts from the definitions' `counters` blocks: each `paths` item maps a stats
 * path (`/err/ip4-input`) to a counter set whose elements name the entries under it
 * (`/err/ip4-input/time_expired`) with a description, a unit and a severity. Malformed
 * items are skipped. Throws nothing.
 */
export function counterHelp(modules: Iterable<CounterBlocks>): Map<string, string> {
  const help = new Map<string, string>();
  for (const m of modules) {
    const sets = new Map<string, { name: string; text: string }[]>();
    for (const c of Array.isArray(m.counters) ? m.counters : []) {
      const set = c as { name?: unknown; elements?: unknown };
      if (typeof set.name !== 'string' || !Array.isArray(set.elements)) continue;
      const els: { name: string; text: string }[] = [];
      for (const el of set.elements as Record<string, unknown>[]) {
        if (typeof el?.name !== 'string' || typeof el.description !== 'string') continue;
        const extra = [el.units, el.severity].filter((x) => typeof x === 'string' && x !== '').join(', ');
        els.push({ name: el.name, text: extra ? `${el.description} (${extra})` : el.description });
      }
      sets.set(set.name, els);
    }
    for (const group of Array.isArray(m.paths) ? m.paths : []) {
      for (const p of (Array.isArray(group) ? group : [group]) as Record<string, unknown>[]) {
        if (typeof p?.path !== 'string' || typeof p.counter !== 'string') continue;
        for (const el of sets.get(p.counter) ?? []) help.set(`${p.path}/${el.name}`, el.text);
      }
    }
  }
  return help;
}
