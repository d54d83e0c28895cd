/**
 * One client connection to VPP's API socket: handshake, message table, calls, dumps,
 * streams, events, keepalives and disconnect (docs/protocol.md §2–§4, §7).
 *
 * Run states, and what each entry point does in them:
 *
 * | state         | connect     | call/iterate/send | disconnect          |
 * |---------------|-------------|-------------------|---------------------|
 * | idle          | starts      | StateError        | no-op               |
 * | connecting    | StateError  | StateError        | aborts the connect  |
 * | running       | StateError  | runs              | starts              |
 * | disconnecting | StateError  | StateError        | same promise        |
 * | closed        | reconnects  | StateError        | no-op               |
 *
 * Any number of calls may be in flight; each has its own context (never 0) and is found
 * again by the context read straight from the reply bytes. Frames written in one tick
 * leave in one write.
 */
import type { Duplex } from 'node:stream';
import { Bindings, type CallPlan } from './bindings.js';
import { Calls, EMPTY, type CallOptions, type CallSink, type Msg, type StreamResult } from './calls.js';
import { DetailQueue } from './detail-queue.js';
import { EventHub, type EventHandler, type EventItem, type EventQueue } from './events.js';
import { bootstrapSchema, parseSockclntCreateReply, sockclntCreateFrame } from './handshake.js';
import { Link, type WriteBatching } from './link.js';
import type { BlockingReader } from '../transport/blocking-read.js';
import type { FrameRangeHandler } from '../transport/framing.js';
import { DEFAULT_API_SOCKET } from '../defaults.js';
import type { Schema } from '../schema/model.js';
import type { FrameDirection } from '../types/recorded-message.js';
import { ClosedError, ProtocolError, StateError, TimeoutError, UsageError } from './errors.js';
import type { Classification, MessageTable } from './message-table.js';
import { type TypedSession, typedView } from '../typed/view.js';
import type { ApiBindings, ApiShape } from '../typed/types.js';

export type { CallOptions, CallSink, StreamResult };

export type SessionState = 'idle' | 'connecting' | 'running' | 'disconnecting' | 'closed';

export interface SessionWarning {
  /** EUNKNOWNID, ESTRAY, EUNEXPECTED, EDECODE, EHANDLER, EOVERFLOW, EDELETE, EOBSERVER. */
  code: string;
  message: string;
  detail?: unknown;
}

export interface SessionOptions {
  /** Default DEFAULT_API_SOCKET (client/defaults.ts). With `dial`, only the name of the target in messages. */
  socketPath?: string;
  /**
   * Opens the byte stream to VPP instead of connecting to `socketPath` (targets/: an
   * exec: target's child process). Called on every connect; throws TransportError.
   */
  dial?: (timeoutMs: number) => Promise<Duplex>;
  /** Local definitions. memclnt is taken from the built-in set where these lack it. */
  schema: Schema;
  /** Sent in sockclnt_create, shown by VPP's `show api clients`; default 'vppapi'. */
  clientName?: string;
  /** Default per-call timeout in ms (5000); 0 or Infinity: none. */
  timeoutMs?: number;
  /** Socket connect + handshake, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** How long disconnect() waits for sockclnt_delete_reply, in ms (default 1000). */
  disconnectTimeoutMs?: number;
  /** Largest frame payload accepted (default 64 MiB, see transport/framing.ts). */
  maxFrameSize?: number;
  /** Unknown ids, stray contexts, undecodable unsolicited frames, throwing handlers. */
  onWarning?: (w: SessionWarning) => void;
  /**
   * Sees every message sent and received on the connection, handshake included, as its
   * payload (id first, the 16-byte header left out), in the order they are queued or
   * arrive. The buffer is valid only during the call: copy what must be kept. A throwing
   * observer is reported as an EOBSERVER warning; the connection carries on. `session` is
   * this session (for its table and definitions, e.g. to decode).
   */
  onFrame?: (direction: FrameDirection, payload: Buffer, session: Session) => void;
}

export type { FrameDirection };

type Listener = (arg?: unknown) => void;

