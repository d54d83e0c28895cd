/**
 * Generated encoders (see generate.ts for the contract): common forms only, BAIL on
 * anything else, so that the reference path decides and reports.
 */
import type { EnumType, Field, Schema, TypeNode, UnionType } from '../schema/model.js';
import { unalias } from '../schema/model.js';
import { BAIL, FITS, Gen, SIZE, WRITE, attachCases, isU8Base, key, type FastEncode } from './generate.js';

const U64_MAX = 0xffffffffffffffffn;
const I64_MIN = -0x8000000000000000n;
const I64_MAX = 0x7fffffffffffffffn;

/** Emits code writing value `x` (may be undefined: zero) of type `t`. */
function writeType(g: Gen, t: TypeNode, x: string): void {
  switch (t.kind) {
    case 'base':
    case 'enum': {
      const kind = t.kind === 'base' ? t.name : t.base;
      const sz = SIZE[kind];
      if (kind === 'bool') g.emit(`if (${x} === true) b[p] = 1; else if (${x} !== false && ${x} !== undefined) throw BAIL;`);
      else if (kind === 'f64') g.emit(`if (${x} !== undefined) { if (typeof ${x} !== 'number') throw BAIL; b.writeDoubleLE(${x}, p); }`);
      else if (kind === 'u64') g.emit(`if (${x} !== undefined) { if (typeof ${x} !== 'bigint' || ${x} < 0n || ${x} > ${U64_MAX}n) throw BAIL; b.writeBigUInt64BE(${x}, p); }`);
      else if (kind === 'i64') g.emit(`if (${x} !== undefined) { if (typeof ${x} !== 'bigint' || ${x} < ${I64_MIN}n || ${x} > ${I64_MAX}n) throw BAIL; b.writeBigInt64BE(${x}, p); }`);
      else g.emit(`if (${x} !== undefined) { if (typeof ${x} !== 'number' || !(${FITS[kind](x)})) throw BAIL; ${WRITE[kind](x)}; }`);
      g.emit(`p += ${sz};`);
      return;
    }
    case 'string':
      return writeVlaString(g, x, undefined);
    case 'alias':
      if (t.length === undefined) return writeType(g, t.target, x);
      if (isU8Base(unalias(t.target))) return writeBytes(g, x, t.length, true);
      return writeFixedArray(g, t.target, t.length, x);
    case 'struct':
      return writeStruct(g, t.fields, x, false);
    case 'union':
      return writeUnion(g, t, x, undefined);
  }
}

function writeBytes(g: Gen, x: string, n: number, exact: boolean): void {
  g.emit(`if (${x} !== undefined) { if (!(${x} instanceof Uint8Array) || ${x}.length ${exact ? '!==' : '>'} ${n}) throw BAIL; b.set(${x}, p); } p += ${n};`);
}

function writeVlaString(g: Gen, x: string, limit: number | undefined): void {
  const n = g.v('n');
  g.emit(`if (${x} === undefined || ${x} === '') p += 4; else { if (typeof ${x} !== 'string') throw BAIL;`);
  g.emit(`const ${n} = b.write(${x}, p + 4, 'utf8');${limit === undefined ? '' : ` if (${n} > ${limit}) throw BAIL;`} b.writeUInt32BE(${n}, p); p += 4 + ${n}; }`);
}

function writeFixedString(g: Gen, x: string, size: number, limit: number | undefined): void {
  const max = Math.min(size - 1, limit ?? Infinity);
  const n = g.v('n');
  g.emit(`if (${x} !== undefined && ${x} !== '') { if (typeof ${x} !== 'string') throw BAIL; const ${n} = Buffer.byteLength(${x});`);
  g.emit(`if (${n} > ${max} || ${x}.indexOf('\\0') !== -1) throw BAIL; b.write(${x}, p, ${n}, 'utf8'); } p += ${size};`);
}

