/**
 * What one target's command printed, kept in order as pieces instead of text, so that
 * the fan-out can merge targets (merge.ts): tables as rows (to gain a `target` column),
 * JSON values as values (to gain `_target`), everything else as text.
 */
import type { MessageDef } from '../../client/schema/model.js';
import { renderDetails } from '../../format/rendering/details.js';
import { FormatError } from '../../format/errors.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Writer } from '../runtime/io.js';
import { type OutputSettings, Printer } from '../runtime/output.js';

export type Piece =
  | { kind: 'text'; text: string }
  /** A table of details: head and rows of cell text. */
  | { kind: 'table'; head: string[]; rows: string[][] }
  /** A JSON value (json, jsonl modes). */
  | { kind: 'data'; value: unknown };

/** Collects stdout as pieces; text written between other pieces stays in place. */
export class Capture implements Writer {
  readonly pieces: Piece[] = [];
  isTTY = false;
  constructor(readonly columns?: number) {}

  write(text: string): boolean {
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'text') last.text += text;
    else this.pieces.push({ kind: 'text', text });
    return true;
  }

  add(p: Piece): void {
    this.pieces.push(p);
  }

  /** Whether anything at all was printed. */
  get empty(): boolean {
    return this.pieces.every((p) => p.kind === 'text' && p.text === '');
  }
}

/** A Printer whose tables and JSON values land in a Capture as pieces. */
export class CapturePrinter extends Printer {
  constructor(
    private readonly capture: Capture,
    err: Writer,
    settings: OutputSettings,
  ) {
    super(capture, err, settings);
  }

  override data(value: unknown): void {
    this.capture.add({ kind: 'data', value });
  }

  override detailLine(def: MessageDef, row: Record<string, unknown>): void {
    this.capture.add({ kind: 'data', value: this.toJson(def, row) });
  }

  /**
   * Human mode: the details' table as cells (the columns --columns/--wide choose),
   * through the same renderer in its TSV form.
   * @throws CliError (exit 2) when --columns names a field the details do not have.
   */
  override async details(def: MessageDef, rows: readonly Record<string, unknown>[], interfaces?: Parameters<Printer['details']>[2]): Promise<void> {
    if (this.mode !== 'human') return super.details(def, rows, interfaces);
    const s = this.settings;
    let tsv: string;
    try {
      tsv = renderDetails(def, rows, { registry: this.registry, form: 'tsv', columns: s.columns, wide: true, interfaces });
    } catch (e) {
      if (e instanceof FormatError) throw new CliError(`--columns: ${e.message.replace(/^columns: /, '')}`, EXIT.USAGE, undefined, { cause: e });
      throw e;
    }
    const [head, ...body] = tsv.replace(/\n$/, '').split('\n');
    this.capture.add({ kind: 'table', head: head!.split('\t'), rows: body.filter((l) => l !== '').map((l) => l.split('\t')) });
  }
}
