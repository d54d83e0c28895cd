/**
 * Local definitions bound to one connection's message table: VPP's id for each local
 * message, the receive map (id → definition) and, per request, the compiled call plan.
 * Rebuilt on every connect (ids change when VPP restarts) and when the definitions change;
 * each message is bound when first sent or received.
 *
 * Header offsets in a payload come from the definition (docs/protocol.md §3):
 *
 * | kind    | client_index | context | body at |
 * |---------|--------------|---------|---------|
 * | request | 2..6         | 6..10   | 10      |
 * | reply   | —            | 2..6    | 6       |
 * | event   | 2..6         | —       | 6       |
 * | other   | —            | —       | 2       |
 */
import { getCodec, type MessageCodec } from '../codec/index.js';
import type { CallPattern, MessageDef, Schema } from '../schema/model.js';
import { moduleKind } from '../schema/module-kind.js';
import { UnavailableError, UsageError } from './errors.js';
import type { Classification, MessageTable } from './message-table.js';

/** A local message VPP knows under the same name and CRC. */
export interface Bound {
  id: number;
  name: string;
  def: MessageDef;
  /** Offset of client_index in the payload, -1 when none. */
  clientIndexOffset: number;
  /** Offset of context in the payload, -1 when none. */
  contextOffset: number;
  /** Named in a service's `events`, or event-shaped. */
  isEvent: boolean;
  codec(): MessageCodec;
  /** The frame of this request without arguments, client_index filled (built on first use). */
  template?: Buffer;
  /** Frames of values marked fixed (calls.ts markFixed), context 0, client_index filled; built on first use. */
  fixed?: WeakMap<Record<string, unknown>, Buffer>;
}

/** How a request is called, with every message it involves checked against the table. */
export interface CallPlan {
  request: Bound;
  pattern: CallPattern;
  /** single: the reply; stream: the final reply; dump: control_ping_reply. -1 for none. */
  endId: number;
  /** dump, stream: the details message. -1 otherwise. */
  detailsId: number;
  /** dump: control_ping, sent with the request's context. */
  ping?: Bound;
  /** The service names events: a `want_*` registration, which the session notes (Session.registrations). */
  registers: boolean;
  /** A `want_*` registration with a `pid` field the session fills when not given. */
  fillsPid: boolean;
  /** The request has a `cursor` field (stream paging). */
  hasCursor: boolean;
}

export class Bindings {
  /** Bound on first use (null: no definition VPP shares): a connect binding all ~2,000 up front cost start-up time and ~2 MB. */
  private readonly byName = new Map<string, Bound | null>();
  private readonly rx: (Bound | null | undefined)[] = [];
  private readonly plans = new Map<string, CallPlan | Error>();
  private events: Set<string> | undefined;
  /** The plan plan() gave last, and its name. */
  private lastName: string | undefined;
  private lastPlan: CallPlan | undefined;

  /**
   * `fallback` supplies definitions the local schema lacks (the built-in memclnt, so that
   * dumps, keepalives and disconnect work whatever the user loaded): its definition of a
   * name is used only where the local one is absent or does not match this VPP.
   */
  constructor(
    readonly schema: Schema,
    readonly table: MessageTable,
    private readonly fallback?: Schema,
  ) {}

  private isEvent(def: MessageDef): boolean {
    if (def.header === 'event') return true;
    if (!this.events) {
      this.events = new Set<string>();
      for (const s of this.schema.services.values()) for (const e of s.events) this.events.add(e);
    }
    return this.events.has(def.name);
  }

  private bind(sch: Schema, def: MessageDef, id: number): Bound {
    let codec: MessageCodec | undefined;
    return {
      id,
      name: def.name,
      def,
      clientIndexOffset: def.header === 'request' || def.header === 'event' ? 2 : -1,
      contextOffset: def.contextOffset,
      isEvent: this.isEvent(def),
      codec: () => (codec ??= getCodec(sch, def.name)),
    };
  }

  /** The bound message with this id (a message VPP sent), or undefined when we have no matching definition. */
  byId(id: number): Bound | undefined {
    let b = this.rx[id];
    if (b === undefined) {
      const e = this.table.byId(id);
      const named = e ? this.get(e.name) : undefined;
      b = named && named.id === id ? named : null;
      this.rx[id] = b;
    }
    return b ?? undefined;
  }

