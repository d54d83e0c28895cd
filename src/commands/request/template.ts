/**
 * A JSON skeleton of a message for `--args`: every field a person gives, with the
 * definition's default or a zero in the form `--json` prints (addresses as text, enums
 * as names), and one element in each list of structs to show its shape. Count fields
 * are left out: they are filled from the lists.
 */
import { compileType } from '../../client/codec/compile.js';
import { getCodec } from '../../client/codec/message.js';
import type { Field, MessageDef, Schema } from '../../client/schema/model.js';
import type { FormatRegistry } from '../../format/type-formats/format-registry.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { unalias } from '../../client/schema/model.js';
import { isList } from './flags.js';

type Obj = Record<string, unknown>;

const plain = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** A value of `field`'s type as the codec writes it when given nothing (defaults applied). */
function zeroElement(schema: Schema, field: Field): unknown {
  const node = compileType(schema, field.type);
  const buf = Buffer.alloc(node.size({}));
  node.write({ buf, pos: 0 }, {});
  return node.read({ buf, pos: 0, end: buf.length });
}

/** Adds one element to empty variable lists of structs, in the codec value `v`. */
function seedLists(schema: Schema, fields: readonly Field[], v: Obj, depth: number): void {
  if (depth > 4) return;
  for (const f of fields) {
    const x = v[f.name];
    const u = unalias(f.type);
    if (isList(f) && Array.isArray(x) && (u.kind === 'struct' || u.kind === 'union')) {
      if (x.length === 0 && f.shape.kind !== 'fixed') x.push(zeroElement(schema, f));
      for (const el of x) if (plain(el) && u.kind === 'struct') seedLists(schema, u.fields, el, depth + 1);
    } else if (plain(x) && u.kind === 'struct') {
      seedLists(schema, u.fields, x, depth + 1);
    }
  }
}

/** Removes count fields from a human-form object (they are counted from their lists). */
function dropCounts(fields: readonly Field[], h: Obj): void {
  for (const f of fields) {
    if (f.countFor) {
      delete h[f.name];
      continue;
    }
    const u = unalias(f.type);
    if (u.kind !== 'struct') continue;
    const x = h[f.name];
    if (Array.isArray(x)) for (const el of x) if (plain(el)) dropCounts(u.fields, el);
    if (plain(x)) dropCounts(u.fields, x);
  }
}

/**
 * The skeleton of message `def` (vat2 form, `_msgname` and `_crc` first).
 * @throws EncodeError only if a definition's default does not fit its own field.
 */
export function messageTemplate(schema: Schema, def: MessageDef, registry: FormatRegistry = defaultRegistry): Obj {
  const codec = getCodec(schema, def.name);
  const value = codec.decode(codec.encode(1, {}));
  seedLists(schema, def.bodyFields, value, 0);
  const json = registry.forMessage(def).toJson(value);
  dropCounts(def.bodyFields, json);
  return json;
}
