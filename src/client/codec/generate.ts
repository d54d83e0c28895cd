/**
 * Code generation for the hot path. Each message gets a straight-line decoder and
 * encoder (new Function), as fast as hand-written code. They handle the common forms
 * only and give up (throw BAIL) on anything unusual — short input, an enum given by
 * name, a number array for bytes, a non-ASCII fixed string, any invalid value — and the
 * message codec then runs the interpreted nodes of compile.ts, which are the reference:
 * they accept every documented form and raise errors with the full field path. So the
 * generated code never has to produce an error message, only to never succeed where
 * the reference would fail or produce other bytes (test/client/codec/fastpath.test.ts).
 */
import type { EnumType, Field, IntKind, Schema, TypeNode, UnionType } from '../schema/model.js';
import { unalias } from '../schema/model.js';
import { compileField } from './compile.js';
import { cstr } from './scalars.js';

/** Thrown by generated code to hand over to the reference path. */
export const BAIL: unique symbol = Symbol('bail');

export type FastDecode = (b: Buffer, p: number, e: number) => Record<string, unknown>;
/** Returns the end offset. */
export type FastEncode = (b: Buffer, p: number, v: unknown) => number;

const READ: Record<string, (b: string) => string> = {
  u8: (b) => `${b}[p]`, i8: (b) => `${b}.readInt8(p)`, u16: (b) => `${b}.readUInt16BE(p)`, i16: (b) => `${b}.readInt16BE(p)`,
  u32: (b) => `${b}.readUInt32BE(p)`, i32: (b) => `${b}.readInt32BE(p)`, u64: (b) => `${b}.readBigUInt64BE(p)`,
  i64: (b) => `${b}.readBigInt64BE(p)`, f64: (b) => `${b}.readDoubleLE(p)`, bool: (b) => `${b}[p] !== 0`,
};
const SIZE: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f64: 8, bool: 1 };
/** A check that is true when number `x` fits the kind. */
const FITS: Record<string, (x: string) => string> = {
  u8: (x) => `(${x} & 255) === ${x}`, u16: (x) => `(${x} & 65535) === ${x}`, u32: (x) => `(${x} >>> 0) === ${x}`,
  i8: (x) => `(${x} << 24 >> 24) === ${x}`, i16: (x) => `(${x} << 16 >> 16) === ${x}`, i32: (x) => `(${x} | 0) === ${x}`,
};
const WRITE: Record<string, (x: string) => string> = {
  u8: (x) => `b[p] = ${x}`, i8: (x) => `b.writeInt8(${x}, p)`, u16: (x) => `b.writeUInt16BE(${x}, p)`, i16: (x) => `b.writeInt16BE(${x}, p)`,
  u32: (x) => `b.writeUInt32BE(${x}, p)`, i32: (x) => `b.writeInt32BE(${x}, p)`,
};

class Gen {
  private n = 0;
  readonly lines: string[] = [];
  readonly consts: unknown[] = [];
  constructor(readonly schema: Schema) {}
  v(prefix = 'v'): string {
    return `${prefix}${this.n++}`;
  }
  k(value: unknown): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }
  emit(line: string): void {
    this.lines.push(line);
  }
  fixedOf(f: Field): number {
    return compileField(this.schema, f).fixed;
  }
  minOf(f: Field): number {
    return compileField(this.schema, f).min;
  }
}

const isU8Base = (t: TypeNode): boolean => t.kind === 'base' && t.name === 'u8';
const key = (name: string): string => JSON.stringify(name);

// ---------------------------------------------------------------- decoding

/** Emits code reading one element of type `t`; returns the variable holding it. `guarded`: bounds already checked. */
function readType(g: Gen, t: TypeNode, guarded: boolean): string {
  const x = g.v();
  switch (t.kind) {
    case 'base':
    case 'enum': {
      const kind = t.kind === 'base' ? t.name : t.base;
      if (!guarded) g.emit(`if (p + ${SIZE[kind]} > e) throw BAIL;`);
      g.emit(`const ${x} = ${READ[kind]('b')}; p += ${SIZE[kind]};`);
      return x;
    }
    case 'string':
      return readVlaString(g);
    case 'alias':
      if (t.length === undefined) return readType(g, t.target, guarded);
      if (isU8Base(unalias(t.target))) return readBytes(g, String(t.length), guarded);
      return readFixedArray(g, t.target, t.length, guarded);
    case 'struct':
      return readStruct(g, t.fields, guarded);
    case 'union':
      return readUnion(g, t, undefined, guarded);
  }
}

