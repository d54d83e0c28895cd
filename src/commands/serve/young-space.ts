/**
 * serve's young generation: let grow to a cap, then held there. Under steady load the
 * requests in flight survive scavenges, which V8 takes as the cue to double the young
 * generation up to its maximum (32 MiB of new space here, ~24 MiB more resident for good:
 * bench:serve's memory part). Held at its first size (1 MiB, as the shell holds it), it is
 * scavenged so often that collection was a sixth of the server's CPU per request. Between
 * the two: growth is allowed until the new space reaches the cap, and held while it is
 * there (V8 may shrink it when idle; it may then grow back to the cap). The growth factor
 * is the V8 flag young-generation.ts sets; each collection is seen by a performance
 * observer, which runs between collections, before the next growth decision.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGeneration } from '../runtime/young-generation.js';

/** The new space serve lets V8 grow to (its two semi-spaces): an eighth of the collections of 1 MiB, 24 MiB under V8's maximum. */
export const YOUNG_CAP_BYTES = 8 * 1024 * 1024;

/** Caps the young generation at `capBytes` until the returned function is called. Throws nothing. */
export function capYoungGeneration(capBytes = YOUNG_CAP_BYTES): () => void {
  let release: (() => void) | undefined;
  const check = () => {
    const size = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
    if (size >= capBytes) release ??= holdYoungGeneration();
    else if (release) {
      release();
      release = undefined;
    }
  };
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  check();
  return () => {
    observer.disconnect();
    release?.();
    release = undefined;
  };
}
