/**
 * The TypeScript type of a value, in the two forms the codec has (client/schema/model.ts
 * holds the table of value forms):
 *
 * | VPP type                      | out: what the library gives | in: what it takes                |
 * |-------------------------------|-----------------------------|----------------------------------|
 * | u8 u16 u32 i8 i16 i32 f64     | number                      | number                           |
 * | u64 i64                       | bigint                      | bigint \| number                 |
 * | bool                          | boolean                     | boolean                          |
 * | enum E                        | E (its values' literal type)| E, or a member's name            |
 * | enumflags F (or a bit-set enum)| number (any set of bits)    | number, or one member's name     |
 * | string, string[N], string[]   | string                      | string                           |
 * | u8 arrays, aliases of u8[N]   | Uint8Array                  | Uint8Array                       |
 * | other arrays                  | T[]                         | readonly T[]                     |
 * | struct S                      | S                           | SInput                           |
 * | union U                       | U: every member (a tag in the parent selects one: Partial<U>) | UInput: exactly one member |
 *
 * A bit-set enum is an `enum` that VPP declares plain although its values are bits and
 * combine (26.06's `if_status_flags`: ADMIN_UP | LINK_UP = 3 is a value of it): its name
 * ends in `flags` and every value is 0 or a power of two.
 *
 * Pure: strings in, strings out. Throws nothing.
 */
import type { EnumType, Field, TypeNode } from '../schema/model.js';
import { unalias } from '../schema/model.js';

export type Form = 'in' | 'out';

/** Names of declarations, and whether a named type has a separate input form. */
export interface FormContext {
  /** The declaration `t` is named by, with `suffix` (`Input`, `Name`); noted as used. */
  ref(t: TypeNode, suffix?: '' | 'Input' | 'Name'): string;
}

/** True when `t` (after aliases without length) is u8: byte arrays are Uint8Array. */
export function isU8(t: TypeNode): boolean {
  const u = unalias(t);
  return u.kind === 'base' && u.name === 'u8';
}

/** The type of one value of `t` (no array shape). */
export function valueType(ctx: FormContext, t: TypeNode, form: Form): string {
  switch (t.kind) {
    case 'base':
      if (t.name === 'bool') return 'boolean';
      if (t.name === 'u64' || t.name === 'i64') return form === 'in' ? 'bigint | number' : 'bigint';
      return 'number';
    case 'string':
      return 'string';
    case 'enum':
      if (isBitSet(t)) return form === 'in' ? `number | ${ctx.ref(t, 'Name')}` : 'number';
      return form === 'in' ? `${ctx.ref(t)} | ${ctx.ref(t, 'Name')}` : ctx.ref(t);
    default:
      return ctx.ref(t, form === 'in' && needsInput(t) ? 'Input' : '');
  }
}

/** A flag set: `enumflags`, or an enum named `…flags` whose values are all bits (see the file comment). */
export function isBitSet(t: EnumType): boolean {
  if (t.flags) return true;
  return /flags$/.test(t.name) && t.values.length > 0 && t.values.every((v) => v.value >= 0 && (v.value & (v.value - 1)) === 0);
}

/** The type an alias stands for (its right-hand side), in `form`. */
export function aliasTarget(ctx: FormContext, t: TypeNode & { kind: 'alias' }, form: Form): string {
  if (t.length === undefined) return valueType(ctx, t.target, form);
  if (isU8(t.target)) return 'Uint8Array';
  return arrayOf(valueType(ctx, t.target, form), form);
}

function arrayOf(el: string, form: Form): string {
  const e = /[|&]/.test(el) ? `(${el})` : el;
  return form === 'in' ? `readonly ${e}[]` : `${e}[]`;
}

/** The type of field `f` with its shape (scalar, fixed, counted, rest, string). */
export function fieldType(ctx: FormContext, f: Field, form: Form, tagged: boolean): string {
  if (f.type.kind === 'string' || f.shape.kind === 'vla-string') return 'string';
  if (f.shape.kind === 'scalar') {
    const v = valueType(ctx, f.type, form);
    // A union whose member a sibling tag selects decodes to that member alone.
    return tagged && form === 'out' && unalias(f.type).kind === 'union' ? `Partial<${v}>` : v;
  }
  if (isU8(f.type)) return 'Uint8Array';
  return arrayOf(valueType(ctx, f.type, form), form);
}

/**
 * Whether a named type needs an input form of its own. Structs and unions always have
 * one (optional fields, one-member unions); an alias when its target's forms differ.
 */
export function needsInput(t: TypeNode): boolean {
  switch (t.kind) {
    case 'struct':
    case 'union':
      return true;
    case 'alias':
      if (t.length !== undefined) return !isU8(t.target);
      return formsDiffer(t.target);
    default:
      return false;
  }
}

function formsDiffer(t: TypeNode): boolean {
  if (t.kind === 'base') return t.name === 'u64' || t.name === 'i64';
  if (t.kind === 'enum') return true;
  if (t.kind === 'string') return false;
  return needsInput(t);
}
