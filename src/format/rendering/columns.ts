/**
 * Which fields of a details message matter most in a table, derived from the definition
 * through the format table (no list per message): the rank orders the columns and says
 * which go first when the terminal is narrow (table.ts).
 *
 * | rank | what                                                    | by                    |
 * |------|---------------------------------------------------------|-----------------------|
 * | 0    | indexes: `sw_if_index`, `table_id`, `id`, `index`       | name                  |
 * | 1    | names: `name`, `*_name`                                 | name                  |
 * | 10   | flag sets                                               | type (enum of bits)   |
 * | 11   | MACs                                                    | type (format role)    |
 * | 12   | MTUs                                                    | name (`mtu` in it)    |
 * | 13   | addresses and prefixes                                  | type (format role)    |
 * | 14   | FIB paths                                               | type (format role)    |
 * | 15   | other enums                                             | type                  |
 * | 16   | booleans                                                | type                  |
 * | 20   | everything else                                         |                       |
 * | 30   | `tag`                                                   | name                  |
 *
 * Ranks below 10 identify a row: never hidden or dropped. A MAC tells interfaces apart
 * and an enum other than a flag set mostly does not (`type` is HARDWARE for every NIC),
 * so on a narrow terminal the enum goes first.
 */
import type { EnumType, Field } from '../../client/schema/model.js';
import { displayName, isBitSet } from '../values/enums.js';
import type { FormatRegistry } from '../type-formats/format-registry.js';
import { unalias } from '../../client/schema/model.js';

export const IDENTIFYING = 10;

const ROLE_RANK = { mac: 11, address: 13, path: 14 } as const;

/** The rank of a column showing `field` (named `name`, the last part of a dotted column). */
export function columnRank(field: Field, reg: FormatRegistry): number {
  const name = field.name;
  if (['sw_if_index', 'table_id', 'id', 'index'].includes(name)) return 0;
  if (name === 'name' || name.endsWith('_name')) return 1;
  if (name === 'tag') return 30;
  const role = reg.specialFor(field.type)?.role;
  if (role) return ROLE_RANK[role];
  const t = unalias(field.type);
  if (t.kind === 'enum') return isBitSet(t) ? 10 : 15;
  if (/(^|_)mtu(_|$)/.test(name)) return 12;
  if (t.kind === 'base' && t.name === 'bool') return 16;
  return 20;
}

/** How a cell of this field may break when it alone is too wide: lists between elements. */
export function columnWrap(field: Field): 'list' | undefined {
  const t = unalias(field.type);
  const text = t.kind === 'string' || (t.kind === 'base' && t.name === 'u8');
  return field.shape.kind !== 'scalar' && !text ? 'list' : undefined;
}

// Names of an enum's zero that say "nothing here" (link_duplex UNKNOWN, vtr_op DISABLED).
const NOTHING = /^(NONE|UNKNOWN|DISABLED|UNSET|INVALID|UNSPEC|UNSPECIFIED|OFF|NO_.*)$/;

/**
 * True when a codec value says nothing: 0, false, '', all-zero bytes, lists and objects
 * of such, an enum's zero when its name says none. Throws nothing.
 */
export function isEmptyValue(v: unknown, field: Field): boolean {
  const t = unalias(field.type);
  if (t.kind === 'enum' && v === 0 && field.shape.kind === 'scalar') return zeroSaysNothing(t);
  return zeroish(v);
}

// Per enum: asked for every cell of its column.
const zeroNothing = new WeakMap<EnumType, boolean>();

function zeroSaysNothing(e: EnumType): boolean {
  let z = zeroNothing.get(e);
  if (z === undefined) {
    const name = e.byValue.get(0);
    zeroNothing.set(e, (z = name === undefined || NOTHING.test(displayName(e, name, true).toUpperCase())));
  }
  return z;
}

function zeroish(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === 0n || v === false || v === '') return true;
  if (v instanceof Uint8Array) return v.every((b) => b === 0);
  if (Array.isArray(v)) return v.every(zeroish);
  if (typeof v === 'object') return Object.values(v).every(zeroish);
  return false;
}
