/**
 * Details (the rows of a dump) as a table: kept apart from render.ts so that printing one
 * reply never loads the table code.
 *
 * Columns: every body field but count fields, or, when the only body field is a struct
 * without a text form (ip_route_details' `route`), that struct's fields; ordered by rank
 * (columns.ts), definition order on ties. `columns` picks and orders them instead, with
 * dots into structs and through lists (`route.prefix`, `paths.sw_if_index`, `prefix.len`);
 * inside the lone struct its fields may be named alone (`prefix` for `route.prefix`).
 */
import type { Field, MessageDef } from '../../client/schema/model.js';
import { createPalette } from './color.js';
import { IDENTIFYING, columnRank, columnWrap, isEmptyValue } from './columns.js';
import { FormatError } from '../errors.js';
import { nearest } from '../values/nearest.js';
import { type FormatRegistry, defaultRegistry } from '../type-formats/format-registry.js';
import { type RenderOptions, humanText } from './render.js';
import { type TableColumn, layoutTable } from './text-table.js';
import { unalias } from '../../client/schema/model.js';
import type { ValueFormat } from '../values/value-format.js';

interface Column extends TableColumn {
  /** Field names from the message body to the value. */
  readonly path: readonly string[];
  readonly field: Field;
  /** The field's format (registry.forField). */
  readonly format: ValueFormat;
}

function noField(where: string, name: string, fields: readonly Field[], column: string): FormatError {
  const names = fields.map((f) => f.name);
  const near = nearest(name, names);
  return new FormatError('columns', column, `a field of ${where}`, undefined, {
    message: `${where} has no field "${name}"${near ? ` (did you mean "${near}"?)` : ''}; its fields are ${names.join(', ')}`,
  });
}

/** The lone struct field whose members are the default columns, if the message has one. */
function loneStruct(def: MessageDef, reg: FormatRegistry): Field | undefined {
  const body = def.bodyFields.filter((f) => !f.countFor);
  const only = body.length === 1 && body[0].shape.kind === 'scalar' ? body[0] : undefined;
  const t = only && unalias(only.type);
  return t?.kind === 'struct' && !reg.specialFor(only!.type) && !reg.specialFor(t) ? only : undefined;
}

/** A dotted column checked against the definition, from `fields` (named `where`). */
function walk(fields: readonly Field[], where: string, text: string, prefix: readonly string[]): { path: string[]; field: Field } {
  const segs = text.split('.').map((s) => s.replace(/\[\]$/, ''));
  let field: Field | undefined;
  let here = fields;
  let at = where;
  segs.forEach((seg, i) => {
    const f = here.find((x) => x.name === seg);
    if (!f) throw noField(at, seg, here, text);
    field = f;
    if (i === segs.length - 1) return;
    const t = unalias(f.type);
    if (t.kind !== 'struct') throw new FormatError('columns', text, 'a field of a struct', `${seg} is not a struct`);
    here = t.fields;
    at = `${at}.${seg}`;
  });
  return { path: [...prefix, ...segs], field: field! };
}

function column(head: string, path: string[], field: Field, reg: FormatRegistry, keep: boolean): Column {
  return { head, path, field, format: reg.forField(field), rank: columnRank(field, reg), keep, wrap: columnWrap(field) };
}

/** The columns of a table of `def`, and for each whether it reads through a list. */
interface Layout {
  cols: Column[];
  lists: boolean[];
  /** The registry's revision they were worked out at: a special registered since may rank differently. */
  revision: number;
}

// The default layout per registry and message: worked out once, not per dump.
const layouts = new WeakMap<FormatRegistry, WeakMap<MessageDef, Layout>>();

/** @throws FormatError when `opts.columns` names a field the message does not have. */
function layoutOf(def: MessageDef, opts: RenderOptions, reg: FormatRegistry): Layout {
  const build = (): Layout => {
    const cols = columnsOf(def, opts, reg);
    return { cols, lists: cols.map((c) => throughList(def, c)), revision: reg.revision };
  };
  if (opts.columns) return build();
  let m = layouts.get(reg);
  if (!m) layouts.set(reg, (m = new WeakMap()));
  let l = m.get(def);
  if (!l || l.revision !== reg.revision) m.set(def, (l = build()));
  return l;
}

