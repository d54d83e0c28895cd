/**
 * How results reach the user. Data goes to stdout, diagnostics to stderr.
 *
 * | mode   | reply                         | dump / stream               |
 * |--------|-------------------------------|-----------------------------|
 * | human  | key/value block               | table: fitted to a terminal; every column when piped; TSV with --tsv |
 * | json   | one pretty object (`_msgname`, `_crc`, fields) | one array of such objects |
 * | jsonl  | one compact object, one line  | one compact object per line, as they arrive |
 *
 * Colour only when stdout is a terminal, never with --no-color or a non-empty NO_COLOR
 * (FORCE_COLOR=1 forces it, for tests and pagers). On a terminal a table fits its width
 * (format/rendering/text-table.ts: empty columns hidden, the least important left out, a footer saying
 * which); piped, it has every column, one row per line. The renderers (chalk, the table
 * code) are loaded only when needed.
 */
import type { MessageDef } from '../../client/schema/model.js';
import { retvalName } from '../../client/session/retvals.js';
import { stringifyJson } from '../../format/json/lossless-json.js';
import { type FormatRegistry, defaultRegistry } from '../../format/type-formats/format-registry.js';
import { FormatError } from '../../format/errors.js';
import type { InterfaceTable } from '../../format/values/interface-names.js';
import type { RenderOptions } from '../../format/rendering/render.js';
import type { GlobalOptions, OutputMode } from './globals.js';
import type { Io, Writer } from './io.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { type HintContext, hintFor } from './hint-context.js';
import { lazy } from '../lazy-modules.js';

const SEE_HOW = '--wide shows every column, --columns a,b,c picks';

export interface OutputSettings {
  mode: OutputMode;
  color: boolean;
  /** Colour on stderr (error:, hint:). */
  errColor: boolean;
  /** Terminal width (COLUMNS when not a terminal); Infinity when neither says. */
  width: number;
  /** stdout is a terminal: tables fitted to `width`, else every column. */
  terminal: boolean;
  /** --columns, --wide, --tsv. */
  columns?: readonly string[];
  wide: boolean;
  tsv: boolean;
  /** Where the user reads the output: hints are worded for it (hint-context.ts). */
  where?: HintContext;
}

type Env = Readonly<Record<string, string | undefined>>;

function colorWanted(flag: boolean | undefined, w: Writer, env: Env): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return w.isTTY === true && env.TERM !== 'dumb';
}

/** Decides colour and width from the options, the streams and the environment. Throws nothing. */
export function outputSettings(g: GlobalOptions, io: Pick<Io, 'stdout' | 'stderr' | 'env' | 'where'>): OutputSettings {
  const cols = Number(io.env.COLUMNS);
  const width = io.stdout.isTTY ? io.stdout.columns || (cols > 0 ? cols : 80) : cols > 0 ? cols : Infinity;
  return {
    mode: g.output,
    color: g.output === 'human' && colorWanted(g.color, io.stdout, io.env),
    errColor: colorWanted(g.color, io.stderr, io.env),
    width,
    terminal: io.stdout.isTTY === true,
    columns: g.columns,
    wide: g.wide,
    tsv: g.tsv,
    where: io.where,
  };
}

let renderModule: typeof import('../../format/rendering/render.js') | undefined;

/** retval → its name for display; 0 needs none. */
const retvalLabel = (n: number): string | undefined => (n === 0 ? undefined : retvalName(n));

export class Printer {
  constructor(
    readonly out: Writer,
    readonly err: Writer,
    readonly settings: OutputSettings,
    readonly registry: FormatRegistry = defaultRegistry,
  ) {}

  get mode(): OutputMode {
    return this.settings.mode;
  }

  /**
   * Starts loading the renderers (chalk, the table code) while the caller waits for VPP, so
   * that a single call does not pay for them after the answer arrived. Throws nothing.
   */
  prefetch(): void {
    if (this.mode === 'human') {
      lazy.render().catch(() => {});
      if (this.settings.color) lazy.color().catch(() => {});
    }
  }

  /** chalk is loaded only when colour is on (see format/rendering/color.ts). */
  private async colorReady(): Promise<void> {
    if (this.settings.color) await lazy.color();
  }

  private renderOptions(): RenderOptions {
    return {
      color: this.settings.color,
      width: this.settings.width === Infinity ? Number.MAX_SAFE_INTEGER : this.settings.width,
      retvalName: retvalLabel,
      registry: this.registry,
    };
  }

  /** A message in vat2 JSON form: `_msgname`, `_crc`, fields with names and text. */
  toJson(def: MessageDef, value: Record<string, unknown>): Record<string, unknown> {
    return this.registry.forMessage(def).toJson(value);
  }

  /** One reply (or event) in the current mode; `interfaces` names interfaces in FIB paths. */
  async message(def: MessageDef, value: Record<string, unknown>, interfaces?: InterfaceTable): Promise<void> {
    if (this.messageNow(def, value, interfaces)) return;
    // Loaded once per process: an import() per reply costs a script of 20,000 lines ~0.1 s.
    [renderModule] = await Promise.all([lazy.render(), this.colorReady()]);
    this.out.write(this.renderedText(def, value, interfaces));
  }

