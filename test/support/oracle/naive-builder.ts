/**
 * A deliberately naive payload builder, written from docs/protocol.md §5 alone, used as the
 * independent oracle for the codec's bytes. It imports nothing from src/: it reads the raw
 * `*.api.json` shapes, looks every type up by name each time it meets it, recurses, and
 * glues pieces with Buffer.concat. Slow on purpose; every rule is one obvious line.
 *
 * Value forms are those of src/client/schema/model.ts: numbers, bigint for u64/i64,
 * booleans, strings, Uint8Array for u8 arrays and u8[N] aliases, arrays, objects, and
 * unions as an object holding the chosen member's key.
 *
 * | rule                         | bytes                                              |
 * |------------------------------|----------------------------------------------------|
 * | u8..u64, i8..i64             | big-endian                                         |
 * | f64                          | little-endian (VPP sends host order)               |
 * | bool                         | 1 byte, 0 or 1                                     |
 * | `[t, x, N]`                  | N elements, missing ones are zero bytes            |
 * | `[u8, x, N]`                 | raw bytes, right-padded with zeros                 |
 * | `[string, x, N]`             | UTF-8, at most N-1 bytes, NUL-padded to N          |
 * | `[string, x, 0]`             | u32 BE byte length, then the bytes                 |
 * | `[t, x, 0, n]`               | the elements; `n` (earlier) holds their count      |
 * | `[t, x, 0]`                  | legacy: the elements, no count anywhere            |
 * | enum / enumflags             | integer of `enumtype`, u32 when absent             |
 * | union                        | chosen member, zero-padded to the largest member   |
 */

/** The parts of a parsed `*.api.json` this builder reads (a RawModule fits). */
export interface JsonModule {
  types?: readonly unknown[];
  messages?: readonly unknown[];
  unions?: readonly unknown[];
  enums?: readonly unknown[];
  enumflags?: readonly unknown[];
  aliases?: Readonly<Record<string, { type: string; length?: number }>>;
}

type Value = unknown;
type Obj = Record<string, unknown>;

interface FieldSpec {
  type: string;
  name: string;
  /** Present for arrays and strings: N, or 0 for variable/rest. */
  length?: number;
  countField?: string;
  options: Obj;
}

type Def =
  | { kind: 'struct'; fields: FieldSpec[] }
  | { kind: 'union'; fields: FieldSpec[] }
  | { kind: 'enum'; base: string; values: Array<[string, number]> }
  | { kind: 'alias'; type: string; length?: number };

const INT_SIZE: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };
const BASES = new Set([...Object.keys(INT_SIZE), 'f64', 'bool']);

/**
 * Builds a message payload: u16 id, then every field after `_vl_msg_id` in order.
 * @throws Error when the message or a referenced type is unknown, or a value does not fit
 *   (string too long, array too long, count field disagreeing with its array, int out of range).
 */
export function buildPayload(modules: readonly JsonModule[], message: string, id: number, value: Obj): Buffer {
  const raw = findNamed(modules, 'messages', message);
  if (!raw) throw new Error(`oracle: no message ${message}`);
  return encodeStruct(modules, parseFields(raw), { ...value, _vl_msg_id: id });
}

function parseFields(raw: readonly unknown[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const item of raw.slice(1)) {
    if (!Array.isArray(item)) continue; // the trailing {crc, options, comment}
    const [type, name, ...rest] = item as [string, string, ...unknown[]];
    const spec: FieldSpec = { type, name, options: {} };
    for (const r of rest) {
      if (typeof r === 'number') spec.length = r;
      else if (typeof r === 'string') spec.countField = r;
      else if (r && typeof r === 'object') spec.options = r as Obj;
    }
    out.push(spec);
  }
  return out;
}

function findNamed(modules: readonly JsonModule[], section: keyof JsonModule, name: string): unknown[] | undefined {
  for (const m of modules) {
    const list = m[section];
    if (!Array.isArray(list)) continue;
    for (const d of list) if (Array.isArray(d) && d[0] === name) return d;
  }
  return undefined;
}

/** `vl_api_foo_t` → `foo`. */
function bareName(type: string): string {
  return type.startsWith('vl_api_') && type.endsWith('_t') ? type.slice(7, -2) : type;
}

