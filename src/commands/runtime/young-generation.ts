/**
 * Holding V8's young generation at the size it has. Work that builds much that lives on
 * (a full load of definitions: ~7 MB of schema) survives every scavenge, and V8 takes
 * survival as the cue to double the young generation up to its maximum (16 MB), pages
 * it then keeps resident for good. The growth factor is a V8 flag read at each growth;
 * holds nest, and the last release sets V8's default (2) back. A process started with its
 * own --semi-space-growth-factor is left alone.
 *
 * The flag is process-wide, so only the CLI sets it (around its full load of a
 * definitions directory, and for the shell's lifetime): the client library, which runs
 * inside other people's processes, never does.
 */

const DEFAULT_FACTOR = 2;
const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space[-_]growth[-_]factor/.test(a));
let holds = 0;

/**
 * node:v8 is taken at the first hold, not imported: loading it costs every start ~4 ms,
 * and only a full load of a directory or the shell holds.
 */
function setFlag(flag: string): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
}

/** Holds the young generation until the returned function is called (once). Throws nothing. */
export function holdYoungGeneration(): () => void {
  if (own) return () => {};
  if (holds++ === 0) setFlag('--semi-space-growth-factor=1');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) setFlag(`--semi-space-growth-factor=${DEFAULT_FACTOR}`);
  };
}

/** Runs `fn` with the young generation held. Throws what `fn` throws. */
export function withYoungGenerationHeld<T>(fn: () => T): T {
  const release = holdYoungGeneration();
  try {
    return fn();
  } finally {
    release();
  }
}