function writeFixedArray(g: Gen, el: TypeNode, n: number, x: string): void {
  const i = g.v('i');
  const y = g.v('y');
  g.emit(`if (${x} !== undefined && (!Array.isArray(${x}) || ${x}.length !== ${n})) throw BAIL;`);
  g.emit(`for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${y} = ${x} === undefined ? undefined : ${x}[${i}];`);
  writeType(g, el, y);
  g.emit('}');
}

/** The one member given (count must be 1), or BAIL; `m` gets its index, -1 when the union is not given. */
function pickMember(g: Gen, u: UnionType, x: string): string {
  const m = g.v('m');
  const names = g.k(Object.assign(Object.create(null), Object.fromEntries(u.fields.map((f) => [f.name, true]))));
  g.emit(`let ${m} = -1; if (${x} !== undefined) { if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x}) || ${x} instanceof Uint8Array) throw BAIL;`);
  g.emit(`for (const k in ${x}) if (${names}[k] !== true) throw BAIL;`);
  u.fields.forEach((f, j) => g.emit(`if (${x}[${key(f.name)}] !== undefined) { if (${m} !== -1) throw BAIL; ${m} = ${j}; }`));
  g.emit(`if (${m} === -1) throw BAIL; }`);
  return m;
}

function writeUnion(g: Gen, u: UnionType, x: string, member: string | undefined): void {
  const size = Math.max(0, ...u.fields.map((f) => g.fixedOf(f)));
  const m = member ?? pickMember(g, u, x);
  const s = g.v('s');
  g.emit(`const ${s} = p;`);
  u.fields.forEach((f, j) => {
    g.emit(`${j ? 'else ' : ''}if (${m} === ${j}) {`);
    writeField(g, f, `${x}[${key(f.name)}]`, new Map());
    g.emit('}');
  });
  g.emit(`p = ${s} + ${size};`);
}

