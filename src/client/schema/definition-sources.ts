/**
 * Where definitions come from: a directory tree of `*.api.json` files, single files, or
 * the JSON array that VPP's `get_api_json` returns (same objects as the files).
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { normalize } from 'node:path';
import { SchemaError } from '../errors.js';
import type { RawModule, RawSource } from './raw.js';
import { fsReason } from '../fs-reason.js';

export const DEFAULT_API_DIR = '/usr/share/vpp/api';

/**
 * The definitions directory to use: `--api-dir`, then `VPP_API_DIR`, then VPP's install
 * location when it exists. Undefined means "none on this machine".
 */
export function findApiDir(apiDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (apiDir) return apiDir;
  if (env.VPP_API_DIR) return env.VPP_API_DIR;
  try {
    if (statSync(DEFAULT_API_DIR).isDirectory()) return DEFAULT_API_DIR;
  } catch {
    /* not installed here */
  }
  return undefined;
}

/** One definitions file as found: its path and what the name index stamps it with. */
export interface ApiFileEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every `*.api.json` below `dir` with its size and mtime, sorted by name within each
 * directory (so loading order, and so ids, is stable). Directories are walked, symbolic
 * links to directories are not; a symbolic link to a file is stamped with its target.
 * Names are read plainly and each entry lstat'ed once: listing with file types and then
 * stat'ing every file for the index's stamp cost a single call ~10 ms of start-up.
 * @throws SchemaError when `dir` (or a directory below it) cannot be read.
 */
export function scanApiFiles(dir: string): ApiFileEntry[] {
  const out: ApiFileEntry[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch (e) {
      throw new SchemaError(`cannot read definitions directory ${d}: ${fsReason(e)}`, d, undefined, undefined, { cause: e });
    }
    for (const name of names.sort(byName)) {
      // What join() would give (`d` is normalized, `name` a plain entry name), without
      // normalizing each of ~150 paths again.
      const p = d === '/' ? `/${name}` : d === '.' ? name : `${d}/${name}`;
      let st = lstatSync(p, { throwIfNoEntry: false });
      if (st === undefined) continue; // removed while we looked
      if (st.isDirectory()) {
        walk(p);
        continue;
      }
      if (!name.endsWith('.api.json')) continue;
      if (st.isSymbolicLink()) st = statSync(p, { throwIfNoEntry: false }) ?? st;
      out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  const root = normalize(dir);
  walk(root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root);
  return out;
}

/** Every `*.api.json` below `dir`, as scanApiFiles finds them. @throws as scanApiFiles. */
export function listApiFiles(dir: string): string[] {
  return scanApiFiles(dir).map((f) => f.path);
}

/**
 * Parses one module's JSON text.
 * @throws SchemaError naming the origin when the text is not JSON or not a module object.
 */
export function parseModule(text: string, origin: string): RawModule {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new SchemaError(`${origin}: not valid JSON (${(e as Error).message})`, origin, undefined, undefined, { cause: e });
  }
  return checkModule(obj, origin);
}

function checkModule(obj: unknown, origin: string): RawModule {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new SchemaError(`${origin}: expected a module object with "messages", "types", ...`, origin);
  }
  const m = obj as Record<string, unknown>;
  for (const k of ['types', 'messages', 'unions', 'enums', 'enumflags'] as const) {
    if (m[k] !== undefined && !Array.isArray(m[k])) {
      throw new SchemaError(`${origin}: "${k}" must be an array`, origin, k);
    }
  }
  for (const k of ['services', 'aliases'] as const) {
    if (m[k] !== undefined && (m[k] === null || typeof m[k] !== 'object' || Array.isArray(m[k]))) {
      throw new SchemaError(`${origin}: "${k}" must be an object`, origin, k);
    }
  }
  return m as RawModule;
}

/** @throws SchemaError when the file cannot be read or parsed. */
export function readApiFile(path: string): RawSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SchemaError(`cannot read ${path}: ${fsReason(e)}`, path, undefined, undefined, { cause: e });
  }
  return { origin: path, module: parseModule(text, path) };
}

/**
 * Every definition file below `dir`, read and parsed only as the consumer asks for it,
 * so that a full load (resolveSchema) holds one file's JSON at a time. A file that
 * cannot be read or parsed goes to `errors` (tolerant) or is thrown.
 * @throws SchemaError when `dir` cannot be read; (not tolerant) on the first bad file.
 */
export function* eachApiFile(dir: string, errors: SchemaError[], opts: { tolerant?: boolean } = {}): Generator<RawSource> {
  for (const file of listApiFiles(dir)) {
    let src: RawSource;
    try {
      src = readApiFile(file);
    } catch (e) {
      if (!opts.tolerant) throw e;
      errors.push(e as SchemaError);
      continue;
    }
    yield src;
  }
}

export interface ReadResult {
  sources: RawSource[];
  errors: SchemaError[];
}

/**
 * Reads every definition file below `dir`. With `tolerant`, unreadable files are returned
 * as errors and the rest still load.
 * @throws SchemaError (not tolerant) on the first bad file, or when `dir` cannot be read.
 */
export function readApiDir(dir: string, opts: { tolerant?: boolean } = {}): ReadResult {
  const sources: RawSource[] = [];
  const errors: SchemaError[] = [];
  for (const file of listApiFiles(dir)) {
    try {
      sources.push(readApiFile(file));
    } catch (e) {
      if (!opts.tolerant) throw e;
      errors.push(e as SchemaError);
    }
  }
  return { sources, errors };
}

/**
 * The reply of `get_api_json`: a JSON array of module objects.
 * @throws SchemaError when the text is not such an array.
 */
export function parseApiJsonArray(text: string, origin = 'get_api_json'): RawSource[] {
  let arr: unknown;
  try {
    arr = JSON.parse(text);
  } catch (e) {
    throw new SchemaError(`${origin}: not valid JSON (${(e as Error).message})`, origin, undefined, undefined, { cause: e });
  }
  if (!Array.isArray(arr)) throw new SchemaError(`${origin}: expected a JSON array of modules`, origin);
  return arr.map((m, i) => {
    const name = m && typeof m === 'object' && typeof (m as RawModule).module === 'string' ? (m as RawModule).module : `#${i}`;
    const o = `${origin}:${name}`;
    return { origin: o, module: checkModule(m, o) };
  });
}
