/**
 * `npm run bench:reliability`: the figures of the reliability suite, at heavier sizes than
 * `npm test` runs them.
 *
 * | figure               | how                                                                    |
 * |----------------------|------------------------------------------------------------------------|
 * | fuzz iterations      | test/support/fuzz-frames.ts over every message (26.06 when ../shared is there, and the built-in set) |
 * | load handled         | test/support/load-run.ts: calls/s and events, all in flight at once and through a window |
 * | peak RSS             | sampled during each load run, each in a fresh process; live heap after GC |
 * | fault cases survived | the tests of reliability-hostile and reliability-faults, run by vitest  |
 * | bad inputs rejected  | the cases of reliability-bad-input (and the security checks)           |
 *
 *   node dist/bench/reliability.js [--quick] [--fuzz-runs N] [--calls N] [--window-calls N] [--no-tests]
 *
 * Each load run holds client and emulator in one process, so its RSS is both together.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../src/client/schema/load.js';
import { type FuzzFigures, fuzzDecoders } from '../test/support/fuzz-frames.js';
import { type LoadFigures, runLoad } from '../test/support/load-run.js';
import { arg } from './harness.js';

const quick = process.argv.includes('--quick');
const fuzzRuns = Number(arg('--fuzz-runs') ?? (quick ? 40 : 400));
const calls = Number(arg('--calls') ?? 100_000);
const windowCalls = Number(arg('--window-calls') ?? (quick ? 100_000 : 1_000_000));
const runTests = !process.argv.includes('--no-tests');

/** The repository root: dist/bench/ → ../.. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(root, '..', 'shared', 'vpp-api', 'v26.06');

const n = (x: number): string => Math.round(x).toLocaleString('en');
const mib = (x: number): string => `${x.toFixed(0)} MiB`;

function fuzz(): string[] {
  const lines: string[] = [];
  const sets: [string, () => ReturnType<typeof loadSchema>['schema']][] = [
    ['built-in', () => loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema],
  ];
  if (existsSync(shared)) sets.unshift(['26.06', () => loadSchema(readApiDir(shared).sources).schema]);
  for (const [label, load] of sets) {
    const t0 = performance.now();
    const f: FuzzFigures = fuzzDecoders(load(), fuzzRuns);
    const s = (performance.now() - t0) / 1000;
    const b = f.byStrategy;
    lines.push(
      `${n(f.iterations)} frames over ${n(f.messages)} ${label} messages in ${s.toFixed(1)} s, no failure ` +
        `(random ${n(b.random)}, mutated ${n(b.mutated)}, inflated ${n(b.inflated)}, padded ${n(b.padded)}; ${n(f.refused)} refused with DecodeError)`,
    );
  }
  if (!existsSync(shared)) lines.push(`(${shared} is absent: the 26.06 set was not fuzzed)`);
  return lines;
}

function loadLine(label: string, f: LoadFigures): string {
  const ok = f.problems.length === 0 ? 'none lost or mismatched' : `PROBLEMS: ${f.problems.slice(0, 3).join('; ')}`;
  const live = f.heapAfterGcMiB === undefined ? '' : `, live heap after GC ${mib(f.heapAfterGcMiB)}`;
  return `${label}: ${n(f.calls)} calls in ${(f.ms / 1000).toFixed(2)} s = ${n(f.callsPerSecond)} calls/s, ` +
    `${n(f.eventsReceived)}/${n(f.eventsEmitted)} events, RSS ${mib(f.rssBeforeMiB)} → peak ${mib(f.rssPeakMiB)}${live}; ${ok}`;
}

/** One load run in a fresh process (with --expose-gc), so that its RSS is its own. */
function loadInChild(calls: number, window: number): LoadFigures {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', self, '--load-child', String(calls), String(window)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`the load run exited with ${r.status}`);
  return JSON.parse(r.stdout) as LoadFigures;
}

interface VitestReport {
  testResults: { name: string; assertionResults: { status: string; title: string }[] }[];
}

/** Passed/total tests per file of the reliability suite, run by vitest in a child process. */
function testCounts(): Map<string, { passed: number; total: number }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'vppapi-bench-rel-'));
  const report = path.join(out, 'report.json');
  const files = ['hostile', 'faults', 'bad-input', 'security'].map((f) => `test/reliability-${f}.test.ts`);
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  spawnSync(process.execPath, [vitest, 'run', ...files, '--reporter=json', `--outputFile=${report}`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const counts = new Map<string, { passed: number; total: number }>();
  try {
    const r = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
    for (const t of r.testResults) {
      const key = path.basename(t.name).replace(/^reliability-|\.test\.ts$/g, '');
      const ran = t.assertionResults.filter((a) => a.status !== 'skipped' && a.status !== 'pending');
      counts.set(key, { passed: ran.filter((a) => a.status === 'passed').length, total: ran.length });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return counts;
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--load-child');
  if (child >= 0) {
    const [c, w] = process.argv.slice(child + 1, child + 3).map(Number);
    process.stdout.write(JSON.stringify(await runLoad({ calls: c!, window: w!, eventsPerTurn: 100 })));
    return;
  }
  console.log(`vppapi reliability figures: node ${process.version}, ${os.cpus().length} cores${quick ? ' (--quick)' : ''}\n`);
  const fuzzLines = fuzz();
  console.log(`decoder fuzzing (${fuzzRuns} frames per message):`);
  for (const l of fuzzLines) console.log(`  ${l}`);

  console.log('\nload (each run in a fresh process holding client and emulator; event flood of 100 per turn):');
  console.log(`  ${loadLine('all in flight at once', loadInChild(calls, calls))}`);
  console.log(`  ${loadLine('at most 1,000 in flight', loadInChild(windowCalls, 1000))}`);

  if (!runTests) return;
  const c = testCounts();
  const get = (k: string): { passed: number; total: number } => c.get(k) ?? { passed: 0, total: 0 };
  const hostile = get('hostile');
  const faults = get('faults');
  const bad = get('bad-input');
  const sec = get('security');
  console.log('\nreliability tests (vitest):');
  console.log(`  fault cases survived: ${hostile.passed + faults.passed}/${hostile.total + faults.total} (hostile peer ${hostile.passed}/${hostile.total}, faults ${faults.passed}/${faults.total})`);
  // The bad-input file has one test that checks the table itself; the rest are one case each.
  console.log(`  bad inputs rejected (exit 2, field and value named, nothing sent): ${Math.max(0, bad.passed - 1)}/${Math.max(0, bad.total - 1)}`);
  console.log(`  security checks: ${sec.passed}/${sec.total}`);
  if (hostile.passed + faults.passed + bad.passed + sec.passed !== hostile.total + faults.total + bad.total + sec.total) process.exitCode = 1;
}

await main();