function columnsOf(def: MessageDef, opts: RenderOptions, reg: FormatRegistry): Column[] {
  const lone = loneStruct(def, reg);
  const inner = lone && (unalias(lone.type) as { fields: readonly Field[] }).fields;
  if (opts.columns) {
    return opts.columns.map((text) => {
      let w: { path: string[]; field: Field };
      try {
        w = walk(def.bodyFields, def.name, text, []);
      } catch (e) {
        if (!inner) throw e;
        try {
          w = walk(inner, `${def.name}.${lone.name}`, text, [lone.name]);
        } catch {
          throw e;
        }
      }
      return column(text, w.path, w.field, reg, true);
    });
  }
  const fields = (inner ?? def.bodyFields).filter((f) => !f.countFor);
  const cols = fields.map((f) => column(f.name, lone ? [lone.name, f.name] : [f.name], f, reg, false));
  const sorted = cols.map((c, i) => ({ c, i })).sort((a, b) => a.c.rank - b.c.rank || a.i - b.i).map((x) => x.c);
  const identifying = sorted.some((c) => c.rank < IDENTIFYING);
  return sorted.map((c, i) => ({ ...c, keep: c.rank < IDENTIFYING || (!identifying && i === 0) }));
}

/** The raw value at `path` (from `from`) in a row; through a list, the list of what each element holds. */
function at(v: unknown, path: readonly string[], from = 0): unknown {
  if (from === path.length) return v;
  if (Array.isArray(v)) return v.map((x) => at(x, path, from));
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return undefined;
  return at((v as Record<string, unknown>)[path[from]!], path, from + 1);
}

/** Whether a value was reached through a list of structs (so it is a list of the field's values). */
function throughList(def: MessageDef, c: Column): boolean {
  let fields: readonly Field[] = def.bodyFields;
  for (const seg of c.path.slice(0, -1)) {
    const f = fields.find((x) => x.name === seg);
    if (!f) return false;
    if (f.shape.kind !== 'scalar') return true;
    fields = (unalias(f.type) as { fields?: readonly Field[] }).fields ?? [];
  }
  return false;
}

/**
 * Decoded details (one message type) as a table in `opts.form` (terminal by default, at
 * `opts.width`). `(none)` for no rows on a terminal; the header alone in the plain and
 * TSV forms. No trailing newline.
 * @throws FormatError when `opts.columns` names a field the message does not have.
 */
export function renderDetails(def: MessageDef, rows: readonly Record<string, unknown>[], opts: RenderOptions = {}): string {
  const form = opts.form ?? 'terminal';
  const p = createPalette({ color: form === 'terminal' && (opts.color ?? false) });
  const reg = opts.registry ?? defaultRegistry;
  const { cols, lists } = layoutOf(def, opts, reg);
  if (rows.length === 0 && form === 'terminal') return p.dim('(none)');
  const human = { short: opts.short ?? true, interfaces: opts.interfaces };
  const cells: string[][] = [];
  const empty: boolean[][] = [];
  for (const r of rows) {
    const texts: string[] = [];
    const blanks: boolean[] = [];
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const raw = at(r, c.path);
      texts.push(cellText(c, raw, lists[i]!, human, opts));
      blanks.push(lists[i] ? Array.isArray(raw) && raw.every((x) => isEmptyValue(x, c.field)) : isEmptyValue(raw, c.field));
    }
    cells.push(texts);
    empty.push(blanks);
  }
  return layoutTable({ columns: cols, rows: cells, empty }, { form, width: opts.width ?? 80, palette: p, wide: opts.wide, seeHow: opts.seeHow });
}

function cellText(c: Column, raw: unknown, list: boolean, human: { short: boolean; interfaces: RenderOptions['interfaces'] }, opts: RenderOptions): string {
  const fmt = c.format;
  const v = list && Array.isArray(raw) ? raw.map((x) => fmt.format(x, human)) : fmt.format(raw, human);
  const name = c.field.name === 'retval' && typeof v === 'number' ? opts.retvalName?.(v) : undefined;
  return name === undefined ? humanText(v) : `${v} (${name})`;
}
