/**
 * `vppapi stats ls|show|watch [PATTERN...]`: VPP's statistics segment, read from the stats
 * socket (never the API socket: interface names come from the segment's `/if/names`).
 *
 * | subcommand      | human                                  | --json / --jsonl             | other        |
 * |-----------------|----------------------------------------|------------------------------|--------------|
 * | ls              | name, type, shape                      | array / one entry per line   |              |
 * | show (dump)     | interface table, errors, the rest      | array / one entry per line   | --prometheus |
 * | watch           | a redrawn screen of rates (a terminal) | one object per sample (JSONL; also when piped) |   |
 *
 * Entries that cannot be read (bad bytes) are reported on stderr and make the exit code 4;
 * the others are still shown.
 */
// koffi itself is loaded only when a socket is opened (client/stats/native.ts).
import { nameMatcher, openStats, sample, type EntryRates, type SamplerEvent, type StatEntry, type StatsSegment } from '../../client/stats/index.js';
import { stringifyJson } from '../../format/json/lossless-json.js';
import { statsJson } from '../../format/stats/stats-json.js';
import { type PrometheusOptions, renderPrometheus } from '../../format/stats/stats-prometheus.js';
import { FormatError } from '../../format/errors.js';
import { columns, renderStatsText, type StatsTextOptions } from '../../format/stats/stats-text.js';
import { fitScreen } from '../../format/stats/stats-screen.js';
import { lazy } from '../lazy-modules.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { parseTimeout } from '../runtime/globals.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { loadCounterHelp } from '../serve/counter-help.js';

type Opts = Record<string, unknown>;

const NAMES = '/if/names';
async function openSegment(rt: Runtime): Promise<StatsSegment> {
  const socketPath = await rt.statsSocket();
  return openStats({ socketPath, timeoutMs: rt.globals.timeoutMs });
}

/** The user's patterns as a predicate. @throws VppApiError EINPUT for a bad pattern (exit 2). */
function matcher(patterns: readonly string[], opts: Opts): (name: string) => boolean {
  return nameMatcher(patterns, { glob: opts.glob === true });
}

/** Bad entries on stderr; true when there were any. */
function reportFailed(p: Printer, entries: readonly StatEntry[]): boolean {
  const bad = entries.filter((e) => e.error);
  for (const e of bad.slice(0, 20)) p.warn(`cannot read ${e.error}`);
  if (bad.length > 20) p.warn(`${bad.length - 20} more entries cannot be read`);
  return bad.length > 0;
}

function names(entries: readonly StatEntry[]): (string | null)[] | undefined {
  const v = entries.find((e) => e.name === NAMES)?.value;
  return v?.kind === 'names' ? v.names : undefined;
}

function printJson(p: Printer, rows: readonly unknown[]): void {
  if (p.mode === 'jsonl') for (const r of rows) p.out.write(`${stringifyJson(r)}\n`);
  else p.out.write(`${stringifyJson(rows, { indent: 2 })}\n`);
}

/**
 * An entry's shape for `ls --json`: the count along each dimension, outermost first;
 * null for a scalar or gauge (one value) and for an entry that could not be read.
 *
 * | type             | shape                                   |
 * |------------------|-----------------------------------------|
 * | simple, combined | [threads, elements] (combined: each element packets and bytes) |
 * | histogram        | [threads, bins]                         |
 * | names            | [slots]                                 |
 * | ring             | [threads, ring size, entry bytes]       |
 * | symlink          | none: `target` and `column` instead     |
 */
function shapeCounts(e: StatEntry): number[] | null {
  const v = e.value;
  switch (v?.kind) {
    case 'simple':
      return [v.rows.length, Math.max(0, ...v.rows.map((r) => r.length))];
    case 'combined':
      return [v.rows.length, Math.max(0, ...v.rows.map((r) => r.packets.length))];
    case 'histogram':
      return [v.rows.length, Math.max(0, ...v.rows.map((r) => r.bins.length))];
    case 'names':
      return [v.names.length];
    case 'ring':
      return [v.ring.threads.length, v.ring.ringSize, v.ring.entrySize];
    default:
      return null;
  }
}

/** What `ls` says about an entry's shape: the counts of shapeCounts, or a symlink's target. */
function shape(e: StatEntry): string {
  if (e.symlink) return `→ ${e.symlink.target} [${e.symlink.column}]`;
  const n = shapeCounts(e);
  if (!n) return '';
  const unit = e.value?.kind === 'histogram' ? ' bins' : e.value?.kind === 'ring' ? ' B' : '';
  return `${n.join(' × ')}${unit}`;
}

