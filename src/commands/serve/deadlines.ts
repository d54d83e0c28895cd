/**
 * Deadlines that share one timer: the bound on a request body's arrival. Every body over
 * plain HTTP is waited for (node:http runs the handler once the headers are parsed, and
 * parses the body of the same packet only after the microtasks that follow), so a timer of
 * its own per request (made, inserted, cleared) was a cost of every request. Here a
 * deadline is an entry in a queue; all in one queue have the same length, so they expire in
 * the order they were made, and one timer waits for the first entry not yet cancelled.
 * Cancelled entries at the front are dropped as new ones come, so the queue holds no more
 * than the bodies still arriving and those made after the oldest of them.
 */

/** One deadline: cancel() before it expires and its callback is never called. */
export interface Deadline {
  cancel(): void;
}

class Entry implements Deadline {
  constructor(
    readonly at: number,
    public expire: (() => void) | undefined,
  ) {}
  cancel(): void {
    this.expire = undefined;
  }
}

export class Deadlines {
  private queue: Entry[] = [];
  /** Index of the first entry still in the queue. */
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {}

  /** Calls `expire` in `ms` unless cancelled first. Throws nothing. */
  add(expire: () => void): Deadline {
    const now = performance.now();
    this.drop(now, false);
    const e = new Entry(now + this.ms, expire);
    this.queue.push(e);
    // The process is kept alive by the server, not by a body it waits for.
    this.timer ??= setTimeout(this.fire, this.ms).unref();
    return e;
  }

  /** Drops the cancelled entries at the front and, with `expireDue`, expires those due by `now`. Throws what an expire callback throws. */
  private drop(now: number, expireDue: boolean): void {
    const q = this.queue;
    while (this.head < q.length) {
      const e = q[this.head]!;
      if (e.expire !== undefined && !(expireDue && e.at <= now)) break;
      this.head++;
      const expire = e.expire;
      e.expire = undefined;
      expire?.();
    }
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    this.drop(now, true);
    const next = this.queue[this.head];
    if (next) this.timer = setTimeout(this.fire, Math.max(1, next.at - now)).unref();
  };
}

const byLength = new Map<number, Deadlines>();

/** The shared deadlines of length `ms`. Throws nothing. */
export function deadlinesOf(ms: number): Deadlines {
  let d = byLength.get(ms);
  if (!d) byLength.set(ms, (d = new Deadlines(ms)));
  return d;
}
