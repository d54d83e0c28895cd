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
import { columns, renderStatsText } from '../../format/stats/stats-text.js';
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

/** What `ls` says about an entry's shape. */
function shape(e: StatEntry): string {
  if (e.symlink) return `→ ${e.symlink.target} [${e.symlink.column}]`;
  const v = e.value;
  switch (v?.kind) {
    case 'simple':
      return `${v.rows.length} × ${Math.max(0, ...v.rows.map((r) => r.length))}`;
    case 'combined':
      return `${v.rows.length} × ${Math.max(0, ...v.rows.map((r) => r.packets.length))}`;
    case 'histogram':
      return `${v.rows.length} × ${Math.max(0, ...v.rows.map((r) => r.bins.length))} bins`;
    case 'names':
      return `${v.names.length}`;
    case 'ring':
      return `${v.ring.threads.length} × ${v.ring.ringSize} × ${v.ring.entrySize} B`;
    default:
      return '';
  }
}

async function ls(rt: Runtime, patterns: string[], opts: Opts): Promise<number> {
  const match = matcher(patterns, opts);
  const seg = await openSegment(rt);
  try {
    const { entries } = await seg.read(match);
    const p = rt.printer();
    const bad = reportFailed(p, entries);
    if (p.mode !== 'human') {
      printJson(p, entries.map((e) => ({ name: e.name, type: e.type, index: e.index, ...(e.symlink ? { target: e.symlink.target, column: e.symlink.column } : { shape: shape(e) }) })));
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
  const match = matcher(patterns, opts);
  const seg = await openSegment(rt);
  try {
    // /if/names comes along for the interface column; shown only when asked for.
    const { entries } = await seg.read((n) => n === NAMES || match(n));
    const shown = entries.filter((e) => e.name !== NAMES || match(e.name));
    const bad = reportFailed(p, shown);
    if (opts.prometheus) p.out.write(renderPrometheus(shown, await prometheusOptions(rt, opts, names(entries))));
    else if (p.mode !== 'human') printJson(p, statsJson(shown, { perThread: opts.perThread === true }));
    else {
      const text = renderStatsText(shown, { names: names(entries), perThread: opts.perThread === true, noZeros: opts.zeros === false });
      if (text) p.out.write(`${text}\n`);
    }
    if (shown.length === 0) p.note(`no entry matches ${patterns.map((x) => JSON.stringify(x)).join(' ')}`);
    return bad ? EXIT.NO_ANSWER : EXIT.OK;
  } finally {
    seg.close();
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

/** A `top`-like screen: home, clear, a header, as many lines as the terminal holds. */
function terminalScreen(rt: Runtime, opts: Opts, intervalMs: number): Screen {
  const out = rt.io.stdout;
  let status = '';
  return {
    sample(ev, n) {
      const rows = (out as { rows?: number }).rows ?? 40;
      const head = `vppapi stats watch  ${clock(ev.time)}  every ${intervalMs / 1000} s  sample ${n}  epoch ${ev.epoch}${status ? `  (${status})` : ''}`;
      const shown = ev.entries.filter((e) => e.name !== NAMES || opts.wantNames);
      const room = Math.max(1, rows - 3);
      const body = renderStatsText(shown, { names: names(ev.entries), perThread: opts.perThread === true, noZeros: opts.zeros === false, rates: ev.rates, maxRows: room }).split('\n');
      const cut = body.length > room ? [...body.slice(0, room - 1), `… ${body.length - room + 1} more lines (narrow the patterns)`] : body;
      out.write(`\x1b[H\x1b[2J${head}\n\n${cut.join('\n')}\n`);
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
      out.write(`${stringifyJson({ time: new Date(ev.time).toISOString(), elapsed: ev.elapsed, epoch: ev.epoch, entries: statsJson(shown, { perThread: opts.perThread === true, rates: ev.rates as ReadonlyMap<string, EntryRates> }) })}\n`);
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
  const screen = p.mode === 'human' && rt.io.stdout.isTTY ? terminalScreen(rt, o, intervalMs) : jsonlStream(rt, o);
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