  /** The bound message with this name, or undefined. */
  get(name: string): Bound | undefined {
    let b = this.byName.get(name);
    if (b === undefined) {
      b = null;
      for (const sch of this.fallback ? [this.schema, this.fallback] : [this.schema]) {
        const def = sch.messages.get(name);
        const entry = def && this.table.byKey(def.key);
        if (entry) {
          b = this.bind(sch, def, entry.id);
          break;
        }
      }
      this.byName.set(name, b);
    }
    return b ?? undefined;
  }

  /**
   * How a local message stands against the table.
   * @throws UsageError when no local definition has that name.
   */
  classify(name: string): Classification {
    const b = this.get(name);
    if (b) return { status: 'available', id: b.id, remoteKey: b.def.key, localKey: b.def.key };
    const def = this.schema.messages.get(name) ?? this.fallback?.messages.get(name);
    if (!def) throw new UsageError(`no local definition of message ${name}: check the name, or load the definitions that have it`);
    return this.table.classify(name, def.key);
  }

  /**
   * The bound message, for sending or expecting.
   * @throws UnavailableError (changed / missing) naming `request` when given.
   * @throws UsageError when no local definition has that name.
   */
  require(name: string, request?: string): Bound {
    const b = this.get(name);
    if (b) return b;
    const c = this.classify(name);
    const def = this.schema.messages.get(name) ?? this.fallback?.messages.get(name);
    const kind = def && c.status === 'missing' ? { module: def.module, kind: moduleKind(this.schema.messages.has(name) ? this.schema : this.fallback!, def.module) } : undefined;
    throw new UnavailableError(name, c.status as 'changed' | 'missing', c.localKey ?? name, c.remoteKey, request, kind);
  }

  /**
   * The call plan of a request, built once per connection.
   * @throws UsageError when the message is unknown or has no service (use send()).
   * @throws UnavailableError when VPP lacks or changed the request, its reply, its details,
   *   or (for a classic dump) control_ping.
   */
  plan(name: string): CallPlan {
    // The same request many times in a row (a pipeline, a script) skips the map.
    if (name === this.lastName) return this.lastPlan!;
    let p = this.plans.get(name);
    if (p === undefined) {
      try {
        p = this.makePlan(name);
      } catch (e) {
        p = e as Error;
      }
      this.plans.set(name, p);
    }
    if (p instanceof Error) throw p;
    this.lastName = name;
    this.lastPlan = p;
    return p;
  }

  private makePlan(name: string): CallPlan {
    const svc = this.schema.services.get(name) ?? this.fallback?.services.get(name);
    if (!svc) {
      const def = this.schema.messages.get(name) ?? this.fallback?.messages.get(name);
      if (!def) throw new UsageError(`no local definition of message ${name}: check the name, or load the definitions that have it`);
      const leads = this.schema.replyOf.get(name) ?? this.fallback?.replyOf.get(name);
      const hint = leads?.length ? ` (it answers ${leads.join(', ')}: call that instead)` : ': use send() to write it without waiting';
      throw new UsageError(`${name} is not a request with a known reply${hint}`);
    }
    const request = this.require(name);
    if (request.contextOffset < 0 && svc.pattern !== 'none') {
      throw new UsageError(`${name} has no context field, so its reply cannot be told apart: use send()`);
    }
    const hasField = (f: string): boolean => request.def.bodyFields.some((x) => x.name === f);
    const plan: CallPlan = {
      request,
      pattern: svc.pattern,
      endId: -1,
      detailsId: -1,
      registers: svc.events.length > 0,
      fillsPid: svc.events.length > 0 && hasField('pid'),
      hasCursor: hasField('cursor'),
    };
    switch (svc.pattern) {
      case 'single':
        plan.endId = this.require(svc.reply!, name).id;
        break;
      case 'dump':
        plan.detailsId = this.require(svc.reply!, name).id;
        plan.ping = this.require('control_ping', name);
        plan.endId = this.require('control_ping_reply', name).id;
        break;
      case 'stream':
        plan.detailsId = this.require(svc.streamMsg!, name).id;
        plan.endId = this.require(svc.reply!, name).id;
        break;
      case 'none':
        break;
    }
    return plan;
  }
}
