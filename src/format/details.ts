/**
 * Details as tables: kept apart from render.ts so that printing one reply never loads
 * cli-table3 (start-up time of a single call).
 */
import type { Field, MessageDef } from '../client/schema/model.js';
import { createPalette } from './color.js';
import { FormatError } from './errors.js';
import { nearest } from './objects.js';
import { type FormatRegistry, defaultRegistry } from './registry.js';
import { type RenderOptions, blockLines, humanText, plain } from './render.js';
import { unalias } from '../client/schema/model.js';
import { renderTable } from './table.js';

interface Column {
  path: string[];
  head: string;
}

function noField(where: string, name: string, fields: readonly Field[], column: string): FormatError {
  const names = fields.map((f) => f.name);
  const near = nearest(name, names);
  return new FormatError('columns', column, `a field of ${where}`, undefined, {
    message: `${where} has no field "${name}"${near ? ` (did you mean "${near}"?)` : ''}; its fields are ${names.join(', ')}`,
  });
}

/** A dotted column (`route.prefix`) checked against the definition. */
function column(def: MessageDef, text: string): Column {
  const path = text.split('.');
  let fields: readonly Field[] = def.bodyFields;
  let where = def.name;
  path.forEach((seg, i) => {
    const f = fields.find((x) => x.name === seg);
    if (!f) throw noField(where, seg, fields, text);
    const t = unalias(f.type);
    if (i < path.length - 1) {
      if (t.kind !== 'struct' || f.shape.kind !== 'scalar') throw new FormatError('columns', text, 'a field of a struct', `${seg} is not a struct`);
      fields = t.fields;
      where = `${where}.${seg}`;
    }
  });
  return { path, head: text };
}

/**
 * Default columns: every body field but count fields; a message whose only body field is
 * a struct (ip_route_details' `route`) shows that struct's fields instead.
 */
function columnsOf(def: MessageDef, opts: RenderOptions, reg: FormatRegistry): Column[] {
  if (opts.columns) return opts.columns.map((c) => column(def, c));
  const body = def.bodyFields;
  const only = body.length === 1 && body[0].shape.kind === 'scalar' ? unalias(body[0].type) : undefined;
  if (only?.kind === 'struct' && !reg.specialFor(body[0].type) && !reg.specialFor(only)) {
    return only.fields.filter((f) => !f.countFor).map((f) => ({ path: [body[0].name, f.name], head: f.name }));
  }
  return body.filter((f) => !f.countFor).map((f) => ({ path: [f.name], head: f.name }));
}

function at(h: unknown, path: readonly string[]): unknown {
  let v = h;
  for (const seg of path) v = plain(v) ? v[seg] : undefined;
  return v;
}

/**
 * Decoded details (one message type) as a table that fits `opts.width`, or as one block
 * per message when it cannot. `(none)` for no rows. `opts.columns` may name fields inside
 * structs with dots (`route.prefix`).
 * @throws FormatError when `opts.columns` names a field the message does not have.
 */
export function renderDetails(def: MessageDef, rows: readonly Record<string, unknown>[], opts: RenderOptions = {}): string {
  const p = createPalette({ color: opts.color ?? false });
  const reg = opts.registry ?? defaultRegistry;
  const cols = columnsOf(def, opts, reg);
  if (rows.length === 0) return p.dim('(none)');
  const fmt = reg.forMessage(def);
  const human = rows.map((r) => fmt.format(r, { short: opts.short ?? true }));
  const cells = human.map((h) =>
    cols.map((c) => {
      const v = at(h, c.path);
      const name = c.head === 'retval' && typeof v === 'number' ? opts.retvalName?.(v) : undefined;
      return name === undefined ? humanText(v) : `${v} (${name})`;
    }),
  );
  const table = renderTable(cols.map((c) => c.head), cells, { width: opts.width ?? 80, palette: p, overflow: opts.overflow });
  if (table !== undefined) return table;
  return human
    .map((h, i) => {
      const picked: Record<string, unknown> = {};
      for (const c of cols) {
        const v = at(h, c.path);
        if (v !== undefined) picked[c.head] = v;
      }
      return [p.dim(`[${i}]`), ...blockLines(picked, 2, p, opts, true)].join('\n');
    })
    .join('\n\n');
}
