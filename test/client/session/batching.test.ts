/**
 * When a session's queued requests leave: at the end of the tick (default) or of the event
 * loop's turn (batchWrites('turn'), the gateway's choice). Writes are counted on the real
 * socket to the emulator, given to the session through `dial`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/session/connect.js';
import type { Session } from '../../../src/client/session/session.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { tmpSocketPath } from '../../support/session-fake.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A session to a fresh emulator, and the number of socket writes it made so far. */
async function counted(): Promise<{ session: Session; writes: () => number }> {
  const emu = await startEmulator({ socketPath: tmpSocketPath('batch') });
  cleanups.push(() => emu.stop());
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-batch-cache-'));
  cleanups.push(() => rmSync(cacheDir, { recursive: true, force: true }));
  let n = 0;
  const dial = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(emu.socketPath, () => resolve(s));
      s.once('error', reject);
      const write = s.write.bind(s) as (...a: unknown[]) => boolean;
      s.write = ((...a: unknown[]) => (n++, write(...a))) as typeof s.write;
    });
  const { session } = await openSession({ socketPath: emu.socketPath, dial, cacheDir });
  cleanups.push(() => session.disconnect());
  return { session, writes: () => n };
}

/**
 * Starts `k` show_version calls, each from its own callback of one turn; all their answers.
 * The callbacks are immediates queued together, which Node runs in one check phase (each
 * its own tick); timers were not enough: on a loaded machine timers of the same delay can
 * expire in different turns.
 */
function fromSeparateCallbacks(s: Session, k: number): Promise<unknown[]> {
  return Promise.all(Array.from({ length: k }, () => new Promise((resolve, reject) => setImmediate(() => s.call('show_version').then(resolve, reject)))));
}

describe('write batching', () => {
  it("by default each callback's request is written at the end of its tick", async () => {
    const { session, writes } = await counted();
    const before = writes();
    const answers = await fromSeparateCallbacks(session, 5);
    expect(answers).toHaveLength(5);
    expect(writes() - before).toBe(5);
  });

  it("with batchWrites('turn') the requests of one turn's callbacks leave in one write, and all are answered", async () => {
    const { session, writes } = await counted();
    session.batchWrites('turn');
    const before = writes();
    const answers = (await fromSeparateCallbacks(session, 5)) as { program: string }[];
    expect(answers.map((a) => a.program)).toEqual(Array(5).fill('vpe'));
    expect(writes() - before).toBe(1);
    // Back to the default: one write per callback again.
    session.batchWrites('tick');
    const mid = writes();
    await fromSeparateCallbacks(session, 3);
    expect(writes() - mid).toBe(3);
  });
});
