/**
 * Calls in flight on one session: contexts, the pending map, writing requests and
 * routing what comes back (docs/protocol.md §3, §4). Every frame read is routed from its id
 * and the context read straight from its bytes (at the definition's offset) before
 * anything is decoded:
 *
 * | frame                                   | goes to                                  |
 * |-----------------------------------------|------------------------------------------|
 * | id without matching local definition    | warning EUNKNOWNID, skipped              |
 * | memclnt_keepalive                       | answered: keepalive_reply, same context  |
 * | context of a pending call               | that call (details, end, -165 resend)    |
 * | context of an abandoned call            | dropped quietly (late reply)             |
 * | event, or context 0                     | event subscribers (decoded only if any)  |
 * | any other context                       | warning ESTRAY, skipped                  |
 */
import type { Bindings, Bound, CallPlan } from './bindings.js';
import { ContextAllocator } from './context.js';
import type { DetailQueue } from './detail-queue.js';
import type { EventHub, WarnFn } from './events.js';
import type { Link } from './link.js';
import { PendingTable, type Deadlined } from './pending.js';
import { RETVAL_EAGAIN, retvalInfo } from './retvals.js';
import { AbortedError, RetvalError, TimeoutError } from './errors.js';
import { FRAME_HEADER_SIZE, writeFrameHeader } from '../transport/framing.js';

export type Msg = Record<string, unknown>;

export const EMPTY: Msg = Object.freeze({}) as Msg;

function isEmpty(o: Msg): boolean {
  if (o === EMPTY) return true;
  for (const _ in o) return false;
  return true;
}

export interface CallOptions {
  /**
   * Default the session's timeoutMs. It counts from when the request is written (at the
   * end of the tick the call was made in: the clock is read once per write, not per call).
   * For dumps and streams it counts from the last message received (checked once per
   * period, so a silence is noticed after one to two periods).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default true: a non-zero retval rejects with RetvalError. */
  checkRetval?: boolean;
  /**
   * A lookup the program makes for itself (an interface table to resolve a name), not a
   * request its user asked for: Session.isOwnContext() says so to a frame observer, so
   * that a recording can mark it and a replay leave it out.
   */
  own?: boolean;
}

/** Arguments their caller will never change (markFixed). */
const fixedArgs = new WeakSet<Msg>();

/**
 * Marks `args` as never to change: a call with it is encoded once per connection and per
 * message, and later calls send that frame again with their own context (the encoder
 * skipped). The caller keeps the promise (the plan's line memo freezes what it marks).
 * Throws nothing.
 */
export function markFixed(args: Msg): void {
  fixedArgs.add(args);
}

/**
 * Where a call made with Calls.callInto ends, instead of a promise: `settled` is called
 * once, with `error` undefined and the value call() would resolve with, or with the error
 * it would reject with. It is called synchronously as the answer is read (or the call
 * fails), so it must not throw and should not wait.
 */
export interface CallSink<T> {
  settled(token: T, value: unknown, error: unknown): void;
}

/** What call() gives for a modern stream. */
export interface StreamResult {
  details: Record<string, unknown>[];
  reply: Record<string, unknown>;
}

/** One request in flight. A class, so that a call costs one object (and its promise). */
class Call implements Deadlined {
  /** Infinity until the request is written (Calls.stampDeadlines). */
  deadline = Infinity;
  /** Its context, once started. */
  ctx = 0;
  touched = false;
  received = 0;
  /** `received` when the last page of a stream was asked for. */
  receivedAtPage = 0;
  pages = 1;
  details: Msg[] | null = null;
  queue: DetailQueue<Msg, unknown> | null = null;
  resolve: ((v: unknown) => void) | null = null;
  reject: ((e: unknown) => void) | null = null;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  /** Set by callInto: told of the end instead of resolve/reject. */
  sink: CallSink<unknown> | null = null;
  token: unknown = undefined;
  constructor(
    readonly plan: CallPlan,
    public args: Msg,
    readonly timeoutMs: number,
    readonly checkRetval: boolean,
  ) {}
}

