/**
 * A small notation for writing VPP API definitions in TypeScript. Every builder returns
 * exactly the raw shape of VPP's `*.api.json` files (see ../raw.ts), so built-in modules
 * and files from disk or `get_api_json` go through the same loader.
 *
 * | notation                                   | raw field                                  |
 * |--------------------------------------------|--------------------------------------------|
 * | `u32('mtu')`                               | `["u32", "mtu"]`                           |
 * | `bool('is_add', { default: 'true' })`      | `["bool", "is_add", {"default": "true"}]`  |
 * | `ref('prefix', 'pfx')`                     | `["vl_api_prefix_t", "pfx"]`               |
 * | `str('name', 64)` / `str('cmd')`           | `["string", "name", 64]` / `["string", "cmd", 0]` |
 * | `fixed('u32', 'mtu', 4)`                   | `["u32", "mtu", 4]`                        |
 * | `vla('fib_path', 'paths', 'n_paths')`      | `["vl_api_fib_path_t", "paths", 0, "n_paths"]` |
 * | `rest('u8', 'data')`                       | `["u8", "data", 0]`                        |
 *
 * Type names are written bare (`fib_path`); base types (`u8` .. `f64`, `bool`, `string`)
 * stay as they are, every other name becomes `vl_api_<name>_t` as in the files.
 * Nothing here validates or throws: test/client/schema/builtin-defs.test.ts checks the results.
 */
import type { RawEnum, RawField, RawFieldOptions, RawMeta, RawModule, RawService, RawStruct } from '../raw.js';

const BASE_TYPES = new Set(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'f64', 'bool', 'string']);

/** `fib_path` → `vl_api_fib_path_t`; base types unchanged. */
export function typeName(t: string): string {
  return BASE_TYPES.has(t) ? t : `vl_api_${t}_t`;
}

function field(type: string, name: string, rest: (number | string)[], o?: RawFieldOptions): RawField {
  const f: RawField = [typeName(type), name, ...rest];
  if (o && Object.keys(o).length > 0) f.push({ ...o });
  return f;
}

export const u8 = (name: string, o?: RawFieldOptions): RawField => field('u8', name, [], o);
export const u16 = (name: string, o?: RawFieldOptions): RawField => field('u16', name, [], o);
export const u32 = (name: string, o?: RawFieldOptions): RawField => field('u32', name, [], o);
export const u64 = (name: string, o?: RawFieldOptions): RawField => field('u64', name, [], o);
export const i32 = (name: string, o?: RawFieldOptions): RawField => field('i32', name, [], o);
export const f64 = (name: string, o?: RawFieldOptions): RawField => field('f64', name, [], o);
export const bool = (name: string, o?: RawFieldOptions): RawField => field('bool', name, [], o);

/** One value of a named type (struct, union, enum or alias). */
export const ref = (type: string, name: string, o?: RawFieldOptions): RawField => field(type, name, [], o);

/** The ubiquitous `vl_api_interface_index_t` (an alias of u32). */
export const swIf = (name = 'sw_if_index', o?: RawFieldOptions): RawField => ref('interface_index', name, o);

/** `string name[n]` (NUL-padded, n bytes); without n: `string name[]` (u32 length, then bytes). */
export const str = (name: string, n = 0): RawField => field('string', name, [n]);

/** Exactly `n` elements. */
export const fixed = (type: string, name: string, n: number, o?: RawFieldOptions): RawField =>
  field(type, name, [n], o);

/** As many elements as the earlier sibling `count` holds. */
export const vla = (type: string, name: string, count: string): RawField => field(type, name, [0, count]);

/** Legacy array that takes the rest of the message. */
export const rest = (type: string, name: string): RawField => field(type, name, [0]);

// ---- enums --------------------------------------------------------------------------

export type EnumValues = [string, number][];

/** `seq('RX_', ['A', 'B'])` → `[['RX_A', 0], ['RX_B', 1]]`. */
export function seq(prefix: string, names: string[], start = 0): EnumValues {
  return names.map((n, i) => [prefix + n, start + i]);
}

/** `bits('F_', ['A', 'B'])` → `[['F_A', 1], ['F_B', 2]]`. */
export function bits(prefix: string, names: string[]): EnumValues {
  return names.map((n, i) => [prefix + n, 2 ** i]);
}

/** Explicit values under a shared prefix. */
export function pairs(prefix: string, values: [string, number][]): EnumValues {
  return values.map(([n, v]) => [prefix + n, v]);
}

// ---- messages -----------------------------------------------------------------------

/**
 * Fields between `_vl_msg_id` and the body (docs/protocol.md §3). Usually implied by the role
 * (request, reply, event); a few real messages break the pattern and name theirs.
 */
export type Header = 'request' | 'reply' | 'event' | 'bare';

const HEADER_FIELDS: Record<Header, string[]> = {
  request: ['client_index', 'context'],
  reply: ['context'],
  event: ['client_index'],
  bare: [],
};

/**
 * VPP's CRC covers a message's layout, not its name: every request with no fields of its
 * own has this CRC, and every reply that carries only `i32 retval` has RETVAL_ONLY.
 */
export const NO_ARGS = 0x51077d14;
export const RETVAL_ONLY = 0xe8d4e804;

/** Message options and a comment; `header` overrides the one implied by the role. */
export interface MsgOpts {
  deprecated?: true;
  inProgress?: true;
  /** `option status="..."`, e.g. 'in_progress'. */
  status?: string;
  header?: Header;
  doc?: string;
}

function hex(crc: number): string {
  return '0x' + (crc >>> 0).toString(16).padStart(8, '0');
}

