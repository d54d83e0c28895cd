/**
 * On-disk cache of definitions fetched with get_api_json, keyed by the running VPP's
 * message table (MessageTable.digestKey): the same VPP build with the same plugins has
 * the same key, whatever ids it assigned, so a second connect needs no 3 MB fetch.
 *
 * | path                          | mode | content                                  |
 * |-------------------------------|------|------------------------------------------|
 * | `<dir>/`                      | 0700 | default `$XDG_CACHE_HOME/vppapi` or `~/.cache/vppapi` |
 * | `<dir>/<sha256 hex>.json`     | 0600 | get_api_json's text, as VPP sent it      |
 *
 * Files are written to a temporary name and renamed, so a reader never sees half a file.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePrivateFile } from '../private-file.js';

/**
 * `$XDG_CACHE_HOME/vppapi`, else `$HOME/.cache/vppapi` of `env` (the process's home when
 * `env` has no absolute HOME). Throws nothing.
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  // env.HOME before os.homedir(): a caller handing in its own environment (the CLI's Io,
  // tests) must not have the cache land in the process owner's real home.
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'vppapi');
}

/** The file for a table key. @throws Error when `key` is not a hex digest (it names a file). */
export function cacheFile(dir: string, key: string): string {
  if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`not a cache key: ${key}`);
  return path.join(dir, `${key}.json`);
}

/**
 * The cached text for `key`, or undefined when there is none.
 * @throws Error (fs) when the file exists but cannot be read.
 */
export function readCache(dir: string, key: string): string | undefined {
  try {
    return readFileSync(cacheFile(dir, key), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Stores `text` under `key` atomically (temporary file + rename); creates `dir` (0700).
 * Returns the file written.
 * @throws Error (fs) when the directory or file cannot be written.
 */
export function writeCache(dir: string, key: string, text: string): string {
  const file = cacheFile(dir, key);
  writePrivateFile(file, text);
  return file;
}
