import type { TypeNode } from '../../client/schema/model.js';
import type { InterfaceTable } from './interface-names.js';

/**
 * The human form of a value: what people read and write, and what JSON holds.
 *
 * | VPP type                      | human form                                             |
 * |-------------------------------|--------------------------------------------------------|
 * | u8 u16 u32 i8 i16 i32         | number                                                 |
 * | u64 i64                       | bigint (lossless-json.ts: exact digits)                |
 * | f64                           | number; "NaN", "Infinity", "-Infinity" as text         |
 * | bool                          | boolean                                                |
 * | enum                          | full name; number when the value has no name           |
 * | bit sets (enumflags, *_flags) | one string: "A|B", "A|0x100", the 0-name or "0"; in JSON a list ["A","B"], [] for none |
 * | string                        | string                                                 |
 * | u8 arrays, aliases to u8[N]   | "0x…" hex                                              |
 * | address, prefix, mac, …       | text: "10.0.0.1", "2001:db8::/32", … (specials.ts)     |
 * | struct                        | object, fields in definition order                     |
 * | union                         | {member: value}; only the member a discriminator picks |
 * | other arrays                  | list                                                   |
 *
 * Input takes more (format per type in its file): numbers as text, names in any case,
 * JSON text for objects and lists, comma lists for lists of one-word values.
 */
export interface HumanOptions extends FormatContext {
  /** Enum and flag names without the prefix every name of their enum shares. Default false. */
  short?: boolean;
  /**
   * The `--json` form (docs/json-form.md): a bit set is a list of the names of its set
   * bits (`[]` for none, an unnamed remainder as a number), not one `A|B` string.
   */
  json?: boolean;
}

/** What a value's text may refer to beyond itself, for reading and writing it. */
export interface FormatContext {
  /** Interface names ⇄ sw_if_index, from a `sw_interface_dump` (interfaces.ts). */
  interfaces?: InterfaceTable;
}

/** One row of the table that drives flags, completion and output (STYLE principle 3). */
export interface ValueFormat {
  /** What to write, for help and usage lines, without brackets: `ip/len`, `u32`, `IP4|IP6`. */
  readonly placeholder: string;
  /** A noun phrase for errors and help: `an IPv4 or IPv6 prefix such as 10.0.0.0/24`. */
  readonly expected: string;
  /** The human form is one word of text (a flag takes it as is); false for objects and lists. */
  readonly scalar: boolean;
  /**
   * Human input (flag text, or a value from parsed JSON) → the codec's value form.
   * @throws FormatError naming `path`, the input and what was expected.
   */
  parse(input: unknown, path: string, ctx?: FormatContext): unknown;
  /** Codec value → human form. Never throws: what it cannot read it passes through. */
  format(value: unknown, opts?: HumanOptions): unknown;
  /** Candidate completions for a partly typed word (full words, `partial` included). */
  complete(partial: string): string[];
  /** Value form of "nothing given": what a short fixed-length list is padded with. */
  zero(): unknown;
}

/**
 * A special type read and written as text. Entries are keyed by type name in the
 * registry and used only when `matches` accepts the resolved layout; objects in the
 * value form (e.g. `{af, un}` for an address) still go through the generic struct path.
 */
export interface SpecialFormat {
  readonly placeholder: string;
  readonly expected: string;
  matches(type: TypeNode): boolean;
  /** Text → value form; calls `fail(reason)` when the text is not valid. */
  parse(text: string, type: TypeNode, fail: (reason: string, needs?: 'interfaces') => never, ctx?: FormatContext): unknown;
  /**
   * Value form → text, or undefined when this value cannot be shown as text (or, for a
   * display-only entry, when `opts.short` is not set: JSON keeps the full form).
   */
  format(value: unknown, type: TypeNode, opts?: HumanOptions): string | undefined;
  /** Only changes how tables and blocks show the value; input and JSON use the generic form. */
  readonly displayOnly?: boolean;
  /**
   * Text in tables and blocks (`short`), the generic object in JSON; text and JSON both
   * accepted on input. When the text cannot say everything, `format` returns undefined and
   * tables show the value as one line of JSON, which parses back the same.
   */
  readonly textWhenShort?: boolean;
  /** What the value is, for column order in tables (columns.ts). */
  readonly role?: 'address' | 'mac' | 'path';
  complete?(partial: string): string[];
}