export class Session {
  readonly socketPath: string;
  readonly clientName: string;
  readonly timeoutMs: number;
  private _state: SessionState = 'idle';
  private writeBatching: WriteBatching = 'tick';
  private _schema: Schema;
  private _table: MessageTable | undefined;
  private _clientIndex = 0;
  private bindings: Bindings | undefined;
  private link: Link | undefined;
  /** Where a payload read goes (borrowed: Link's onFrame): the handshake's reply, then the calls. */
  private receive: FrameRangeHandler = () => {};
  private abortConnect: ((err: Error) => void) | undefined;
  private closing: Promise<void> | undefined;
  private closed: (() => void) | undefined;
  private readonly calls: Calls;
  private readonly hub: EventHub;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** `want_*` registrations VPP accepted on this connection: request name → arguments. */
  private readonly regs = new Map<string, Msg>();
  private readonly dispatch: FrameRangeHandler = (b, start, end) => this.calls.receive(b, start, end);
  private readonly stampDeadlines = (): void => this.calls.stampDeadlines();

  constructor(private readonly opts: SessionOptions) {
    this.socketPath = opts.socketPath ?? DEFAULT_API_SOCKET;
    this.clientName = opts.clientName ?? 'vppapi';
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this._schema = opts.schema;
    const warn = (code: string, message: string, detail?: unknown): void => this.warn(code, message, detail);
    this.hub = new EventHub(warn);
    this.calls = new Calls(this.hub, warn, this.timeoutMs);
  }

  /** How this session opens its byte stream when not by `socketPath` (SessionOptions.dial). */
  get dial(): SessionOptions['dial'] {
    return this.opts.dial;
  }

  get state(): SessionState {
    return this._state;
  }

  /** The local definitions in use. */
  get schema(): Schema {
    return this._schema;
  }

  /**
   * VPP's message table of the current (or last) connection.
   * @throws StateError before the first connect.
   */
  get table(): MessageTable {
    if (!this._table) throw new StateError('read the message table', this._state, 'connect first');
    return this._table;
  }

  /** This client's handle from sockclnt_create_reply (0 before the first connect). */
  get clientIndex(): number {
    return this._clientIndex;
  }

  /** Calls waiting for VPP. */
  get pendingCount(): number {
    return this.calls.size;
  }

  /**
   * Connects (or reconnects after a close): socket, sockclnt_create, message table.
   * @throws StateError unless idle or closed.
   * @throws TransportError (ENOENT, EACCES, ECONNREFUSED, ENOTSOCK, ETIMEDOUT, ...) with a hint.
   * @throws TimeoutError when VPP does not answer sockclnt_create in time.
   * @throws ProtocolError when the answer is not a registration.
   * @throws ClosedError when VPP closes the socket, or disconnect() is called, meanwhile.
   */
  async connect(): Promise<void> {
    const before = this._state;
    if (before !== 'idle' && before !== 'closed') {
      throw new StateError('connect', before, before === 'running' ? 'already connected' : 'wait for it to finish');
    }
    this._state = 'connecting';
    const timeoutMs = this.opts.connectTimeoutMs ?? 5000;
    let link: Link | undefined;
    try {
      link = await Link.open({
        path: this.socketPath,
        dial: this.opts.dial,
        timeoutMs,
        maxFrameSize: this.opts.maxFrameSize,
        onFrame: this.opts.onFrame
          ? (b, start, end) => {
              this.observe('receive', b.subarray(start, end));
              this.receive(b, start, end);
            }
          : (b, start, end) => this.receive(b, start, end),
        onClose: (err) => this.onLinkClose(link!, err),
        onSend: this.opts.onFrame ? (p) => this.observe('send', p) : undefined,
        onFlush: this.stampDeadlines,
        batching: this.writeBatching,
      });
      if (this._state !== 'connecting') throw new ClosedError('disconnect() was called while connecting');
      this.link = link;
      this.calls.link = link;
      // A new connection holds no registration: VPP ends them with the old one.
      this.regs.clear();
      await this.handshake(link, timeoutMs);
    } catch (e) {
      this.link = undefined;
      this.calls.link = undefined;
      link?.destroy();
      this.receive = () => {};
      // A failed connect leaves the state it started from; one cut short by disconnect(), closed.
      if (this._state === 'connecting') this._state = before;
      throw e;
    }
  }

