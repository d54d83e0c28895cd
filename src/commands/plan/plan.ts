/**
 * The request plan: everything about sending one message that follows from the
 * definitions alone, worked out once per (definitions, message) and kept on the schema.
 * Every caller that sends a request a person wrote (`vppapi <message>`, shell and script
 * lines, `exec --pipeline`, the api-trace replay) reads, sends and prints through it
 * (docs/request-plan.md).
 *
 * | part       | what it is                                                          |
 * |------------|---------------------------------------------------------------------|
 * | def, svc   | the request's definition and its service (pattern, reply, events)   |
 * | format     | text/JSON → codec value, one ValueFormat per field (format/registry) |
 * | flags      | the flag table, filled as spellings are met (FlagTable)             |
 * | shown      | the message whose values print: details (dump, stream) or the reply |
 * | needs      | what a request of it may need besides its words: a guard (show_version first), events (the pid filled, a hint), interface names read or printed (sw_interface_dump) |
 * | sends      | every message a call of it may send, so one session covers them     |
 *
 * A plan lives as long as its schema (a WeakMap keyed on it): a session that reconnects
 * to another VPP, or definitions loaded again, give a new schema and new plans.
 */
import type { MessageCodec } from '../../client/codec/api.js';
import { getCodec } from '../../client/codec/message.js';
import { isGuarded } from '../../client/session/guards.js';
import type { Field, MessageDef, Schema, ServiceDef, TypeNode } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';
import type { MessageFormat } from '../../format/type-formats/message-format.js';
import { type FormatRegistry, defaultRegistry } from '../../format/type-formats/format-registry.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { FlagTable } from './flag-table.js';

export interface PlanNeeds {
  /** A request known to harm VPP (client/guards.ts): VPP's version is asked before it is sent. */
  readonly guard: boolean;
  /** The events it registers for (a want_*): the session fills the pid. */
  readonly events: readonly string[];
  /** A value of it may name an interface (a FIB path `via 10.0.0.2 loop0`): the reader may ask for the table. */
  readonly namesIn: boolean;
  /** What prints names interfaces (FIB paths): the table is asked after the answer, for human output. */
  readonly namesOut: boolean;
}

export interface RequestPlan {
  readonly schema: Schema;
  readonly name: string;
  readonly def: MessageDef;
  readonly svc: ServiceDef;
  readonly format: MessageFormat;
  readonly registry: FormatRegistry;
  /** The flag spellings met so far, each resolved once (the reader fills it). */
  readonly flags: FlagTable;
  /** The message whose values print: the details of a dump or stream, else the reply. */
  readonly shown: MessageDef | undefined;
  /** The reply that ends a single call or a stream (its retval decides the exit code). */
  readonly reply: MessageDef | undefined;
  readonly needs: PlanNeeds;
  /** Every message a call of it may send (itself, show_version for a guard, sw_interface_dump for names). */
  readonly sends: readonly string[];
  /** The codec of the request, compiled on first use. */
  codec(): MessageCodec;
}

const plans = new WeakMap<Schema, Map<string, RequestPlan | null>>();

/**
 * The plan of request `name` on `schema`, built on the first call and kept while the
 * schema lives; undefined when the definitions have no message of that name.
 * @throws CliError (exit 2) when `name` is a message VPP sends rather than a request,
 *   naming the requests it answers.
 */
export function planFor(schema: Schema, name: string): RequestPlan | undefined {
  let m = plans.get(schema);
  if (!m) plans.set(schema, (m = new Map()));
  let plan = m.get(name);
  if (plan === undefined) {
    plan = build(schema, name) ?? null;
    m.set(name, plan);
  }
  if (plan === null) return notARequest(schema, name);
  return plan;
}

function notARequest(schema: Schema, name: string): undefined {
  if (!schema.messages.has(name)) return undefined;
  const by = schema.replyOf.get(name);
  throw new CliError(
    `${name} is not a request: VPP sends it${by?.length ? ` in answer to ${by.join(', ')}` : ''}`,
    EXIT.USAGE,
    by?.length ? `vppapi ${by[0]} --help` : `vppapi describe ${name}`,
  );
}

function build(schema: Schema, name: string, registry: FormatRegistry = defaultRegistry): RequestPlan | undefined {
  const def = schema.messages.get(name);
  const svc = schema.services.get(name);
  if (!def || !svc) return undefined;
  const shown = shownDef(schema, svc);
  const reply = svc.pattern === 'single' || svc.pattern === 'stream' ? (svc.reply === undefined ? undefined : schema.messages.get(svc.reply)) : undefined;
  const needs: PlanNeeds = {
    guard: isGuarded(name),
    events: svc.events,
    namesIn: namesInterfaces(def, registry),
    namesOut: shown !== undefined && namesInterfaces(shown, registry),
  };
  const sends = [name, ...(needs.guard ? ['show_version'] : []), ...(needs.namesIn || needs.namesOut ? ['sw_interface_dump'] : [])];
  let codec: MessageCodec | undefined;
  return {
    schema, name, def, svc, registry, shown, reply, needs, sends,
    format: registry.forMessage(def),
    flags: new FlagTable(def, registry, svc.events.length > 0),
    codec: () => (codec ??= getCodec(schema, name)),
  };
}

/** The message whose values print for request `svc`: its details (dump, stream) or its reply. Throws nothing. */
export function shownDef(schema: Schema, svc: ServiceDef): MessageDef | undefined {
  const name = svc.pattern === 'dump' ? svc.reply : svc.pattern === 'stream' ? svc.streamMsg : svc.reply;
  return name === undefined ? undefined : schema.messages.get(name);
}

/** True when a value of `def` holds a FIB path somewhere (its text names interfaces). Throws nothing. */
export function namesInterfaces(def: MessageDef, registry: FormatRegistry): boolean {
  const seen = new Set<TypeNode>();
  const walk = (fields: readonly Field[]): boolean =>
    fields.some((f) => {
      if (registry.specialFor(f.type)?.role === 'path') return true;
      const t = unalias(f.type);
      if ((t.kind !== 'struct' && t.kind !== 'union') || seen.has(t)) return false;
      seen.add(t);
      return walk(t.fields);
    });
  return walk(def.bodyFields);
}
