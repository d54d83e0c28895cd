/**
 * bench:fleet: `show_version` fanned out over ssh:// to 1, 5 and 20 targets on localhost
 * (a real sshd on 127.0.0.1 reached by 20 host names, standing for 20 hosts: one login each), cold
 * (every ssh connection made for the run) and with the connections reused (the same
 * process's second run), beside one call to one local socket in the same run. Each
 * figure is the median of the runs of the whole command (targets file read, sessions,
 * definitions from the warm cache, merged output), in-process through the CLI's main().
 *
 * Goals (issue 19): 20 targets ≤ 3× one ssh target (cold); a reused ssh connection
 * ≤ 1.5× the local call.
 *
 *   npm run bench:fleet [-- --runs N (5)]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connector } from '../src/client/targets/connector.js';
import { splitCommand } from '../src/client/targets/argv.js';
import type { TargetEntry } from '../src/client/targets/config.js';
import { parseTarget } from '../src/client/targets/parse.js';
import type { ReachableTarget } from '../src/client/targets/parse.js';
import { RUNNER } from '../src/commands/dispatch.js';
import { runFleet } from '../src/commands/fleet/run.js';
import { main } from '../src/commands/main.js';
import { defaultGlobals } from '../src/commands/runtime/globals.js';
import { BufferWriter, type Io } from '../src/commands/runtime/io.js';
import { arg, median, waitForSocket } from './harness.js';
import { sshdUnavailable, startSshd } from './sshd.js';

const RUNS = Number(arg('--runs') ?? 5);
const SIZES = [1, 5, 20];

const why = sshdUnavailable();
if (why) {
  console.log(`bench:fleet needs an OpenSSH server: ${why}`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-fleet-'));
const home = join(dir, 'home');
mkdirSync(home, { mode: 0o700 });
const sshd = await startSshd();
const servers = spawn(process.execPath, [join(import.meta.dirname, 'fleet-servers.js'), dir, '20'], { stdio: ['ignore', 'ignore', 'inherit'] });
await waitForSocket(join(dir, 'vpp20.sock'));
const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'), VPPAPI_SSH: sshd.sshCommand };

/** Target k: the emulator vppk.sock on 127.0.0.1 (`hosts`: on host fleethostk, a login of its own). */
const entry = (k: number, hosts: boolean): TargetEntry => {
  const url = sshd.url(join(dir, `vpp${k}.sock`), hosts ? k : undefined);
  return { name: `vpp${k}`, url, target: parseTarget(url, { allowExec: false }) as ReachableTarget };
};

function io(): Io & { out: BufferWriter; err: BufferWriter } {
  const out = new BufferWriter();
  const err = new BufferWriter();
  return { stdout: out, stderr: err, env, stdin: '', out, err };
}

/** ms of `work`, checked: exit 0 and `n` version objects. */
async function timed(n: number, work: (o: Io) => Promise<number>): Promise<number> {
  const o = io();
  const t0 = performance.now();
  const code = await work(o);
  const ms = performance.now() - t0;
  const got = [JSON.parse(o.out.text) as unknown].flat().filter((x) => (x as { version?: string }).version).length;
  if (code !== 0 || got !== n) throw new Error(`run failed (exit ${code}, ${got}/${n} answers): ${o.err.text}`);
  return ms;
}

const fleet = (n: number, hosts: boolean, shared?: Connector) => (o: Io) =>
  runFleet(o, { ...defaultGlobals(env), output: 'json', timeoutMs: 30_000 }, ['show_version'], Array.from({ length: n }, (_, i) => entry(i + 1, hosts)), RUNNER, shared);

try {
  // Warm the definitions cache (every emulator has the same message table) and the code.
  await timed(1, fleet(1, false));
  await timed(1, (o) => main(['--socket', join(dir, 'vpp1.sock'), '--json', 'show_version'], o));

  const local: number[] = [];
  const localFleet: number[] = [];
  const key = (n: number, hosts: boolean): string => `${n}${hosts ? 'h' : ''}`;
  const cold = new Map<string, number[]>();
  const reused = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number): void => void m.set(k, [...(m.get(k) ?? []), v]);
  const localEntry: TargetEntry = { name: 'local', url: join(dir, 'vpp1.sock'), target: { kind: 'unix', path: join(dir, 'vpp1.sock') } };
  for (let r = 0; r < RUNS; r++) {
    local.push(await timed(1, (o) => main(['--socket', join(dir, 'vpp1.sock'), '--json', 'show_version'], o)));
    localFleet.push(await timed(1, (o) => runFleet(o, { ...defaultGlobals(env), output: 'json' }, ['show_version'], [localEntry], RUNNER)));
    for (const hosts of [false, true]) {
      for (const n of SIZES) {
        if (hosts && n === 1) continue;
        push(cold, key(n, hosts), await timed(n, fleet(n, hosts)));
        const shared = new Connector({ ssh: splitCommand(sshd.sshCommand) });
        try {
          await timed(n, fleet(n, hosts, shared)); // logs in and forwards
          push(reused, key(n, hosts), await timed(n, fleet(n, hosts, shared)));
        } finally {
          await shared.close();
        }
      }
    }
  }
  const l = median(local);
  const c1 = median(cold.get('1')!);
  console.log(`bench:fleet: show_version, median of ${RUNS} runs (ms), all in the same run; OpenSSH on 127.0.0.1`);
  console.log(`  one local socket: vppapi --socket … show_version         ${l.toFixed(1).padStart(8)}`);
  console.log(`  the same through the fan-out runner (1 local target)     ${median(localFleet).toFixed(1).padStart(8)}`);
  console.log('  targets                  ssh cold   ×1 ssh   ssh reused   ×local');
  for (const hosts of [false, true]) {
    for (const n of SIZES) {
      if (hosts && n === 1) continue;
      const c = median(cold.get(key(n, hosts))!);
      const u = median(reused.get(key(n, hosts))!);
      const label = `${n} ${hosts ? `on ${n} hosts` : n === 1 ? 'target' : 'on one host'}`;
      console.log(`  ${label.padEnd(22)} ${c.toFixed(1).padStart(9)}   ${(c / c1).toFixed(2).padStart(6)}   ${u.toFixed(1).padStart(10)}   ${(u / l).toFixed(2).padStart(6)}`);
    }
  }
  const c20 = median(cold.get('20')!) / c1;
  const u1 = median(reused.get('1')!) / l;
  console.log(`  goals: 20 targets (one host) ≤ 3× one ssh target: ${c20.toFixed(2)}× ${c20 <= 3 ? 'met' : 'NOT met'}; reused ssh ≤ 1.5× local: ${u1.toFixed(2)}× ${u1 <= 1.5 ? 'met' : 'NOT met'}`);
  console.log(`  20 hosts cold: ${(median(cold.get('20h')!) / c1).toFixed(2)}× one ssh target (each a login of its own: sshd's and ssh's CPU per login, in parallel on this machine's cores)`);
} finally {
  servers.kill('SIGTERM');
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
}
