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
 * | `<cache dir>/code-<key>.bin`                  | 0600 | V8 code cache of the bundle    |
 *
 * The key is a 160-bit hash (not a cryptographic one: loading node:crypto and hashing
 * 1 MB cost more than the rest of this file) of: the bundle's SHA-1, which the build
 * writes as its last line (`//# vppapi-bundle-sha1 <hex>`); the bundle file's identity
 * (device, inode, size, modification and change times in ns), so an edited bundle whose
 * last line was kept still never meets the cache of its old text (V8 checks only the
 * source's length); Node's version, the architecture and CACHE_FORMAT; whether the run
 * is an `exec` (runKind); and the options Node was started with (nodeFlags). A bundle
 * without that last line runs without a code cache.
 *
 * A cache holds what the run that wrote it compiled and is never rewritten while V8
 * takes it: one written by `--version` made every later `exec` compile its per-line
 * code anew (~30 ms of CPU per run), so `exec` keeps a cache of its own.
 *
 * A cache is written only for a bundle that is all ASCII (the build makes it so:
 * scripts/bundle.mjs), and its key holds the bundle file's identity: so a cache found
 * for this identity says the text is ASCII, and it is read as Latin-1 without the check
 * over 1 MB that a run without a cache makes (~2 ms of a start). A bundle with any other
 * character (edited by hand) is decoded as UTF-8 and runs without a code cache.
 *
 * The cache dir follows src/client/schema/definitions-cache.ts (`$XDG_CACHE_HOME/vppapi`, else
 * `~/.cache/vppapi`), repeated here because this file runs before any of that code is
 * loaded. The cache is written at exit when it was missing or V8 rejected it (another
 * Node, other V8 flags); `VPPAPI_NO_CODE_CACHE=1` neither reads nor writes it. Each upgrade
 * or rebuild writes a new file, so writing one also removes all but the KEEP newest
 * others (another Node or a second install may still use them; older ones are left from
 * versions gone).
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

type Entry = { runProcess(): Promise<void> };

/** The bundle's text and what identifies it as a file (for the cache key). */
interface BundleFile {
  source: Buffer;
  identity: string;
}

/** Changes whenever how this file compiles the bundle changes (it is part of the cache key). */
const CACHE_FORMAT = 3;

/**
 * How the build begins the bundle (scripts/bundle.mjs): the file is the module's function
 * already, as Module.wrap would write it, and is compiled as read. A bundle that does not
 * begin so is wrapped here: that copies its 1 MB of text once more (~7 ms of a start).
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/**
 * Which cache a run takes: 'exec' when the word `exec` is among its arguments, else ''.
 * A guess from the words alone (a value spelled `exec` counts too): it only picks a
 * cache, each of which is good for every run.
 */
function runKind(argv: readonly string[]): string {
  return argv.includes('exec') ? 'exec' : '';
}

/**
 * The options Node was started with (its command line's and NODE_OPTIONS): V8 refuses a
 * cache made under other V8 flags, and one run with others (a profiler, a heap size)
 * would otherwise make the next plain run compile everything and write the cache again.
 */
function nodeFlags(): string {
  return `${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`;
}

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

/** The bundle's text and its file's identity, or undefined when it cannot be read (a tsc-only build). */
function readBundle(path: string): BundleFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    return { source: readFileSync(fd), identity: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The SHA-1 the build wrote as the bundle's last line, or undefined. */
function buildHash(source: Buffer): string | undefined {
  const tail = source.subarray(Math.max(0, source.length - 80)).toString('latin1');
  return /\/\/# vppapi-bundle-sha1 ([0-9a-f]{40})\n?$/.exec(tail)?.[1];
}

/**
 * 40 hex digits from `text`: src/client/text-hash.ts's textHash160, repeated here as
 * cacheDir is. Not cryptographic: it tells apart the few keys one cache directory sees,
 * whose content identity is the build's SHA-1.
 */
function hash160(text: string): string {
  const mul = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1];
  return mul.map((m, lane) => {
    let h = (0x811c9dc5 ^ lane) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), m);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0).toString(16).padStart(8, '0');
  }).join('');
}

/** The code cache's file for `bundle`, or undefined when the bundle carries no build hash. */
function cacheFileFor(bundle: BundleFile): string | undefined {
  const sha1 = buildHash(bundle.source);
  if (!sha1) return undefined;
  const key = hash160(`${sha1}\0${bundle.identity}\0${process.version}\0${process.arch}\0${CACHE_FORMAT}\0${runKind(process.argv.slice(2))}\0${nodeFlags()}`);
  return join(cacheDir(process.env), `code-${key}.bin`);
}

/** The bundle's exports, compiled with the code cache when there is a usable one. */
function loadBundle(path: string, bundle: BundleFile): Entry {
  const { source } = bundle;
  const cacheFile = process.env.VPPAPI_NO_CODE_CACHE ? undefined : cacheFileFor(bundle);
  const useCache = cacheFile !== undefined;
  const cachedData = cacheFile ? readOrUndefined(cacheFile) : undefined;
  // The build keeps the bundle ASCII (scripts/bundle.mjs): read as Latin-1 it is the same
  // text, as a one-byte string, without UTF-8 decoding. Anything else is decoded as UTF-8.
  // A cache for this file's identity was written only after the text was found ASCII.
  const ascii = cachedData !== undefined || isAscii(source);
  const text = source.toString(ascii ? 'latin1' : 'utf8');
  const script = new Script(text.startsWith(WRAPPER) ? text : Module.wrap(text), { filename: path, cachedData });
  if (useCache && ascii && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so that the functions this run compiled are in the cache too.
    process.once('beforeExit', () => writeCache(cacheFile!, script.createCachedData()));
  }
  const mod = { exports: {} as Entry };
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(path), mod, path, __dirname);
  return mod.exports;
}

// Nothing here keeps the source or the cache data once compiled (the shell lives long).
const bundlePath = join(__dirname, 'vppapi.bundle.cjs');
const bundle = ((file) => file && loadBundle(bundlePath, file))(readBundle(bundlePath));
if (bundle) void bundle.runProcess();
else void import('./vppctl-api.js');
