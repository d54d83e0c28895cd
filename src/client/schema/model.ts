/**
 * The resolved schema: every type reference replaced by the type itself, header kinds
 * and call patterns derived from the definitions (docs/protocol.md §3, §4).
 *
 * Decoded values use these JavaScript forms (and the encoder accepts them back):
 *
 * | VPP type                          | value                                            |
 * |-----------------------------------|--------------------------------------------------|
 * | u8 u16 u32 i8 i16 i32 f64         | number                                           |
 * | u64 i64                           | bigint (encoder also takes a safe-integer number)|
 * | bool                              | boolean                                          |
 * | enum, enumflags                   | number (names are the format layer's business)   |
 * | string[N], string[]               | string                                           |
 * | u8 arrays (fixed/counted/rest) and aliases to u8[N] | Uint8Array (Buffer)            |
 * | other arrays                      | array                                            |
 * | struct                            | object keyed by field name                       |
 * | union                             | object with one key per decoded member           |
 */
import type { RawMeta } from './raw.js';

export type IntKind = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';
export type BaseKind = IntKind | 'f64' | 'bool';

export interface BaseType {
  kind: 'base';
  name: BaseKind;
}

export interface StringType {
  kind: 'string';
  name: 'string';
}

export interface EnumType {
  kind: 'enum';
  name: string;
  /** true for `enumflags`: values are bit sets. */
  flags: boolean;
  /** Wire size from `enumtype`, u32 when absent. */
  base: IntKind;
  /** Declaration order is kept. */
  values: ReadonlyArray<{ name: string; value: number }>;
  byName: ReadonlyMap<string, number>;
  byValue: ReadonlyMap<number, string>;
  module: string;
}

export interface AliasType {
  kind: 'alias';
  name: string;
  /** For `{type: u8, length: 4}`-style aliases, `length` is set and `target` is the element type. */
  target: TypeNode;
  length?: number;
  module: string;
}

export interface StructType {
  kind: 'struct';
  name: string;
  fields: Field[];
  module: string;
  comment?: string;
}

export interface UnionType {
  kind: 'union';
  name: string;
  fields: Field[];
  module: string;
  comment?: string;
}

export type TypeNode = BaseType | StringType | EnumType | AliasType | StructType | UnionType;

/**
 * How many of `type` a field holds.
 * - scalar: one.
 * - fixed: exactly `length` (for strings: a NUL-padded buffer of `length` bytes).
 * - counted: as many as the earlier sibling `countField` says.
 * - rest: a legacy array taking the rest of the message (never for strings).
 * - vla-string: `string x[]`, a u32 big-endian byte length, then the bytes.
 */
export type FieldShape =
  | { kind: 'scalar' }
  | { kind: 'fixed'; length: number }
  | { kind: 'counted'; countField: string }
  | { kind: 'rest' }
  | { kind: 'vla-string' };

export interface FieldOptions {
  /** Already converted to the field's value form (`"true"` → true, numbers, enum names kept as given). */
  default?: unknown;
  limit?: number;
  /** Name of a sibling enum field that selects this union field's member. */
  discriminator?: string;
  /** On a union member: the enum value name that selects it. */
  case?: string;
  deprecated?: boolean;
  inProgress?: boolean;
  /** Everything else the definition carried, untouched. */
  other?: Record<string, unknown>;
}

export interface Field {
  name: string;
  type: TypeNode;
  shape: FieldShape;
  options: FieldOptions;
  /** Set on count fields: the names of the array fields whose length this field holds. */
  countFor?: string[];
}

/** docs/protocol.md §3: derived from the fields after `_vl_msg_id`. */
export type HeaderKind = 'request' | 'reply' | 'event' | 'other';

export interface MessageOptions {
  deprecated: boolean;
  inProgress: boolean;
  status?: string;
  replacedBy?: string;
  vatHelp?: string;
  other: Record<string, unknown>;
}

export interface MessageDef {
  name: string;
  /** 8 lower-case hex digits, no `0x`. */
  crc: string;
  /** `<name>_<crc>`: the key VPP's message table uses. */
  key: string;
  module: string;
  /** Every field after `_vl_msg_id`, header fields included. */
  fields: Field[];
  header: HeaderKind;
  /** Byte offset of the context field in the payload, or -1 when the message has none. */
  contextOffset: number;
  /** Fields after the header fields (client_index/context). */
  bodyFields: Field[];
  options: MessageOptions;
  comment?: string;
}

/**
 * docs/protocol.md §4.
 * - single: one reply with the request's context.
 * - dump: classic stream: details, ended by control_ping_reply.
 * - stream: modern get: details (`streamMsg`) then the reply, paged with -165 and a cursor.
 * - none: no reply at all.
 */
export type CallPattern = 'single' | 'dump' | 'stream' | 'none';

export interface ServiceDef {
  request: string;
  pattern: CallPattern;
  /** The reply (single, stream) or details (dump) message; undefined for `none`. */
  reply?: string;
  /** Details message of a modern stream. */
  streamMsg?: string;
  /** Events a `want_*` registration enables. */
  events: string[];
  module: string;
}

export interface ModuleInfo {
  name: string;
  origin: string;
  version?: string;
  vlApiVersion?: string;
  messages: string[];
  /** Modules this one's file imports (`vnet/ip/ip_types.api` → `ip_types`), as the definitions list them. */
  imports?: string[];
  /** The same imports as the file writes them (`plugins/acl/acl_types.api`): VPP's source paths (module-kind.ts). */
  importPaths?: string[];
  /**
   * Every type name this module's file carries: its own and the ones it repeats from its
   * imports (a type's `module` is only the first file it was read from). With `imports`,
   * this tells the module that defines a type (the typed-bindings generator needs it).
   */
  types?: string[];
}

export interface Schema {
  messages: ReadonlyMap<string, MessageDef>;
  types: ReadonlyMap<string, TypeNode>;
  /** Keyed by request message name. */
  services: ReadonlyMap<string, ServiceDef>;
  /** Keyed by reply/details/event message name: the request(s) that lead to it. */
  replyOf: ReadonlyMap<string, string[]>;
  modules: ReadonlyMap<string, ModuleInfo>;
  /** Cache slot owned by the codec (compiled encoders/decoders); never a module global. */
  readonly cache: Map<string, unknown>;
}

/**
 * Follows aliases that are not arrays down to the type that decides the encoding. Pure:
 * codec, format and commands all use it (format may import the model's pure helpers).
 * Throws nothing.
 */
export function unalias(t: TypeNode): TypeNode {
  while (t.kind === 'alias' && t.length === undefined) t = t.target;
  return t;
}

/** `"0x51077D14"` → `"51077d14"`. Returns undefined for anything that is not 1..8 hex digits. */
export function normaliseCrc(crc: unknown): string | undefined {
  if (typeof crc === 'number' && Number.isInteger(crc) && crc >= 0 && crc <= 0xffffffff) return crc.toString(16).padStart(8, '0');
  if (typeof crc !== 'string') return undefined;
  const m = /^(?:0x)?([0-9a-fA-F]{1,8})$/.exec(crc.trim());
  return m ? m[1].toLowerCase().padStart(8, '0') : undefined;
}

/**
 * An options object (`{"crc": …}`, `{"default": …}`) among a raw definition's fields.
 * Here rather than in raw.ts so that raw.ts stays types only (nothing to load at run time).
 * Throws nothing.
 */
export function isMeta(x: unknown): x is RawMeta {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
