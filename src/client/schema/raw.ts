/**
 * Raw shapes of VPP's `*.api.json` files, exactly as vppapigen writes them.
 * Nothing is resolved here; see `resolve.ts` for the model the codec uses.
 *
 * A field is `[type, name]`, `[type, name, N]` (fixed array, N > 0),
 * `[type, name, 0]` (string: u32-prefixed; other types: legacy rest-of-message array),
 * `[type, name, 0, countField]` (variable array), each optionally followed by an
 * options object (`default`, `limit`, `discriminator`, `case`, ...).
 */
export type RawFieldOptions = Record<string, unknown>;
export type RawField = [string, string, ...(number | string | RawFieldOptions)[]];

/** The trailing element of a message or type definition. */
export interface RawMeta {
  crc?: string;
  options?: Record<string, unknown>;
  comment?: string;
}

/** `[name, ...fields, meta?]`: messages, types and unions share this form. */
export type RawStruct = [string, ...(RawField | RawMeta)[]];

/** `[name, [ENUM_NAME, value]..., {enumtype}]` */
export type RawEnum = [string, ...([string, number] | { enumtype?: string })[]];

export interface RawAlias {
  type: string;
  length?: number;
}

export interface RawService {
  reply: string;
  stream?: boolean;
  stream_msg?: string;
  events?: string[];
}

export interface RawModule {
  module?: string;
  types?: RawStruct[];
  messages?: RawStruct[];
  unions?: RawStruct[];
  enums?: RawEnum[];
  enumflags?: RawEnum[];
  services?: Record<string, RawService>;
  options?: Record<string, unknown>;
  aliases?: Record<string, RawAlias>;
  vl_api_version?: string;
  imports?: string[];
  counters?: unknown[];
  paths?: unknown[];
}

/** One loaded source: the module and where it came from (a path, or "get_api_json", or "built-in"). */
export interface RawSource {
  origin: string;
  module: RawModule;
}
