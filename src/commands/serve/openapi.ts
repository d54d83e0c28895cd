/**
 * The OpenAPI 3.1 description of `POST /api/<message>`, generated from the loaded
 * definitions: one operation per request, its body and answer as JSON Schema (2020-12,
 * which 3.1 uses). Values are described in the gateway's JSON form:
 *
 * | VPP type                          | schema                                                  |
 * |-----------------------------------|---------------------------------------------------------|
 * | u8 … u32, i8 … i32                | integer with its range                                  |
 * | u64, i64                          | string of digits (no JSON reader rounds it); input also takes an integer |
 * | f64 / bool / string               | number / boolean / string (maxLength for fixed strings) |
 * | enum                              | string: one of its names                                |
 * | bit set (enumflags, `*_flags`)    | a list of its names (an unnamed remainder as an integer); input also a string of names joined with `|`, or an integer |
 * | address, prefix, MAC, …           | string with a pattern                                   |
 * | u8 arrays                         | string `0x…`                                            |
 * | struct / union                    | object (a union: one of its members)                    |
 * | arrays                            | array (fixed length: minItems = maxItems); its count field too |
 *
 * Types are shared under `components/schemas`; the definitions' comments become descriptions.
 * Each event a request registers for is `GET /events/<event>`, its `data:` described.
 */
import type { EnumType, Field, MessageDef, Schema, TypeNode } from '../../client/schema/model.js';
import { isBitSet } from '../../format/values/enums.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { isReadOnly } from './access.js';

type Json = Record<string, unknown>;

const RANGE: Record<string, [number, number]> = { u8: [0, 255], u16: [0, 65535], u32: [0, 4294967295], i8: [-128, 127], i16: [-32768, 32767], i32: [-2147483648, 2147483647] };
const IP4 = '(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}';
const IP6 = '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*';
const PATTERNS: Record<string, string> = {
  ip4: `^${IP4}$`,
  ip6: `^${IP6}$`,
  ip: `^(${IP4}|${IP6})$`,
  'ip/len': `^(${IP4}|${IP6})/[0-9]{1,3}$`,
  'ip4/len': `^${IP4}/[0-9]{1,2}$`,
  'ip6/len': `^${IP6}/[0-9]{1,3}$`,
  mac: '^[0-9A-Fa-f]{2}([:.-]?[0-9A-Fa-f]{2}){5}$',
};

/**
 * A flag set (isBitSet: `enumflag`, or an enum named `*_flags`) as the gateway writes it,
 * a list of the names of its set bits and any unnamed remainder as a number
 * (docs/json-form.md); input also takes the names joined with `|`, or one number.
 */
function bitSetSchema(t: EnumType): Json {
  const names = t.values.map((v) => v.name);
  const word = `(${names.join('|')}|0x[0-9a-fA-F]+|[0-9]+)`;
  return {
    anyOf: [
      { type: 'array', items: { anyOf: [{ type: 'string', enum: names }, { type: 'integer', minimum: 0 }] } },
      { type: 'string', pattern: `^${word}(\\|${word})*$` },
      { type: 'integer', minimum: 0 },
    ],
    description: `bits of ${t.name}: a list of ${names.join(', ')}`,
  };
}

class Builder {
  readonly components = new Map<string, Json>();