  private handshake(link: Link, timeoutMs: number): Promise<void> {
    const ctx = this.calls.nextContext();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new TimeoutError('sockclnt_create', timeoutMs, 'handshake')), timeoutMs);
      const done = (err?: Error): void => {
        clearTimeout(timer);
        this.abortConnect = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.abortConnect = done;
      // Set up synchronously on the reply, so that frames after it in the same read are routed.
      this.receive = (b, start, end) => {
        this.receive = this.dispatch;
        try {
          const reg = parseSockclntCreateReply(b.subarray(start, end), ctx);
          this._clientIndex = reg.clientIndex;
          this._table = reg.table;
          this.rebind();
          this._state = 'running';
          done();
        } catch (e) {
          done(e as Error);
        }
      };
      link.send(sockclntCreateFrame(ctx, this.clientName));
    });
  }

  /**
   * Replaces the local definitions (e.g. after fetching them with get_api_json); while
   * connected, every message is classified again against the table. Throws nothing.
   */
  setSchema(schema: Schema): void {
    this._schema = schema;
    if (this._table) this.rebind();
  }

  private rebind(): void {
    const b = new Bindings(this._schema, this._table!, bootstrapSchema());
    this.bindings = b;
    this.calls.bind(b, this._clientIndex);
  }

  /**
   * How a local message stands against VPP's table.
   * @throws StateError before the first connect; UsageError for a name with no local definition.
   */
  availability(name: string): Classification {
    if (!this.bindings) throw new StateError(`check ${name}`, this._state, 'connect first');
    return this.bindings.classify(name);
  }

  /**
   * Calls `name` following its service (docs/protocol.md §4) and resolves with:
   * single → the reply; dump → the details (array); stream → { details, reply }, paged
   * through retval -165 with the reply's cursor; none → undefined once queued.
   * Decoded messages are plain objects without their header fields.
   * Rejects (nothing sent) with StateError, UsageError, UnavailableError, EncodeError,
   * AbortedError; later with RetvalError, TimeoutError, ClosedError, AbortedError,
   * DecodeError (the frame for this call did not decode; the connection stays).
   */
  call(name: string, args: Msg = EMPTY, opts?: CallOptions): Promise<unknown> {
    try {
      const plan = this.planFor('call', name);
      const p = this.calls.call(plan, args, opts);
      return plan.registers ? p.then((r) => this.noteRegistration(name, args, r)) : p;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * call(), its end told to `sink` with `token` (CallSink: synchronously, as the answer is
   * read) instead of a promise: for a caller making many calls (exec's script lines).
   * Never throws: what call() would reject with at once reaches the sink in a microtask.
   */
  callInto<T>(name: string, args: Msg, opts: CallOptions | undefined, sink: CallSink<T>, token: T): void {
    try {
      const plan = this.planFor('call', name);
      if (plan.registers) {
        // A registration is noted as call() notes it.
        this.call(name, args, opts).then((v) => sink.settled(token, v, undefined), (e: unknown) => sink.settled(token, undefined, e));
        return;
      }
      this.calls.callInto(plan, args, opts, sink, token);
    } catch (e) {
      queueMicrotask(() => sink.settled(token, undefined, e));
    }
  }

  /**
   * The `want_*` registrations VPP accepted on the current connection (request name →
   * the arguments given), so that a caller can make them again after a reconnect:
   * VPP ends every registration with the connection. Cleared on connect.
   */
  get registrations(): ReadonlyMap<string, Msg> {
    return this.regs;
  }

  /**
   * A want_* call succeeded: it enabled (its enable_disable / enable field non-zero, as
   * given or by default; a request with neither field) or disabled the registration.
   */
  private noteRegistration(name: string, args: Msg, reply: unknown): unknown {
    const f = this._schema.messages.get(name)?.bodyFields.find((x) => x.name === 'enable_disable' || x.name === 'enable');
    const flag = f ? (args[f.name] ?? f.options.default ?? 0) : 1;
    if (flag === 0 || flag === false || flag === 0n) this.regs.delete(name);
    else this.regs.set(name, args);
    return reply;
  }

  /**
   * A dump or stream as an async iterator of details, delivered as they arrive; for a
   * stream the final reply is the iterator's return value. Leaving the loop early
   * abandons the call. Errors as call(), thrown from the iterator; UsageError for a
   * request that is neither dump nor stream.
   */
  iterate(name: string, args: Msg = EMPTY, opts?: CallOptions): AsyncIterableIterator<Msg, unknown> {
    let ctx = 0;
    const q = new DetailQueue<Msg, unknown>(() => this.calls.cancel(ctx));
    try {
      const plan = this.planFor('iterate', name);
      if (plan.pattern !== 'dump' && plan.pattern !== 'stream') {
        throw new UsageError(`${name} is not a dump or stream (it is ${plan.pattern === 'none' ? 'without reply' : 'a single call'}): use call()`);
      }
      ctx = this.calls.iterate(plan, args, opts, q);
    } catch (e) {
      q.fail(e);
    }
    return q;
  }

  /**
   * This session under the types of `Api` (typed bindings: `vppapi generate ts`, or
   * `vppapi/core`): call, dump, iterate and subscribe checked at compile time. Given the
   * bindings' `VppApi` value, each message a call involves is first compared (once per
   * connection) with this VPP's CRC; see typed/view.ts. Throws nothing.
   */
  typed<Api extends ApiShape<Api>>(bindings?: ApiBindings<Api>): TypedSession<Api> {
    return typedView<Api>(this, bindings);
  }

  /**
   * Writes what is queued now, instead of at the end of the tick. For a caller that sends
   * one request and then has other work before it waits (exec: print the answer before,
   * read the next line): the request is on its way during that work. Throws nothing.
   */
  flush(): void {
    this.link?.flush();
  }

  /**
   * When requests queued by calls leave in one write (WriteBatching in link.ts): 'tick'
   * (the default) or 'turn', for a server whose many clients' requests arrive in separate
   * I/O callbacks. Kept across reconnects. Throws nothing.
   */
  batchWrites(mode: WriteBatching): void {
    this.writeBatching = mode;
    this.link?.setBatching(mode);
  }

  /**
   * For a caller that would now wait for answers and has nothing else to do meanwhile
   * (exec's script): writes what is queued, then waits up to `ms` in this thread for what
   * VPP sends and handles it as the event loop would (calls settle, events are handed
   * on; their callbacks run as microtasks once the caller yields). True when something
   * came; false when the caller must wait on the event loop as usual: nothing came in
   * time, a signal, the connection ending, or a connection this cannot read
   * (Link.readNow). `reader` is transport/blocking-read.ts's. Throws nothing.
   */
  readNow(reader: BlockingReader, ms: number): boolean {
    return this._state === 'running' && this.link !== undefined && this.link.readNow(reader, ms);
  }

  /**
   * Writes one message by name without waiting for anything; returns the context used
   * (0 when the message has none). client_index and context are filled in. Whatever VPP
   * answers with that context is dropped quietly.
   * @throws StateError, UsageError, UnavailableError, EncodeError.
   */
  send(name: string, args: Msg = EMPTY): number {
    this.assertRunning(`send ${name}`);
    return this.calls.send(this.bindings!.require(name), args);
  }

  /**
   * Calls `handler(name, msg)` for each event named (or every event for '*'). Register
   * with VPP separately (`want_*`). Returns the unsubscribe function. Handlers survive
   * reconnects; one that throws is reported as a warning.
   * @throws UsageError for a name without local definition.
   */
  subscribe(events: string | string[], handler: EventHandler): () => void {
    return this.hub.subscribe(this.eventNames(events), handler);
  }

  /**
   * The events named (or all for '*') as an async iterator; ends when the connection
   * closes or close() is called. Past `highWaterMark` unread (default 10000), the
   * oldest are dropped with a warning: the reader is never held up.
   * @throws UsageError for a name without local definition.
   */
  events(events: string | string[], opts: { highWaterMark?: number } = {}): EventQueue & AsyncIterableIterator<EventItem> {
    return this.hub.iterator(this.eventNames(events), opts.highWaterMark ?? 10_000);
  }

  /**
   * Sends sockclnt_delete, waits for its reply (response = 1), for VPP closing the
   * socket, or `disconnectTimeoutMs`, then closes. Every pending call fails with
   * ClosedError. Never rejects.
   */
  disconnect(): Promise<void> {
    switch (this._state) {
      case 'idle':
      case 'closed':
        return Promise.resolve();
      case 'disconnecting':
        return this.closing!;
      case 'connecting':
        this._state = 'closed';
        this.abortConnect?.(new ClosedError('disconnect() was called while connecting'));
        return Promise.resolve();
      case 'running':
        this.closing = this.goodbye().finally(() => (this.closing = undefined));
        return this.closing;
    }
  }

  private async goodbye(): Promise<void> {
    this._state = 'disconnecting';
    const link = this.link!;
    const gone = new Promise<void>((r) => (this.closed = r));
    this.calls.failAll(new ClosedError('the session was disconnected with the call pending'));
    try {
      const plan = this.bindings!.plan('sockclnt_delete');
      const reply = (await this.calls.internal(plan, { index: this._clientIndex }, this.opts.disconnectTimeoutMs ?? 1000)) as Msg;
      if (reply.response !== 1) this.warn('EDELETE', `sockclnt_delete answered response ${reply.response as number} (1 means success)`);
    } catch {
      // VPP closes at once after a successful delete, so a missing reply is normal.
    }
    link.end();
    await gone;
  }

  on(event: 'close', cb: (err?: Error) => void): this;
  on(event: 'warning', cb: (w: SessionWarning) => void): this;
  on(event: string, cb: (arg: never) => void): this {
    let s = this.listeners.get(event);
    if (!s) this.listeners.set(event, (s = new Set()));
    s.add(cb as Listener);
    return this;
  }

  off(event: 'close' | 'warning', cb: (arg: never) => void): this {
    this.listeners.get(event)?.delete(cb as Listener);
    return this;
  }

  private assertRunning(what: string): void {
    if (this._state !== 'running') {
      const hint = this._state === 'idle' || this._state === 'closed' ? 'call connect() first' : this._state === 'connecting' ? 'wait for connect() to finish' : 'the session is closing';
      throw new StateError(what, this._state, hint);
    }
  }

  private planFor(op: string, name: string): CallPlan {
    this.assertRunning(`${op} ${name}`);
    return this.bindings!.plan(name);
  }

  private onLinkClose(link: Link, err?: Error): void {
    // A link given up on (failed connect) may close later, even during the next connect.
    if (link !== this.link) return;
    if (this._state === 'connecting') {
      this.abortConnect?.(handshakeLost(this.socketPath, err));
      return;
    }
    const expected = this._state === 'disconnecting';
    this._state = 'closed';
    this.link = undefined;
    this.calls.link = undefined;
    this.receive = () => {};
    const closeErr = expected ? undefined : connectionLost(err);
    this.calls.failAll(closeErr ?? new ClosedError('the session was disconnected with the call pending'));
    this.hub.endIterators();
    this.closed?.();
    this.closed = undefined;
    this.emit('close', closeErr);
  }

  private eventNames(events: string | string[]): ReadonlySet<string> | null {
    const list = typeof events === 'string' ? [events] : events;
    if (list.includes('*')) return null;
    for (const n of list) {
      if (!this._schema.messages.has(n)) throw new UsageError(`no local definition of event ${n}: check the name`);
    }
    return new Set(list);
  }

  /**
   * Whether `ctx` is the context of a call in flight made with `own` (the program's own
   * lookup), for a frame observer: the request, its details and its ping share it. Throws nothing.
   */
  isOwnContext(ctx: number): boolean {
    return this.calls.isOwn(ctx);
  }

  private observe(direction: FrameDirection, payload: Buffer): void {
    const f = this.opts.onFrame;
    if (!f) return;
    try {
      f(direction, payload, this);
    } catch (e) {
      this.warn('EOBSERVER', `the frame observer failed: ${(e as Error).message}`, e);
    }
  }

  private warn(code: string, message: string, detail?: unknown): void {
    const w: SessionWarning = { code, message, detail };
    this.opts.onWarning?.(w);
    this.emit('warning', w);
  }

  private emit(event: string, arg: unknown): void {
    const s = this.listeners.get(event);
    if (!s) return;
    for (const cb of [...s]) {
      try {
        cb(arg);
      } catch {
        // A listener's failure is its own business; the session carries on.
      }
    }
  }
}

/**
 * Why a connect failed when the connection ended during the handshake. Bytes that cannot
 * be framed (a header announcing an impossible length, a close inside a frame) mean the
 * peer is not VPP's API socket, or a VPP that broke mid-answer: say so, with the cause,
 * rather than just "closed".
 */
function handshakeLost(path: string, err: Error | undefined): Error {
  if ((err as { code?: string } | undefined)?.code === 'EFRAME') {
    return new ProtocolError(`the answer to sockclnt_create cannot be read (${err!.message}): is ${path} VPP's API socket?`, { cause: err });
  }
  return new ClosedError(`VPP closed the connection during the handshake${err ? ` (${err.message})` : ''}`, { cause: err });
}

/**
 * Why a running connection ended. Bytes that cannot be framed make us drop it: say that,
 * rather than that VPP closed it.
 */
function connectionLost(err: Error | undefined): ClosedError {
  if ((err as { code?: string } | undefined)?.code === 'EFRAME') {
    return new ClosedError(`the connection to VPP was dropped: what VPP sent cannot be read (${err!.message})`, { cause: err });
  }
  return new ClosedError(`VPP closed the connection${err ? ` (${err.message})` : ''}`, { cause: err });
}
