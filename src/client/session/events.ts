/**
 * Event delivery. Events (messages without a context, after a `want_*` registration)
 * arrive interleaved with replies; the reader hands each one here and goes on reading:
 *
 * - a callback subscriber is called at once; if it throws, the error becomes a warning;
 * - an iterator subscriber has its own queue; when the consumer falls `highWaterMark`
 *   events behind, the oldest is dropped (counted in `dropped`, one warning per episode)
 *   rather than holding up replies or growing without bound.
 */

export interface EventItem {
  name: string;
  msg: Record<string, unknown>;
}

export type EventHandler = (name: string, msg: Record<string, unknown>) => void;
export type WarnFn = (code: string, message: string, detail?: unknown) => void;

/** An `events()` subscription: an async iterator that can be closed from outside. */
export class EventQueue implements AsyncIterableIterator<EventItem> {
  /** Events dropped because the consumer was `highWaterMark` behind. */
  dropped = 0;
  private items: EventItem[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<EventItem>) => void) | null = null;
  private ended = false;
  private overflowing = false;

  constructor(
    readonly highWaterMark: number,
    private readonly warn: WarnFn,
    private readonly onClose: (q: EventQueue) => void,
  ) {}

  /** Called by the hub; never blocks. */
  push(item: EventItem): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w({ value: item, done: false });
      return;
    }
    if (this.items.length - this.head >= this.highWaterMark) {
      this.head++;
      this.dropped++;
      if (!this.overflowing) {
        this.overflowing = true;
        this.warn('EOVERFLOW', `event queue full (${this.highWaterMark} unread): dropping the oldest events until the consumer catches up`);
      }
    }
    this.items.push(item);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  next(): Promise<IteratorResult<EventItem>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as EventItem;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
        this.overflowing = false;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Ends the subscription; events already queued are discarded. */
  return(): Promise<IteratorResult<EventItem>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the subscription (a pending `next()` resolves as done). Throws nothing. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.items = [];
    this.head = 0;
    const w = this.waiter;
    this.waiter = null;
    w?.({ value: undefined, done: true });
    this.onClose(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface Sub {
  /** null: every event. */
  names: ReadonlySet<string> | null;
  handler?: EventHandler;
  queue?: EventQueue;
}

export class EventHub {
  /** Replaced, never mutated, so that a dispatch in progress is not disturbed. */
  private subs: readonly Sub[] = [];

  constructor(private readonly warn: WarnFn) {}

  /** True when some subscriber takes `name` (decide before decoding). */
  wants(name: string): boolean {
    for (const s of this.subs) if (s.names === null || s.names.has(name)) return true;
    return false;
  }

  /** Adds a callback; returns the function that removes it. Throws nothing. */
  subscribe(names: ReadonlySet<string> | null, handler: EventHandler): () => void {
    const sub: Sub = { names, handler };
    this.subs = [...this.subs, sub];
    return () => this.remove(sub);
  }

  /** Adds an iterator subscription. Throws nothing. */
  iterator(names: ReadonlySet<string> | null, highWaterMark: number): EventQueue {
    const sub: Sub = { names };
    sub.queue = new EventQueue(highWaterMark, this.warn, () => this.remove(sub));
    this.subs = [...this.subs, sub];
    return sub.queue;
  }

  dispatch(name: string, msg: Record<string, unknown>): void {
    for (const s of this.subs) {
      if (s.names !== null && !s.names.has(name)) continue;
      if (s.queue) s.queue.push({ name, msg });
      else {
        try {
          s.handler!(name, msg);
        } catch (e) {
          this.warn('EHANDLER', `an event handler for ${name} threw: ${(e as Error)?.message ?? String(e)}`, e);
        }
      }
    }
  }

  /** Ends every iterator (the connection is gone); callbacks stay for the next connection. */
  endIterators(): void {
    for (const s of this.subs) s.queue?.close();
  }

  private remove(sub: Sub): void {
    this.subs = this.subs.filter((s) => s !== sub);
  }
}
