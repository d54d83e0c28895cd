/**
 * How results reach the user. Data goes to stdout, diagnostics to stderr.
 *
 * | mode   | reply                         | dump / stream               |
 * |--------|-------------------------------|-----------------------------|
 * | human  | key/value block               | table fitted to the terminal |
 * | json   | one pretty object (`_msgname`, `_crc`, fields) | one array of such objects |
 * | jsonl  | one compact object, one line  | one compact object per line, as they arrive |
 *
 * Colour only when stdout is a terminal, never with --no-color or a non-empty NO_COLOR
 * (FORCE_COLOR=1 forces it, for tests and pagers). A table is fitted to the terminal's
 * width; when stdout is not a terminal it is printed at full width (COLUMNS, when set,
 * is the width). The renderers (chalk, cli-table3) are loaded only when needed.
 */
import type { MessageDef } from '../../client/schema/model.js';
import { retvalName } from '../../client/retvals.js';
import { stringifyJson } from '../../format/json.js';
import { type FormatRegistry, defaultRegistry } from '../../format/registry.js';
import { unalias } from '../../client/schema/model.js';
import type { RenderOptions } from '../../format/render.js';
import type { GlobalOptions, OutputMode } from './globals.js';
import type { Io, Writer } from './io.js';

export interface OutputSettings {
  mode: OutputMode;
  color: boolean;
  /** Colour on stderr (error:, hint:). */
  errColor: boolean;
  /** Table width; Infinity prints at natural width. */
  width: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function colorWanted(flag: boolean | undefined, w: Writer, env: Env): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return w.isTTY === true && env.TERM !== 'dumb';
}

/** Decides colour and width from the options, the streams and the environment. Throws nothing. */
export function outputSettings(g: GlobalOptions, io: Pick<Io, 'stdout' | 'stderr' | 'env'>): OutputSettings {
  const cols = Number(io.env.COLUMNS);
  const width = io.stdout.isTTY ? io.stdout.columns || (cols > 0 ? cols : 80) : cols > 0 ? cols : Infinity;
  return {
    mode: g.output,
    color: g.output === 'human' && colorWanted(g.color, io.stdout, io.env),
    errColor: colorWanted(g.color, io.stderr, io.env),
    width,
  };
}

let renderModule: typeof import('../../format/render.js') | undefined;

/** Cell text that says nothing: '', 0, false, and zeros however punctuated (0.0.0.0, [0, 0], 00:00:…, 0x0000). */
const ZERO_TEXT = /^(false|(0x)?[0\s.,:[\]]*)$/;

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
   * Starts loading the renderers (chalk, cli-table3) while the caller waits for VPP, so
   * that a single call does not pay for them after the answer arrived. Throws nothing.
   */
  prefetch(): void {
    if (this.mode === 'human') {
      import('../../format/render.js').catch(() => {});
      if (this.settings.color) import('../../format/color.js').then((c) => c.loadColor()).catch(() => {});
    }
  }

  /** chalk is loaded only when colour is on (see format/color.ts). */
  private async colorReady(): Promise<void> {
    if (this.settings.color) await (await import('../../format/color.js')).loadColor();
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

  /** One reply (or event) in the current mode. */
  async message(def: MessageDef, value: Record<string, unknown>): Promise<void> {
    if (this.mode !== 'human') return this.data(this.toJson(def, value));
    // Loaded once per process: an import() per reply costs a script of 20,000 lines ~0.1 s.
    if (!renderModule || this.settings.color) [renderModule] = await Promise.all([import('../../format/render.js'), this.colorReady()]);
    this.line(renderModule.renderMessage(def, value, (this.rendering ??= this.renderOptions())));
  }

  private rendering: RenderOptions | undefined;

  /** Details of a dump or stream, all at once (jsonl: one line each). */
  async details(def: MessageDef, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (this.mode === 'jsonl') {
      for (const r of rows) this.detailLine(def, r);
      return;
    }
    if (this.mode === 'json') return this.data(rows.map((r) => this.toJson(def, r)));
    const [{ renderDetails }, { humanText }] = await Promise.all([import('../../format/details.js'), import('../../format/render.js'), this.colorReady()]);
    const flat = this.flatten(def, rows);
    const columns = this.telling(flat.def, flat.rows, humanText);
    this.line(renderDetails(flat.def, flat.rows, { ...this.renderOptions(), columns }));
  }

  /**
   * Details whose only field is a struct (ip_route_details: `route`) are shown with the
   * struct's members as columns, not as one column of `k=v` text.
   */
  private flatten(def: MessageDef, rows: readonly Record<string, unknown>[]): { def: MessageDef; rows: readonly Record<string, unknown>[] } {
    const fields = def.bodyFields.filter((f) => !f.countFor);
    const only = fields.length === 1 ? fields[0]! : undefined;
    const t = only && only.shape.kind === 'scalar' ? unalias(only.type) : undefined;
    if (!only || t?.kind !== 'struct' || this.registry.forField(only).scalar) return { def, rows };
    let inner = this.flattened.get(def);
    if (!inner) {
      inner = { ...def, name: `${def.name}.${only.name}`, fields: t.fields, bodyFields: t.fields };
      this.flattened.set(def, inner);
    }
    return { def: inner, rows: rows.map((r) => (r[only.name] ?? {}) as Record<string, unknown>) };
  }

  private readonly flattened = new WeakMap<MessageDef, MessageDef>();

  /**
   * The columns of a details table. When every field does not fit the width, fields
   * that are zero, empty or false in every row are left out (a sw_interface_details has
   * 26 fields, most of them 0 on most interfaces); the first field always stays. JSON
   * keeps every field.
   */
  private telling(def: MessageDef, rows: readonly Record<string, unknown>[], text: (v: unknown) => string): string[] | undefined {
    if (rows.length === 0 || this.settings.width === Infinity) return undefined;
    const fmt = this.registry.forMessage(def);
    const cells = rows.map((r) => fmt.format(r, { short: true }));
    const fields = def.bodyFields.filter((f) => !f.countFor).map((f) => f.name);
    const widths = fields.map((f) => Math.max(f.length, ...cells.map((c) => text(c[f]).length)));
    if (widths.reduce((a, b) => a + b + 3, 1) <= this.settings.width) return undefined;
    return fields.filter((f, i) => i === 0 || cells.some((c) => !ZERO_TEXT.test(text(c[f]))));
  }

  /** One detail as a JSON line, written as it arrives. */
  detailLine(def: MessageDef, row: Record<string, unknown>): void {
    this.out.write(`${stringifyJson(this.toJson(def, row))}\n`);
  }

  /** Any value as JSON (pretty for json, one line for jsonl). */
  data(value: unknown): void {
    this.out.write(`${stringifyJson(value, { indent: this.mode === 'jsonl' ? 0 : 2 })}\n`);
  }

  /** Rows of plain text cells as a table (human mode). */
  async table(head: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
    const [{ renderTable }, { createPalette }] = await Promise.all([import('../../format/table.js'), import('../../format/color.js'), this.colorReady()]);
    const palette = createPalette({ color: this.settings.color });
    const width = this.settings.width === Infinity ? Number.MAX_SAFE_INTEGER : this.settings.width;
    const t = renderTable(head, rows, { width, palette }) ?? renderTable(head, rows, { width: Number.MAX_SAFE_INTEGER, palette });
    this.line(t ?? '');
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
    this.err.write(`${this.paint('hint:', 2)} ${text}\n`);
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
