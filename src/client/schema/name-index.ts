/**
 * Which file defines which message, remembered between runs so a single call reads one
 * or two files instead of all of them. The index is keyed by the directory and stamped
 * with every file's size and mtime; any change (an upgrade, a plugin added) rebuilds it.
 *
 * | path                                   | mode | content                          |
 * |----------------------------------------|------|----------------------------------|
 * | `<cacheDir>/names-<hash(dir)>.json`    | 0600 | `{stamp, files, names: {msg: i}}`|
 *
 * The hash of the directory's path is client/text-hash.ts's, not a cryptographic one:
 * loading node:crypto cost every call a few ms of start-up. Two directories with one
 * hash only take turns with the file: the stamp names every file by its path, so neither
 * reads the other's index.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writePrivateFile } from '../private-file.js';
import { textHash160 } from '../text-hash.js';
import type { ApiFileEntry } from './definition-sources.js';

interface IndexFile {
  stamp: string;
  files: string[];
  names: Record<string, number>;
}

/** Every file's path, size and mtime as one string (what scanApiFiles found). Throws nothing. */
export function stampOf(files: readonly ApiFileEntry[]): string {
  return files.map((f) => `${f.path}:${f.size}:${f.mtimeMs}`).join('|');
}

function indexPath(cacheDir: string, dir: string): string {
  return join(cacheDir, `names-${textHash160(resolve(dir))}.json`);
}

/** Which file defines a name. */
export interface NameLookup {
  get(name: string): string | undefined;
}

/**
 * The file defining each name, when a valid index exists; undefined otherwise. Names are
 * looked up in the parsed object as asked: a Map of all ~2,000 built up front cost
 * ~5 ms of a single call's start-up. Throws nothing.
 */
export function lookupNames(cacheDir: string, dir: string, stamp: string): NameLookup | undefined {
  try {
    const idx = JSON.parse(readFileSync(indexPath(cacheDir, dir), 'utf8')) as IndexFile;
    if (idx.stamp !== stamp || typeof idx.names !== 'object' || idx.names === null || !Array.isArray(idx.files)) return undefined;
    const { names, files } = idx;
    return {
      get: (name) => {
        if (!Object.hasOwn(names, name)) return undefined;
        const f = files[names[name]!];
        return typeof f === 'string' ? f : undefined;
      },
    };
  } catch {
    return undefined;
  }
}

/** Writes the index (atomically, private). Failure to write is not an error: it is only a cache. */
export function saveNames(cacheDir: string, dir: string, stamp: string, byFile: Map<string, string[]>): void {
  const files = [...byFile.keys()];
  const names: Record<string, number> = {};
  files.forEach((f, i) => { for (const n of byFile.get(f)!) names[n] ??= i; });
  try {
    writePrivateFile(indexPath(cacheDir, dir), JSON.stringify({ stamp, files, names } satisfies IndexFile));
  } catch {
    /* only a cache: the next call scans again */
  }
}
