import type { MessageDef } from '../../client/schema/model.js';
import { hex } from '../values/bytes.js';
import { type Palette, createPalette } from './color.js';
import { type FormatRegistry, defaultRegistry } from '../type-formats/format-registry.js';
import type { InterfaceTable } from '../values/interface-names.js';
import type { TableForm } from './text-table.js';

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
 * Details: a table (details.ts, table.ts).
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
   * that is a struct, by rank (columns.ts).
   */
  columns?: readonly string[];
  /** Table: for a terminal (default), a pipe (every column, parseable) or TSV. */
  form?: TableForm;
  /** Table on a terminal: every column, none hidden or dropped. */
  wide?: boolean;
  /** Table footer: how to see hidden columns (default names --wide and --columns). */
  seeHow?: string;
  /** Interface names for values that show them (FIB paths). */
  interfaces?: InterfaceTable;
}

export function plain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * A human value (value-format.ts) as one line: objects as `k=v k=v` (nested in braces),
 * lists in brackets, line breaks as `↵`.
 */
export function humanText(v: unknown, nested = false): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.includes('\n') ? v.replace(/\r?\n/g, '↵') : v;
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

export function blockLines(obj: Record<string, unknown>, indent: number, p: Palette, opts: RenderOptions, top: boolean): string[] {
  const pad = ' '.repeat(indent);
  const keys = Object.keys(obj);
  // Whether each value sits on its key's line, and the widest such key (with its colon).
  const inlined: boolean[] = [];
  let width = 0;
  for (const k of keys) {
    const i = inline(obj[k]);
    inlined.push(i);
    if (i && k.length + 1 > width) width = k.length + 1;
  }
  const out: string[] = [];
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    const v = obj[k];
    if (inlined[j]) {
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
  return renderBlock(reg.forMessage(def).format(value, { short: opts.short ?? true, interfaces: opts.interfaces }), opts);
}
