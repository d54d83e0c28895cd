/**
 * Which file defines which message, remembered between runs so a single call reads one
 * or two files instead of all of them. The index is keyed by the directory and stamped
 * with every file's size and mtime; any change (an upgrade, a plugin added) rebuilds it.
 *
 * | path                                   | mode | content                          |
 * |----------------------------------------|------|----------------------------------|
 * | `<cacheDir>/names-<hash(dir)>.json`    | 0600 | `{format, stamp, names: {msg: i}}`|
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

/**
 * The file's layout: JSON, written so that a reader needs no parse. `names` maps each
 * message to its file's position in the listing the stamp was made of (scanApiFiles's
 * order); its values are plain integers and message names need no escaping, so
 * `"name":` occurs once, inside `names`, and its number follows.
 *
 * `{"format":2,"stamp":"<stamp>","names":{"<message>":<position>,…}}`
 */
const FORMAT = 2;

/** What the file starts with for `stamp`: a file made of other files (or damaged there) does not. */
function head(stamp: string): string {
  return `{"format":${FORMAT},"stamp":${JSON.stringify(stamp)},"names":{`;
}

/** A message name as the index stores it (VPP's names are C identifiers). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
 * The file defining each name, when an index made of exactly `files` (as stamped in
 * `stamp`) exists; undefined otherwise. Names are found in the file's bytes as asked:
 * parsing the whole index (~2,000 names) cost a single call ~2 ms and as much again in
 * garbage collection, and decoding its ~70 KB into a string put that much on the young
 * heap for one or two look-ups. (A name is ASCII, and so its quoted key: its bytes never
 * occur inside another character's UTF-8 sequence.) What the index says is a hint, never
 * trusted: a position outside `files` reads as "not indexed", and the caller checks that
 * the file it names defines the name (client/schema/lazy.ts). Throws nothing.
 */
export function lookupNames(cacheDir: string, dir: string, stamp: string, files: readonly string[]): NameLookup | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(indexPath(cacheDir, dir));
  } catch {
    return undefined;
  }
  const from = Buffer.from(head(stamp));
  const n = bytes.length;
  if (n < from.length + 2 || bytes.compare(from, 0, from.length, 0, from.length) !== 0 || bytes[n - 2] !== 0x7d || bytes[n - 1] !== 0x7d) return undefined;
  return {
    get: (name) => {
      if (!NAME.test(name)) return undefined;
      const key = Buffer.from(`"${name}":`, 'latin1');
      const at = bytes.indexOf(key, from.length);
      return at < 0 ? undefined : files[positionAt(bytes, at + key.length)];
    },
  };
}

/**
 * The position written at `i`: 1 to 6 digits followed by `,` or `}`; -1 for anything
 * else. Throws nothing.
 */
function positionAt(bytes: Buffer, i: number): number {
  let v = 0;
  let j = i;
  for (; j < bytes.length && j - i < 7 && bytes[j]! >= 0x30 && bytes[j]! <= 0x39; j++) v = v * 10 + bytes[j]! - 0x30;
  const digits = j - i;
  return digits >= 1 && digits <= 6 && (bytes[j] === 0x2c || bytes[j] === 0x7d) ? v : -1;
}

/**
 * Writes the index for the listing `files` (stamped `stamp`), atomically and private;
 * `byFile` holds the messages each readable file defines (the first file wins a name).
 * Failure to write is not an error: it is only a cache.
 */
export function saveNames(cacheDir: string, dir: string, stamp: string, files: readonly string[], byFile: Map<string, string[]>): void {
  const seen = new Set<string>();
  const parts: string[] = [];
  files.forEach((f, i) => {
    for (const n of byFile.get(f) ?? []) {
      if (!NAME.test(n) || seen.has(n)) continue;
      seen.add(n);
      parts.push(`"${n}":${i}`);
    }
  });
  try {
    writePrivateFile(indexPath(cacheDir, dir), `${head(stamp)}${parts.join(',')}}}`);
  } catch {
    /* only a cache: the next call scans again */
  }
}
