/**
 * Value generator for round-trip tests: walks a resolved type and builds values at the
 * edges of each field (min/max integers, empty/full arrays, longest strings, a chosen
 * union member). Test-only; it shares the model with the codec but none of its code.
 */
import type { Field, Schema, TypeNode } from '../../src/client/schema/model.js';
import { unalias } from '../../src/client/schema/model.js';

export type Mode = 'min' | 'max' | 'mid';

const INT: Record<string, [bigint, bigint]> = {
  u8: [0n, 255n], u16: [0n, 65535n], u32: [0n, 4294967295n], u64: [0n, 18446744073709551615n],
  i8: [-128n, 127n], i16: [-32768n, 32767n], i32: [-2147483648n, 2147483647n], i64: [-9223372036854775808n, 9223372036854775807n],
};

export interface GenOptions {
  mode: Mode;
  /** Which union member to pick (modulo the member count). */
  member: number;
  /** Elements in counted arrays for max/mid. */
  arrayLen: number;
}

function intValue(kind: string, mode: Mode): number | bigint {
  const [lo, hi] = INT[kind];
  const v = mode === 'min' ? lo : mode === 'max' ? hi : (lo + hi) / 2n + 1n;
  return kind === 'u64' || kind === 'i64' ? v : Number(v);
}

function text(bytes: number, mode: Mode): string {
  if (mode === 'min' || bytes <= 0) return '';
  // Multi-byte characters where they fit, to exercise UTF-8 byte counting.
  let s = '';
  let used = 0;
  while (used + 3 <= bytes && s.length < 4) { s += 'é'; used += 2; }
  while (used < bytes) { s += String.fromCharCode(97 + (used % 26)); used += 1; }
  return s;
}

function one(t: TypeNode, o: GenOptions, depth: number): unknown {
  switch (t.kind) {
    case 'base':
      if (t.name === 'bool') return o.mode !== 'min';
      if (t.name === 'f64') return o.mode === 'min' ? -1.5e300 : o.mode === 'max' ? Number.MAX_VALUE : 0.1;
      return intValue(t.name, o.mode);
    case 'string':
      return text(o.mode === 'min' ? 0 : 40, o.mode);
    case 'enum': {
      if (t.flags) return o.mode === 'min' ? 0 : t.values.reduce((a, v) => a | v.value, 0) >>> 0;
      const vals = t.values;
      if (!vals.length) return 0;
      return o.mode === 'min' ? vals[0].value : vals[vals.length - 1].value;
    }
    case 'alias':
      if (t.length !== undefined) {
        const el = unalias(t.target);
        if (el.kind === 'base' && el.name === 'u8') return Buffer.alloc(t.length, o.mode === 'min' ? 0 : o.mode === 'max' ? 0xff : 0x5a);
        return Array.from({ length: t.length }, () => one(t.target, o, depth + 1));
      }
      return one(t.target, o, depth);
    case 'struct':
      return struct(t.fields, o, depth + 1);
    case 'union': {
      const m = t.fields[o.member % t.fields.length];
      return { [m.name]: field(m, o, depth + 1) };
    }
  }
}

function field(f: Field, o: GenOptions, depth: number): unknown {
  const t = unalias(f.type);
  const isU8 = t.kind === 'base' && t.name === 'u8';
  const s = f.shape;
  switch (s.kind) {
    case 'scalar': return one(f.type, o, depth);
    case 'vla-string': return text(o.mode === 'min' ? 0 : Math.min(f.options.limit ?? 300, 300), o.mode);
    case 'fixed':
      if (f.type.kind === 'string') return text(s.length - 1, o.mode);
      if (isU8 && f.type.kind === 'base') return Buffer.alloc(s.length, o.mode === 'max' ? 0xff : o.mode === 'mid' ? 0x42 : 0);
      return Array.from({ length: s.length }, () => one(f.type, o, depth));
    case 'counted':
    case 'rest': {
      const n = o.mode === 'min' || depth > 4 ? 0 : Math.min(o.arrayLen, f.options.limit ?? Infinity);
      if (isU8 && f.type.kind === 'base') return Buffer.alloc(n, 0xab);
      return Array.from({ length: n }, () => one(f.type, o, depth));
    }
  }
}

/** Builds an object for `fields`; count fields are left out (the codec fills them). */
export function struct(fields: Field[], o: GenOptions, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.countFor) continue;
    out[f.name] = field(f, o, depth);
  }
  // A discriminated union's tag must match the member chosen.
  for (const f of fields) {
    const d = f.options.discriminator;
    if (d === undefined) continue;
    const u = unalias(f.type);
    const tag = fields.find((x) => x.name === d);
    const te = tag && unalias(tag.type);
    if (u.kind !== 'union' || !te || te.kind !== 'enum') continue;
    const m = u.fields[o.member % u.fields.length];
    if (m.options.case !== undefined) out[d] = te.byName.get(m.options.case);
  }
  return out;
}

export function messageValue(schema: Schema, name: string, o: GenOptions): Record<string, unknown> {
  return struct(schema.messages.get(name)!.fields, o);
}

/** The largest member count of any union a message reaches: how many member variants to try. */
export function unionWidth(t: TypeNode | Field[], seen = new Set<TypeNode>()): number {
  const fields = Array.isArray(t) ? t : t.kind === 'struct' || t.kind === 'union' ? t.fields : [];
  let w = !Array.isArray(t) && t.kind === 'union' ? t.fields.length : 1;
  for (const f of fields) {
    const ft = f.type.kind === 'alias' && f.type.length === undefined ? unalias(f.type) : f.type;
    if (seen.has(ft)) continue;
    seen.add(ft);
    w = Math.max(w, unionWidth(ft, seen));
  }
  return w;
}
