/**
 * serve gives memory back when it goes idle. A burst of requests leaves garbage in the
 * old space and a young generation grown to its cap (young-space.ts); V8 keeps both
 * resident after the load stops (bench:serve's memory part: +13 % RSS after 100,000
 * requests, +2 % after a full collection). So once requests were served and then none
 * was in flight for IDLE_MS, and resident memory grew since the last collection
 * (whenGrown), one full (compacting) collection runs: at most one per idle period, never
 * while a request is in flight or within IDLE_MS of the last one's end, and no timer runs
 * while the server stays idle. It takes a few milliseconds, once a pause.
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
  /**
   * `kept`: the request's objects (node:http's response, which holds the request and its
   * socket), held until the next request's replace them. While idle no other request
   * object is alive, and a full collection then freed the maps (hidden classes) of
   * node:http's objects and threw away the code optimized for them (node --trace-deopt: 14
   * functions, Readable.read, IncomingMessage, _send… marked for deoptimization after a
   * pause; 1 with the last request held): the next burst ran slower until optimized again
   * (bench:serve's API part, 2 s rounds with pauses: 14 % more CPU per request than the
   * build before idle collections; with the request held, 12 % less).
   */
  begin(kept?: unknown): void;
  end(): void;
  /** No collection after this (the server stopped). Throws nothing. */
  stop(): void;
}

/**
 * Calls `onIdle` once requests were served and then none was in flight for `idleMs`:
 * at most once per idle period. One timer per `idleMs` at most while requests come (one
 * armed when the count falls to zero, moved on when requests ended since), none while idle.
 * Throws nothing (what `onIdle` throws goes to the timer, as any uncaught error).
 */
export function idleCollector(onIdle: () => void, idleMs = IDLE_MS): IdleWatch {
  let inFlight = 0;
  /** Requests began since the last collection. */
  let served = false;
  let lastEnd = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** The last request's objects (IdleWatch.begin). */
  const last: { kept?: unknown } = {};
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
    onIdle();
  };
  return {
    begin(objects?: unknown) {
      inFlight++;
      served = true;
      last.kept = objects;
    },
    end() {
      if (--inFlight > 0) return;
      lastEnd = performance.now();
      timer ??= setTimeout(due, idleMs).unref();
    },
    stop() {
      stopped = true;
      last.kept = undefined;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** How far resident memory may grow over its figure after the last collection (or at the start) before an idle period collects. */
export const GROWTH = 0.05;

/**
 * What an idle period does: collects (`collect`) only when resident memory grew by more
 * than `growth` over what it was after the last collection (at the start, before it):
 * a collection is not free (two full collections, and what V8 must rebuild after them,
 * IdleWatch.begin), so a client polling now and then, which grows nothing, pays nothing,
 * and a burst that left garbage behind is collected once. Lower figures seen while idle
 * lower the mark; the figure right after a collection sets it (memory that is in use is
 * not collected again and again). `rss` in bytes. Throws what `collect` throws.
 */
export function whenGrown(collect: () => void, rss: () => number = () => process.memoryUsage.rss(), growth = GROWTH): () => void {
  let mark = rss();
  return () => {
    const now = rss();
    if (now <= mark * (1 + growth)) {
      mark = Math.min(mark, now);
      return;
    }
    collect();
    mark = rss();
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
