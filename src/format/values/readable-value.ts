import type { Field, TypeNode } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';
import { type EnumInScope, enumOfField, fieldSize, unionTag, wireSize } from './union-tags.js';

/**
 * A codec value as the `--json` form shows it (docs/json-form.md), without losing a byte
 * the encoder would write differently:
 *
 * - a union whose member an enum field selects (union-tags.ts) keeps only that member,
 *   when every byte of the union past that member is zero (what VPP's encoders and ours
 *   write there); otherwise every member stays, and the largest covers every byte;
 * - a fixed-length list of structs (`label_stack[16]`) loses its all-zero tail: input
 *   takes a shorter list of structs and fills the rest with zeros.
 *
 * Works on the codec's value form (numbers, not names), before the formats turn it into
 * text. Values of other shapes pass through untouched. Throws nothing.
 */

interface UnionStep {
  readonly kind: 'union';
  readonly name: string;
  /** The tag field's name, and how many struct levels up it is (0: a sibling). */
  readonly tagName: string;
  readonly up: number;
  readonly members: ReadonlyMap<number, string>;
  readonly fields: readonly Field[];
}

interface StructStep {
  readonly kind: 'struct';
  readonly name: string;
  readonly plan: Plan;
}

interface ListStep {
  readonly kind: 'list';
  readonly name: string;
  /** The element's plan, when an element has anything to change. */
  readonly plan: Plan | undefined;
  /** A fixed-length list of structs: its all-zero tail is left out. */
  readonly pruneTail: boolean;
}

type Step = UnionStep | StructStep | ListStep;
type Plan = readonly Step[];

/** Enum fields of `fields` before index `end`, nearest first, at level 0; then `outer` one level up. */
function scopeAt(fields: readonly Field[], end: number, outer: readonly EnumInScope[]): EnumInScope[] {
  const own: EnumInScope[] = [];
  for (let i = end - 1; i >= 0; i--) {
    const e = enumOfField(fields[i]!);
    if (e) own.push({ field: fields[i]!, enumType: e, up: 0 });
  }
  return [...own, ...outer.map((s) => ({ ...s, up: s.up + 1 }))];
}

function structFields(t: TypeNode): readonly Field[] | undefined {
  const u = unalias(t);
  return u.kind === 'struct' ? u.fields : undefined;
}

/** The steps for `fields` with the enum fields of enclosing structs in `outer`; undefined when nothing changes. */
function planFor(fields: readonly Field[], outer: readonly EnumInScope[], depth: number): Plan | undefined {
  if (depth > 8) return undefined;
  const steps: Step[] = [];
  fields.forEach((f, i) => {
    const sub = structFields(f.type);
    if (f.shape.kind === 'scalar') {
      const u = unalias(f.type);
      if (u.kind === 'union') {
        const tag = unionTag(f, fields, scopeAt(fields, i, outer));
        if (tag) {
          const up = f.options.discriminator !== undefined ? 0 : scopeAt(fields, i, outer).find((s) => s.field === tag.field)!.up;
          steps.push({ kind: 'union', name: f.name, tagName: tag.field.name, up, members: tag.members, fields: u.fields });
        }
      } else if (sub) {
        const plan = planFor(sub, scopeAt(fields, i, outer), depth + 1);
        if (plan) steps.push({ kind: 'struct', name: f.name, plan });
      }
    } else if (sub && f.shape.kind !== 'vla-string') {
      const plan = planFor(sub, scopeAt(fields, i, outer), depth + 1);
      const pruneTail = f.shape.kind === 'fixed';
      if (plan || pruneTail) steps.push({ kind: 'list', name: f.name, plan, pruneTail });
    }
  });
  return steps.length ? steps : undefined;
}

const plans = new WeakMap<readonly Field[], Plan | null>();

function cachedPlan(fields: readonly Field[]): Plan | undefined {
  let p = plans.get(fields);
  if (p === undefined) plans.set(fields, (p = planFor(fields, [], 0) ?? null));
  return p ?? undefined;
}

/** `value` (the fields of a struct or message) in the readable form described above; `value` itself when nothing changes. Throws nothing. */
export function readableFields(value: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  const plan = cachedPlan(fields);
  return plan ? apply(plan, value, []) : value;
}

/** A value of `type` in the readable form (a struct's; anything else as it is). Throws nothing. */
export function readableValue(value: unknown, type: TypeNode): unknown {
  const fields = structFields(type);
  return fields && isRecord(value) ? readableFields(value, fields) : value;
}