function msgOptions(o: MsgOpts | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o?.deprecated) out.deprecated = null;
  if (o?.inProgress) out.in_progress = null;
  if (o?.status !== undefined) out.status = o.status;
  return out;
}

/** A reply: `context`, `i32 retval`, then `fields`. */
export interface ReplySpec {
  crc: number;
  fields: RawField[];
  opts?: MsgOpts;
}

export const reply = (crc: number, fields: RawField[] = [], opts?: MsgOpts): ReplySpec => ({ crc, fields, opts });

/** A details message (of a dump or a modern stream): `context`, then `fields`. */
export interface DetailsSpec extends ReplySpec {
  name: string;
}

export const details = (name: string, crc: number, fields: RawField[], opts?: MsgOpts): DetailsSpec => ({
  name,
  crc,
  fields,
  opts,
});

/** Collects one module's definitions in file order; `build()` returns the raw module. */
export class ModuleBuilder {
  private readonly raw = {
    types: [] as RawStruct[],
    messages: [] as RawStruct[],
    unions: [] as RawStruct[],
    enums: [] as RawEnum[],
    enumflags: [] as RawEnum[],
    services: {} as Record<string, RawService>,
    aliases: {} as NonNullable<RawModule['aliases']>,
  };

  constructor(
    private readonly name: string,
    private readonly version: string,
    private readonly crc: number,
    private readonly imports: string[] = [],
  ) {}

  type(name: string, fields: RawField[], doc?: string): this {
    this.raw.types.push(doc ? [name, ...fields, { comment: doc }] : [name, ...fields]);
    return this;
  }

  union(name: string, fields: RawField[], doc?: string): this {
    this.raw.unions.push(doc ? [name, ...fields, { comment: doc }] : [name, ...fields]);
    return this;
  }

  /** `enumtype` is the wire size (u8, u16 or u32). */
  enum(name: string, enumtype: string, values: EnumValues): this {
    this.raw.enums.push([name, ...values.map((v): [string, number] => [v[0], v[1]]), { enumtype }]);
    return this;
  }

  enumflags(name: string, enumtype: string, values: EnumValues): this {
    this.raw.enumflags.push([name, ...values.map((v): [string, number] => [v[0], v[1]]), { enumtype }]);
    return this;
  }

  /** `type` is a base or bare type name; `length` makes it a fixed array of that type. */
  alias(name: string, type: string, length?: number): this {
    this.raw.aliases[name] = length === undefined ? { type: typeName(type) } : { type: typeName(type), length };
    return this;
  }

  /** One message, no service entry. `header` is the default when `opts.header` is unset. */
  message(name: string, crc: number, header: Header, fields: RawField[], opts?: MsgOpts): this {
    const head: RawField[] = [['u16', '_vl_msg_id']];
    for (const n of HEADER_FIELDS[opts?.header ?? header]) head.push(['u32', n]);
    const meta: RawMeta = { crc: hex(crc), options: msgOptions(opts) };
    if (opts?.doc) meta.comment = opts.doc;
    this.raw.messages.push([name, ...head, ...fields, meta]);
    return this;
  }

  service(request: string, svc: RawService): this {
    this.raw.services[request] = { ...svc, ...(svc.events ? { events: [...svc.events] } : {}) };
    return this;
  }

  /**
   * A request and its `<name>_reply`. Without `rep`, the reply is the "autoreply" form
   * VPP generates: only `retval`, with the request's options (not its comment).
   */
  call(name: string, crc: number, fields: RawField[], rep?: ReplySpec, opts?: MsgOpts): this {
    this.message(name, crc, 'request', fields, opts);
    this.addReply(`${name}_reply`, rep ?? reply(RETVAL_ONLY, [], { ...opts, header: undefined, doc: undefined }));
    return this.service(name, { reply: `${name}_reply` });
  }

  /** Classic dump: details answered until the control_ping_reply (docs/protocol.md §4). */
  dump(name: string, crc: number, fields: RawField[], det: DetailsSpec, opts?: MsgOpts): this {
    this.message(name, crc, 'request', fields, opts);
    this.message(det.name, det.crc, 'reply', det.fields, det.opts);
    return this.service(name, { reply: det.name, stream: true });
  }

  /** Modern stream: details, then `<name>_reply` (paged by a cursor). */
  stream(name: string, crc: number, fields: RawField[], rep: ReplySpec, det: DetailsSpec, opts?: MsgOpts): this {
    this.message(name, crc, 'request', fields, opts);
    this.addReply(`${name}_reply`, rep);
    this.message(det.name, det.crc, 'reply', det.fields, det.opts);
    return this.service(name, { reply: `${name}_reply`, stream: true, stream_msg: det.name });
  }

  /** A `want_*` registration (autoreply) that enables `events`. */
  want(name: string, crc: number, fields: RawField[], events: string[], opts?: MsgOpts): this {
    this.call(name, crc, fields, undefined, opts);
    return this.service(name, { reply: `${name}_reply`, events });
  }

  /** A message VPP sends unasked: `client_index` header, no context. */
  event(name: string, crc: number, fields: RawField[], opts?: MsgOpts): this {
    return this.message(name, crc, 'event', fields, opts);
  }

  /** The module in the file shape. Call once: it hands over the collected arrays. */
  build(): RawModule {
    const r = this.raw;
    return {
      module: this.name,
      types: r.types,
      messages: r.messages,
      unions: r.unions,
      enums: r.enums,
      enumflags: r.enumflags,
      services: r.services,
      options: { version: this.version },
      aliases: r.aliases,
      vl_api_version: hex(this.crc),
      imports: [...this.imports],
    };
  }

  private addReply(name: string, rep: ReplySpec): void {
    this.message(name, rep.crc, 'reply', [i32('retval'), ...rep.fields], rep.opts);
  }
}
