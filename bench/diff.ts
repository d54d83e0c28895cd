/**
 * `vppapi api diff` of the real 26.02 and 26.06 definitions beside a baseline measured in
 * the same run: the time to load both sets (every *.api.json read and resolved, as the
 * command does). The command runs in this process through main() with its output kept
 * in memory (no start-up, no terminal), as the table and as --json; the comparison alone
 * (diffSchemas over the two loaded schemas) is shown too. Rounds alternate between the
 * baseline and the command so that load on the machine hits both alike; medians are
 * printed. Goal: the command within 1.5× the baseline. Run: `npm run bench:diff`
 * (`-- --rounds N`, `-- --old DIR --new DIR` for other sets). Prints figures only.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffSchemas } from '../src/client/schema/diff/index.js';
import { loadApiDir } from '../src/client/schema/load.js';
import { main } from '../src/commands/main.js';
import { BufferWriter } from '../src/commands/runtime/io.js';
import { arg, median } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/bench → the checkout → ../shared
const SHARED = resolve(here, '..', '..', '..', 'shared', 'vpp-api');
const OLD = arg('--old') ?? join(SHARED, 'v26.02');
const NEW = arg('--new') ?? join(SHARED, 'v26.06');
const ROUNDS = Number(arg('--rounds') ?? 7);

function loadBoth(): number {
  const t0 = performance.now();
  loadApiDir(OLD);
  loadApiDir(NEW);
  return performance.now() - t0;
}

async function command(extra: string[]): Promise<number> {
  const stdout = new BufferWriter(false);
  const stderr = new BufferWriter(false);
  const t0 = performance.now();
  const code = await main([...extra, 'api', 'diff', OLD, NEW], { stdout, stderr, stdin: '', env: { HOME: '/nonexistent' } });
  const ms = performance.now() - t0;
  if (code > 1) throw new Error(`api diff exited ${code}: ${stderr.text}`);
  return ms;
}

function compareOnly(): number {
  const a = loadApiDir(OLD).schema;
  const b = loadApiDir(NEW).schema;
  const t0 = performance.now();
  diffSchemas(a, b);
  return performance.now() - t0;
}

async function benchMain(): Promise<void> {
  if (!existsSync(OLD) || !existsSync(NEW)) {
    console.log(`bench:diff: definitions not found (${OLD}, ${NEW}); give --old DIR --new DIR`);
    return;
  }
  // Warm-up: the JIT and the file cache, for both sides.
  loadBoth();
  await command([]);
  const base: number[] = [];
  const table: number[] = [];
  const json: number[] = [];
  const cmp: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    base.push(loadBoth());
    table.push(await command([]));
    json.push(await command(['--json']));
    cmp.push(compareOnly());
  }
  const b = median(base);
  const row = (name: string, ms: number): string => `  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / b).toFixed(2)}×`;
  console.log(`api diff ${OLD} ${NEW} (median of ${ROUNDS} rounds)`);
  console.log(row('baseline: load both sets', b));
  console.log(row('api diff (table)', median(table)));
  console.log(row('api diff --json', median(json)));
  console.log(row('the comparison alone (diffSchemas)', median(cmp)));
  console.log(`goal: api diff within 1.5× the baseline: ${median(table) / b <= 1.5 && median(json) / b <= 1.5 ? 'met' : 'NOT met'}`);
}

await benchMain();
