/**
 * `session.typed()`: the session's own call, dump, iterate and subscribe under the types
 * of an Api (types.ts). At run time each method is the session's, plus one check per
 * connection and message: with the bindings' CRCs given, each message a call involves
 * (request, reply, details, events) is compared once against VPP's message table and the
 * session's definitions (check.ts); a mismatch fails the call before anything is sent.
 */
import type { CallOptions, Msg } from '../session/calls.js';
import type { EventHandler, EventItem } from '../session/events.js';
import type { Schema } from '../schema/model.js';
import type { MessageTable } from '../session/message-table.js';
import { type BindingRow, BindingsMismatchError, classifyOne, compareBindings } from './check.js';
import type { ApiBindings, ApiShape, CallResult, EventName, EventOf, RequestArgs, StreamRequest, TypedEventHandler } from './types.js';

/**
 * What the view uses of a Session (written out rather than imported: the Session class
 * creates views, so importing it here would make a circle).
 */
export interface SessionLike {
  readonly state: string;
  readonly table: MessageTable;
  readonly schema: Schema;
  call(name: string, args?: Msg, opts?: CallOptions): Promise<unknown>;
  iterate(name: string, args?: Msg, opts?: CallOptions): AsyncIterableIterator<Msg, unknown>;
  subscribe(events: string | string[], handler: EventHandler): () => void;
  events(events: string | string[], opts?: { highWaterMark?: number }): AsyncIterableIterator<EventItem> & { close(): void };
}

/** The typed view of a session (see the file comment). */
export interface TypedSession<Api extends ApiShape<Api>> {
  /** The session underneath, for what the view does not cover. */
  readonly session: SessionLike;
  /**
   * As Session.call(): single → the reply, dump → the details, stream → { details, reply },
   * none → undefined.
   * Rejects as Session.call(), and with BindingsMismatchError when a message it involves differs.
   */
  call<K extends keyof Api & string>(name: K, ...args: RequestArgs<Api[K]>): Promise<CallResult<Api[K]>>;
  /** The details of a dump or stream as an array. Rejects as call(). */
  dump<K extends StreamRequest<Api>>(name: K, ...args: RequestArgs<Api[K]>): Promise<Api[K]['details'][]>;
  /** As Session.iterate(); the final reply of a stream is the iterator's return value. Throws from the iterator as call() rejects. */
  iterate<K extends StreamRequest<Api>>(name: K, ...args: RequestArgs<Api[K]>): AsyncIterableIterator<Api[K]['details'], Api[K]['reply'] | undefined>;
  /**
   * As Session.subscribe() for the events named. Returns the unsubscribe function.
   * @throws UsageError (no local definition), BindingsMismatchError.
   */
  subscribe<E extends EventName<Api>>(events: E | readonly E[], handler: TypedEventHandler<Api, E>): () => void;
  /** As Session.events(). @throws as subscribe(). */
  events<E extends EventName<Api>>(events: E | readonly E[], opts?: { highWaterMark?: number }): AsyncIterableIterator<{ name: E; msg: EventOf<Api, E> }> & { close(): void };
  /**
   * Every message of the bindings against this VPP (empty without bindings).
   * @throws StateError before the first connect.
   */
  check(): BindingRow[];
}

class View<Api extends ApiShape<Api>> implements TypedSession<Api> {
  private table: MessageTable | undefined;
  /** Request or event name → the rows that do not match, for the current table. */
  private verdicts = new Map<string, readonly BindingRow[]>();

  constructor(
    readonly session: SessionLike,
    private readonly crcs: { readonly [m: string]: string } | undefined,
  ) {}

  /** The messages `name` involves in the session's definitions. */
  private involved(name: string): string[] {
    const svc = this.session.schema.services.get(name);
    if (!svc) return [name];
    return [name, ...(svc.reply ? [svc.reply] : []), ...(svc.streamMsg ? [svc.streamMsg] : []), ...svc.events];
  }

  /** @throws BindingsMismatchError; StateError (from session.table) when not connected. */
  private verify(name: string): void {
    const crcs = this.crcs;
    if (!crcs || this.session.state !== 'running') return;
    const table = this.session.table;
    if (table !== this.table) {
      this.table = table;
      this.verdicts = new Map();
    }
    let bad = this.verdicts.get(name);
    if (bad === undefined) {
      bad = this.involved(name)
        .filter((m) => crcs[m] !== undefined)
        .map((m) => classifyOne(m, crcs[m]!, table, this.session.schema))
        .filter((r) => r.status !== 'available');
      this.verdicts.set(name, bad);
    }
    if (bad.length) throw new BindingsMismatchError(name, bad);
  }

  call<K extends keyof Api & string>(name: K, ...args: RequestArgs<Api[K]>): Promise<CallResult<Api[K]>> {
    try {
      this.verify(name);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.session.call(name, args[0] as Msg | undefined, args[1]) as Promise<CallResult<Api[K]>>;
  }

  async dump<K extends StreamRequest<Api>>(name: K, ...args: RequestArgs<Api[K]>): Promise<Api[K]['details'][]> {
    this.verify(name);
    const r = (await this.session.call(name, args[0] as Msg | undefined, args[1])) as unknown[] | { details: unknown[] };
    return (Array.isArray(r) ? r : r.details) as Api[K]['details'][];
  }

  iterate<K extends StreamRequest<Api>>(name: K, ...args: RequestArgs<Api[K]>): AsyncIterableIterator<Api[K]['details'], Api[K]['reply'] | undefined> {
    try {
      this.verify(name);
    } catch (e) {
      return failing(e);
    }
    return this.session.iterate(name, args[0] as Msg | undefined, args[1] as CallOptions | undefined) as AsyncIterableIterator<Api[K]['details'], Api[K]['reply'] | undefined>;
  }

  subscribe<E extends EventName<Api>>(events: E | readonly E[], handler: TypedEventHandler<Api, E>): () => void {
    const list = typeof events === 'string' ? [events] : [...events];
    for (const e of list) this.verify(e);
    return this.session.subscribe(list, handler as EventHandler);
  }

  events<E extends EventName<Api>>(events: E | readonly E[], opts?: { highWaterMark?: number }): AsyncIterableIterator<{ name: E; msg: EventOf<Api, E> }> & { close(): void } {
    const list = typeof events === 'string' ? [events] : [...events];
    for (const e of list) this.verify(e);
    return this.session.events(list, opts) as unknown as AsyncIterableIterator<{ name: E; msg: EventOf<Api, E> }> & { close(): void };
  }

  check(): BindingRow[] {
    const table = this.session.table;
    return this.crcs ? compareBindings(this.crcs, table, this.session.schema) : [];
  }
}

/** An iterator whose first next() rejects with `e` (iterate() reports failures there). */
function failing<T, R>(e: unknown): AsyncIterableIterator<T, R> {
  const it: AsyncIterableIterator<T, R> = {
    next: () => Promise.reject(e),
    return: (v?: R | PromiseLike<R>) => Promise.resolve({ value: v as R, done: true }),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/** The typed view of `session`; `bindings` (a generated index.ts's `VppApi` value) turns on the CRC check. Throws nothing. */
export function typedView<Api extends ApiShape<Api>>(session: SessionLike, bindings?: ApiBindings<Api>): TypedSession<Api> {
  return new View<Api>(session, bindings?.crcs);
}