/**
 * The promise executor of every call: hands its resolving functions to `capturing`, the
 * call being set up. One shared function instead of a closure (and its context) per call.
 */
let capturing: Call | null = null;
function capture(resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
  capturing!.resolve = resolve;
  capturing!.reject = reject;
}

/** A new promise whose resolving functions `call` holds. */
function promiseOf(call: Call): Promise<unknown> {
  capturing = call;
  const p = new Promise(capture);
  capturing = null;
  return p;
}

/** The calls of one session; `link`, `bindings` and `clientIndex` are set per connection. */
export class Calls {
  link: Link | undefined;
  private bindings!: Bindings;
  private clientIndex = 0;
  private keepaliveId = -1;
  private readonly contexts = new ContextAllocator();
  private readonly inUse = (c: number): boolean => this.pending.inUse(c);
  /** Contexts of the calls in flight made with `own`. */
  private readonly own = new Set<number>();
  private readonly pending = new PendingTable<Call>((ctx, call) => this.expire(ctx, call));
  /**
   * Calls started since the last write, whose deadlines are set when it happens
   * (stampDeadlines): one clock read per write instead of one per call, which cost more
   * than the rest of a call's set-up. Slots up to `unstampedCount` are in use; the rest null.
   */
  private unstamped: (Call | null)[] = [];
  private unstampedCount = 0;

  constructor(
    private readonly hub: EventHub,
    private readonly warn: WarnFn,
    private readonly timeoutMs: number,
  ) {}

  /** Calls waiting for VPP. */
  get size(): number {
    return this.pending.size;
  }

  /** A context for a message sent outside a call (the handshake). */
  nextContext(): number {
    return this.contexts.next(this.inUse);
  }

  /** Uses a connection's bindings (every message's id) and handle from now on. */
  bind(bindings: Bindings, clientIndex: number): void {
    this.bindings = bindings;
    this.clientIndex = clientIndex;
    this.keepaliveId = bindings.get('memclnt_keepalive')?.id ?? -1;
  }

  /** A request with a reply pattern: resolves as Session.call() says. @throws as Session.call() (nothing sent). */
  call(plan: CallPlan, args: Msg, opts: CallOptions | undefined): Promise<unknown> {
    if (plan.pattern === 'none') {
      this.write(plan.request, args, this.contexts.next(this.inUse));
      return Promise.resolve(undefined);
    }
    let call: Call;
    try {
      call = this.prepare(plan, args, opts);
    } catch (e) {
      return Promise.reject(e);
    }
    if (plan.pattern !== 'single') call.details = [];
    const p = promiseOf(call);
    try {
      this.start(call, opts?.signal, opts?.own);
    } catch (e) {
      call.reject!(e);
    }
    return p;
  }

  /**
   * call() with its end told to `sink` (with `token`) instead of a promise: a caller
   * making thousands of calls (a script) then costs no promise or closure per call.
   * @throws as Session.call() (nothing sent).
   */
  callInto<T>(plan: CallPlan, args: Msg, opts: CallOptions | undefined, sink: CallSink<T>, token: T): void {
    if (plan.pattern === 'none') {
      this.write(plan.request, args, this.contexts.next(this.inUse));
      // Never from inside the caller's own call: its sink may call again.
      queueMicrotask(() => sink.settled(token, undefined, undefined));
      return;
    }
    const call = this.prepare(plan, args, opts);
    if (plan.pattern !== 'single') call.details = [];
    call.sink = sink as CallSink<unknown>;
    call.token = token;
    this.start(call, opts?.signal, opts?.own);
  }

  /** A dump or stream into `q`; returns the context. @throws as Session.call() (nothing sent). */
  iterate(plan: CallPlan, args: Msg, opts: CallOptions | undefined, q: DetailQueue<Msg, unknown>): number {
    const call = this.prepare(plan, args, opts);
    call.queue = q;
    return this.start(call, opts?.signal, opts?.own);
  }