/** V8 keeps typed arrays up to this many bytes on its heap; larger ones get a backing store each. */
export const ON_HEAP = 64;

/**
 * A copy of `n` bytes of `b` from `p`, never a view of it. Short ones (MACs, addresses)
 * byte by byte into Buffer.alloc: 3-4 times faster than Buffer.from(b.subarray(…)).
 */
function copyOut(b: Buffer, p: number, n: number): Buffer {
  if (n > ON_HEAP) return Buffer.from(b.subarray(p, p + n));
  const x = Buffer.alloc(n);
  for (let i = 0; i < n; i++) x[i] = b[p + i]!;
  return x;
}

function readBytes(g: Gen, n: string, guarded: boolean): string {
  const x = g.v();
  if (!guarded) g.emit(`if (p + ${n} > e) throw BAIL;`);
  g.emit(`const ${x} = H.copyOut(b, p, ${n}); p += ${n};`);
  return x;
}

function readVlaString(g: Gen): string {
  const x = g.v();
  const l = g.v('l');
  g.emit(`if (p + 4 > e) throw BAIL; const ${l} = b.readUInt32BE(p); if (p + 4 + ${l} > e) throw BAIL;`);
  g.emit(`const ${x} = b.toString('utf8', p + 4, p + 4 + ${l}); p += 4 + ${l};`);
  return x;
}

