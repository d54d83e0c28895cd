/**
 * The message → flags table: which flags a message takes, what each expects, and how a
 * flag a person typed maps to a field. Used by the argument reader (plan/read.ts), message
 * help, `describe`, and the REPL's completion.
 *
 * | field                                   | flag(s)                                   | kind   |
 * |-----------------------------------------|-------------------------------------------|--------|
 * | `bool is_add`                           | `--is-add`, `--no-is-add`, `--is-add=false` | bool |
 * | scalar (ints, enums, addresses, strings, bytes) | `--sw-if-index 1`                 | value  |
 * | struct or union (not read as text)      | `--route '{…}'` and `--route.prefix …` | object |
 * | list (fixed, counted, rest; not bytes/strings) | `--mtu 1 --mtu 2`, `--mtu 1,2`, `--route.paths[0].sw-if-index 1` | list |
 * | `client_index`, `context` (header), count fields | none: filled in                   | —      |
 *
 * Flag names are the field names in kebab case, joined by `.`; the snake_case spelling is
 * accepted too, and list elements are indexed as `[N]` or `.N`.
 */
import type { Field, MessageDef, TypeNode } from '../../client/schema/model.js';
import { nearest } from '../../format/values/nearest.js';
import { type FormatRegistry, defaultRegistry } from '../../format/type-formats/format-registry.js';
import { unalias } from '../../client/schema/model.js';
import type { ValueFormat } from '../../format/values/value-format.js';
import { parseDocComment } from './doc-comment.js';

export type FlagKind = 'bool' | 'value' | 'list' | 'object';

/** One flag as help and completion list it. */
export interface FlagSpec {
  /** Without dashes: `sw-if-index`, `route.prefix`. */
  name: string;
  /** Field names from the message body down to the field. */
  path: string[];
  field: Field;
  format: ValueFormat;
  kind: FlagKind;
  /** `interface_index (u32)`, `string[64]`, `fib_path[]`. */
  typeLabel: string;
  /** The definition's default, in the codec's value form. */
  default?: unknown;
  /** From the message comment's `@param` (top-level fields only); '' when none. */
  doc: string;
  /** What the session fills in when the flag is left out (e.g. pid). */
  filled?: string;
  deprecated: boolean;
}

/** A flag as typed, resolved to its place in the message. */
export interface FlagTarget {
  /** Canonical spelling without dashes, indexes as `[N]`: `route.paths[0].sw-if-index`. */
  name: string;
  /** Field names and list indexes from the message body down. */
  path: (string | number)[];
  field: Field;
  /** Format of the value set: the list element's when indexed. */
  format: ValueFormat;
  kind: FlagKind;
}

export type FlagLookup = { ok: true; target: FlagTarget } | { ok: false; error: string; hint?: string };

/** `sw_if_index` → `sw-if-index`. */
export function kebab(name: string): string {
  return name.replace(/_/g, '-');
}

/** A field that holds several values of its type (bytes and strings are one value). */
export function isList(f: Field): boolean {
  if (f.shape.kind === 'scalar' || f.shape.kind === 'vla-string') return false;
  if (f.type.kind === 'string') return false;
  const u = unalias(f.type);
  return !(f.type.kind === 'base' && u.kind === 'base' && u.name === 'u8');
}

function typeName(t: TypeNode): string {
  return t.kind === 'base' ? t.name : t.name;
}

/** The type as the definition spells it, with its base for aliases: `interface_index (u32)`, `string[64]`. */
export function typeLabel(f: Field): string {
  const s = f.shape;
  let base = typeName(f.type);
  if (f.type.kind === 'alias' && f.type.length === undefined) {
    const u = unalias(f.type);
    if (u.kind === 'base' || u.kind === 'string') base += ` (${typeName(u)})`;
  }
  switch (s.kind) {
    case 'scalar': return base;
    case 'fixed': return `${base}[${s.length}]`;
    case 'vla-string': return 'string';
    default: return `${base}[]`;
  }
}

function kindOf(f: Field, format: ValueFormat, indexed: boolean): FlagKind {
  if (!indexed && isList(f)) return 'list';
  const u = unalias(f.type);
  if ((indexed || f.shape.kind === 'scalar') && u.kind === 'base' && u.name === 'bool') return 'bool';
  return format.scalar ? 'value' : 'object';
}

function subFields(f: Field): Field[] | undefined {
  const u = unalias(f.type);
  return u.kind === 'struct' || u.kind === 'union' ? u.fields : undefined;
}

/** Body fields a person gives: not the count fields (filled from their lists). */
export function inputFields(fields: readonly Field[]): Field[] {
  return fields.filter((f) => !f.countFor);
}

const MAX_DEPTH = 5;

/**
 * Every flag of a request, in definition order: one per field, and for structs and
 * unions not read as text also one per sub-field (a few levels deep). A list of structs
 * is one flag (JSON per element, repeated) and its element's members are listed as
 * `route.paths[N].sw-if-index` (typed with a number for N). Throws nothing.
 */
