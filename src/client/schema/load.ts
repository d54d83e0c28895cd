/**
 * One entry point for definitions: read sources, resolve, merge.
 */
import type { SchemaError } from '../errors.js';
import type { Schema } from './model.js';
import type { RawSource } from './raw.js';
import { resolveSchema } from './resolve.js';

export { findApiDir, listApiFiles, parseApiJsonArray, parseModule, readApiDir, readApiFile, DEFAULT_API_DIR } from './sources.js';

export interface LoadResult {
  schema: Schema;
  errors: SchemaError[];
}

/**
 * Resolves `sources` into one schema.
 * @throws SchemaError (unless `tolerant`) on the first malformed or conflicting definition.
 */
export function loadSchema(sources: RawSource[], opts: { tolerant?: boolean } = {}): LoadResult {
  return resolveSchema(sources, opts);
}
