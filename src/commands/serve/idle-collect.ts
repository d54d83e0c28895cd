/**
 * serve gives memory back when it goes idle. A burst of requests leaves garbage in the
 * old space and a young generation grown to its cap (young-space.ts); V8 keeps both
 * resident after the load stops (bench:serve's memory part: +13 % RSS after 100,000
 * requests, +2 % after a full collection). So once requests were served and then none
 * was in flight for IDLE_MS, one full (compacting) collection runs: at most one per idle
 * period, never while a request is in flight or within IDLE_MS of the last one's end, and
 * no timer runs while the server stays idle. It takes a few milliseconds, once a pause.
 *
 * The collection is V8's `gc`, had without starting node with --expose-gc: the flag is
 * set for the moment it takes to make a context that has the function, then set back.
 * The flag is process-wide, so only the CLI's serve command takes it (never the client
 * library, which runs inside other people's processes).
 */

/** How long nothing is in flight before serve collects: a pause, not a gap between a client's requests. */
export const IDLE_MS = 1000;

/** What the server tells the watch: a request began, a request is done (answered, abandoned, or a stream of events set up). */
export interface IdleWatch {
  begin(): void;
  end(): void;
  /** No collection after this (the server stopped). Throws nothing. */
  stop(): void;
}

/**
 * Calls `collect` once requests were served and then none was in flight for `idleMs`:
 * at most once per idle period. One timer per `idleMs` at most while requests come (one
 * armed when the count falls to zero, moved on when requests ended since), none while idle.
 * Throws nothing (what `collect` throws goes to the timer, as any uncaught error).
 */
export function idleCollector(collect: () => void, idleMs = IDLE_MS): IdleWatch {
  let inFlight = 0;
  /** Requests began since the last collection. */
  let served = false;
  let lastEnd = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const due = () => {
    timer = undefined;
    // A request in flight: its end arms the timer again.
    if (stopped || inFlight > 0 || !served) return;
    const wait = lastEnd + idleMs - performance.now();
    if (wait > 0) {
      timer = setTimeout(due, wait).unref();
      return;
    }
    served = false;
    collect();
  };
  return {
    begin() {
      inFlight++;
      served = true;
    },
    end() {
      if (--inFlight > 0) return;
      lastEnd = performance.now();
      timer ??= setTimeout(due, idleMs).unref();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Two full collections in a row with V8's `gc`, as V8 itself repeats a collection when
 * asked to free all it can (what the first frees lets the second free and give back
 * more). Measured by bench:serve's memory part after 100,000 requests: one gave back
 * 3 MiB of the 10 MiB that RSS had grown, two gave back 6.7 MiB. `gc` is the process's
 * own when node was started with --expose-gc, else made once: `--expose-gc` set, a
 * context made that has `gc`, the flag set back (contexts made later have none).
 * node:v8 and node:vm are taken at the first collection, not imported. Throws nothing
 * (V8 accepts both flags).
 */
export function fullCollection(): () => void {
  let gc = (globalThis as { gc?: () => void }).gc;
  return () => {
    if (!gc) {
      const v8 = process.getBuiltinModule('node:v8');
      v8.setFlagsFromString('--expose-gc');
      gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
      v8.setFlagsFromString('--no-expose-gc');
    }
    gc();
    gc();
  };
}
