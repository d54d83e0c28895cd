/**
 * Which records `api-trace show` and `replay` work on:
 *
 * | option          | keeps                                                               |
 * |-----------------|---------------------------------------------------------------------|
 * | `--filter GLOB` | names matching GLOB (`*`, `?`, `[..]`; a bare word is a prefix), as message-table |
 * | `--range A-B`   | indices A to B as printed (0-based, inclusive); `A-` to the end, `A` alone |
 * | `--no-memclnt`  | all but pings, get_first_msg_id, api_versions, keepalives, the handshake |
 * | `--head N`      | the first N kept                                                    |
 * | `--tail N`      | the last N kept (held in memory: N records)                         |
 */
import { isMemclnt } from '../../client/trace/replay.js';
import type { TraceItem } from '../../client/trace/load-messages.js';
import { namePattern } from '../request/compat.js';
import { CliError } from '../runtime/errors.js';

export interface Selection {
  filter?: string;
  range?: string;
  head?: string;
  tail?: string;
  noMemclnt?: boolean;
}

export interface Selector {
  /** Whether an item passes filter, range and --no-memclnt. */
  keep(item: TraceItem): boolean;
  head?: number;
  tail?: number;
}

/** @throws CliError (exit 2) naming the option and the value for a bad range or count. */
export function selector(o: Selection): Selector {
  const match = o.filter !== undefined ? namePattern(o.filter) : undefined;
  const range = o.range !== undefined ? parseRange(o.range) : undefined;
  const noMemclnt = o.noMemclnt === true;
  return {
    keep: (it) =>
      (!match || match(it.name)) && (!range || (it.index >= range[0] && it.index <= range[1])) && (!noMemclnt || !isMemclnt(it.name, it.def)),
    head: o.head !== undefined ? count('--head', o.head) : undefined,
    tail: o.tail !== undefined ? count('--tail', o.tail) : undefined,
  };
}

/** `3-7`, `3-`, `5` → [from, to]. @throws CliError. */
export function parseRange(text: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$/.exec(text);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? (m[3] !== undefined ? Number(m[3]) : m[2] ? Infinity : from) : NaN;
  if (!m || to < from) {
    throw new CliError(`--range: ${JSON.stringify(text)} is not a range of record indices`, undefined, 'write A-B (0-based, inclusive, as api-trace show prints them), A- for A to the end, or A alone');
  }
  return [from, to];
}

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n)) throw new CliError(`${flag}: ${JSON.stringify(text)} is not a count`, undefined, `write a whole number, e.g. ${flag} 10`);
  return n;
}

/** The items `sel` keeps, --head/--tail applied; streams unless --tail. */
export function* selected(items: Iterable<TraceItem>, sel: Selector): Generator<TraceItem, void, undefined> {
  let n = 0;
  const last: TraceItem[] = [];
  for (const it of items) {
    if (!sel.keep(it)) continue;
    if (sel.head !== undefined && n >= sel.head) return;
    n++;
    if (sel.tail === undefined) yield it;
    else {
      last.push(it);
      if (last.length > sel.tail) last.shift();
    }
  }
  yield* last;
}
