import type { EnumType, Field, UnionType } from '../../client/schema/model.js';
import { FormatError, childPath } from '../errors.js';
import { parseJson } from '../json/lossless-json.js';
import { unalias } from '../../client/schema/model.js';
import { nearest } from '../values/nearest.js';
import type { ValueFormat } from '../values/value-format.js';

/**
 * Structs and unions.
 *
 * Struct input: an object (or JSON text `{…}`) keyed by field name; fields left out (or
 * null) are left out of the result, for the codec to fill with defaults or zeros. An
 * unknown key is an error that suggests the nearest field name. A union field with a
 * discriminator fills its tag field when the tag is not given, and a given tag that
 * disagrees with the member is an error; a given count that disagrees with its list is an
 * error.
 *
 * Union input: `{member: value}`. Several members are accepted because that is how a union
 * without a discriminator is shown (every member read from the same bytes); the codec
 * then writes the largest, which covers every byte.
 */

type FormatOf = (f: Field) => ValueFormat;

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function objectInput(input: unknown, path: string, expected: string): Record<string, unknown> {
  let v = input;
  if (typeof input === 'string') {
    if (!input.trim().startsWith('{')) throw new FormatError(path, input, expected, 'write a JSON object');
    v = parseJson(input, path);
  }
  if (!plainObject(v)) throw new FormatError(path, input, expected, 'not an object');
  return v;
}

function listNames(names: readonly string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}


function lengthOf(v: unknown): number | undefined {
  return Array.isArray(v) || v instanceof Uint8Array ? v.length : undefined;
}

interface Tagged {
  union: Field;
  tag: Field;
  tagEnum: EnumType;
  members: UnionType;
}

function taggedUnions(fields: readonly Field[]): Tagged[] {
  const out: Tagged[] = [];
  for (const f of fields) {
    const d = f.options.discriminator;
    const tag = d === undefined ? undefined : fields.find((x) => x.name === d);
    const tagEnum = tag && unalias(tag.type);
    const members = unalias(f.type);
    if (tag && tagEnum?.kind === 'enum' && members.kind === 'union') out.push({ union: f, tag, tagEnum, members });
  }
  return out;
}

function caseValue(t: Tagged, member: string): number | undefined {
  const c = t.members.fields.find((m) => m.name === member)?.options.case;
  return c === undefined ? undefined : t.tagEnum.byName.get(c);
}

/**
 * Sets each tag left out to what its union's member needs; true when one was set.
 * @throws FormatError for a given tag that disagrees with the member.
 */
function fillTags(tagged: readonly Tagged[], o: Record<string, unknown>, out: Record<string, unknown>, path: string): boolean {
  let filled = false;
  for (const t of tagged) {
    const u = out[t.union.name];
    if (!plainObject(u)) continue;
    const keys = Object.keys(u);
    const member = keys[0];
    const want = keys.length === 1 ? caseValue(t, member) : undefined;
    if (want === undefined) continue;
    const given = out[t.tag.name];
    if (given === undefined) {
      out[t.tag.name] = want;
      filled = true;
    } else if (given !== want) {
      throw new FormatError(childPath(path, t.tag.name), o[t.tag.name], `${t.tagEnum.byValue.get(want) ?? want}`, undefined, {
        message: `${t.tag.name} is ${t.tagEnum.byValue.get(given as number) ?? String(given)} but ${t.union.name}.${member} needs ${t.tagEnum.byValue.get(want) ?? want}; leave ${t.tag.name} out to have it set`,
      });
    }
  }
  return filled;
}

/** @throws FormatError when count field `f` was given and disagrees with the length of a list it counts. */
function checkCount(f: Field, o: Record<string, unknown>, out: Record<string, unknown>, path: string): void {
  const count = out[f.name];
  if (typeof count !== 'number') return;
  for (const a of f.countFor!) {
    const n = lengthOf(out[a]);
    if (n !== undefined && n !== count) {
      throw new FormatError(childPath(path, f.name), o[f.name], `${n} (the length of ${a})`, undefined, {
        message: `${count} does not match the ${n} element(s) of ${a}; leave ${f.name} out to have it counted`,
      });
    }
  }
}