function readFixedArray(g: Gen, el: TypeNode, n: number, guarded: boolean): string {
  const x = g.v('a');
  const i = g.v('i');
  g.emit(`const ${x} = new Array(${n}); for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
  const y = readType(g, el, guarded);
  g.emit(`${x}[${i}] = ${y}; }`);
  return x;
}

function readUnion(g: Gen, u: UnionType, select: { tagVar: string; cases: Map<number, string> } | undefined, guarded: boolean): string {
  const fields = u.fields;
  const size = Math.max(0, ...fields.map((f) => g.fixedOf(f)));
  const x = g.v('u');
  const s = g.v('s');
  if (!guarded) g.emit(`if (p + ${size} > e) throw BAIL;`);
  g.emit(`const ${s} = p; let ${x};`);
  const all = (): void => {
    const vars = fields.map((f) => {
      g.emit(`p = ${s};`);
      return readField(g, f, new Map(), true);
    });
    g.emit(`${x} = {${fields.map((f, j) => `${key(f.name)}: ${vars[j]}`).join(', ')}};`);
  };
  if (select && select.cases.size) {
    let first = true;
    for (const [val, member] of select.cases) {
      const f = fields.find((m) => m.name === member)!;
      g.emit(`${first ? '' : 'else '}if (${select.tagVar} === ${val}) {`);
      const y = readField(g, f, new Map(), true);
      g.emit(`${x} = {${key(f.name)}: ${y}}; }`);
      first = false;
    }
    g.emit('else {');
    all();
    g.emit('}');
  } else {
    all();
  }
  g.emit(`p = ${s} + ${size};`);
  return x;
}

function readField(g: Gen, f: Field, siblings: Map<string, string>, guarded: boolean): string {
  const s = f.shape;
  if (f.type.kind === 'string') {
    if (s.kind === 'fixed') {
      const x = g.v();
      if (!guarded) g.emit(`if (p + ${s.length} > e) throw BAIL;`);
      g.emit(`const ${x} = H.cstr(b, p, ${s.length}); p += ${s.length};`);
      return x;
    }
    return readVlaString(g);
  }
  const bytes = isU8Base(f.type);
  switch (s.kind) {
    case 'scalar': {
      const d = f.options.discriminator;
      const t = unalias(f.type);
      if (d !== undefined && t.kind === 'union') {
        return readUnion(g, t, { tagVar: siblings.get(d)!, cases: caseMap(f, siblings) }, guarded);
      }
      return readType(g, f.type, guarded);
    }
    case 'vla-string':
      return readVlaString(g);
    case 'fixed':
      return bytes ? readBytes(g, String(s.length), guarded) : readFixedArray(g, f.type, s.length, guarded);
    case 'counted': {
      const c = g.v('c');
      const cv = siblings.get(s.countField)!;
      g.emit(`const ${c} = typeof ${cv} === 'bigint' ? Number(${cv}) : ${cv};`);
      if (bytes) return readBytes(g, c, false);
      const el = compileElemFixed(g, f);
      const x = g.v('a');
      const i = g.v('i');
      if (el >= 0) g.emit(`if (p + ${c} * ${el} > e) throw BAIL;`);
      else g.emit(`if (${c} * ${g.minOf({ ...f, shape: { kind: 'scalar' } })} > e - p) throw BAIL;`);
      g.emit(`const ${x} = new Array(${c}); for (let ${i} = 0; ${i} < ${c}; ${i}++) {`);
      const y = readType(g, f.type, el >= 0);
      g.emit(`${x}[${i}] = ${y}; }`);
      return x;
    }
    case 'rest': {
      const el = compileElemFixed(g, f);
      if (bytes) return readBytes(g, '(e - p)', true);
      const x = g.v('a');
      if (el > 0) {
        const i = g.v('i');
        const c = g.v('c');
        g.emit(`const ${c} = Math.floor((e - p) / ${el}); const ${x} = new Array(${c}); for (let ${i} = 0; ${i} < ${c}; ${i}++) {`);
        const y = readType(g, f.type, true);
        g.emit(`${x}[${i}] = ${y}; }`);
      } else {
        g.emit(`const ${x} = []; while (p < e) {`);
        const y = readType(g, f.type, false);
        g.emit(`${x}.push(${y}); }`);
      }
      return x;
    }
  }
}

function compileElemFixed(g: Gen, f: Field): number {
  return g.fixedOf({ ...f, shape: { kind: 'scalar' }, options: {} });
}

function caseMap(f: Field, _siblings: Map<string, string>): Map<number, string> {
  return (f as Field & { _cases?: Map<number, string> })._cases ?? new Map();
}

/** Reads a struct's fields into one object literal; `omit`: fields read (checked) but left out of it. */
function readStruct(g: Gen, fields: Field[], guarded: boolean, omit?: ReadonlySet<string>): string {
  const withCases = attachCases(fields);
  const total = withCases.reduce((a, f) => (a < 0 || g.fixedOf(f) < 0 || f.shape.kind === 'counted' ? -1 : a + g.fixedOf(f)), 0);
  if (!guarded && total >= 0) {
    g.emit(`if (p + ${total} > e) throw BAIL;`);
    guarded = true;
  }
  const siblings = new Map<string, string>();
  for (const f of withCases) {
    const fx = g.fixedOf(f);
    let gd = guarded;
    if (!gd && fx >= 0 && f.shape.kind !== 'counted') {
      g.emit(`if (p + ${fx} > e) throw BAIL;`);
      gd = true;
    }
    siblings.set(f.name, readField(g, f, siblings, gd));
  }
  const x = g.v('o');
  const kept = omit ? withCases.filter((f) => !omit.has(f.name)) : withCases;
  g.emit(`const ${x} = {${kept.map((f) => `${key(f.name)}: ${siblings.get(f.name)}`).join(', ')}};`);
  return x;
}

/** Union fields with a discriminator get their tag value → member map (from the tag's enum). */
function attachCases(fields: Field[]): Field[] {
  return fields.map((f) => {
    const d = f.options.discriminator;
    if (d === undefined) return f;
    const tag = fields.find((x) => x.name === d)!;
    const te = unalias(tag.type) as EnumType;
    const u = unalias(f.type) as UnionType;
    const m = new Map<number, string>();
    for (const mem of u.fields) {
      const v = mem.options.case === undefined ? undefined : te.byName.get(mem.options.case);
      if (v !== undefined && !m.has(v)) m.set(v, mem.name);
    }
    return Object.assign(Object.create(null), f, { _cases: m }) as Field;
  });
}

/**
 * A decoder for a message body (fields after the id) or undefined if generation fails.
 * Fields named in `omit` are read and checked as the others, but left out of the result.
 */
export function generateDecoder(schema: Schema, fields: Field[], omit?: ReadonlySet<string>): FastDecode | undefined {
  const g = new Gen(schema);
  try {
    const o = readStruct(g, fields, false, omit);
    g.emit(`return ${o};`);
    const body = `return function decode(b, p, e) {\n${g.lines.join('\n')}\n};`;
    return new Function('BAIL', 'H', 'K', 'Buffer', body)(BAIL, { cstr, copyOut }, g.consts, Buffer) as FastDecode;
  } catch {
    return undefined;
  }
}

export { Gen, attachCases, isU8Base, key, FITS, WRITE, SIZE };
export type { IntKind };