async function ls(rt: Runtime, patterns: string[], opts: Opts): Promise<number> {
  const match = matcher(patterns, opts);
  const seg = await openSegment(rt);
  try {
    const { entries } = await seg.read(match);
    const p = rt.printer();
    const bad = reportFailed(p, entries);
    if (p.mode !== 'human') {
      printJson(p, entries.map((e) => ({ name: e.name, type: e.type, index: e.index, ...(e.symlink ? { target: e.symlink.target, column: e.symlink.column } : { shape: shapeCounts(e) }) })));
    } else if (entries.length > 0) {
      p.out.write(`${columns(['name', 'type', 'shape'], entries.map((e) => [e.name, e.type, shape(e)]), [false, false, false])}\n`);
    }
    if (entries.length === 0) p.note(`no entry matches ${patterns.map((x) => JSON.stringify(x)).join(' ') || '(everything)'}`);
    return bad ? EXIT.NO_ANSWER : EXIT.OK;
  } finally {
    seg.close();
  }
}

/** --v2, --no-interface-links and the # HELP texts, as `serve` takes them too. */
async function prometheusOptions(rt: Runtime, opts: Opts, ifNames: (string | null)[] | undefined): Promise<PrometheusOptions> {
  return { names: ifNames, naming: opts.v2 ? 'v2' : 'v1', noInterfaceLinks: opts.interfaceLinks === false, help: await loadCounterHelp(rt.globals, rt.io.env) };
}

async function show(rt: Runtime, patterns: string[], opts: Opts): Promise<number> {
  const p = rt.printer();
  if (opts.prometheus && p.mode !== 'human') throw new CliError('stats show: --prometheus and --json/--jsonl are different outputs: give one');
  if ((opts.v2 || opts.interfaceLinks === false) && !opts.prometheus) throw new CliError('stats show: --v2 and --no-interface-links shape --prometheus output: add --prometheus');
  if (opts.prometheus && (p.settings.tsv || p.settings.wide || p.settings.columns)) throw new CliError('stats show: --columns, --wide and --tsv shape tables; --prometheus writes every series: give one');
  const match = matcher(patterns, opts);
  const seg = await openSegment(rt);
  try {
    // /if/names comes along for the interface column; shown only when asked for.
    const { entries } = await seg.read((n) => n === NAMES || match(n));
    const shown = entries.filter((e) => e.name !== NAMES || match(e.name));
    const bad = reportFailed(p, shown);
    if (opts.prometheus) p.out.write(renderPrometheus(shown, await prometheusOptions(rt, opts, names(entries))));
    else if (p.mode !== 'human') printJson(p, statsJson(shown, { perThread: opts.perThread === true, names: names(entries) }));
    else {
      const s = p.settings;
      const form = s.tsv ? 'tsv' : s.terminal ? 'terminal' : 'plain';
      if (s.color && form === 'terminal') await lazy.color();
      const text = statsText(shown, { ...tableOptions(p), form, names: names(entries), perThread: opts.perThread === true, noZeros: opts.zeros === false });
      if (text) p.out.write(`${text}\n`);
    }
    if (shown.length === 0) p.note(`no entry matches ${patterns.map((x) => JSON.stringify(x)).join(' ')}`);
    return bad ? EXIT.NO_ANSWER : EXIT.OK;
  } finally {
    seg.close();
  }
}

/** --columns, --wide, colour and width as dump tables take them (runtime/output.ts). */
function tableOptions(p: Printer): StatsTextOptions {
  const s = p.settings;
  return { columns: s.columns, wide: s.wide, color: s.color, width: s.width === Infinity ? Number.MAX_SAFE_INTEGER : s.width, seeHow: SEE_HOW };
}

const SEE_HOW = '--wide shows every column, --columns a,b,c picks';

/**
 * renderStatsText with --columns errors as usage errors.
 * @throws CliError (exit 2) when --columns names a column no table shown has.
 */
function statsText(entries: readonly StatEntry[], opts: StatsTextOptions): string {
  try {
    return renderStatsText(entries, opts);
  } catch (e) {
    if (e instanceof FormatError) throw new CliError(`--columns: ${e.message.replace(/^columns: /, '')}`, EXIT.USAGE, undefined, { cause: e });
    throw e;
  }
}

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`stats watch: ${flag} ${JSON.stringify(v)} is not a positive whole number`);
  return n;
}

/** `HH:MM:SS`, local time. */
function clock(t: number): string {
  return new Date(t).toTimeString().slice(0, 8);
}

interface Screen {
  sample(ev: Extract<SamplerEvent, { kind: 'sample' }>, n: number): void;
  event(ev: Exclude<SamplerEvent, { kind: 'sample' }>): void;
}

