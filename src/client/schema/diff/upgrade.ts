/**
 * `check --against`: will one request a file sends still work with other definitions?
 * Pure comparison over the resolved model; reading the files is the commands layer's.
 *
 * | verdict  | when                                                            | fails |
 * |----------|-----------------------------------------------------------------|-------|
 * | fine     | same name and CRC (or, with no CRC known, every field set fits)  | no    |
 * | changed  | another CRC, and every field the request sets still exists with a compatible type | no |
 * | changed  | another CRC, and a field it sets is gone or no longer fits       | yes   |
 * | changed  | another CRC, and which fields it sets could not be read          | yes   |
 * | missing  | no message of that name (with the likely successor)              | yes   |
 *
 * A field the request never sets does not matter: the encoder fills it with its default.
 */
import type { Field, MessageDef, Schema, TypeNode } from '../model.js';
import { unalias } from '../model.js';
import { fieldTypeText } from './fields.js';
import { messageStatus, successorOf, type VersionIndex } from './rules.js';

/** A request as a file would send it. */
export interface RequestUse {
  name: string;
  /** The CRC the file names or was written against; undefined when nothing says. */
  crc?: string;
  /** The definition the file's values were read with (same CRC), when known. */
  old?: MessageDef;
  /** Paths of the fields it sets (`['route', 'paths', 'sw_if_index']`); undefined: not known. */
  set?: readonly (readonly string[])[];
}

export interface FieldProblem {
  field: string;
  problem: 'removed' | 'retyped' | 'resized';
  old?: string;
  new?: string;
}

export interface Verdict {
  status: 'fine' | 'changed' | 'missing';
  fails: boolean;
  oldCrc?: string;
  newCrc?: string;
  problems: FieldProblem[];
  /** Why it fails when no field is at fault (fields not known). */
  reason?: string;
  /** Missing, or deprecated in the new definitions: the likely replacement. */
  successor?: string;
  /** The new definition is deprecated or in progress. */
  newStatus?: 'deprecated' | 'in_progress';
  /** No CRC was known for the request (a script line with no local definition): fields were checked by name only. */
  crcUnknown?: boolean;
}

/** The field at `path` below `fields` (array indexes are not in paths; union members are fields). */
function walk(fields: readonly Field[], path: readonly string[]): Field | undefined {
  let list = fields;
  let f: Field | undefined;
  for (const seg of path) {
    f = list.find((x) => x.name === seg);
    if (!f) return undefined;
    const t = unalias(f.type);
    list = t.kind === 'struct' || t.kind === 'union' ? t.fields : [];
  }
  return f;
}

const INT_RANGE: Record<string, [number, number]> = {
  u8: [0, 2 ** 8 - 1], u16: [0, 2 ** 16 - 1], u32: [0, 2 ** 32 - 1], u64: [0, 2 ** 64 - 1],
  i8: [-(2 ** 7), 2 ** 7 - 1], i16: [-(2 ** 15), 2 ** 15 - 1], i32: [-(2 ** 31), 2 ** 31 - 1], i64: [-(2 ** 63), 2 ** 63 - 1],
};

/** A canonical text of everything that decides a type's wire form, memoised per node. */
function signature(t: TypeNode, memo: WeakMap<TypeNode, string>): string {
  const hit = memo.get(t);
  if (hit !== undefined) return hit;
  memo.set(t, `@${t.name}`); // a (malformed) cycle ends here
  let s: string;
  switch (t.kind) {
    case 'base': s = t.name; break;
    case 'string': s = 'string'; break;
    case 'enum': s = `${t.flags ? 'flags' : 'enum'}:${t.base}{${t.values.map((v) => `${v.name}=${v.value}`).join(',')}}`; break;
    case 'alias': s = `${signature(t.target, memo)}${t.length !== undefined ? `[${t.length}]` : ''}`; break;
    default: s = `${t.kind}{${t.fields.map((f) => `${f.name}:${signature(f.type, memo)}${shapeText(f)}`).join(';')}}`;
  }
  memo.set(t, s);
  return s;
}

function shapeText(f: Field): string {
  const s = f.shape;
  return s.kind === 'scalar' ? '' : s.kind === 'fixed' ? `[${s.length}]` : s.kind === 'counted' ? `[${s.countField}]` : '[]';
}

/** How many elements (or string bytes) a field can hold: Infinity for counted, rest and vla strings. */
function capacity(f: Field): number {
  const s = f.shape;
  return s.kind === 'scalar' ? 1 : s.kind === 'fixed' ? s.length : Infinity;
}