  /** Stops a call whose consumer left (iterate). Throws nothing. */
  cancel(ctx: number): void {
    const call = this.pending.get(ctx);
    if (call) this.settle(ctx, call, new AbortedError(call.plan.request.name), true);
  }

  /** One message, no waiting; its answers are dropped quietly. @throws EncodeError. */
  send(b: Bound, args: Msg): number {
    const ctx = b.contextOffset >= 0 ? this.contexts.next(this.inUse) : 0;
    this.write(b, args, ctx);
    if (ctx !== 0) this.pending.abandon(ctx);
    return ctx;
  }

  /** A call made outside the running state (sockclnt_delete while disconnecting). */
  internal(plan: CallPlan, args: Msg, timeoutMs: number): Promise<unknown> {
    const call = new Call(plan, args, timeoutMs, false);
    const p = promiseOf(call);
    try {
      this.start(call, undefined);
    } catch (e) {
      call.reject!(e);
    }
    return p;
  }

  /**
   * Sets the deadline of every call started since the last write, from now (the link
   * calls this as it writes). Throws nothing.
   */
  stampDeadlines(): void {
    const n = this.unstampedCount;
    if (n === 0) return;
    const list = this.unstamped;
    const now = Date.now();
    let first = Infinity;
    for (let i = 0; i < n; i++) {
      const call = list[i]!;
      list[i] = null;
      // A call already settled (aborted, failed) is no longer the one at its context.
      if (this.pending.get(call.ctx) !== call) continue;
      const d = now + call.timeoutMs;
      call.deadline = d;
      if (d < first) first = d;
    }
    this.unstampedCount = 0;
    // A burst of many calls leaves no big array behind.
    if (list.length > 65_536) this.unstamped = [];
    if (first !== Infinity) this.pending.armBy(first);
  }

  /** Fails every pending call (and forgets abandoned contexts). Throws nothing. */
  failAll(err: Error): void {
    this.unstamped.fill(null, 0, this.unstampedCount);
    this.unstampedCount = 0;
    for (const call of this.pending.drain()) {
      if (call.onAbort !== undefined) call.signal!.removeEventListener('abort', call.onAbort);
      if (call.queue !== null) call.queue.fail(err);
      else if (call.sink !== null) call.sink.settled(call.token, undefined, err);
      else call.reject!(err);
    }
  }

  /** The frame of `b` with header, client_index and context written in place. */
  private frame(b: Bound, args: Msg, ctx: number): Buffer {
    const f = b.codec().encode(b.id, args, FRAME_HEADER_SIZE);
    writeFrameHeader(f, f.length - FRAME_HEADER_SIZE);
    if (b.clientIndexOffset >= 0) f.writeUInt32BE(this.clientIndex, FRAME_HEADER_SIZE + b.clientIndexOffset);
    if (b.contextOffset >= 0) f.writeUInt32BE(ctx, FRAME_HEADER_SIZE + b.contextOffset);
    return f;
  }

  private prepare(plan: CallPlan, args: Msg, opts: CallOptions | undefined): Call {
    if (opts?.signal?.aborted) throw new AbortedError(plan.request.name, { cause: opts.signal.reason });
    const a = plan.fillsPid && args.pid === undefined ? { ...args, pid: process.pid } : args;
    return new Call(plan, a, opts?.timeoutMs ?? this.timeoutMs, opts?.checkRetval ?? true);
  }

  /**
   * The request's frame without arguments, made once per connection: a call without
   * arguments then costs a copy and a context, not an encode.
   */
  private template(b: Bound): Buffer {
    return (b.template ??= this.frame(b, EMPTY, 0));
  }

