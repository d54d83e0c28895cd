// Build step after tsc: the CLI (bin/process.ts and all it imports, npm dependencies
// included) as one CommonJS file, dist/bin/vppapi.bundle.cjs, which dist/bin/vppapi.cjs
// compiles with a V8 code cache. Modules that were imported lazily stay lazy: esbuild
// runs each one's top level only when its import() is reached.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCoreTypes } from './core-types.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * commander requires node:child_process at its top level (for executable subcommands,
 * which vppapi has none of): every built-in command would load it, node:dgram and
 * node:net's child parts with it, a few ms of start-up. Inside node_modules it gets an
 * object that requires the real module at the first property read instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

/**
 * npm packages that only lazily loaded modules import, each bundled into a file of its
 * own beside the bundle, which requires it when that module first runs: yaml (the
 * targets file, fleet/select.ts) and picomatch (stats patterns, serve's access rules).
 * They were a fifth of the bundle (~210 KB) that every start read and decoded and no
 * single call or script ran. Neither keeps state the bundle shares, so one copy of each
 * in a file of its own is the same library.
 */
const VENDOR = { yaml: 'vppapi-yaml.cjs', picomatch: 'vppapi-picomatch.cjs' };
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    b.onResolve({ filter: /^(yaml|picomatch)$/ }, (args) => ({ path: `./${VENDOR[args.path]}`, external: true }));
  },
};
const requireHere = createRequire(import.meta.url);
for (const [pkg, file] of Object.entries(VENDOR)) {
  await build({
    entryPoints: [requireHere.resolve(pkg)],
    outfile: join(root, 'dist', 'bin', file),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    charset: 'ascii',
    logLevel: 'warning',
  });
}

await build({
  entryPoints: [join(root, 'bin', 'process.ts')],
  outfile: join(root, 'dist', 'bin', 'vppapi.bundle.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // A native addon cannot be bundled; it loads from node_modules as before. tar (read
  // only by api diff and check --against, for a .tar.gz of definitions) also loads from
  // node_modules when first used, so the bundle every start reads stays its size.
  external: ['koffi', 'tar'],
  // import() of what stays outside (node: built-ins, koffi) as require(): the bundle runs
  // as a vm.Script, which has no loader for import() of its own.
  supported: { 'dynamic-import': false },
  // The bundle runs as a CommonJS module's function (written below, called by
  // bin/vppapi.cts): __dirname and __filename are the bundle's, which is where version.ts and completion.ts look upwards from.
  define: { 'import.meta.dirname': '__dirname', 'import.meta.url': '__bundle_url' },
  banner: { js: "var __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  // Less source to read, hash and keep in memory (the shell holds it); names stay as written.
  minifyWhitespace: true,
  charset: 'ascii',
  logLevel: 'warning',
  plugins: [lazyChildProcess, vendorFiles],
});
// Only ASCII, so that V8 holds the source as a one-byte string (a single other character
// makes all 1 MB two-byte, twice the memory and slower to scan) and bin/vppapi.cts can
// decode it without UTF-8 checks. esbuild escapes strings; a regex literal it leaves as
// written, so a non-ASCII character there is written as \uXXXX in the source.
const bundled = readFileSync(join(root, 'dist', 'bin', 'vppapi.bundle.cjs'));
const wide = bundled.findIndex((b) => b > 0x7f);
if (wide >= 0) {
  const line = bundled.subarray(0, wide).toString('latin1').split('\n').length;
  throw new Error(`dist/bin/vppapi.bundle.cjs line ${line}: a non-ASCII character; write it as \\uXXXX in the source (${bundled.subarray(Math.max(0, wide - 40), wide + 10).toString('utf8')})`);
}
// The bundle written as the function bin/vppapi.cts calls (what Module.wrap would make of
// it): compiled as read, its 1 MB of text is not copied once more into a wrapped string
// at every start (~7 ms). The first line must stay WRAPPER exactly: the loader looks for it.
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';
const wrapped = Buffer.concat([Buffer.from(`${WRAPPER}\n`), bundled, Buffer.from('\n})')]);
// The bundle's SHA-1 as its last line: bin/vppapi.cts keys its code cache on it without
// loading node:crypto or reading 1 MB through a hash at every start.
writeFileSync(join(root, 'dist', 'bin', 'vppapi.bundle.cjs'), Buffer.concat([wrapped, Buffer.from(`\n//# vppapi-bundle-sha1 ${createHash('sha1').update(wrapped).digest('hex')}\n`)]));
chmodSync(join(root, 'dist', 'bin', 'vppapi.cjs'), 0o755);
// `vppapi/core`: the built-in set's typed bindings (scripts/core-types.mjs).
await buildCoreTypes();
chmodSync(join(root, 'dist', 'bin', 'vppctl-api.js'), 0o755);
