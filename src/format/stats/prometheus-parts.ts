/**
 * The memory of a kept exposition text (prometheus-template.ts) held in parts, and who
 * still reads it. A scrape hands its parts to an HTTP answer, which writes them to a
 * socket over many turns of the event loop, and a slow client may still be taking one
 * scrape's answer when the next scrape is made: a part's memory may be written again only
 * once no answer holds it. Each part's memory is a Slab; the parts handed to one answer
 * are a Lease on their slabs, given back (release) once the answer is written out or
 * abandoned. A slab no longer kept (its part was written into other memory) goes back to a
 * free list when its last lease is given back, and a later part takes it instead of new
 * memory: new memory of a whole text's size cost more in page faults than making the
 * text. A lease never given back leaves its slabs to the garbage collector.
 */

/** One part's memory: `holders` answers hold it; `kept` while it is its part's current memory. */
export interface Slab {
  readonly buf: Buffer;
  holders: number;
  kept: boolean;
}

interface Lease {
  readonly slabs: Slab[];
  done: boolean;
}

/**
 * Free memory kept for reuse at most: about one text of 1,000 interfaces × 4 threads in
 * parts (~200 of ~110 kB). What a slow client gave back beyond it goes to the garbage
 * collector.
 */
const FREE_MAX = 256;

export class PartMemory {
  private readonly free: Buffer[] = [];
  /** By the last part handed out (a view made for that answer alone). */
  private readonly leases = new WeakMap<Buffer, Lease>();

  /** Memory for a part of up to `room` bytes, kept (not yet held): a free slab's, or new. Throws nothing. */
  take(room: number): Slab {
    const free = this.free;
    for (let i = free.length - 1; i >= 0; i--) {
      const b = free[i]!;
      // Not one far bigger than asked: it would stay pinned to a small part.
      if (b.length >= room && b.length <= room * 2 + 4096) {
        free[i] = free[free.length - 1]!;
        free.pop();
        return { buf: b, holders: 0, kept: true };
      }
    }
    return { buf: Buffer.allocUnsafeSlow(room), holders: 0, kept: true };
  }

  /** `slab` is its part's memory no more: free now, or once its last answer gives it back. Throws nothing. */
  drop(slab: Slab): void {
    slab.kept = false;
    if (slab.holders === 0) this.give(slab.buf);
  }

  /**
   * The parts `slabs[p]` holds (`views[p]`: its text), handed to one answer: each slab is
   * held until release(the last part handed out). Throws nothing.
   */
  lend(slabs: readonly Slab[], views: readonly Buffer[]): Buffer[] {
    const out = views.slice();
    for (const s of slabs) s.holders++;
    // The last part a view made for this answer alone: it names the lease.
    const last = (out[out.length - 1] = views[views.length - 1]!.subarray(0));
    this.leases.set(last, { slabs: slabs.slice(), done: false });
    return out;
  }

  /** Gives back the parts of one lend, named by the last of them; another buffer, or a second call, does nothing. Throws nothing. */
  release(last: Buffer): void {
    const lease = this.leases.get(last);
    if (!lease || lease.done) return;
    lease.done = true;
    this.leases.delete(last);
    for (const s of lease.slabs) if (--s.holders === 0 && !s.kept) this.give(s.buf);
  }

  private give(buf: Buffer): void {
    if (this.free.length >= FREE_MAX) this.free.shift();
    this.free.push(buf);
  }
}
