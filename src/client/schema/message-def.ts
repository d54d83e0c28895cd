/**
 * A message definition: its header kind and context offset derived from the fields that
 * follow `_vl_msg_id` (docs/protocol.md §3), its CRC and options.
 */
import { SchemaError } from '../errors.js';
import type { Field, HeaderKind, MessageDef, MessageOptions } from './model.js';
import type { RawField, RawMeta, RawStruct } from './raw.js';
import { isMeta, normaliseCrc, unalias } from './model.js';

export function buildMessage(
  name: string, raw: RawStruct, origin: string, module: string,
  buildFields: (raw: RawStruct, origin: string, isUnion: boolean) => Field[],
): MessageDef {
  const items = raw.slice(1);
  const meta = (items.find(isMeta) ?? {}) as RawMeta;
  const first = items.find((x): x is RawField => Array.isArray(x));
  if (!first || first[1] !== '_vl_msg_id' || first[0] !== 'u16') {
    throw new SchemaError(`${origin}: message ${name}: first field must be u16 _vl_msg_id`, origin, name, '_vl_msg_id');
  }
  const crc = normaliseCrc(meta.crc);
  if (!crc) throw new SchemaError(`${origin}: message ${name}: missing or malformed crc ${JSON.stringify(meta.crc)}`, origin, name, 'crc');
  const withoutId = [name, ...items.filter((x) => x !== first)] as RawStruct;
  const fields = buildFields(withoutId, origin, false);
  const isU32 = (f: Field | undefined, n: string): boolean => {
    if (!f || f.name !== n || f.shape.kind !== 'scalar') return false;
    const t = unalias(f.type);
    return t.kind === 'base' && t.name === 'u32';
  };
  // docs/protocol.md §3: classify by the fields right after the id.
  let header: HeaderKind = 'other';
  let skip = 0;
  let contextOffset = -1;
  if (isU32(fields[0], 'client_index') && isU32(fields[1], 'context')) { header = 'request'; skip = 2; contextOffset = 6; }
  else if (isU32(fields[0], 'context')) { header = 'reply'; skip = 1; contextOffset = 2; }
  else if (isU32(fields[0], 'client_index')) { header = 'event'; skip = 1; }
  const o = meta.options ?? {};
  const options: MessageOptions = { deprecated: 'deprecated' in o, inProgress: 'in_progress' in o, other: {} };
  for (const [k, v] of Object.entries(o)) {
    if (k === 'status' && typeof v === 'string') options.status = v;
    else if (k === 'replaced_by' && typeof v === 'string') options.replacedBy = v;
    else if (k === 'vat_help' && typeof v === 'string') options.vatHelp = v;
    else if (k !== 'deprecated' && k !== 'in_progress') options.other[k] = v;
  }
  return {
    name, crc, key: `${name}_${crc}`, module, fields, header, contextOffset,
    bodyFields: fields.slice(skip), options, comment: meta.comment,
  };
}
