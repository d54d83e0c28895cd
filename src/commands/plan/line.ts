/**
 * A request typed as a line of the shell or of a script, on a session that is open: the
 * host runRequest runs it on (the line's own options, printers kept between lines), and
 * readLine, which reads a line that can be sent at once without waiting for anything
 * (exec --pipeline sends those while earlier lines are in flight).
 */
import type { Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { builtin } from '../registry.js';
import { type GlobalOptions, defaultGlobals } from '../runtime/globals.js';
import { type Io, readStdin } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import { reportError } from '../runtime/report.js';
import { type LineRequest, recalled, remember } from './line-memo.js';
import { type RequestPlan, planFor } from './plan.js';
import { isNeed, readArgs } from './read.js';
import { type RequestHost, runRequest, sendsAtOnce } from './run.js';

/** Per Io: its defaults, and the last merge with a `base` (with what `base` held then). */
interface Merged {
  d: GlobalOptions;
  base?: Partial<GlobalOptions>;
  held: unknown[];
  merged?: GlobalOptions;
}

const defaultsOf = new WeakMap<Io, Merged>();

/** Whether `base` still holds what `m` merged: the same keys, in order, with the same values. */
function sameBase(m: Merged, base: Partial<GlobalOptions>): boolean {
  if (m.base !== base || m.merged === undefined) return false;
  let i = 0;
  for (const k in base) {
    if (m.held[i++] !== k || m.held[i++] !== base[k as keyof GlobalOptions]) return false;
  }
  return i === m.held.length;
}

/**
 * The options a line starts from: defaults from the environment, then `base`; a fresh
 * object (a line's global flags are applied to it). The merge is kept while `base`
 * holds the same (a shell's `.json on` changes it in place), so that a script's lines
 * copy one flat object instead of merging two each. With `copy` false, the kept object
 * itself, for a line that applies no global option (not to be changed). Throws nothing.
 */
export function lineGlobals(io: Io, base: Partial<GlobalOptions> | undefined, copy = true): GlobalOptions {
  let m = defaultsOf.get(io);
  if (!m) defaultsOf.set(io, (m = { d: defaultGlobals(io.env), held: [] }));
  if (!base) return { ...m.d, help: false, version: false };
  if (!sameBase(m, base)) {
    m.base = base;
    m.held = [];
    for (const k in base) m.held.push(k, base[k as keyof GlobalOptions]);
    m.merged = { ...m.d, ...base, help: false, version: false };
  }
  return copy ? { ...m.merged! } : m.merged!;
}

/**
 * A printer for `g` on `io`, kept for the lines that print alike: the same output mode,
 * colour, table options (--columns, --wide, --tsv) and terminal width (a terminal can be
 * resized between two lines of the shell).
 */
export class Printers {
  private readonly kept = new Map<string, Printer>();
  /** The last line's: the next line (a script's usual case) is compared field by field, no key built. */
  private last: { g: GlobalOptions; width: number | undefined; p: Printer } | undefined;
  constructor(private readonly io: Io) {}

  for(g: GlobalOptions): Printer {
    const width = this.io.stdout.columns;
    const l = this.last;
    if (l && l.width === width && l.g.output === g.output && l.g.color === g.color && l.g.wide === g.wide && l.g.tsv === g.tsv && sameList(l.g.columns, g.columns)) return l.p;
    const key = `${g.output}/${g.color}/${g.wide}/${g.tsv}/${g.columns?.join(',')}/${width}`;
    let p = this.kept.get(key);
    if (!p) this.kept.set(key, (p = new Printer(this.io.stdout, this.io.stderr, outputSettings(g, this.io))));
    this.last = { g, width, p };
    return p;
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

const printersOf = new WeakMap<Io, Printers>();

/** The printers kept for `io`'s lines. Throws nothing. */
export function linePrinters(io: Io): Printers {
  let p = printersOf.get(io);
  if (!p) printersOf.set(io, (p = new Printers(io)));
  return p;
}

/** The plan of a line's first word when it names a request (not a built-in, not an option). @throws as planFor. */
function linePlan(schema: Schema, words: readonly string[]): RequestPlan | undefined {
  const name = words[0];
  if (name === undefined || name.startsWith('-') || builtin(name)) return undefined;
  return planFor(schema, name);
}

export type { LineRequest } from './line-memo.js';

/**
 * Reads `words` (CLI words, message name first) as a request on `schema` that can be
 * sent now (sendsAtOnce; nothing to wait for); undefined when the line is something else
 * or must wait (it then runs through runRequestLine). `merged` is lineGlobals(io, base, false).
 * Nothing is sent.
 * @throws CliError (exit 2) for bad flags or values, naming the flag and the value.
 */
export function readLine(schema: Schema, words: readonly string[], merged: GlobalOptions): LineRequest | undefined {
  return readWords(schema, words, merged, undefined);
}

/**
 * readLine of a line's `text`, its words given by `words(text)` (the caller's tokenizer;
 * undefined: the line is no request, e.g. a dot command). A line read before under the
 * same (schema, merged) is not read again: its request is recalled (plan/line-memo.ts);
 * the recalled value is frozen and shared, never to be changed. Nothing is sent.
 * @throws as `words` does; as readLine. A line that throws is never remembered: it
 *   throws again each time.
 */
export function readLineText(schema: Schema, text: string, merged: GlobalOptions, words: (text: string) => readonly string[] | undefined): LineRequest | undefined {
  const known = recalled(schema, merged, text);
  if (known !== undefined) return known;
  const w = words(text);
  return w === undefined ? undefined : readWords(schema, w, merged, text);
}

function readWords(schema: Schema, words: readonly string[], merged: GlobalOptions, text: string | undefined): LineRequest | undefined {
  const plan = linePlan(schema, words);
  if (!plan) return undefined;
  const r = readArgs(plan, words, 1, { globals: () => ({ ...merged }) });
  if (isNeed(r)) return undefined;
  const globals = r.globals ?? merged;
  if (!sendsAtOnce(plan, r, globals)) return undefined;
  const req: LineRequest = { plan, value: r.value, globals };
  if (text !== undefined) remember(schema, merged, text, r, req);
  return req;
}

/**
 * Runs `words` (CLI words, message name first) as a request on the open `session`, the
 * line's global options applied over `base`; the exit code, errors printed to io.stderr
 * and never thrown. Undefined when the first word names no request (a built-in, an
 * option, an unknown word: the dispatcher's), nothing done.
 */
export async function runRequestLine(words: readonly string[], session: Session, io: Io, base?: Partial<GlobalOptions>): Promise<number | undefined> {
  const printers = linePrinters(io);
  const merged = lineGlobals(io, base, false);
  let own: GlobalOptions | undefined;
  try {
    const plan = linePlan(session.schema, words);
    if (!plan) return undefined;
    const host: RequestHost = {
      io,
      globals: merged,
      writableGlobals: () => (own ??= { ...merged }),
      printer: (g) => printers.for(g),
      session: () => session,
      connected: true,
      readStdin: () => readStdin(io),
    };
    return await runRequest(host, plan, words, 1);
  } catch (e) {
    return reportError(e, printers.for(own ?? merged), io.env);
  }
}
