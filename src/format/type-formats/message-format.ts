import type { Field, MessageDef } from '../../client/schema/model.js';
import { FormatError, childPath } from '../errors.js';
import { parseJson } from '../json/lossless-json.js';
import { structFormat } from './objects.js';
import { readableFields } from '../values/readable-value.js';
import type { FormatContext, HumanOptions, ValueFormat } from '../values/value-format.js';

/**
 * A message's body fields as one object, in the form of VPP's vat2 JSON (docs/protocol.md §8):
 * `{"_msgname": "sw_interface_details", "_crc": "6c221fc7", …fields}`. Header fields
 * (`client_index`, `context`) are the session's business: left out of output, ignored in
 * input.
 */
export interface MessageFormat {
  readonly def: MessageDef;
  /** The body fields as a struct. */
  readonly body: ValueFormat;
  /**
   * An object (or JSON text) of body fields → codec value. `_msgname` and `_crc`, when
   * given, must name this message (the CRC ties a file to one API version).
   * @throws FormatError naming the field path, the value and what was expected.
   */
  parse(input: unknown, path?: string, ctx?: FormatContext): Record<string, unknown>;
  /** Codec value → human object of the body fields, in definition order. Never throws. */
  format(value: Record<string, unknown>, opts?: HumanOptions): Record<string, unknown>;
  /**
   * `format` led by `_msgname` and `_crc`, full enum names (vat2 form), a union as the
   * member its tag selects and no all-zero tail in fixed lists of structs where that loses
   * no byte (docs/json-form.md). Never throws.
   */
  toJson(value: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The format of message `def`, its fields' formats from `fields` (a FormatRegistry: only
 * the one method is named here, so that message.ts and registry.ts do not import each other).
 */
const JSON_FORM: HumanOptions = { json: true };

export function messageFormat(def: MessageDef, fields: { forField(f: Field): ValueFormat }): MessageFormat {
  const body = structFormat(def.name, def.bodyFields, (f) => fields.forField(f));
  const header = new Set(def.fields.filter((f) => !def.bodyFields.includes(f)).map((f) => f.name));
  header.add('_vl_msg_id');

  return {
    def,
    body,
    parse(input, path = '', ctx) {
      let o = input;
      if (typeof o === 'string') o = parseJson(o, path || def.name);
      if (typeof o !== 'object' || o === null || Array.isArray(o) || o instanceof Uint8Array) {
        throw new FormatError(path, input, `the fields of ${def.name} as an object`);
      }
      const rest: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        const v = (o as Record<string, unknown>)[k];
        if (k === '_msgname') {
          if (v !== def.name && v !== def.key) {
            throw new FormatError(childPath(path, k), v, `"${def.name}"`, undefined, {
              message: `the input is for message ${JSON.stringify(v)}, not ${def.name}`,
            });
          }
        } else if (k === '_crc') {
          const crc = typeof v === 'string' ? v.toLowerCase().replace(/^0x/, '') : v;
          if (crc !== def.crc) {
            throw new FormatError(childPath(path, k), v, `"${def.crc}"`, undefined, {
              message: `the input was written for ${def.name} with CRC ${String(v)}, this VPP's is ${def.crc}: the fields may differ; drop _crc to send it anyway`,
            });
          }
        } else if (k === '__proto__') {
          // A key "__proto__" (JSON keeps it as a member) must stay a member, to be refused
          // as unknown; assigning it would set the prototype, and its fields would then be
          // read as if given. Only for it: defineProperty on every key cost more than the
          // rest of the parse (the object leaves V8's fast mode).
          Object.defineProperty(rest, k, { value: v, enumerable: true, writable: true, configurable: true });
        } else if (!header.has(k)) {
          rest[k] = v;
        }
      }
      return body.parse(rest, path, ctx) as Record<string, unknown>;
    },
    format: (value, opts) => body.format(value, opts) as Record<string, unknown>,
    toJson: (value) => ({ _msgname: def.name, _crc: def.crc, ...(body.format(readableFields(value, def.bodyFields), JSON_FORM) as Record<string, unknown>) }),
  };
}
