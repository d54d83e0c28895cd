/**
 * One entry point for definitions: read sources, resolve, merge.
 */
import type { SchemaError } from '../errors.js';
import type { Schema } from './model.js';
import type { RawSource } from './raw.js';
import { resolveSchema } from './resolve.js';

import { memclntModule } from './builtin/memclnt.js';
import { eachApiFile } from './definition-sources.js';

export { eachApiFile, findApiDir, listApiFiles, parseApiJsonArray, parseModule, readApiDir, readApiFile, DEFAULT_API_DIR } from './definition-sources.js';

export interface LoadResult {
  schema: Schema;
  errors: SchemaError[];
}

/**
 * Resolves `sources` into one schema; with `now`, the other messages are built when first
 * asked for (resolveSchema).
 * @throws SchemaError (unless `tolerant`) on the first malformed or conflicting definition.
 */
export function loadSchema(sources: Iterable<RawSource>, opts: { tolerant?: boolean; now?: readonly string[] } = {}): LoadResult {
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
  const r = resolveSchema(all(), opts);
  return { schema: r.schema, errors: [...errors, ...r.errors], files: files + errors.length };
}
