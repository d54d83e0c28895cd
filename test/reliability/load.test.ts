/**
 * Load: 100,000 pipelined calls on one session while the emulator floods it with events
 * (test/support/load-run.ts, client and emulator in this process). No reply lost or
 * mismatched, every event delivered once and in order, and memory bounded by what is in
 * flight, not by how much went through. bench/reliability.ts runs the same load heavier.
 *
 * Bounds (RSS growth over the run, client and emulator together), from measurements on a
 * 2-core machine with about twice the room: 100,000 calls in flight at once peaked at
 * +270 MiB; with at most 1,000 in flight, +75 MiB whatever the total.
 */
import { describe, expect, it } from 'vitest';
import { type LoadFigures, runLoad } from '../support/load-run.js';

const CALLS = Number(process.env.VPPAPI_LOAD_CALLS ?? 100_000);

function report(label: string, f: LoadFigures): void {
  console.log(
    `load (${label}): ${f.calls} calls in ${f.ms.toFixed(0)} ms (${f.callsPerSecond.toFixed(0)}/s), ` +
      `${f.eventsReceived}/${f.eventsEmitted} events, RSS ${f.rssBeforeMiB.toFixed(0)} → peak ${f.rssPeakMiB.toFixed(0)} MiB`,
  );
}

describe('load', () => {
  it(`${CALLS.toLocaleString('en')} calls, at most 1,000 in flight, with an event flood: none lost or mismatched, memory flat`, async () => {
    const f = await runLoad({ calls: CALLS, window: 1000, eventsPerTurn: 100 });
    report('window 1000', f);
    expect(f.problems).toEqual([]);
    expect(f.eventsEmitted).toBeGreaterThan(5000);
    expect(f.eventsReceived).toBe(f.eventsEmitted);
    expect(f.rssPeakMiB - f.rssBeforeMiB).toBeLessThan(200);
  }, 120_000);

  it(`${CALLS.toLocaleString('en')} calls all in flight at once, with an event flood: none lost or mismatched, memory bounded`, async () => {
    const f = await runLoad({ calls: CALLS, eventsPerTurn: 100 });
    report('all at once', f);
    expect(f.problems).toEqual([]);
    expect(f.eventsEmitted).toBeGreaterThan(5000);
    expect(f.eventsReceived).toBe(f.eventsEmitted);
    expect(f.rssPeakMiB - f.rssBeforeMiB).toBeLessThan(600);
  }, 120_000);
});
