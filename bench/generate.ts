/**
 * `npm run bench:generate`: typed bindings of all 26.06 definitions. In one run:
 * the time to load the definitions (read + parse + resolve, as `vppapi generate ts
 * --api-dir` does), the time to generate the files from them (goal: under 2× the load),
 * and the time TypeScript's compiler takes to type-check the generated files (goal:
 * under 10 s), with the count of its diagnostics (must be 0).
 *
 *   node dist/bench/generate.js [--api-dir DIR]   (default: ../shared/vpp-api/v26.06 beside the checkout)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { loadApiDir } from '../src/client/schema/load.js';
import type { Schema } from '../src/client/schema/model.js';
import { type GeneratedFile, generateTs } from '../src/client/typegen/index.js';
import { arg } from './harness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const apiDir = arg('--api-dir') ?? join(root, '..', 'shared', 'vpp-api', 'v26.06');
if (!existsSync(apiDir)) {
  console.error(`bench:generate needs VPP 26.06 definitions: ${apiDir} does not exist (give --api-dir DIR)`);
  process.exit(2);
}

const RUNS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ms = (x: number): string => `${x.toFixed(1)} ms`;

// Load and generate alternate, so that both see the same machine (the other core's load, GC state).
const loads: number[] = [];
const gens: number[] = [];
let schema: Schema | undefined;
let files: GeneratedFile[] = [];
let defFiles = 0;
for (let i = 0; i < RUNS + 1; i++) {
  const t0 = performance.now();
  const loaded = loadApiDir(apiDir, { memclnt: true });
  const t1 = performance.now();
  files = generateTs(loaded.schema, { origin: apiDir });
  const t2 = performance.now();
  schema = loaded.schema;
  defFiles = loaded.files;
  // The first round warms the JIT for both.
  if (i === 0) continue;
  loads.push(t1 - t0);
  gens.push(t2 - t1);
}
const load = median(loads);
const gen = median(gens);
const bytes = files.reduce((n, f) => n + f.text.length, 0);
console.log(`definitions: ${defFiles} files, ${schema!.messages.size} messages, ${schema!.services.size} requests`);
console.log(`load       ${ms(load).padStart(10)}   median of ${RUNS} (read + parse + resolve)`);
console.log(`generate   ${ms(gen).padStart(10)}   median of ${RUNS}: ${files.length} files (${files.length - 1} modules + index.ts), ${(bytes / 1e6).toFixed(2)} MB`);
console.log(`           ${(gen / load).toFixed(2)}× the load (goal: under 2×)`);

const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-generate-'));
try {
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const program = ts.createProgram(files.map((f) => join(dir, f.name)), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noUnusedLocals: true,
    noEmit: true,
    // The generated files are .ts: all of them are checked; this skips only TypeScript's own lib .d.ts.
    skipLibCheck: true,
  });
  const diags = ts.getPreEmitDiagnostics(program);
  const check = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`type-check ${ms(check).padStart(10)}   one run of tsc's compiler (strict, ${ms((cpu.user + cpu.system) / 1000)} of CPU), ${diags.length} diagnostics (goal: under 10 s)`);
  for (const d of diags.slice(0, 5)) console.log(`  ${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  if (diags.length) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
