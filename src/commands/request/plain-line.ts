/**
 * The fast path of a shell or script line that is a plain request: a message with a
 * service that registers for nothing, typed with flags (or `name=value` pairs already
 * turned into flags). What such a line needs is worked out once per message and kept on
 * the schema's entry: the definition, the service, the format, and each flag spelling's
 * place in the message (ArgsCache). Then the line is parsed, sent and printed with the
 * same checks and output as `vppapi <message>` (sendAndPrint), without building a runtime
 * per line. Anything else (a built-in, `help`, `--help`, `--dry-run`, `--force`, a
 * `want_*`, a guarded request, one with FIB paths, leading global options) is left to
 * the general path, which says undefined.
 *
 * The two steps are apart so that exec --pipeline can stop between them: preparePlain
 * reads the line (nothing sent), sendPlain queues the request at once and resolves with
 * the exit code once the answer is printed.
 */
import { EncodeError } from '../../client/errors.js';
import { isGuarded } from '../../client/session/guards.js';
import type { Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import type { MessageFormat } from '../../format/type-formats/message-format.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { builtin } from '../registry.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { type GlobalOptions, defaultGlobals } from '../runtime/globals.js';
import type { Io } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import { reportError } from '../runtime/report.js';
import { ArgsCache, parseCachedLine, parseMessageArgsSync } from './args.js';
import { namesInterfaces } from './interfaces.js';
import { type RequestInfo, sendAndPrint, shownDef } from './message-command.js';

interface Entry extends RequestInfo {
  format: MessageFormat;
  args: ArgsCache;
}

/** Per schema, per request name: its entry, or null when it is not a plain request. */
const entries = new WeakMap<Schema, Map<string, Entry | null>>();

function entryOf(schema: Schema, name: string): Entry | undefined {
  let m = entries.get(schema);
  if (!m) entries.set(schema, (m = new Map()));
  let e = m.get(name);
  if (e === undefined) {
    const def = schema.messages.get(name);
    const svc = schema.services.get(name);
    // Guarded requests (a show_version first) and FIB paths (interface names read and
    // printed through sw_interface_dump) take the general path, which does both.
    const shown = svc && shownDef(schema, svc);
    const plain = def && svc && svc.events.length === 0 && !isGuarded(name) && !builtin(name)
      && !namesInterfaces(def, defaultRegistry) && !(shown && namesInterfaces(shown, defaultRegistry));
    e = plain ? { schema, def, svc, format: defaultRegistry.forMessage(def), args: new ArgsCache() } : null;
    m.set(name, e);
  }
  return e ?? undefined;
}

/** A plain request read from its line, ready to send. */
export interface PlainRequest {
  req: Entry;
  value: Record<string, unknown>;
  /** The options of this line: the session's, with any global flags the line gave (shared between lines: not to be changed). */
  globals: GlobalOptions;
}

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
 * Reads `words` (CLI words: message name first) as a plain request on `schema`, without
 * waiting for anything; undefined when the line is something else, or needs standard
 * input (`--args -`). Nothing is sent. `merged`, when given, is lineGlobals(io, base,
 * false) worked out by the caller while `base` stays as it is (exec, between two lines
 * that run alone).
 * @throws CliError (exit 2) for bad flags or values, naming the flag and the value.
 */
export function preparePlain(schema: Schema, words: readonly string[], io: Io, base?: Partial<GlobalOptions>, merged?: GlobalOptions): PlainRequest | undefined {
  const name = words[0];
  if (name === undefined || name.startsWith('-')) return undefined;
  const req = entryOf(schema, name);
  if (!req) return undefined;
  // A line of flags already seen for this message: read without the general bookkeeping.
  const value = parseCachedLine(req.format, words, 1, req.args);
  if (value) return { req, value, globals: merged ?? lineGlobals(io, base, false) };
  const globals = lineGlobals(io, base);
  const parsed = parseMessageArgsSync(req.def, req.format, words, globals, { cache: req.args }, 1);
  if (!parsed || parsed.help || parsed.dryRun || parsed.force) return undefined;
  return { req, value: parsed.value, globals };
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

/**
 * Sends `r` on `session` (queued before this returns) and prints the answer with `p`;
 * resolves with the exit code, errors printed and never thrown (as a CLI line's).
 */
export function sendPlain(session: Session, r: PlainRequest, p: Printer, io: Io): Promise<number> {
  const opts = { timeoutMs: r.globals.timeoutMs, signal: io.signal, checkRetval: false };
  return sendAndPrint(session, p, r.req, r.value, opts).catch((e: unknown) => reportError(requestError(r, e), p, io.env));
}

/**
 * What a failure of `r`'s call is to report: as for `vppapi <message>`, which encodes
 * before connecting, a value the codec refuses is a usage error (exit 2); the rest as it is.
 */
export function requestError(r: PlainRequest, e: unknown): unknown {
  return e instanceof EncodeError ? new CliError(`${r.req.def.name}: ${e.message}`, EXIT.USAGE, undefined, { cause: e }) : e;
}

const printersOf = new WeakMap<Io, Printers>();

/**
 * One line on the fast path, when it is a plain request: prepared, sent, printed; the
 * exit code, errors printed. Undefined when the line is something else (nothing done).
 */
export async function runPlainLine(words: readonly string[], session: Session, io: Io, base?: Partial<GlobalOptions>): Promise<number | undefined> {
  let printers = printersOf.get(io);
  if (!printers) printersOf.set(io, (printers = new Printers(io)));
  let r: PlainRequest | undefined;
  try {
    r = preparePlain(session.schema, words, io, base);
  } catch (e) {
    return reportError(e, printers.for(lineGlobals(io, base)), io.env);
  }
  return r && sendPlain(session, r, printers.for(r.globals), io);
}