function writeField(g: Gen, f: Field, expr: string, lens: Map<string, string>): void {
  const x = g.v('x');
  g.emit(`const ${x} = ${expr};`);
  const s = f.shape;
  const limit = f.options.limit;
  if (f.type.kind === 'string') {
    if (s.kind === 'fixed') return writeFixedString(g, x, s.length, limit);
    return writeVlaString(g, x, limit);
  }
  const bytes = isU8Base(f.type);
  switch (s.kind) {
    case 'scalar':
      return writeType(g, f.type, x);
    case 'vla-string':
      return writeVlaString(g, x, limit);
    case 'fixed':
      if (bytes) return writeBytes(g, x, s.length, false);
      return writeFixedArray(g, f.type, s.length, x);
    case 'counted':
    case 'rest': {
      if (bytes) {
        g.emit(`if (${x} !== undefined) { if (!(${x} instanceof Uint8Array)${limit === undefined ? '' : ` || ${x}.length > ${limit}`}) throw BAIL; b.set(${x}, p); p += ${x}.length; }`);
        return;
      }
      const i = g.v('i');
      g.emit(`if (${x} !== undefined) { if (!Array.isArray(${x})${limit === undefined ? '' : ` || ${x}.length > ${limit}`}) throw BAIL;`);
      g.emit(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`);
      const y = g.v('y');
      g.emit(`const ${y} = ${x}[${i}]; if (${y} === undefined) throw BAIL;`);
      writeType(g, f.type, y);
      g.emit('} }');
      void lens;
      return;
    }
  }
}

/**
 * A struct: unknown keys BAIL; null/undefined fields take the default; count fields are
 * written from their arrays' lengths; discriminator tags from the member given.
 */
function writeStruct(g: Gen, rawFields: Field[], x: string, topLevel: boolean): void {
  const fields = attachCases(rawFields);
  const o = g.v('o');
  const known = g.k(Object.assign(Object.create(null), Object.fromEntries(fields.map((f) => [f.name, true]))));
  g.emit(`let ${o} = ${x}; if (${o} === undefined || ${o} === null) ${o} = EMPTY;`);
  g.emit(`else if (typeof ${o} !== 'object' || Array.isArray(${o}) || ${o} instanceof Uint8Array) throw BAIL;`);
  // Top level: `_msgname`-style keys are allowed, so look at each key. Nested: counting is
  // cheaper than for-in: own keys == fields present means no unknown key (else BAIL).
  if (topLevel) g.emit(`for (const k in ${o}) if (${known}[k] !== true && k.charCodeAt(0) !== 95) throw BAIL;`);
  const cnt = g.v('cnt');
  if (!topLevel) g.emit(`let ${cnt} = 0;`);

  // Field values (null → default), computed up front so counts and tags can be derived.
  const vals = new Map<string, string>();
  for (const f of fields) {
    const v = g.v('f');
    const def = f.options.default === undefined ? 'undefined' : g.k(f.options.default);
    g.emit(`let ${v} = ${o}[${key(f.name)}];${topLevel ? '' : ` if (${v} !== undefined) ${cnt}++;`} if (${v} === undefined || ${v} === null) ${v} = ${def};`);
    vals.set(f.name, v);
  }
  if (!topLevel) {
    // for-in sees inherited enumerable keys too, as the reference's check does.
    const k = g.v('k');
    g.emit(`if (${o} !== EMPTY) { let ${k} = 0; for (const _ in ${o}) ${k}++; if (${k} !== ${cnt}) throw BAIL; }`);
  }
  // Count fields: every array they count must agree; a given count must equal the length.
  for (const f of fields) {
    if (!f.countFor) continue;
    const v = vals.get(f.name)!;
    const lens = f.countFor.map((a) => {
      const av = vals.get(a)!;
      const l = g.v('len');
      g.emit(`const ${l} = ${av} === undefined ? 0 : (Array.isArray(${av}) || ${av} instanceof Uint8Array) ? ${av}.length : -1; if (${l} < 0) throw BAIL;`);
      return l;
    });
    for (const l of lens.slice(1)) g.emit(`if (${l} !== ${lens[0]}) throw BAIL;`);
    g.emit(`if (${v} !== undefined && Number(${v}) !== ${lens[0]}) throw BAIL; ${v} = ${lens[0]};`);
  }
  // Discriminated unions: the member given decides the tag; a given tag must agree.
  const members = new Map<string, string>();
  for (const f of fields) {
    const d = f.options.discriminator;
    const u = unalias(f.type);
    if (d === undefined || u.kind !== 'union') continue;
    const cases = (f as Field & { _cases: Map<number, string> })._cases;
    const te = unalias(fields.find((t) => t.name === d)!.type) as EnumType;
    const uv = vals.get(f.name)!;
    const tv = vals.get(d)!;
    const m = pickMember(g, u, uv);
    members.set(f.name, m);
    const caseVals = u.fields.map((mf) => (mf.options.case === undefined ? undefined : te.byName.get(mf.options.case)));
    g.emit(`if (${tv} !== undefined && typeof ${tv} !== 'number') throw BAIL;`);
    caseVals.forEach((cv, j) => {
      if (cv === undefined) return;
      g.emit(`if (${m} === ${j}) { if (${tv} !== undefined && ${tv} !== ${cv}) throw BAIL; ${tv} = ${cv}; }`);
    });
    void cases;
  }
  for (const f of fields) {
    const v = vals.get(f.name)!;
    const m = members.get(f.name);
    if (m !== undefined) writeUnion(g, unalias(f.type) as UnionType, v, m);
    else writeField(g, f, v, new Map());
  }
}

/** An encoder for a message body (after the id), or undefined if generation fails. */
export function generateEncoder(schema: Schema, fields: Field[]): FastEncode | undefined {
  const g = new Gen(schema);
  try {
    writeStruct(g, fields, 'v', true);
    g.emit('return p;');
    const body = `const EMPTY = Object.freeze({});\nreturn function encode(b, p, v) {\n${g.lines.join('\n')}\n};`;
    return new Function('BAIL', 'K', 'Buffer', body)(BAIL, g.consts, Buffer) as FastEncode;
  } catch {
    return undefined;
  }
}
