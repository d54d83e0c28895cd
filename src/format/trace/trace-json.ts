/**
 * Messages in JSON, as written by VPP's `api trace save-json` (TRACE.md §5) or by a
 * vppapi recorded session (`--json` form), back to codec values, taking back what can be
 * taken and saying what cannot:
 *
 * | as written                                    | taken as                                  |
 * |-----------------------------------------------|-------------------------------------------|
 * | `"Invalid ENUM"` (a flag set in a plain enum, or a value that is no member) | left out (0), reported |
 * | an enumflag as an array of names, `[]`        | the names joined with `|`; `[]` is 0      |
 * | `null` for an f64 (NaN)                       | NaN                                       |
 * | a union with every member shown               | every member kept: the codec writes the largest, which covers every byte |
 * | an integer beyond 2^53 (u64 through a double) | taken as written, reported as inexact     |
 * | any other value the field does not accept     | left out (0 or default), reported with the reason |
 *
 * `_msgname`, `_crc`, `_vl_msg_id`, `client_index` and `context` are not fields here.
 */
import { type Field, type MessageDef, unalias } from '../../client/schema/model.js';
import { FormatError } from '../errors.js';
import type { FormatRegistry } from '../type-formats/format-registry.js';
import { defaultRegistry } from '../type-formats/format-registry.js';

export interface TakenBack {
  /** Codec value of the body fields. */
  value: Record<string, unknown>;
  /** One line per field that could not be taken back exactly: `path: why`. */
  lost: string[];
}

const NOT_FIELDS = new Set(['_msgname', '_crc', '_vl_msg_id', 'client_index', 'context']);
const MAX_RETRIES = 64;

/** Never throws: a field that cannot be read is left out and named in `lost`. */
export function messageFromJson(def: MessageDef, input: Record<string, unknown>, registry: FormatRegistry = defaultRegistry): TakenBack {
  const lost: string[] = [];
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (!NOT_FIELDS.has(k)) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  fixStruct(def.bodyFields, body, '', lost);
  const fmt = registry.forMessage(def);
  for (let i = 0; i <= MAX_RETRIES; i++) {
    try {
      return { value: fmt.parse(body), lost };
    } catch (e) {
      if (!(e instanceof FormatError) || !removePath(body, e.path)) {
        lost.push(`${def.name}: ${(e as Error).message}; the message is taken with every field 0`);
        return { value: fmt.parse({}), lost };
      }
      lost.push(`${e.message}; left out`);
    }
  }
  lost.push(`${def.name}: too many fields could not be read; taken with every field 0`);
  return { value: fmt.parse({}), lost };
}

function fixStruct(fields: readonly Field[], o: Record<string, unknown>, path: string, lost: string[]): void {
  for (const f of fields) {
    if (!(f.name in o)) continue;
    const p = path ? `${path}.${f.name}` : f.name;
    const v = fixField(f, o[f.name], p, lost);
    if (v === undefined) delete o[f.name];
    else o[f.name] = v;
  }
}

function fixField(f: Field, v: unknown, path: string, lost: string[]): unknown {
  if (f.shape.kind !== 'scalar' && Array.isArray(v)) return v.map((x, i) => fixValue(f, x, `${path}[${i}]`, lost));
  return fixValue(f, v, path, lost);
}

function fixValue(f: Field, v: unknown, path: string, lost: string[]): unknown {
  const t = unalias(f.type);
  if (t.kind === 'enum') {
    if (v === 'Invalid ENUM') {
      lost.push(`${path}: "Invalid ENUM" (VPP writes that for a value that is not exactly one member, such as a flag set): taken as 0`);
      return undefined;
    }
    if (t.flags && Array.isArray(v)) return v.length === 0 ? 0 : v.join('|');
    return v;
  }
  if (t.kind === 'base' && t.name === 'f64' && v === null) return NaN;
  if (t.kind === 'base' && (t.name === 'u64' || t.name === 'i64') && typeof v === 'number' && !Number.isSafeInteger(v)) {
    lost.push(`${path}: ${v} is beyond 2^53 (VPP writes 64-bit integers through a double): the low digits may differ from what was sent`);
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if ((t.kind === 'struct' || t.kind === 'union') && typeof v === 'object' && v !== null && !Array.isArray(v)) {
    fixStruct(t.fields, v as Record<string, unknown>, path, lost);
  }
  return v;
}

/** Deletes the member `path` (`a.b[2].c`) names; false when there is nothing to delete. */
function removePath(root: Record<string, unknown>, path: string): boolean {
  const parts = path.match(/[^.[\]]+/g);
  if (!parts || parts.length === 0) return false;
  let o: unknown = root;
  for (const k of parts.slice(0, -1)) {
    if (typeof o !== 'object' || o === null) return false;
    o = (o as Record<string, unknown>)[k];
  }
  const last = parts.at(-1)!;
  if (typeof o !== 'object' || o === null || !(last in o)) return false;
  if (Array.isArray(o)) o.splice(Number(last), 1);
  else delete (o as Record<string, unknown>)[last];
  return true;
}
