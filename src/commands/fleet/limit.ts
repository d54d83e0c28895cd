/** Running work on many targets with a bound on how many run at once. */

/** Targets run at once in a fan-out unless --parallel says otherwise. */
export const DEFAULT_PARALLEL = 16;

/**
 * Starts `run` on each item with at most `n` running at once; the promises in item
 * order. Rejects (each promise) as `run` does.
 */
export function limited<T, R>(items: readonly T[], n: number, run: (item: T) => Promise<R>): Promise<R>[] {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (active < n) queue.shift()?.();
  };
  return items.map(
    (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push(() => {
          active++;
          run(item).then(resolve, reject).finally(() => {
            active--;
            next();
          });
        });
        next();
      }),
  );
}
