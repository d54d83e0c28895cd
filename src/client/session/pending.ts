/**
 * Calls waiting for VPP, keyed by context, with their deadlines.
 *
 * The calls live in an array indexed by the context's low bits (a power-of-two table,
 * kept at most half full by doubling). Contexts are handed out counting up
 * (context.ts), skipping any whose slot is taken (`inUse`), so calls in flight sit in
 * consecutive slots and never share one: finding, adding and removing a call is an index,
 * and the table's memory stays put. A Map here grew and shrank its hash table with every
 * batch of pipelined calls; each discarded table kept pointers to the calls it held, and
 * once the garbage collector had moved such a table to the old generation, the calls and
 * replies it pointed to survived every young collection until a full one (measured: half
 * of all young objects surviving, calls three to four times slower). A context given to
 * add() whose slot another call holds (one not allocated through `inUse`) goes to a small
 * Map beside the table, so any u32 works.
 *
 * One timer serves every call: it is set for the earliest deadline and, when it fires,
 * expires what is due and re-arms for the next one. That costs one sweep per firing
 * instead of one timer per call, which matters with many thousands of calls in flight.
 *
 * A call that timed out or was aborted leaves its context "abandoned": a reply that still
 * comes for it is recognised (and dropped quietly) instead of being taken for a stray
 * message, and the context is not handed out again while remembered.
 */

/** What the table needs of an entry. */
export interface Deadlined {
  /** Date.now() value after which the call expires; Infinity for none. */
  deadline: number;
  /**
   * Set by the owner when something arrived for the call (a dump's details). A touched
   * call found due is given `timeoutMs` more instead of expiring: cheaper than reading
   * the clock for every detail, at the price of a timeout that counts from the last
   * message within one period.
   */
  touched?: boolean;
  timeoutMs?: number;
}

/** Abandoned contexts remembered at most (oldest forgotten first). */
const ABANDONED_CAP = 4096;

/** Slots of a new or emptied table (a power of two). */
const INITIAL_SLOTS = 256;

export class PendingTable<T extends Deadlined> {
  /** The call whose context's low bits are the index, or null. */
  private calls: (T | null)[] = new Array<T | null>(INITIAL_SLOTS).fill(null);
  /** The context of the call in the same slot. */
  private keys = new Uint32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;
  /** Calls whose slot was taken when added (contexts not allocated through inUse). */
  private readonly overflow = new Map<number, T>();
  private readonly abandoned = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** `onExpire` is called (after removal and abandonment) for each call whose deadline passed. */
  constructor(private readonly onExpire: (context: number, call: T) => void) {}

  get size(): number {
    return this.count + this.overflow.size;
  }

  get(context: number): T | undefined {
    const i = context & this.mask;
    const c = this.calls[i]!;
    if (c !== null && this.keys[i] === context) return c;
    return this.overflow.size === 0 ? undefined : this.overflow.get(context);
  }

  /**
   * True while the context belongs to a pending or abandoned call, or its slot is taken:
   * a context allocator asking this never gets one that would have to share a slot.
   */
  inUse(context: number): boolean {
    return (
      this.calls[context & this.mask] !== null ||
      (this.abandoned.size !== 0 && this.abandoned.has(context)) ||
      (this.overflow.size !== 0 && this.overflow.has(context))
    );
  }

  isAbandoned(context: number): boolean {
    return this.abandoned.size !== 0 && this.abandoned.has(context);
  }

  /** Registers a call (before its request is written); a context already pending is replaced. */
  add(context: number, call: T): void {
    if (this.count >= (this.mask + 1) >>> 1) this.grow();
    const i = context & this.mask;
    const held = this.calls[i]!;
    if (held === null) {
      this.calls[i] = call;
      this.keys[i] = context;
      this.count++;
    } else if (this.keys[i] === context) this.calls[i] = call;
    else this.overflow.set(context, call);
    if (call.deadline < this.timerAt) this.arm(call.deadline);
  }

  /** Removes a finished call; false when none had this context. */
  delete(context: number): boolean {
    const i = context & this.mask;
    if (this.calls[i] !== null && this.keys[i] === context) {
      this.calls[i] = null;
      this.count--;
      return true;
    }
    return this.overflow.size !== 0 && this.overflow.delete(context);
  }

  /** Removes a call that will not be finished, remembering its context. */
  abandon(context: number): void {
    this.delete(context);
    if (this.abandoned.size >= ABANDONED_CAP) {
      const oldest = this.abandoned.values().next().value as number;
      this.abandoned.delete(oldest);
    }
    this.abandoned.add(context);
  }

  /** Empties the table (abandoned contexts too, its size back to the start) and returns what was pending. */
  drain(): T[] {
    const all = this.entries().map(([, call]) => call);
    this.calls = new Array<T | null>(INITIAL_SLOTS).fill(null);
    this.keys = new Uint32Array(INITIAL_SLOTS);
    this.mask = INITIAL_SLOTS - 1;
    this.count = 0;
    this.overflow.clear();
    this.abandoned.clear();
    this.disarm();
    return all;
  }

  /** Makes sure the timer fires by `at` (deadlines of calls already added were set). */
  armBy(at: number): void {
    if (at < this.timerAt) this.arm(at);
  }

  /** Moves a call's deadline (a stream page arrived); never earlier than the armed timer needs. */
  extend(call: T, deadline: number): void {
    call.deadline = deadline;
    if (deadline < this.timerAt) this.arm(deadline);
  }

  /** Every pending call with its context, in slot order, then the overflow's. */
  private entries(): [number, T][] {
    const out: [number, T][] = [];
    for (let i = 0; i < this.calls.length; i++) {
      const c = this.calls[i]!;
      if (c !== null) out.push([this.keys[i]!, c]);
    }
    for (const e of this.overflow) out.push(e);
    return out;
  }

  /**
   * Doubles the table. Two contexts in different slots stay apart: with one more bit of
   * the context as index, slot i's call moves to i or i + the old size.
   */
  private grow(): void {
    const size = (this.mask + 1) * 2;
    const calls = new Array<T | null>(size).fill(null);
    const keys = new Uint32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.calls.length; i++) {
      const c = this.calls[i]!;
      if (c === null) continue;
      const k = this.keys[i]!;
      calls[k & mask] = c;
      keys[k & mask] = k;
    }
    this.calls = calls;
    this.keys = keys;
    this.mask = mask;
  }

  private arm(at: number): void {
    this.disarm();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, at - Date.now()) + 1);
    // The socket keeps the process alive while calls are pending; the timer need not.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    const due: [number, T][] = [];
    let next = Infinity;
    for (const [ctx, call] of this.entries()) {
      if (call.deadline <= now && call.touched === true) {
        call.touched = false;
        call.deadline = now + (call.timeoutMs ?? 0);
      }
      if (call.deadline <= now) due.push([ctx, call]);
      else if (call.deadline < next) next = call.deadline;
    }
    for (const [ctx] of due) this.abandon(ctx);
    if (next !== Infinity) this.arm(next);
    for (const [ctx, call] of due) this.onExpire(ctx, call);
  }
}
