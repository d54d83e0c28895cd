/**
 * Request contexts: any u32 the client picks, echoed by VPP in replies and details.
 * 0 is never used, because a message with context 0 is an event to every client
 * (PROTOCOL.md §4). Counting up and wrapping means a context is reused only after 2^32-1
 * calls; a context still in use (a long dump, an abandoned call whose late reply may
 * still come) is skipped.
 */
export class ContextAllocator {
  private last: number;

  constructor(start = 0) {
    this.last = start >>> 0;
  }

  /**
   * The next free context, never 0.
   * @throws RangeError when `inUse` rejects every one of 2^32-1 values (cannot happen
   *   with fewer pending calls than that).
   */
  next(inUse?: (ctx: number) => boolean): number {
    let c = this.last;
    for (let tries = 0; tries < 0xffff_ffff; tries++) {
      c = (c + 1) >>> 0;
      if (c === 0) c = 1;
      if (inUse === undefined || !inUse(c)) {
        this.last = c;
        return c;
      }
    }
    throw new RangeError('no free request context');
  }
}