  typeSchema(t: TypeNode): Json {
    const spec = defaultRegistry.specialFor(t);
    if (spec && !spec.displayOnly && !spec.textWhenShort) {
      const pattern = PATTERNS[spec.placeholder];
      return { type: 'string', description: spec.expected, ...(pattern ? { pattern } : {}) };
    }
    switch (t.kind) {
      case 'base':
        if (t.name === 'bool') return { type: 'boolean' };
        if (t.name === 'f64') return { type: 'number' };
        if (t.name === 'u64' || t.name === 'i64') return { type: ['string', 'integer'], pattern: t.name === 'u64' ? '^[0-9]+$' : '^-?[0-9]+$', description: `${t.name}, as a string of digits` };
        return { type: 'integer', minimum: RANGE[t.name]![0], maximum: RANGE[t.name]![1] };
      case 'string':
        return { type: 'string' };
      case 'enum':
        return this.ref(t.name, () => (isBitSet(t) ? bitSetSchema(t) : { anyOf: [{ type: 'string', enum: t.values.map((v) => v.name) }, { type: 'integer' }], description: `${t.name}: one of its names` }));
      case 'alias':
        if (t.length !== undefined) {
          const el = t.target;
          if (el.kind === 'base' && el.name === 'u8') return { type: 'string', pattern: '^0x([0-9a-fA-F]{2})*$', description: `${t.name}: ${t.length} bytes as 0x… hex` };
          return { type: 'array', items: this.typeSchema(el), minItems: t.length, maxItems: t.length };
        }
        return this.typeSchema(t.target);
      case 'struct':
        return this.ref(t.name, () => this.object(t.fields, t.comment));
      case 'union':
        return this.ref(t.name, () => ({
          type: 'object',
          description: `${t.comment ? `${t.comment}. ` : ''}a union: give one member`,
          properties: Object.fromEntries(t.fields.map((f) => [f.name, this.fieldSchema(f)])),
          minProperties: 1,
          additionalProperties: false,
        }));
    }
  }

  private ref(name: string, build: () => Json): Json {
    const key = name.replace(/[^A-Za-z0-9._-]/g, '_');
    if (!this.components.has(key)) {
      this.components.set(key, {});
      this.components.set(key, build());
    }
    return { $ref: `#/components/schemas/${key}` };
  }

  fieldSchema(f: Field): Json {
    const one = this.typeSchema(f.type);
    const s = f.shape;
    if (f.type.kind === 'string' || s.kind === 'vla-string') return { type: 'string', ...(s.kind === 'fixed' ? { maxLength: s.length } : {}) };
    if (f.type.kind === 'base' && f.type.name === 'u8' && (s.kind === 'fixed' || s.kind === 'counted' || s.kind === 'rest')) {
      return { type: 'string', pattern: '^0x([0-9a-fA-F]{2})*$', description: 'bytes as 0x… hex' };
    }
    if (s.kind === 'fixed') return { type: 'array', items: one, maxItems: s.length };
    if (s.kind === 'counted' || s.kind === 'rest') return { type: 'array', items: one };
    const d = f.options.default;
    return d === undefined || typeof d === 'bigint' ? one : { ...one, default: d };
  }

  object(fields: readonly Field[], comment?: string, extra: Json = {}): Json {
    // A count field is in every answer; in a request it may be left out (the array's length is taken).
    const schemaOf = (f: Field): Json => (f.countFor?.length ? { ...this.fieldSchema(f), description: `the length of ${f.countFor.join(', ')}: may be left out of a request` } : this.fieldSchema(f));
    return {
      type: 'object',
      ...(comment ? { description: comment } : {}),
      properties: { ...extra, ...Object.fromEntries(fields.map((f) => [f.name, schemaOf(f)])) },
      additionalProperties: false,
    };
  }

  message(def: MessageDef): Json {
    return this.ref(def.name, () => this.object(def.bodyFields, def.comment, { _msgname: { const: def.name }, _crc: { type: 'string', pattern: '^[0-9a-f]{8}$' } }));
  }
}

const ERROR: Json = { type: 'object', properties: { error: { type: 'string' }, exit: { type: 'integer' }, retval: { type: 'integer' }, retval_name: { type: ['string', 'null'] } }, required: ['error'] };

const errorResponses = (): Json => Object.fromEntries(
  [['400', 'bad JSON, unknown field or bad value; nothing sent'], ['401', 'no or wrong bearer token'], ['403', 'refused: read-only server, or a request known to harm this VPP'], ['404', 'no such message in the loaded definitions'], ['413', 'body too large'], ['422', 'VPP answered with a non-zero retval'], ['429', 'too many requests at once'], ['501', 'the message is missing or changed in this VPP'], ['502', 'VPP answered something unusable or the connection broke'], ['503', 'cannot connect to VPP'], ['504', 'VPP did not answer in time']]
    .map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
);