/**
 * A `top`-like screen, redrawn in place (home, clear) at each sample so that the header
 * stays on the first line: the tables fitted to the terminal's width as `show` fits them,
 * cut to the terminal's height (format/stats/stats-screen.ts). Redrawing in place, not
 * repeating the header down a scrolling page, because an operator reads a rate where it
 * was a second ago, as in `top` and `vpp_get_stats poll`. Width and height are read at
 * each sample, so a resized terminal is followed.
 */
function terminalScreen(rt: Runtime, p: Printer, opts: Opts, intervalMs: number): Screen {
  const out = rt.io.stdout as { columns?: number; rows?: number; write(s: string): unknown };
  let status = '';
  return {
    sample(ev, n) {
      const rows = out.rows || 40;
      const width = out.columns || (p.settings.width === Infinity ? 80 : p.settings.width);
      const headText = `vppapi stats watch  ${clock(ev.time)}  every ${intervalMs / 1000} s  sample ${n}  epoch ${ev.epoch}${status ? `  (${status})` : ''}`;
      // The header never wraps: it is the one line that must stay in view.
      const head = headText.length > width ? `${headText.slice(0, Math.max(1, width - 1))}…` : headText;
      const shown = ev.entries.filter((e) => e.name !== NAMES || opts.wantNames);
      const room = Math.max(1, rows - 3);
      const text = statsText(shown, { ...tableOptions(p), width, form: 'terminal', names: names(ev.entries), perThread: opts.perThread === true, noZeros: opts.zeros === false, rates: ev.rates, maxRows: room });
      out.write(`\x1b[H\x1b[2J${head}\n\n${fitScreen(text, width, room).join('\n')}\n`);
    },
    event(ev) {
      status = `${clock(ev.time)} ${ev.kind}: ${ev.reason}`;
    },
  };
}

/** One JSON object per line: samples with their rates, and events. */
function jsonlStream(rt: Runtime, opts: Opts): Screen {
  const out = rt.io.stdout;
  return {
    sample(ev) {
      const shown = ev.entries.filter((e) => e.name !== NAMES || opts.wantNames);
      out.write(`${stringifyJson({ time: new Date(ev.time).toISOString(), elapsed: ev.elapsed, epoch: ev.epoch, entries: statsJson(shown, { perThread: opts.perThread === true, rates: ev.rates as ReadonlyMap<string, EntryRates>, names: names(ev.entries) }) })}\n`);
    },
    event(ev) {
      out.write(`${stringifyJson({ time: new Date(ev.time).toISOString(), event: ev.kind, reason: ev.reason })}\n`);
    },
  };
}

async function watch(rt: Runtime, patterns: string[], opts: Opts): Promise<number> {
  const p = rt.printer();
  const count = positiveInt(opts.count, '--count');
  const intervalMs = opts.interval === undefined ? 1000 : parseTimeout(String(opts.interval), '--interval');
  const pats = patterns.length ? patterns : ['^/if/'];
  const match = matcher(pats, opts);
  const socketPath = await rt.statsSocket();
  const open = () => openStats({ socketPath, timeoutMs: rt.globals.timeoutMs });
  const o = { ...opts, wantNames: match(NAMES) };
  const onScreen = p.mode === 'human' && rt.io.stdout.isTTY === true;
  if (p.settings.tsv) throw new CliError('stats watch: --tsv is for stats show; watch draws a screen on a terminal and writes one JSON object per sample otherwise', EXIT.USAGE, 'vppapi stats show --tsv for a table, or vppapi stats watch --jsonl for samples a script reads');
  if (p.settings.columns && !onScreen) throw new CliError('stats watch: --columns picks the columns of the screen drawn on a terminal; here watch writes one JSON object per sample (every value)', EXIT.USAGE, 'leave out --columns, or pick values from the JSON (jq)');
  if (onScreen && p.settings.color) await lazy.color();
  const screen = onScreen ? terminalScreen(rt, p, o, intervalMs) : jsonlStream(rt, o);
  let n = 0;
  let bad = false;
  for await (const ev of sample({ open, socketPath, select: (x) => x === NAMES || match(x), intervalMs, count, signal: rt.io.signal })) {
    if (ev.kind === 'sample') {
      n++;
      if (!bad) bad = reportFailed(p, ev.entries);
      screen.sample(ev, n);
    } else {
      p.note(`${ev.kind === 'reattached' ? 'reattached' : ev.kind === 'lost' ? 'lost VPP' : 'stalled'}: ${ev.reason}`);
      screen.event(ev);
    }
  }
  return bad ? EXIT.NO_ANSWER : EXIT.OK;
}

export const subcommands = {
  ls: (rt: Runtime, args: string[], opts: Opts) => ls(rt, args, opts),
  show: (rt: Runtime, args: string[], opts: Opts) => show(rt, args, opts),
  watch: (rt: Runtime, args: string[], opts: Opts) => watch(rt, args, opts),
};
