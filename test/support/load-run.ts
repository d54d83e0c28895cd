/**
 * The load run of the reliability suite, shared by test/reliability-load.test.ts (sized
 * for CI) and bench/reliability.ts (the heavy figures): `calls` pipelined requests on one
 * session against the in-process emulator, while the emulator floods the session with
 * events. Every reply must answer its own request, every event must arrive once and in
 * order, and RSS is sampled throughout. No vitest here: it returns figures and problems.
 *
 * The mix (request i):
 *
 * | i mod 8     | request                                 | the reply must say            |
 * |-------------|-----------------------------------------|-------------------------------|
 * | 0, 2, 4, 6  | get_f64_increment_by_one f64_value = i  | f64_value = i + 1             |
 * | 1, 5        | sw_interface_get_mac_address loop k     | MAC de:ad:00:00:00:(k-1)      |
 * | 3           | show_version                            | program "vpe"                 |
 * | 7           | every 1000th call a sw_interface_dump, else control_ping | 9 interfaces / retval 0 |
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../src/client/schema/load.js';
import { Session } from '../../src/client/session/session.js';
import { startEmulator } from '../../src/emulator/index.js';

export interface LoadOptions {
  calls: number;
  /** Most calls in flight at once (the rest wait for a slot); default all of them. */
  window?: number;
  /** Events the emulator emits per turn of the event loop while calls are in flight. */
  eventsPerTurn?: number;
}

export interface LoadFigures {
  calls: number;
  window: number;
  ms: number;
  callsPerSecond: number;
  eventsEmitted: number;
  eventsReceived: number;
  /** Replies that did not answer their request, or calls that failed. */
  problems: string[];
  /** Resident set size before the run and its highest sample during it, in MiB. */
  rssBeforeMiB: number;
  rssPeakMiB: number;
  /** Live heap after the run and a full GC, in MiB; only when node runs with --expose-gc. */
  heapAfterGcMiB?: number;
}

const LOOPS = 8;
const MiB = 1024 * 1024;

/** Runs the load and reports; throws only when the emulator or the session cannot start. */
export async function runLoad(o: LoadOptions): Promise<LoadFigures> {
  const window = Math.min(o.window ?? o.calls, o.calls);
  const perTurn = o.eventsPerTurn ?? 20;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-load-'));
  const sources = builtinModules().map((module) => ({ origin: 'built-in', module }));
  const emu = await startEmulator({ socketPath: path.join(dir, 'api.sock'), sources, maxReceived: 0 });
  const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
  const s = new Session({ socketPath: emu.socketPath, schema, timeoutMs: 60_000 });
  const problems: string[] = [];
  const problem = (p: string): void => void (problems.length < 20 && problems.push(p));
  try {
    await s.connect();
    for (let k = 0; k < LOOPS; k++) await s.call('create_loopback', {});
    await s.call('want_interface_events', { enable_disable: 1 });
    let received = 0;
    s.subscribe('sw_interface_event', (_n, m) => {
      if (m.sw_if_index !== received) problem(`event ${received} arrived as ${String(m.sw_if_index)}`);
      received++;
    });

    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10);

    let emitted = 0;
    let running = true;
    const flood = (): void => {
      if (!running) return;
      for (let j = 0; j < perTurn; j++) emu.emitEvent('sw_interface_event', { sw_if_index: emitted++, flags: 1, deleted: false });
      setImmediate(flood);
    };

    const t0 = performance.now();
    setImmediate(flood);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < o.calls) {
        const i = next++;
        try {
          await one(s, i, problem);
        } catch (e) {
          problem(`call ${i} failed: ${(e as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    const ms = performance.now() - t0;
    running = false;
    const until = Date.now() + 10_000;
    while (received < emitted && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    if (received !== emitted) problem(`${emitted - received} of ${emitted} events lost`);
    if (s.pendingCount !== 0) problem(`${s.pendingCount} calls still pending`);
    global.gc?.();
    return {
      heapAfterGcMiB: global.gc ? process.memoryUsage().heapUsed / MiB : undefined,
      calls: o.calls,
      window,
      ms,
      callsPerSecond: (o.calls * 1000) / ms,
      eventsEmitted: emitted,
      eventsReceived: received,
      problems,
      rssBeforeMiB: rssBefore / MiB,
      rssPeakMiB: rssPeak / MiB,
    };
  } finally {
    await s.disconnect();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Request i of the mix, checked against what its reply must say. */
async function one(s: Session, i: number, problem: (p: string) => void): Promise<void> {
  switch (i % 8) {
    case 1:
    case 5: {
      const k = 1 + (i % LOOPS);
      const r = (await s.call('sw_interface_get_mac_address', { sw_if_index: k })) as { mac_address: Uint8Array };
      if (r.mac_address[5] !== k - 1 || r.mac_address[0] !== 0xde) problem(`call ${i}: MAC of ${k} came back as ${Buffer.from(r.mac_address).toString('hex')}`);
      return;
    }
    case 3: {
      const r = (await s.call('show_version')) as { program: string };
      if (r.program !== 'vpe') problem(`call ${i}: show_version answered program ${r.program}`);
      return;
    }
    case 7: {
      if (i % 1000 === 7) {
        const d = (await s.call('sw_interface_dump')) as unknown[];
        if (d.length !== LOOPS + 1) problem(`call ${i}: dump gave ${d.length} interfaces`);
      } else {
        const r = (await s.call('control_ping')) as { retval: number };
        if (r.retval !== 0) problem(`call ${i}: control_ping retval ${r.retval}`);
      }
      return;
    }
    default: {
      const r = (await s.call('get_f64_increment_by_one', { f64_value: i })) as { f64_value: number };
      if (r.f64_value !== i + 1) problem(`call ${i}: ${i} + 1 came back as ${r.f64_value}`);
    }
  }
}
