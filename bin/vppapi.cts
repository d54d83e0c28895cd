#!/usr/bin/env node
/**
 * The installed `vppapi` command. It runs the CLI bundled into one file
 * (vppapi.bundle.cjs beside this one, built by scripts/bundle.mjs) through a V8 code
 * cache: a single call then neither resolves and reads ~90 modules nor compiles them,
 * which was about half of its time above a bare `node -e 0`. Without a bundle (a tsc-only
 * build) it runs the unbundled program instead.
 *
 * | path                                          | mode | content                        |
 * |-----------------------------------------------|------|--------------------------------|
 * | `<cache dir>/code-<sha1(bundle, node, arch)>.bin` | 0600 | V8 code cache of the bundle |
 *
 * The cache dir follows src/client/schema/definitions-cache.ts (`$XDG_CACHE_HOME/vppapi`, else
 * `~/.cache/vppapi`), repeated here because this file runs before any of that code is
 * loaded. The cache is written at exit when it was missing or V8 rejected it (another
 * Node, other V8 flags); `VPPAPI_NO_CODE_CACHE=1` neither reads nor writes it. The key
 * holds the bundle's own hash, so a rebuilt bundle never meets an old cache. Each upgrade
 * or rebuild writes a new file, so writing one also removes all but the KEEP newest
 * others (another Node or a second install may still use them; older ones are left from
 * versions gone).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

type Entry = { runProcess(): Promise<void> };

/** Changes whenever how this file compiles the bundle changes (it is part of the cache key). */
const CACHE_FORMAT = 1;

function cacheDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'vppapi');
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Code caches kept besides the one just written. */
const KEEP = 2;

/** Removes all but the KEEP newest `code-*.bin` in `dir` other than `file`'s. Failure is not an error. */
function pruneCaches(dir: string, file: string): void {
  try {
    const others = readdirSync(dir)
      .filter((n) => /^code-[0-9a-f]{40}\.bin$/.test(n) && join(dir, n) !== file)
      .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const o of others.slice(KEEP)) unlinkSync(o.path);
  } catch {
    /* left for the next write */
  }
}

/** Written like private-file.ts: a private temporary file renamed into place. Failure is not an error (only a cache). */
function writeCache(file: string, data: Buffer): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    return; /* the next run compiles again */
  }
  pruneCaches(join(file, '..'), file);
}

/** The bundle's exports, compiled with the code cache when there is a usable one. */
function loadBundle(path: string, source: Buffer): Entry {
  const useCache = !process.env.VPPAPI_NO_CODE_CACHE;
  const key = createHash('sha1').update(source).update(`\0${process.version}\0${process.arch}\0${CACHE_FORMAT}`).digest('hex');
  const cacheFile = join(cacheDir(process.env), `code-${key}.bin`);
  const cachedData = useCache ? readOrUndefined(cacheFile) : undefined;
  // The build keeps the bundle ASCII (scripts/bundle.mjs): read as Latin-1 it is the same
  // text, as a one-byte string, without UTF-8 decoding. Anything else is decoded as UTF-8.
  const text = source.toString(isAscii(source) ? 'latin1' : 'utf8');
  const script = new Script(Module.wrap(text), { filename: path, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so that the functions this run compiled are in the cache too.
    process.once('beforeExit', () => writeCache(cacheFile, script.createCachedData()));
  }
  const mod = { exports: {} as Entry };
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(path), mod, path, __dirname);
  return mod.exports;
}

// Nothing here keeps the source or the cache data once compiled (the shell lives long).
const bundlePath = join(__dirname, 'vppapi.bundle.cjs');
const bundle = ((source) => source && loadBundle(bundlePath, source))(readOrUndefined(bundlePath));
if (bundle) void bundle.runProcess();
else void import('./vppctl-api.js');