/** Each event some request registers for, with that request, in name order. Throws nothing. */
function events(schema: Schema): [string, string][] {
  const out = new Map<string, string>();
  for (const svc of schema.services.values()) for (const e of svc.events) if (schema.messages.has(e) && !out.has(e)) out.set(e, svc.request);
  return [...out].sort(([x], [y]) => x.localeCompare(y));
}

/** The whole document for the requests and events of `schema`, as JSON text. Throws nothing. */
export function buildOpenApi(schema: Schema, version: string): string {
  const b = new Builder();
  const paths: Json = {};
  const requests = [...schema.services.values()].filter((s) => s.events.length === 0 && schema.messages.has(s.request)).sort((x, y) => x.request.localeCompare(y.request));
  for (const svc of requests) {
    const def = schema.messages.get(svc.request)!;
    const shownName = svc.pattern === 'stream' ? svc.streamMsg : svc.reply;
    const shown = shownName ? schema.messages.get(shownName) : undefined;
    const many = svc.pattern === 'dump' || svc.pattern === 'stream';
    // A stream's final reply ends the NDJSON lines as {"_end": reply}; a failure after the status as {"_error": …}.
    const end = svc.pattern === 'stream' && svc.reply && schema.messages.has(svc.reply) ? b.message(schema.messages.get(svc.reply)!) : { type: 'object' };
    const line = (detail: Json): Json => ({
      description: 'one line: a detail, then the final reply as {"_end": …} (streams), or {"_error": …} when VPP failed after the first line',
      oneOf: [detail, { type: 'object', properties: { _end: end }, required: ['_end'], additionalProperties: false }, { type: 'object', properties: { _error: { $ref: '#/components/schemas/Error' } }, required: ['_error'], additionalProperties: false }],
    });
    const ok: Json = shown
      ? many
        ? { 'application/json': { schema: { type: 'array', items: b.message(shown) } }, 'application/x-ndjson': { schema: line(b.message(shown)) } }
        : { 'application/json': { schema: b.message(shown) } }
      : { 'application/json': { schema: { type: 'object' } } };
    paths[`/api/${def.name}`] = {
      post: {
        operationId: def.name,
        summary: `${def.name} (${svc.pattern}${isReadOnly(def.name, svc) ? ', read-only' : ', changes VPP: needs --allow-write or --allow'})`,
        ...(def.comment ? { description: def.comment } : {}),
        tags: [def.module],
        ...(def.options.deprecated ? { deprecated: true } : {}),
        requestBody: { required: false, content: { 'application/json': { schema: b.message(def) } } },
        responses: { '200': { description: many ? 'the details, as an array or one per line (Accept: application/x-ndjson)' : 'the reply', content: ok }, ...errorResponses() },
      },
    };
  }
  for (const [event, want] of events(schema)) {
    paths[`/events/${event}`] = {
      get: {
        operationId: `events_${event}`,
        summary: `${event} as server-sent events (${want} is sent for the first subscriber and undone after the last)`,
        ...(schema.messages.get(event)!.comment ? { description: schema.messages.get(event)!.comment } : {}),
        tags: [schema.messages.get(event)!.module],
        responses: {
          '200': { description: `a stream: each event is "event: ${event}" and "data:" this object as one line of JSON`, content: { 'text/event-stream': { schema: b.message(schema.messages.get(event)!) } } },
          ...errorResponses(),
        },
      },
    };
  }
  b.components.set('Error', ERROR);
  const doc = {
    openapi: '3.1.0',
    info: { title: 'VPP binary API over HTTP (vppapi serve)', version, description: 'One operation per request message of the loaded definitions. Bodies and answers use the JSON form of vppapi --json; 64-bit integers are strings of digits.' },
    paths,
    components: { schemas: Object.fromEntries(b.components), securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
  return JSON.stringify(doc);
}