export function messageFlags(def: MessageDef, registry: FormatRegistry = defaultRegistry, fillsPid = false): FlagSpec[] {
  const doc = parseDocComment(def.comment);
  const out: FlagSpec[] = [];
  const walk = (fields: readonly Field[], names: string[], path: string[], depth: number): void => {
    for (const f of inputFields(fields)) {
      const format = registry.forField(f);
      const kind = kindOf(f, format, false);
      const p = [...path, f.name];
      const n = [...names, kebab(f.name)];
      out.push({
        name: n.join('.'),
        path: p,
        field: f,
        format,
        kind,
        typeLabel: typeLabel(f),
        default: f.options.default,
        doc: depth === 0 ? (doc.params.get(f.name) ?? '') : '',
        filled: depth === 0 && fillsPid && f.name === 'pid' ? "this process's pid" : undefined,
        deprecated: f.options.deprecated === true,
      });
      // Struct members as dotted flags; a list of structs shows its element's members
      // as `list[N].member` (help only: resolveFlag takes any index).
      const sub = kind === 'object' || (kind === 'list' && !format.scalar) ? subFields(f) : undefined;
      if (sub && depth + 1 < MAX_DEPTH) {
        if (kind === 'list') n[n.length - 1] += '[N]';
        walk(sub, n, p, depth + 1);
      }
    }
  };
  walk(def.bodyFields, [], [], 0);
  return out;
}

/** `--Route_Paths[1].SW_IF_INDEX` → ['route', 'paths', '1', 'sw-if-index']. */
function segments(raw: string): string[] {
  return raw
    .replace(/^-+/, '')
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.');
}

/**
 * Finds the field a typed flag (with or without dashes, kebab or snake case) sets.
 * Unknown names come back with a "did you mean" taken from `known` (the listed flags, or
 * a function giving them, called only then; default messageFlags(def)).
 * Throws nothing.
 */
export function resolveFlag(def: MessageDef, raw: string, registry: FormatRegistry = defaultRegistry, known?: readonly string[] | (() => readonly string[])): FlagLookup {
  const segs = segments(raw);
  let fields: readonly Field[] = def.bodyFields;
  let field: Field | undefined;
  let indexed = false;
  const path: (string | number)[] = [];
  let name = '';
  for (const seg of segs) {
    if (field && isList(field) && !indexed && /^\d+$/.test(seg)) {
      const at = Number(seg);
      if (field.shape.kind === 'fixed' && at >= field.shape.length) {
        return { ok: false, error: `--${name}[${at}]: ${field.name} holds ${field.shape.length} elements (0..${field.shape.length - 1})` };
      }
      path.push(at);
      name += `[${at}]`;
      indexed = true;
      continue;
    }
    if (field) {
      if (isList(field) && !indexed) {
        return { ok: false, error: `--${name} is a list: give an element's fields as --${name}[0].${seg}`, hint: `or one JSON object per element: --${name} '{…}' --${name} '{…}'` };
      }
      const sub = subFields(field);
      if (!sub) return { ok: false, error: `--${name} (${typeLabel(field)}) has no field "${seg}"` };
      fields = sub;
      indexed = false;
    }
    const f = fields.find((x) => kebab(x.name) === seg);
    const here = name === '' ? seg : `${name}.${seg}`;
    if (!f) return unknown(def, here, known);
    if (f.countFor) {
      return { ok: false, error: `--${here} is the number of elements in ${f.countFor.join(', ')}: it is counted for you`, hint: `leave --${here} out` };
    }
    field = f;
    path.push(f.name);
    name = name === '' ? kebab(f.name) : `${name}.${kebab(f.name)}`;
  }
  if (!field) return unknown(def, raw, known);
  const format = indexed ? registry.forType(field.type) : registry.forField(field);
  return { ok: true, target: { name, path, field, format, kind: kindOf(field, format, indexed) } };
}

function unknown(def: MessageDef, typed: string, known: readonly string[] | (() => readonly string[]) | undefined): FlagLookup {
  const names = typeof known === 'function' ? known() : (known ?? messageFlags(def).map((f) => f.name));
  const index = /\[(\d+)\]/.exec(typed)?.[1];
  const near = suggestFlag(typed.replace(/\[\d+\]/g, '[N]'), names)?.replace(/\[N\]/, `[${index ?? 0}]`);
  return {
    ok: false,
    error: `unknown flag --${typed}${near ? ` (did you mean --${near}?)` : ''}`,
    hint: `vppapi ${def.name} --help lists its flags`,
  };
}

/** The nearest flag name by spelling, else the only one containing `typed`. Throws nothing. */
export function suggestFlag(typed: string, names: readonly string[]): string | undefined {
  const t = typed.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
  const near = nearest(t, names);
  if (near) return near;
  const containing = names.filter((n) => n.includes(t) || t.includes(n));
  return containing.length === 1 ? containing[0] : undefined;
}