  /**
   * message() without waiting, when nothing is left to load (the renderer loaded, no
   * colour): true when printed, false when message() must do it. A script's 20,000
   * replies then cost no promise each.
   */
  messageNow(def: MessageDef, value: Record<string, unknown>, interfaces?: InterfaceTable): boolean {
    // A reply that holds only `retval: 0` (most requests' answer) prints the same every time.
    const ok = value.retval === 0 && def.bodyFields.length === 1 && def.bodyFields[0]!.name === 'retval';
    const known = ok ? this.okTexts?.get(def) : undefined;
    const text = known ?? this.textNow(def, value, interfaces);
    if (text === undefined) return false;
    if (ok && known === undefined) (this.okTexts ??= new Map()).set(def, text);
    this.out.write(text);
    return true;
  }

  /** The text of replies whose only field is retval, 0, per message: what the printer's settings make of it. */
  private okTexts: Map<MessageDef, string> | undefined;

  /** What messageNow prints, newline included; undefined when something is still to load. */
  private textNow(def: MessageDef, value: Record<string, unknown>, interfaces: InterfaceTable | undefined): string | undefined {
    if (this.mode !== 'human') return this.dataText(this.toJson(def, value));
    if (!renderModule || this.settings.color) return undefined;
    return this.renderedText(def, value, interfaces);
  }

  /** A message as text in human mode, newline included; the render module is loaded. */
  private renderedText(def: MessageDef, value: Record<string, unknown>, interfaces: InterfaceTable | undefined): string {
    const opts = (this.rendering ??= this.renderOptions());
    const t = renderModule!.renderMessage(def, value, interfaces ? { ...opts, interfaces } : opts);
    return t.endsWith('\n') ? t : `${t}\n`;
  }

  private rendering: RenderOptions | undefined;

  /**
   * Details of a dump or stream, all at once (jsonl: one line each), as a table in the
   * form --tsv and the terminal call for, with --columns and --wide.
   * @throws CliError (exit 2) when --columns names a field the details do not have.
   */
  async details(def: MessageDef, rows: readonly Record<string, unknown>[], interfaces?: InterfaceTable): Promise<void> {
    if (this.mode === 'jsonl') {
      for (const r of rows) this.detailLine(def, r);
      return;
    }
    if (this.mode === 'json') return this.data(rows.map((r) => this.toJson(def, r)));
    const [{ renderDetails }] = await Promise.all([lazy.details(), this.colorReady()]);
    const s = this.settings;
    const form = s.tsv ? 'tsv' : s.terminal ? 'terminal' : 'plain';
    // Piped, no rows is no lines (a script counts them); the note goes to stderr.
    if (form === 'plain' && rows.length === 0) return this.note('(none)');
    try {
      this.line(renderDetails(def, rows, { ...this.renderOptions(), form, columns: s.columns, wide: s.wide, interfaces, seeHow: SEE_HOW }));
    } catch (e) {
      if (e instanceof FormatError) throw new CliError(`--columns: ${e.message.replace(/^columns: /, '')}`, EXIT.USAGE, undefined, { cause: e });
      throw e;
    }
  }

  /**
   * Checks --columns against the details `def` before anything is sent.
   * @throws CliError (exit 2) naming the column and the fields there are.
   */
  async checkColumns(def: MessageDef): Promise<void> {
    const { renderDetails } = await lazy.details();
    try {
      renderDetails(def, [], { form: 'tsv', columns: this.settings.columns, registry: this.registry });
    } catch (e) {
      if (e instanceof FormatError) throw new CliError(`--columns: ${e.message.replace(/^columns: /, '')}`, EXIT.USAGE, undefined, { cause: e });
      throw e;
    }
  }

  /** One detail as a JSON line, written as it arrives. */
  detailLine(def: MessageDef, row: Record<string, unknown>): void {
    this.out.write(`${stringifyJson(this.toJson(def, row))}\n`);
  }

  /** Any value as JSON (pretty for json, one line for jsonl). */
  data(value: unknown): void {
    this.out.write(this.dataText(value));
  }

  /** `value` as data() writes it: JSON, one line in jsonl mode, newline included. */
  private dataText(value: unknown): string {
    return `${stringifyJson(value, { indent: this.mode === 'jsonl' ? 0 : 2 })}\n`;
  }

  /** Rows of plain text cells as a table (human mode): every column, the last wrapped at spaces. */
  async table(head: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
    const [{ renderTable }, { createPalette }] = await Promise.all([lazy.textTable(), lazy.color(), this.colorReady()]);
    const palette = createPalette({ color: this.settings.color });
    const width = this.settings.width === Infinity ? Number.MAX_SAFE_INTEGER : this.settings.width;
    this.line(renderTable(head, rows, { width, palette }));
  }

  /** Text on stdout, a newline added when missing. */
  line(text: string): void {
    this.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** `warning: …` on stderr. */
  warn(text: string): void {
    this.err.write(`${this.paint('warning:', 33)} ${text}\n`);
  }

  /** `hint: …` on stderr. */
  hint(text: string): void {
    this.err.write(`${this.paint('hint:', 2)} ${hintFor(text, this.settings.where)}\n`);
  }

  /** `error: …` on stderr. */
  error(text: string): void {
    this.err.write(`${this.paint('error:', 31)} ${text}\n`);
  }

  /** A plain note on stderr. */
  note(text: string): void {
    this.err.write(`${text}\n`);
  }

  // A bare SGR code is enough here; chalk is not loaded for three words.
  private paint(s: string, sgr: number): string {
    return this.settings.errColor ? `\x1b[${sgr}m${s}\x1b[${sgr === 2 ? 22 : 39}m` : s;
  }
}