function lookup(modules: readonly JsonModule[], type: string): Def {
  const name = bareName(type);
  const struct = findNamed(modules, 'types', name);
  if (struct) return { kind: 'struct', fields: parseFields(struct) };
  const union = findNamed(modules, 'unions', name);
  if (union) return { kind: 'union', fields: parseFields(union) };
  const en = findNamed(modules, 'enums', name) ?? findNamed(modules, 'enumflags', name);
  if (en) {
    const values = en.slice(1).filter((x): x is [string, number] => Array.isArray(x));
    const meta = en.slice(1).find((x) => !Array.isArray(x)) as { enumtype?: string } | undefined;
    return { kind: 'enum', base: meta?.enumtype ?? 'u32', values };
  }
  for (const m of modules) {
    const a = m.aliases?.[name];
    if (a) return { kind: 'alias', type: a.type, length: a.length };
  }
  throw new Error(`oracle: unknown type ${type}`);
}

function encodeBase(type: string, v: Value): Buffer {
  if (type === 'bool') return Buffer.from([v ? 1 : 0]);
  if (type === 'f64') {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(Number(v ?? 0));
    return b;
  }
  const b = Buffer.alloc(INT_SIZE[type]!);
  // Buffer's writers truncate fractions silently; an oracle must not.
  if (typeof v === 'number' && !Number.isInteger(v)) throw new Error(`oracle: ${v} is not an integer`);
  if (type === 'u64') b.writeBigUInt64BE(BigInt((v ?? 0) as number | bigint));
  else if (type === 'i64') b.writeBigInt64BE(BigInt((v ?? 0) as number | bigint));
  else if (type === 'u8') b.writeUInt8(Number(v ?? 0));
  else if (type === 'i8') b.writeInt8(Number(v ?? 0));
  else if (type === 'u16') b.writeUInt16BE(Number(v ?? 0));
  else if (type === 'i16') b.writeInt16BE(Number(v ?? 0));
  else if (type === 'u32') b.writeUInt32BE(Number(v ?? 0));
  else if (type === 'i32') b.writeInt32BE(Number(v ?? 0));
  else throw new Error(`oracle: not a base type ${type}`);
  return b;
}

/** One value of `type` (no array-ness); `undefined` encodes as zero (struct fields: default or zero). */
function encodeType(modules: readonly JsonModule[], type: string, v: Value): Buffer {
  if (BASES.has(type)) return encodeBase(type, v);
  if (type === 'string') throw new Error('oracle: a string field needs a length');
  const def = lookup(modules, type);
  if (def.kind === 'struct') return encodeStruct(modules, def.fields, (v ?? {}) as Obj);
  if (def.kind === 'union') return encodeUnion(modules, def.fields, (v ?? {}) as Obj, undefined);
  if (def.kind === 'enum') return encodeBase(def.base, v ?? 0);
  if (def.length !== undefined) return encodeFixedArray(modules, def.type, def.length, v, true);
  return encodeType(modules, def.type, v);
}

/** The size of one `type` value is the size of its zero encoding (no variable parts in fixed types). */
function zeroBytes(modules: readonly JsonModule[], type: string): Buffer {
  return Buffer.alloc(encodeType(modules, type, undefined).length);
}

/**
 * A fixed array given must have exactly n elements (omitted: zeros). Only a raw `u8 x[N]`
 * field may be shorter (right-padded); `exact` marks aliases such as ip4_address.
 */
function encodeFixedArray(modules: readonly JsonModule[], type: string, n: number, v: Value, exact = false): Buffer {
  if (type === 'u8') {
    const bytes = Buffer.from((v ?? []) as Uint8Array);
    if (bytes.length > n || (exact && v !== undefined && bytes.length !== n)) throw new Error(`oracle: ${bytes.length} bytes for u8[${n}]`);
    return Buffer.concat([bytes, Buffer.alloc(n - bytes.length)]);
  }
  const items = (v ?? []) as Value[];
  if (v !== undefined && items.length !== n) throw new Error(`oracle: ${items.length} items for [${n}]`);
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(i < items.length ? encodeType(modules, type, items[i]) : zeroBytes(modules, type));
  }
  return Buffer.concat(parts);
}

/** Counted and legacy rest arrays: just the elements. */
function encodeVarArray(modules: readonly JsonModule[], type: string, v: Value): Buffer {
  if (type === 'u8') return Buffer.from((v ?? []) as Uint8Array);
  return Buffer.concat(((v ?? []) as Value[]).map((item) => encodeType(modules, type, item)));
}

