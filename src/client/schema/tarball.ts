/**
 * Definitions from a `.tar.gz` of a definitions directory (`/usr/share/vpp/api` packed
 * as it is, at any depth: `api/core/ip.api.json`, `v26.06/plugins/acl.api.json`).
 *
 * Nothing is written to disk: the archive is unpacked in memory, bounded. The tar format
 * is read by node-tar's parser (the npm `tar` package), which checks header checksums and
 * handles the pax and GNU long-name extensions that VPP install trees packed by other
 * tools carry; a hand-written reader would redo that and its edge cases.
 *
 * | bound                                    | default        |
 * |------------------------------------------|----------------|
 * | bytes after gunzip (a gzip bomb stops here) | 256 MiB     |
 * | one `*.api.json` file                    | 32 MiB         |
 * | `*.api.json` files                       | 4,096          |
 *
 * Only regular files whose name ends in `.api.json` are read; links, devices and other
 * files are skipped, and so is any path that is absolute or has a `..` part (an archive
 * cannot point outside itself). Files are read in path order, so loading order is stable.
 */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { SchemaError } from '../errors.js';
import type { RawSource } from './raw.js';
import { parseModule } from './definition-sources.js';

export interface TarLimits {
  maxUnpacked: number;
  maxFile: number;
  maxFiles: number;
}

export const TAR_LIMITS: TarLimits = { maxUnpacked: 256 << 20, maxFile: 32 << 20, maxFiles: 4096 };

/** gzip's magic bytes (RFC 1952 §2.3.1). */
function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** True for a path inside the archive: relative, no `..` part. */
function safePath(p: string): boolean {
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  return !p.split(/[\\/]+/).includes('..');
}

/** True when `bytes` start with gzip's magic. Throws nothing. */
export function looksLikeGzip(bytes: Uint8Array): boolean {
  return isGzip(bytes);
}

function unpack(path: string, bytes: Buffer, limits: TarLimits): Buffer {
  if (!isGzip(bytes)) throw new SchemaError(`${path}: not a gzip file (expected a .tar.gz of a definitions directory)`, path);
  try {
    return gunzipSync(bytes, { maxOutputLength: limits.maxUnpacked });
  } catch (e) {
    const big = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
    const why = big ? `unpacks to more than ${limits.maxUnpacked} bytes` : `cannot be unpacked (${(e as Error).message})`;
    throw new SchemaError(`${path}: ${why}`, path, undefined, undefined, { cause: e });
  }
}

/** The `*.api.json` files of a tar image, by path. */
function entries(path: string, tarBytes: Buffer, limits: TarLimits): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    let failed: Error | undefined;
    const fail = (msg: string): void => {
      failed ??= new SchemaError(`${path}: ${msg}`, path);
    };
    const onEntry = (entry: ReadEntry): void => {
      const name = entry.path;
      const wanted = (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') && name.endsWith('.api.json') && safePath(name);
      if (!wanted || failed) return void entry.resume();
      if ((entry.size ?? 0) > limits.maxFile) {
        fail(`${name} is ${entry.size} bytes, more than the ${limits.maxFile} a definition file may have`);
        return void entry.resume();
      }
      if (files.size >= limits.maxFiles) {
        fail(`more than ${limits.maxFiles} *.api.json files`);
        return void entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => files.set(name, Buffer.concat(chunks)));
    };
    const p = new Parser({ strict: true, onReadEntry: onEntry });
    p.on('error', (e: Error) => fail(`not a tar archive (${e.message})`));
    p.on('close', () => (failed ? reject(failed) : resolve(files)));
    p.end(tarBytes);
  });
}

/**
 * Reads the definitions packed in the `.tar.gz` at `path`.
 * @throws SchemaError naming the file for a file that cannot be read, is not gzip, unpacks
 *   past the bound, is not a tar archive, holds no `*.api.json`, or holds one that does
 *   not parse (named by its path in the archive).
 */
export async function readApiTarball(path: string, limits: TarLimits = TAR_LIMITS): Promise<RawSource[]> {
  let bytes: Buffer;
  try {
    // gzip never packs into more than it unpacks to (beyond a few header bytes): a larger file is over the bound.
    const size = statSync(path).size;
    if (size > limits.maxUnpacked) throw new SchemaError(`${path}: ${size} bytes, more than the ${limits.maxUnpacked} a definitions archive may unpack to`, path);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof SchemaError) throw e;
    throw new SchemaError(`cannot read ${path}: ${(e as Error).message}`, path, undefined, undefined, { cause: e });
  }
  const files = await entries(path, unpack(path, bytes, limits), limits);
  if (files.size === 0) throw new SchemaError(`${path}: no *.api.json files in this archive (expected a .tar.gz of a definitions directory such as /usr/share/vpp/api)`, path);
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => ({ origin: `${path}:${n}`, module: parseModule(files.get(n)!.toString('utf8'), `${path}:${n}`) }));
}
