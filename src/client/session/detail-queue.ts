/**
 * The iterator behind Session.iterate(): details are pushed as they arrive and pulled by
 * the consumer; the end (with the final reply of a modern stream as the iterator's return
 * value) or a failure closes it. The reader never waits for the consumer: details wait in
 * the queue (VPP cannot be paused, and a dump is finite).
 */
export class DetailQueue<T = Record<string, unknown>, R = unknown> implements AsyncIterableIterator<T, R> {
  private items: T[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<T, R>) => void; reject: (e: unknown) => void } | null = null;
  private finished = false;
  private result: R | undefined;
  private error: unknown = null;

  /** `cancel` is called once when the consumer stops before the end (break, return()). */
  constructor(private readonly cancel: () => void) {}

  get done(): boolean {
    return this.finished;
  }

  push(item: T): void {
    if (this.finished) return;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  /** The last message came; `result` becomes the iterator's return value. */
  end(result: R): void {
    if (this.finished) return;
    this.finished = true;
    this.result = result;
    const w = this.waiter;
    this.waiter = null;
    w?.resolve({ value: result, done: true });
  }

  /** The call failed: details already queued are still delivered, then `err` is thrown. */
  fail(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.error = err;
    const w = this.waiter;
    this.waiter = null;
    if (w) {
      this.error = null;
      w.reject(err);
    }
  }

  next(): Promise<IteratorResult<T, R>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head]!;
      this.items[this.head++] = undefined as T;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.error !== null) {
      const e = this.error;
      this.error = null;
      return Promise.reject(e);
    }
    if (this.finished) return Promise.resolve({ value: this.result as R, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stops early: the call is abandoned (later details are dropped quietly). */
  return(): Promise<IteratorResult<T, R>> {
    if (!this.finished) {
      this.finished = true;
      this.cancel();
    }
    this.items = [];
    this.head = 0;
    this.error = null;
    return Promise.resolve({ value: this.result as R, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
