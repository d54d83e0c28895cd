/**
 * Raw definitions → resolved model (model.ts). Merges many sources: a definition seen
 * twice identically is fine (every file repeats the types it imports), differently is an
 * error naming both origins. In four stages:
 *
 * | stage            | file             | does                                          |
 * |------------------|------------------|-----------------------------------------------|
 * | collect          | collect.ts       | definitions by name, duplicates compared      |
 * | types            | type-resolver.ts | each type built once, on first use; all checked |
 * | messages         | message-def.ts   | fields, header kind, CRC, options             |
 * | services         | services.ts      | call patterns, reply/stream/event links       |
 */
import { SchemaError } from '../errors.js';
import type { MessageDef, Schema } from './model.js';
import type { RawSource } from './raw.js';
import { collectSources } from './collect.js';
import { buildMessage } from './message-def.js';
import { buildServices } from './services.js';
import { TypeResolver } from './type-resolver.js';

export interface ResolveResult {
  schema: Schema;
  errors: SchemaError[];
}

function asSchemaError(e: unknown, origin: string, def: string): SchemaError {
  if (e instanceof SchemaError) return e;
  return new SchemaError(`${origin}: ${def}: ${(e as Error)?.message ?? String(e)}`, origin, def, undefined, { cause: e });
}

/**
 * Resolves and merges `sources`. With `tolerant`, a bad definition is reported in
 * `errors` and left out (with whatever depends on it); otherwise the first one throws.
 * @throws SchemaError (not tolerant) naming origin, definition and field.
 */
export function resolveSchema(sources: Iterable<RawSource>, opts: { tolerant?: boolean } = {}): ResolveResult {
  const errors: SchemaError[] = [];
  const fail = (e: SchemaError): void => {
    if (!opts.tolerant) throw e;
    errors.push(e);
  };
  const raw = collectSources(sources, fail);
  const resolver = new TypeResolver(raw.types);
  // Types not reached from any message still get resolved (and checked).
  for (const p of raw.types.values()) {
    if (resolver.types.has(p.name) || resolver.broken.has(p.name)) continue;
    try {
      resolver.lookup(p.name, { origin: p.origin, def: p.name, field: '' });
    } catch (e) {
      fail(asSchemaError(e, p.origin, p.name));
    }
  }
  const messages = new Map<string, MessageDef>();
  const buildFields = resolver.buildFields.bind(resolver);
  for (const [name, { raw: def, origin, module }] of raw.messages) {
    try {
      messages.set(name, buildMessage(name, def, origin, module, buildFields));
    } catch (e) {
      fail(asSchemaError(e, origin, name));
    }
  }
  const { services, replyOf } = buildServices(raw.services, messages, fail);
  return { schema: { messages, types: resolver.types, services, replyOf, modules: raw.modules, cache: new Map() }, errors };
}