/**
 * Whether a value written for field `a` still fits field `b`: the same wire form, a
 * wider integer, a longer string or array of the same elements, or an enum of the same
 * name on a wire type at least as wide. A struct or union given whole must be the same.
 */
function fits(a: Field, b: Field, memo: WeakMap<TypeNode, string>): FieldProblem['problem'] | undefined {
  const ta = unalias(a.type);
  const tb = unalias(b.type);
  const sameElements = signature(ta, memo) === signature(tb, memo);
  const arrayA = a.shape.kind !== 'scalar';
  const arrayB = b.shape.kind !== 'scalar';
  if (arrayA !== arrayB) return 'retyped';
  if (arrayA && capacity(b) < capacity(a)) return 'resized';
  if (sameElements) return undefined;
  if (ta.kind === 'base' && tb.kind === 'base') {
    const [ra, rb] = [INT_RANGE[ta.name], INT_RANGE[tb.name]];
    if (ra && rb && rb[0] <= ra[0] && rb[1] >= ra[1]) return undefined;
    return 'retyped';
  }
  if (ta.kind === 'string' && tb.kind === 'string') return undefined;
  if (ta.kind === 'enum' && tb.kind === 'enum' && ta.name === tb.name) {
    const [ra, rb] = [INT_RANGE[ta.base], INT_RANGE[tb.base]];
    return ra && rb && rb[1] >= ra[1] ? undefined : 'retyped';
  }
  return 'retyped';
}

/**
 * The verdict on `use` against `to`. `index` is versionIndex(to), built once per file.
 * Throws nothing.
 */
export function checkRequest(use: RequestUse, to: Schema, index: VersionIndex, memo: WeakMap<TypeNode, string> = new WeakMap()): Verdict {
  const nd = to.messages.get(use.name);
  if (!nd) return { status: 'missing', fails: true, oldCrc: use.crc, problems: [], successor: successorOf(use.name, to, [use.old], index) };
  const st = messageStatus(nd);
  const extra = st === 'active' ? {} : { newStatus: st, successor: st === 'deprecated' ? successorOf(use.name, to, [use.old, nd], index) : undefined };
  const base = { oldCrc: use.crc, newCrc: nd.crc, ...extra };
  if (use.crc !== undefined && use.crc === nd.crc) return { status: 'fine', fails: false, problems: [], ...base };
  if (!use.set) return { status: 'changed', fails: true, problems: [], reason: 'the fields it sets could not be read (no definition with its CRC)', ...base };
  const problems: FieldProblem[] = [];
  for (const path of use.set) {
    const field = path.join('.');
    const nf = walk(nd.fields, path);
    if (!nf) {
      const of = use.old && walk(use.old.fields, path);
      problems.push({ field, problem: 'removed', old: of ? fieldTypeText(of) : undefined });
      continue;
    }
    const of = use.old && walk(use.old.fields, path);
    const p = of && fits(of, nf, memo);
    if (p) problems.push({ field, problem: p, old: fieldTypeText(of), new: fieldTypeText(nf) });
  }
  const status = use.crc === undefined && problems.length === 0 ? 'fine' : 'changed';
  return { status, fails: problems.length > 0, problems, ...base, ...(use.crc === undefined ? { crcUnknown: true } : {}) };
}

/** One request of a file with its verdict; `unreadable` when the file's bytes there could not be read. */
export interface CheckedRequest {
  at: { line?: number; record?: number };
  name: string;
  verdict?: Verdict;
  unreadable?: string;
}

/** The requests of one message in a file, with the worst verdict among them. */
export interface MessageGroup {
  /** '' for requests that could not be read. */
  message: string;
  status: 'fine' | 'changed' | 'missing' | 'unreadable';
  fails: boolean;
  requests: CheckedRequest[];
}

const RANK = { fine: 0, changed: 1, missing: 2, unreadable: 3 } as const;

/** Requests grouped per message, in order of first appearance. Throws nothing. */
export function groupByMessage(requests: readonly CheckedRequest[]): MessageGroup[] {
  const by = new Map<string, MessageGroup>();
  for (const r of requests) {
    const status = r.unreadable !== undefined || !r.verdict ? 'unreadable' : r.verdict.status;
    const fails = status === 'unreadable' || r.verdict!.fails;
    let g = by.get(r.name);
    if (!g) by.set(r.name, (g = { message: r.name, status, fails, requests: [] }));
    if (RANK[status] > RANK[g.status]) g.status = status;
    g.fails ||= fails;
    g.requests.push(r);
  }
  return [...by.values()];
}