function apply(plan: Plan, o: Record<string, unknown>, outer: readonly Record<string, unknown>[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const set = (k: string, v: unknown): void => {
    if (v === o[k]) return;
    out ??= { ...o };
    out[k] = v;
  };
  const chain = [o, ...outer];
  for (const s of plan) {
    const v = o[s.name];
    if (s.kind === 'union') {
      if (isRecord(v)) set(s.name, selectMember(s, v, chain[s.up]?.[s.tagName]));
    } else if (s.kind === 'struct') {
      if (isRecord(v)) set(s.name, apply(s.plan, v, chain));
    } else if (Array.isArray(v)) {
      let items = s.plan ? v.map((x) => (isRecord(x) ? apply(s.plan!, x, chain) : x)) : v;
      if (s.pruneTail) {
        let n = items.length;
        while (n > 0 && isZero(items[n - 1])) n--;
        if (n < items.length) items = items.slice(0, n);
      }
      set(s.name, items);
    }
  }
  return out ?? o;
}

/** The member the tag selects, alone, when the union's other bytes are zero; else `u` as it is. */
function selectMember(s: UnionStep, u: Record<string, unknown>, tag: unknown): Record<string, unknown> {
  const name = typeof tag === 'number' ? s.members.get(tag) : undefined;
  if (name === undefined || !(name in u) || Object.keys(u).length === 1) return u;
  const member = s.fields.find((f) => f.name === name)!;
  const size = fieldSize(member);
  if (size === undefined) return u;
  let largest: Field | undefined;
  let most = -1;
  for (const f of s.fields) {
    const n = fieldSize(f);
    if (n === undefined) return u;
    if (n > most) [largest, most] = [f, n];
  }
  if (most > size && (!(largest!.name in u) || nonZeroFrom(u[largest!.name], largest!, 0, size))) return u;
  return { [name]: u[name] };
}

/** True when the value of field `f`, placed at byte `at`, may hold a non-zero byte at `cut` or later. */
function nonZeroFrom(v: unknown, f: Field, at: number, cut: number): boolean {
  const size = fieldSize(f);
  if (size === undefined) return true;
  if (at + size <= cut) return false;
  if (f.shape.kind === 'scalar') return typeNonZeroFrom(v, f.type, at, cut);
  if (v instanceof Uint8Array) return bytesNonZeroFrom(v, at, cut);
  if (typeof v === 'string') return v !== '';
  if (!Array.isArray(v)) return true;
  const one = wireSize(f.type)!;
  return v.some((x, i) => typeNonZeroFrom(x, f.type, at + i * one, cut));
}

function typeNonZeroFrom(v: unknown, t: TypeNode, at: number, cut: number): boolean {
  const size = wireSize(t);
  if (size === undefined) return true;
  if (at + size <= cut) return false;
  const u = t.kind === 'alias' && t.length === undefined ? unalias(t) : t;
  if (v instanceof Uint8Array) return bytesNonZeroFrom(v, at, cut);
  if (u.kind === 'alias') {
    if (!Array.isArray(v)) return true;
    const one = wireSize(u.target)!;
    return v.some((x, i) => typeNonZeroFrom(x, u.target, at + i * one, cut));
  }
  if (u.kind === 'struct') {
    if (!isRecord(v)) return true;
    let pos = at;
    for (const f of u.fields) {
      if (nonZeroFrom(v[f.name], f, pos, cut)) return true;
      pos += fieldSize(f)!;
    }
    return false;
  }
  if (u.kind === 'union') {
    if (!isRecord(v)) return true;
    // Every member was read from the same bytes: the largest one given covers them.
    const given = u.fields.filter((f) => f.name in v);
    const big = given.reduce<Field | undefined>((a, f) => (a && fieldSize(a)! >= fieldSize(f)! ? a : f), undefined);
    return big === undefined || nonZeroFrom(v[big.name], big, at, cut);
  }
  return !isZero(v);
}

function bytesNonZeroFrom(b: Uint8Array, at: number, cut: number): boolean {
  for (let i = Math.max(0, cut - at); i < b.length; i++) if (b[i] !== 0) return true;
  return false;
}

/** A plain object (not a list, not bytes). Throws nothing. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Every byte of the value is zero: 0, false, '', zero bytes, and objects and lists of those. Throws nothing. */
export function isZero(v: unknown): boolean {
  if (v === 0 || v === 0n || v === false || v === '' || v === undefined || v === null) return true;
  if (v instanceof Uint8Array) return v.every((b) => b === 0);
  if (Array.isArray(v)) return v.every(isZero);
  if (isRecord(v)) return Object.values(v).every(isZero);
  return false;
}
