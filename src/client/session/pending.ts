/**
 * Calls waiting for VPP, keyed by context, with their deadlines.
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

export class PendingTable<T extends Deadlined> {
  private readonly calls = new Map<number, T>();
  private readonly abandoned = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** `onExpire` is called (after removal and abandonment) for each call whose deadline passed. */
  constructor(private readonly onExpire: (context: number, call: T) => void) {}

  get size(): number {
    return this.calls.size;
  }

  get(context: number): T | undefined {
    return this.calls.get(context);
  }

  /** True while the context belongs to a pending or abandoned call. */
  inUse(context: number): boolean {
    return this.calls.has(context) || this.abandoned.has(context);
  }

  isAbandoned(context: number): boolean {
    return this.abandoned.has(context);
  }

  /** Registers a call (before its request is written). */
  add(context: number, call: T): void {
    this.calls.set(context, call);
    if (call.deadline < this.timerAt) this.arm(call.deadline);
  }

  /** Removes a finished call. */
  delete(context: number): boolean {
    return this.calls.delete(context);
  }

  /** Removes a call that will not be finished, remembering its context. */
  abandon(context: number): void {
    this.calls.delete(context);
    if (this.abandoned.size >= ABANDONED_CAP) {
      const oldest = this.abandoned.values().next().value as number;
      this.abandoned.delete(oldest);
    }
    this.abandoned.add(context);
  }

  /** Empties the table (abandoned contexts too) and returns what was pending. */
  drain(): T[] {
    const all = [...this.calls.values()];
    this.calls.clear();
    this.abandoned.clear();
    this.disarm();
    return all;
  }

  /** Moves a call's deadline (a stream page arrived); never earlier than the armed timer needs. */
  extend(call: T, deadline: number): void {
    call.deadline = deadline;
    if (deadline < this.timerAt) this.arm(deadline);
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
    for (const [ctx, call] of this.calls) {
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
