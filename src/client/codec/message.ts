/**
 * Message codecs: the u16 id, then the fields (header fields included) as one struct.
 */
import { DecodeError, EncodeError } from '../errors.js';
import type { MessageDef, Schema } from '../schema/model.js';
import type { MessageCodec } from './api.js';
import { compileType, structNode } from './compile.js';
import { asBuffer } from './cursor.js';
import { FieldFault, faultPath } from './fault.js';
import { ON_HEAP, generateDecoder, type FastDecode } from './generate.js';
import { generateEncoder } from './generate-encode.js';

const CACHE_KEY = 'codec:messages';

function messageCache(schema: Schema): Map<string, MessageCodec> {
  let c = schema.cache.get(CACHE_KEY) as Map<string, MessageCodec> | undefined;
  if (!c) schema.cache.set(CACHE_KEY, (c = new Map()));
  return c;
}

/**
 * The compiled codec of a message, built on first use and cached on the schema.
 * @throws Error when the schema has no such message.
 */
export function getCodec(schema: Schema, name: string): MessageCodec {
  const cache = messageCache(schema);
  let c = cache.get(name);
  if (c) return c;
  const def = schema.messages.get(name);
  if (!def) throw new Error(`no definition of message ${name}`);
  c = compileMessage(schema, def);
  cache.set(name, c);
  return c;
}

/**
 * The interpreted codec alone, without the generated fast paths: the reference the fast
 * paths are tested against. Not cached.
 */
export function referenceCodec(schema: Schema, name: string): MessageCodec {
  const def = schema.messages.get(name);
  if (!def) throw new Error(`no definition of message ${name}`);
  return compileMessage(schema, def, false);
}

/**
 * `n` zero bytes. Above ON_HEAP a zeroed slice of Node's pool: a backing store of its own
 * per frame (Buffer.alloc) cost more than encoding a route; below, Buffer.alloc is the faster.
 */
function zeroed(n: number): Buffer {
  return n <= ON_HEAP ? Buffer.alloc(n) : Buffer.allocUnsafe(n).fill(0);
}

/**
 * A function returning a new object with just `names` taken from its argument. Written
 * as one object literal (new Function), it builds every value of a message with the same
 * shape at the cost of an allocation; `delete` would turn each into a slow dictionary
 * object. Names are quoted with JSON.stringify, so any definition's field name is safe.
 */
function picker(names: string[]): (m: Record<string, unknown>) => Record<string, unknown> {
  const props = names.map((n) => `${JSON.stringify(n)}: m[${JSON.stringify(n)}]`).join(', ');
  return new Function('m', `return { ${props} };`) as (m: Record<string, unknown>) => Record<string, unknown>;
}

function compileMessage(schema: Schema, def: MessageDef, fast = true): MessageCodec {
  // Keys starting with "_" (`_msgname`, `_crc` of vat2's JSON) are allowed at the top level.
  const body = structNode(schema, def.fields, true);
  const fixedSize = body.fixed >= 0 ? 2 + body.fixed : undefined;
  // Generated fast paths; the interpreted `body` stays the reference and error reporter.
  const fastEncode = fast ? generateEncoder(schema, def.fields) : undefined;
  const fastDecode = fast ? generateDecoder(schema, def.fields) : undefined;
  const header = new Set(def.fields.slice(0, def.fields.length - def.bodyFields.length).map((f) => f.name));
  /** The body fields decoded straight into their object (no second object without the header). */
  let fastBody: FastDecode | undefined | null = header.size === 0 ? fastDecode : null;
  let pickBody: ((m: Record<string, unknown>) => Record<string, unknown>) | undefined;
  const where = (e: FieldFault): string => {
    const p = faultPath(e);
    return p ? `${def.name}.${p}` : def.name;
  };
  return {
    def,
    fixedSize,
    encode(id, value, headroom = 0) {
      if (fastEncode) {
        try {
          const total = headroom + (fixedSize ?? 2 + body.size(value));
          const buf = zeroed(total);
          buf.writeUInt16BE(id, headroom);
          if (fastEncode(buf, headroom + 2, value) === total) return buf;
        } catch {
          // BAIL or anything unusual: the reference path below decides and reports.
        }
      }
      let size: number;
      try {
        size = fixedSize ?? 2 + body.size(value);
      } catch (e) {
        size = -1;
        void e; // the write pass below reports the same problem with its path
      }
      const buf = Buffer.alloc(headroom + Math.max(size, 2));
      const w = { buf, pos: headroom + 2 };
      try {
        if (size < 0) throw new FieldFault(`cannot size the value`, value, 'an object of fields');
        buf.writeUInt16BE(id, headroom);
        body.write(w, value);
      } catch (e) {
        if (e instanceof FieldFault) {
          throw new EncodeError(`${where(e)}: ${e.detail} (expected ${e.expected})`, where(e), e.value, e.expected, { cause: e });
        }
        if (e instanceof RangeError) {
          throw new EncodeError(`${def.name}: value does not fit its computed size (${e.message})`, def.name, value, 'a consistent value', { cause: e });
        }
        throw e;
      }
      return buf;
    },
    decodeBody(bytes, start = 0, end = bytes.length) {
      if (fast && end - start >= 2 && start >= 0 && end <= bytes.length) {
        if (fastBody === null) fastBody = generateDecoder(schema, def.fields, header);
        if (fastBody) {
          try {
            return fastBody(asBuffer(bytes), start + 2, end);
          } catch {
            // As decode(): the reference path reports the problem.
          }
        }
      }
      const whole = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
      const m = this.decode(whole);
      if (header.size === 0) return m;
      return (pickBody ??= picker(def.bodyFields.map((f) => f.name)))(m);
    },
    decode(payload) {
      const buf = asBuffer(payload);
      if (buf.length < 2) throw new DecodeError(`${def.name}: payload of ${buf.length} byte(s) has no message id`, def.name, 0);
      if (fastDecode) {
        try {
          return fastDecode(buf, 2, buf.length);
        } catch {
          // Short or inconsistent input: the reference path raises the error with its path.
        }
      }
      const r = { buf, pos: 2, end: buf.length };
      try {
        return body.read(r) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof FieldFault) {
          const off = e.offset >= 0 ? e.offset : r.pos;
          throw new DecodeError(`${where(e)}: ${e.detail}`, where(e), off, { cause: e });
        }
        throw e;
      }
    },
  };
}

export { compileType };
