/**
 * One entry point for definitions: read sources, resolve, merge.
 */
import type { SchemaError } from '../errors.js';
import type { Schema } from './model.js';
import type { RawSource } from './raw.js';
import { resolveSchema } from './resolve.js';

import { setFlagsFromString } from 'node:v8';
import { memclntModule } from './builtin/memclnt.js';
import { eachApiFile } from './sources.js';

export { eachApiFile, findApiDir, listApiFiles, parseApiJsonArray, parseModule, readApiDir, readApiFile, DEFAULT_API_DIR } from './sources.js';

export interface LoadResult {
  schema: Schema;
  errors: SchemaError[];
}

/**
 * Resolves `sources` into one schema.
 * @throws SchemaError (unless `tolerant`) on the first malformed or conflicting definition.
 */
export function loadSchema(sources: Iterable<RawSource>, opts: { tolerant?: boolean } = {}): LoadResult {
  return resolveSchema(sources, opts);
}

export interface DirLoad extends LoadResult {
  /** Definition files read (bad ones included). */
  files: number;
}

/**
 * Every definition below `dir`, resolved; files are read one at a time and their JSON
 * dropped once merged, which keeps the peak of a full load (and so the process's
 * resident memory) down. With `memclnt`, the built-in memclnt module is added when no
 * file holds one. Bad files and definitions are reported in `errors` with `tolerant`.
 * @throws SchemaError when `dir` cannot be read; (not tolerant) the first bad file or definition.
 */
export function loadApiDir(dir: string, opts: { tolerant?: boolean; memclnt?: boolean } = {}): DirLoad {
  const errors: SchemaError[] = [];
  let files = 0;
  function* all(): Generator<RawSource> {
    let haveMemclnt = false;
    for (const s of eachApiFile(dir, errors, opts)) {
      files++;
      haveMemclnt ||= s.module.module === 'memclnt';
      yield s;
    }
    if (opts.memclnt && !haveMemclnt) yield { origin: 'built-in', module: memclntModule() };
  }
  const r = withYoungGenerationHeld(() => resolveSchema(all(), opts));
  return { schema: r.schema, errors: [...errors, ...r.errors], files: files + errors.length };
}

/** V8's default, which the flag is set back to (unless the process was started with its own). */
const GROWTH_FACTOR = 2;
const ownGrowthFactor = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space[-_]growth[-_]factor/.test(a));

/**
 * Runs `fn` with V8's young generation kept at the size it has. A full load builds ~7 MB
 * of schema that survives every scavenge on the way, and V8 takes survival as the cue to
 * double the young generation up to its maximum (16 MB), pages it then keeps resident
 * for good: ~12 MB of the shell's RSS for a load that makes little garbage. The growth
 * factor is a V8 flag read at each growth; it is set back afterwards, so later traffic
 * grows the young generation as usual. Throws what `fn` throws.
 */
function withYoungGenerationHeld<T>(fn: () => T): T {
  if (ownGrowthFactor) return fn();
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return fn();
  } finally {
    setFlagsFromString(`--semi-space-growth-factor=${GROWTH_FACTOR}`);
  }
}
