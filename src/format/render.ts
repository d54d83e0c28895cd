import type { Field, MessageDef } from '../client/schema/model.js';
import { hex } from './bytes.js';
import { type Palette, createPalette } from './color.js';
import { FormatError } from './errors.js';
import { nearest } from './objects.js';
import { type FormatRegistry, defaultRegistry } from './registry.js';
import { unalias } from './specials.js';
import { renderTable } from './table.js';

/**
 * Replies and details as text for a terminal. Renderers return strings without a
 * trailing newline and never write anywhere themselves.
 *
 * Key/value block:
 * ```
 * retval:      -2 (INVALID_SW_IF_INDEX)
 * sw_if_index: 1
 * route:
 *   prefix: 10.0.0.0/24
 *   paths[0]:
 *     sw_if_index: 1
 * labels:      [16, 17]
 * reply:
 *   multi-line text, one line each
 * ```
 * Details: one table row per message when the columns fit the width (wide cells wrapped
 * or cut), else one block per message under a `[i]` title.
 */
export interface RenderOptions {
  /** Colour output. Default false: never an escape code. */
  color?: boolean;
  /** Terminal columns. Default 80. */
  width?: number;
  /** Enum names without their shared prefix (`ADMIN_UP`). Default true; JSON is never short. */
  short?: boolean;
  /** retval → error name (errors.json); shown beside a retval. */
  retvalName?: (retval: number) => string | undefined;
  registry?: FormatRegistry;
  /**
   * Table: fields to show, in this order; dots reach into structs (`route.prefix`).
   * Default: every body field but count fields, or the fields of the only body field when
   * that is a struct.
   */
  columns?: readonly string[];
  /** Table: wide cells wrapped (default) or cut with `…`. */
  overflow?: 'wrap' | 'truncate';
}

function plain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * A human value (value-format.ts) as one line: objects as `k=v k=v` (nested in braces),
 * lists in brackets, line breaks as `↵`.
 */
export function humanText(v: unknown, nested = false): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.replace(/\r?\n/g, '↵');
  if (typeof v !== 'object') return String(v);
  if (v instanceof Uint8Array) return `0x${hex(v)}`;
  if (Array.isArray(v)) return `[${v.map((x) => humanText(x, true)).join(', ')}]`;
  const inner = Object.entries(v).map(([k, x]) => `${k}=${humanText(x, true)}`).join(' ');
  return nested ? `{${inner}}` : inner;
}

function retvalText(v: unknown, opts: RenderOptions, p: Palette): string {
  if (typeof v !== 'number') return humanText(v);
  const name = opts.retvalName?.(v);
  const s = name === undefined ? String(v) : `${v} (${name})`;
  return v === 0 ? p.ok(s) : v < 0 ? p.bad(s) : s;
}

/** Values shown on the key's own line. */
function inline(v: unknown): boolean {
  if (typeof v === 'string') return !v.includes('\n');
  if (Array.isArray(v)) return v.every((x) => !plain(x) && !Array.isArray(x)) || v.length === 0;
  return !plain(v) || Object.keys(v).length === 0;
}

function blockLines(obj: Record<string, unknown>, indent: number, p: Palette, opts: RenderOptions, top: boolean): string[] {
  const pad = ' '.repeat(indent);
  const keys = Object.keys(obj);
  const width = Math.max(0, ...keys.filter((k) => inline(obj[k])).map((k) => k.length + 1));
  const out: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (inline(v)) {
      const text = top && k === 'retval' ? retvalText(v, opts, p) : plain(v) ? '{}' : humanText(v, true);
      out.push(`${pad}${p.key(`${k}:`)}${' '.repeat(width - k.length - 1)} ${text}`.trimEnd());
    } else if (typeof v === 'string') {
      out.push(`${pad}${p.key(`${k}:`)}`);
      for (const line of v.replace(/\n$/, '').split(/\r?\n/)) out.push(`${pad}  ${line}`.trimEnd());
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (plain(x)) {
          out.push(`${pad}${p.key(`${k}[${i}]:`)}`);
          out.push(...blockLines(x, indent + 2, p, opts, false));
        } else {
          out.push(`${pad}${p.key(`${k}[${i}]:`)} ${humanText(x, true)}`.trimEnd());
        }
      });
    } else {
      out.push(`${pad}${p.key(`${k}:`)}`);
      out.push(...blockLines(v as Record<string, unknown>, indent + 2, p, opts, false));
    }
  }
  return out;
}

/** A human object (e.g. MessageFormat.format's result) as a key/value block. Never throws. */
export function renderBlock(human: Record<string, unknown>, opts: RenderOptions = {}): string {
  return blockLines(human, 0, createPalette({ color: opts.color ?? false }), opts, true).join('\n');
}

/** A decoded message (reply, event, one detail) as a key/value block of its body fields. Never throws. */
export function renderMessage(def: MessageDef, value: Record<string, unknown>, opts: RenderOptions = {}): string {
  const reg = opts.registry ?? defaultRegistry;
  return renderBlock(reg.forMessage(def).format(value, { short: opts.short ?? true }), opts);
}

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
