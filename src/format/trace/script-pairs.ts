import type { Field, MessageDef } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';
import { stringifyJson } from '../json/lossless-json.js';
import type { FormatRegistry } from '../type-formats/format-registry.js';
import { isRecord, isZero, readableFields } from '../values/readable-value.js';

/**
 * A request's value as the `name=value` pairs of a script line (`api-trace show
 * --as-script`), in the text people type, reading back to the same bytes
 * (docs/json-form.md):
 *
 * | field                                   | pair                                              |
 * |-----------------------------------------|---------------------------------------------------|
 * | one-word value (number, name, address)  | `sw_if_index=3`, `prefix=10.26.6.1/24`            |
 * | struct (not a special type)             | one pair per field, dotted: `route.prefix=…`; inside it zero fields without a default are left out, as the codec writes zeros for them |
 * | FIB path, list of FIB paths             | the words tables print: `route.paths=[via 10.26.6.2 sw_if_index 3, drop]` |
 * | list of one-word values                 | `[a, b]`                                          |
 * | union, list of structs, anything else   | one line of JSON (the `--json` form)              |
 * | count field (`n_paths`)                 | left out: the list's length says it               |
 *
 * Values are unquoted here; the caller quotes each for the shell. Throws nothing.
 */
export function scriptPairs(def: MessageDef, value: Record<string, unknown>, registry: FormatRegistry): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  pairsOf(def.bodyFields, readableFields(value, def.bodyFields), registry, '', out);
  return out;
}

function pairsOf(fields: readonly Field[], value: Record<string, unknown>, registry: FormatRegistry, prefix: string, out: Array<[string, string]>): void {
  for (const f of fields) {
    if (!(f.name in value) || f.countFor?.length) continue;
    const v = value[f.name];
    const t = unalias(f.type);
    if (f.shape.kind === 'scalar' && t.kind === 'struct' && !registry.specialFor(f.type) && isRecord(v)) {
      pairsOf(t.fields, v, registry, `${prefix}${f.name}.`, out);
      continue;
    }
    // Inside a struct, a field whose bytes are all zero reads back the same when left out.
    if (prefix !== '' && f.options.default === undefined && isZero(v)) continue;
    out.push([`${prefix}${f.name}`, wordOf(f, v, registry)]);
  }
}

/** The text of one field's value: a FIB path in words, other values as `--json` prints them. */
function wordOf(f: Field, v: unknown, registry: FormatRegistry): string {
  const fmt = registry.forField(f);
  const words = registry.specialFor(f.type)?.textWhenShort === true;
  const h = fmt.format(v, { short: words });
  if (typeof h === 'string') return h;
  if (typeof h === 'number' || typeof h === 'bigint' || typeof h === 'boolean') return String(h);
  if (Array.isArray(h) && h.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint')) {
    // Elements split at commas outside braces and quotes: a path that had to print as JSON stays whole.
    if (h.every((x) => typeof x !== 'string' || !/[,[\]]/.test(x) || x.startsWith('{'))) return `[${h.join(', ')}]`;
  }
  return stringifyJson(words ? fmt.format(v, { short: false }) : h, { indent: 0 });
}