function encodeString(length: number, v: Value): Buffer {
  const text = Buffer.from((v ?? '') as string, 'utf8');
  if (length === 0) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(text.length);
    return Buffer.concat([len, text]);
  }
  if (text.length > length - 1) throw new Error(`oracle: ${text.length} bytes for string[${length}]`);
  return Buffer.concat([text, Buffer.alloc(length - text.length)]);
}

/** `default` as written in the JSON, turned into a value: "true"/"false" strings, enum names. */
function defaultValue(modules: readonly JsonModule[], f: FieldSpec): Value {
  const d = f.options['default'];
  if (d === undefined) return undefined;
  if (f.type === 'bool') return d === 'true' || d === true || (typeof d === 'number' && d !== 0);
  if (typeof d === 'string' && !BASES.has(f.type) && f.type !== 'string') {
    const def = lookup(modules, f.type);
    if (def.kind === 'enum') return def.values.find(([n]) => n === d)?.[1];
  }
  return d;
}

function encodeStruct(modules: readonly JsonModule[], fields: FieldSpec[], value: Obj): Buffer {
  // Fill defaults for missing scalars, then write each count field from its array's length.
  const v: Obj = { ...value };
  for (const f of fields) {
    if (v[f.name] === undefined && f.length === undefined) v[f.name] = defaultValue(modules, f);
  }
  for (const f of fields) {
    if (f.countField === undefined) continue;
    const n = ((v[f.name] ?? []) as ArrayLike<unknown>).length;
    const given = value[f.countField];
    if (given !== undefined && Number(given) !== n) {
      throw new Error(`oracle: ${f.countField}=${String(given)} but ${f.name} has ${n}`);
    }
    v[f.countField] = n;
  }
  const parts: Buffer[] = [];
  for (const f of fields) {
    const x = v[f.name];
    if (f.type === 'string') parts.push(encodeString(f.length ?? 0, x));
    else if (f.length !== undefined && f.length > 0) parts.push(encodeFixedArray(modules, f.type, f.length, x));
    else if (f.length === 0) parts.push(encodeVarArray(modules, f.type, x));
    else if (typeof f.options['discriminator'] === 'string') {
      parts.push(encodeUnion(modules, unionFields(modules, f.type), (x ?? {}) as Obj, caseOf(modules, fields, v, f)));
    } else parts.push(encodeType(modules, f.type, x));
  }
  return Buffer.concat(parts);
}

function unionFields(modules: readonly JsonModule[], type: string): FieldSpec[] {
  const def = lookup(modules, type);
  if (def.kind !== 'union') throw new Error(`oracle: discriminator on non-union ${type}`);
  return def.fields;
}

/** The enum name held by the discriminating sibling, e.g. `af` = 1 → "ADDRESS_IP6". */
function caseOf(modules: readonly JsonModule[], fields: FieldSpec[], v: Obj, f: FieldSpec): string {
  const tagName = f.options['discriminator'] as string;
  const tagField = fields.find((x) => x.name === tagName);
  if (!tagField) throw new Error(`oracle: no discriminator field ${tagName}`);
  const def = lookup(modules, tagField.type);
  if (def.kind !== 'enum') throw new Error(`oracle: discriminator ${tagName} is not an enum`);
  const tag = Number(v[tagName] ?? 0);
  const hit = def.values.find(([, n]) => n === tag);
  if (!hit) throw new Error(`oracle: ${tagName}=${tag} names no case`);
  return hit[0];
}

/**
 * With `caseName`, the member whose `case` is that name; without, the first member (in
 * definition order) present in `value`. The union is as wide as its widest member.
 */
function encodeUnion(modules: readonly JsonModule[], members: FieldSpec[], value: Obj, caseName: string | undefined): Buffer {
  const encodeMember = (m: FieldSpec, x: Value): Buffer =>
    m.length !== undefined && m.length > 0 ? encodeFixedArray(modules, m.type, m.length, x) : encodeType(modules, m.type, x);
  const size = Math.max(...members.map((m) => encodeMember(m, undefined).length));
  const chosen =
    caseName !== undefined
      ? members.find((m) => m.options['case'] === caseName)
      : members.find((m) => value[m.name] !== undefined);
  if (caseName !== undefined && !chosen) throw new Error(`oracle: no union member for case ${caseName}`);
  const body = chosen ? encodeMember(chosen, value[chosen.name]) : Buffer.alloc(0);
  return Buffer.concat([body, Buffer.alloc(size - body.length)]);
}