export function structFormat(name: string, fields: readonly Field[], formatOf: FormatOf): ValueFormat {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const names = fields.map((f) => f.name);
  const expected = `an object with fields of ${name} (${listNames(names)})`;
  const tagged = taggedUnions(fields);
  const taggedAt = fields.map((f) => tagged.find((x) => x.union === f));
  const counts = fields.filter((f) => f.countFor);
  // Built on first use (a type may refer to itself through a list), by field position.
  const formats: (ValueFormat | undefined)[] = [];
  const fmtAt = (i: number): ValueFormat => (formats[i] ??= formatOf(fields[i]!));

  return {
    placeholder: 'json',
    expected,
    scalar: false,
    parse(input, path, ctx) {
      const o = objectInput(input, path, expected);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(o)) {
        if (!byName.has(key)) throw unknownKey(path, key, o[key], expected, name, 'field', names);
      }
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        // Own members only: nothing inherited (a prototype, `constructor`) counts as given.
        const v = Object.hasOwn(o, f.name) ? o[f.name] : undefined;
        if (v === undefined || v === null) continue;
        out[f.name] = fmtAt(i).parse(v, childPath(path, f.name), ctx);
      }
      const filled = tagged.length > 0 && fillTags(tagged, o, out, path);
      for (const f of counts) checkCount(f, o, out, path);
      if (!filled) return out;
      const ordered: Record<string, unknown> = {};
      for (const f of fields) if (f.name in out) ordered[f.name] = out[f.name];
      return ordered;
    },
    format(value, opts) {
      if (!plainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (!(f.name in value)) continue;
        let v = value[f.name];
        const t = taggedAt[i];
        if (t && plainObject(v)) {
          const tag = value[t.tag.name];
          const m = t.members.fields.find((x) => x.name in (v as object) && caseValue(t, x.name) === tag);
          if (m) v = { [m.name]: v[m.name] };
        }
        out[f.name] = fmtAt(i).format(v, opts);
      }
      return out;
    },
    complete: () => [],
    zero: () => ({}),
  };
}

/** A key that names no field (or member): the error lists those there are, and the nearest. */
function unknownKey(path: string, key: string, value: unknown, expected: string, owner: string, noun: string, names: readonly string[]): FormatError {
  const near = nearest(key, names);
  return new FormatError(childPath(path, key), value, expected, undefined, {
    message: `${owner} has no ${noun} "${key}"${near ? ` (did you mean "${near}"?)` : ''}; its ${noun}s are ${listNames(names)}`,
  });
}

export function unionFormat(t: UnionType, formatOf: FormatOf): ValueFormat {
  const names = t.fields.map((f) => f.name);
  const expected = `an object with one member of ${t.name} (${listNames(names)})`;
  const byName = new Map(t.fields.map((f) => [f.name, f]));
  return {
    placeholder: 'json',
    expected,
    scalar: false,
    parse(input, path, ctx) {
      const o = objectInput(input, path, expected);
      const given = Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null);
      for (const k of given) {
        if (!byName.has(k)) throw unknownKey(path, k, o[k], expected, `union ${t.name}`, 'member', names);
      }
      if (given.length === 0) throw new FormatError(path, input, expected, 'no member given');
      const out: Record<string, unknown> = {};
      for (const k of given) out[k] = formatOf(byName.get(k)!).parse(o[k], childPath(path, k), ctx);
      return out;
    },
    format(value, opts) {
      if (!plainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) if (f.name in value) out[f.name] = formatOf(f).format(value[f.name], opts);
      return out;
    },
    complete: () => [],
    zero: () => ({}),
  };
}