  /**
   * The frame of `args` to send again with another context: the template of a call
   * without arguments, or of arguments marked fixed (made on first use); undefined when
   * `args` is to be encoded per call. @throws EncodeError (nothing kept).
   */
  private kept(b: Bound, args: Msg): Buffer | undefined {
    if (b.contextOffset < 0) return undefined;
    if (isEmpty(args)) return this.template(b);
    if (!fixedArgs.has(args)) return undefined;
    const frames = (b.fixed ??= new WeakMap());
    let f = frames.get(args);
    if (f === undefined) frames.set(args, (f = this.frame(b, args, 0)));
    return f;
  }

  /** Encodes (may throw, nothing written) and queues one message. */
  private write(b: Bound, args: Msg, ctx: number): void {
    const kept = this.kept(b, args);
    if (kept !== undefined) this.link!.sendPatched(kept, FRAME_HEADER_SIZE + b.contextOffset, ctx);
    else this.link!.send(this.frame(b, args, ctx));
  }

  /** Encodes (may throw, nothing registered yet), registers, then queues the write. */
  private start(call: Call, signal: AbortSignal | undefined, own = false): number {
    const ctx = this.contexts.next(this.inUse);
    const req = call.plan.request;
    const kept = this.kept(req, call.args);
    const frame = kept ?? this.frame(req, call.args, ctx);
    const ping = call.plan.ping;
    if (ping) this.template(ping);
    if (own) this.own.add(ctx);
    call.ctx = ctx;
    this.pending.add(ctx, call);
    if (call.timeoutMs > 0 && call.timeoutMs !== Infinity) this.unstamped[this.unstampedCount++] = call;
    if (signal) {
      call.signal = signal;
      call.onAbort = () => this.settle(ctx, call, new AbortedError(req.name, { cause: signal.reason }), true);
      signal.addEventListener('abort', call.onAbort, { once: true });
    }
    if (kept !== undefined) this.link!.sendPatched(frame, FRAME_HEADER_SIZE + req.contextOffset, ctx);
    else this.link!.send(frame);
    if (ping) this.link!.sendPatched(ping.template!, FRAME_HEADER_SIZE + ping.contextOffset, ctx);
    return ctx;
  }


  /**
   * Routes one frame read, the payload `p[start, end)` (see the table above); `p` is
   * borrowed (valid during the call only: what is kept is decoded out of it). Throws nothing.
   */
  receive(p: Buffer, start = 0, end = p.length): void {
    const id = (p[start]! << 8) | p[start + 1]!;
    const b = this.bindings.byId(id);
    if (b === undefined) return this.unknownId(id);
    if (id === this.keepaliveId) return this.keepalive(b, p, start, end);
    let ctx = 0;
    const off = b.contextOffset;
    if (off >= 0) {
      if (end - start < off + 4) return this.warn('EDECODE', `${b.name}: ${end - start}-byte payload too short for its context; skipped`);
      ctx = p.readUInt32BE(start + off);
    }
    if (ctx !== 0) {
      const call = this.pending.get(ctx);
      if (call !== undefined) return this.onCallMessage(ctx, call, b, p, start, end);
      if (this.pending.isAbandoned(ctx)) return;
    }
    if (b.isEvent || ctx === 0) return this.onEvent(b, p, start, end);
    this.warn('ESTRAY', `${b.name} with context ${ctx} matches no pending call; skipped`);
  }

  private onCallMessage(ctx: number, call: Call, b: Bound, p: Buffer, start: number, end: number): void {
    const plan = call.plan;
    if (b.id === plan.detailsId) {
      let msg: Msg;
      try {
        msg = this.decode(b, p, start, end);
      } catch (e) {
        return this.settle(ctx, call, e, true);
      }
      call.received++;
      call.touched = true;
      if (call.queue !== null) call.queue.push(msg);
      else call.details!.push(msg);
      return;
    }
    if (b.id !== plan.endId) {
      return this.warn('EUNEXPECTED', `${b.name} arrived for ${plan.request.name} (context ${ctx}); skipped`);
    }
    if (plan.pattern === 'dump') return this.settle(ctx, call, undefined, false, call.details);
    let msg: Msg;
    try {
      msg = this.decode(b, p, start, end);
    } catch (e) {
      return this.settle(ctx, call, e, false);
    }
    const retval = msg.retval;
    if (retval === RETVAL_EAGAIN && plan.pattern === 'stream' && plan.hasCursor) {
      call.args = { ...call.args, cursor: msg.cursor };
      call.pages++;
      // Only a page that brought details moves the deadline: a peer answering -165 without
      // progress would otherwise keep the call, and the socket, busy for ever.
      if (call.deadline !== Infinity && call.received > call.receivedAtPage) this.pending.extend(call, Date.now() + call.timeoutMs);
      call.receivedAtPage = call.received;
      this.write(plan.request, call.args, ctx);
      return;
    }
    if (typeof retval === 'number' && retval !== 0 && call.checkRetval) {
      return this.settle(ctx, call, RetvalError.from(plan.request.name, retval, retvalInfo(retval), msg), false);
    }
    if (plan.pattern === 'stream') {
      if (call.queue !== null) return this.settle(ctx, call, undefined, false, msg);
      return this.settle(ctx, call, undefined, false, { details: call.details!, reply: msg } satisfies StreamResult);
    }
    this.settle(ctx, call, undefined, false, msg);
  }

  /** Whether `ctx` belongs to a call in flight made with `own` (CallOptions). Throws nothing. */
  isOwn(ctx: number): boolean {
    return this.own.has(ctx);
  }

  /**
   * Ends a call: with `err` (abandoning the context when more may come for it) or with
   * `value`. Throws nothing.
   */
  private settle(ctx: number, call: Call, err: unknown, abandon: boolean, value?: unknown): void {
    if (this.own.size !== 0) this.own.delete(ctx);
    if (abandon) this.pending.abandon(ctx);
    else this.pending.delete(ctx);
    if (call.onAbort !== undefined) call.signal!.removeEventListener('abort', call.onAbort);
    if (err !== undefined) {
      if (call.queue !== null) call.queue.fail(err);
      else if (call.sink !== null) call.sink.settled(call.token, undefined, err);
      else call.reject!(err);
    } else if (call.queue !== null) call.queue.end(value);
    else if (call.sink !== null) call.sink.settled(call.token, value, undefined);
    else call.resolve!(value);
  }

  private expire(ctx: number, call: Call): void {
    const plan = call.plan;
    const progress =
      plan.pattern === 'dump'
        ? `${call.received} details, no control_ping_reply`
        : plan.pattern === 'stream'
          ? `${call.received} details in ${call.pages} page(s), no final reply`
          : undefined;
    this.settle(ctx, call, new TimeoutError(plan.request.name, call.timeoutMs, progress), true);
  }

  /** Decodes `p[start, end)` and leaves out the header fields. @throws DecodeError. */
  private decode(b: Bound, p: Buffer, start: number, end: number): Msg {
    return b.codec().decodeBody(p, start, end);
  }

  private onEvent(b: Bound, p: Buffer, start: number, end: number): void {
    if (!this.hub.wants(b.name)) return;
    let msg: Msg;
    try {
      msg = this.decode(b, p, start, end);
    } catch (e) {
      return this.warn('EDECODE', `event ${b.name} does not decode: ${(e as Error).message}; skipped`, e);
    }
    this.hub.dispatch(b.name, msg);
  }

  /** memclnt_keepalive → memclnt_keepalive_reply with the same context and retval 0. */
  private keepalive(b: Bound, p: Buffer, start: number, end: number): void {
    const reply = this.bindings.get('memclnt_keepalive_reply');
    if (!reply || b.contextOffset < 0 || end - start < b.contextOffset + 4) return;
    this.write(reply, EMPTY, p.readUInt32BE(start + b.contextOffset));
  }

  private unknownId(id: number): void {
    const e = this.bindings.table.byId(id);
    this.warn(
      'EUNKNOWNID',
      e ? `message ${e.key} (id ${id}) has no matching local definition; skipped` : `message id ${id} is not in VPP's message table; skipped`,
      { id, key: e?.key },
    );
  }
}
