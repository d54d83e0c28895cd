/**
 * serve collects its garbage once it goes idle: one full collection after requests were
 * served and none was in flight for a second, when resident memory grew; at most one per
 * idle period, none while a request is in flight or when no request came, none kept from
 * it by an open event stream. Over a real socket, the collections seen as V8 reports them
 * (a forced major collection in the process's gc performance entries: serve runs in this
 * process, so memory this test holds is serve's growth); the timing and growth rules
 * beside it with fake timers and a given figure.
 */
import { request } from 'node:http';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GROWTH, IDLE_MS, idleCollector, whenGrown } from '../../../src/commands/serve/idle-collect.js';
import { cleanup } from '../../support/cli.js';
import { post, type Served, serveWith, startVpp, until, type Vpp } from './harness.js';

let vpp: Vpp;
let s: Served;
/** Forced full collections seen since the observer started (serve's idle collection makes two in a row). */
let forced = 0;
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const d = (e as unknown as { detail: { kind: number; flags: number } }).detail;
    if (d.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) forced++;
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Memory held by the test (written, so resident), let go after all. */
const held: Buffer[] = [];

/** Grows this process's resident memory by three times GROWTH (kept: what a collection may not free counts as in use after it). */
function grow(): void {
  held.push(Buffer.alloc(Math.ceil(process.memoryUsage.rss() * GROWTH * 3), 1));
}

beforeAll(async () => {
  observer.observe({ entryTypes: ['gc'] });
  vpp = await startVpp();
  // A long --timeout: the held request below waits for its body for seconds.
  s = await serveWith(['--socket', vpp.api, '--stats-socket', vpp.stats, '--api-dir', vpp.defs, '--timeout', '60']);
});

afterAll(async () => {
  held.length = 0;
  observer.disconnect();
  await s?.stop();
  await vpp?.emu.stop();
  cleanup();
});

/** A POST /api/show_version whose body (`{}`) is sent in two parts: the second when `finish` is called. Resolves with the status. */
function heldRequest(): { finish: () => void; status: Promise<number> } {
  const u = new URL(s.url);
  let finish = () => {};
  const status = new Promise<number>((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), path: '/api/show_version', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 2 } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.flushHeaders();
    req.write('{');
    finish = () => req.end('}');
  });
  return { finish, status };
}

describe('serve, idle', () => {
  it('collects once after requests stop when memory grew, never while one is in flight, not without requests', async () => {
    // Started, no request yet: nothing to give back, no collection.
    await sleep(2.5 * IDLE_MS);
    expect(forced).toBe(0);

    // (No collection without growth is whenGrown's test below: this process's own
    // figure moves with all else it does.)
    grow();
    expect((await post(s, 'show_version')).status).toBe(200);
    await until('the collection after the request, memory grown', () => forced > 0);
    // Once per idle period: the server stays idle, no further collection.
    await sleep(IDLE_MS / 2);
    const first = forced;
    await sleep(2.5 * IDLE_MS);
    expect(forced).toBe(first);

    // A request in flight (its body half sent) for seconds, others served beside it and
    // then none: the last end is long past, but one is still in flight, so no collection.
    grow();
    const held = heldRequest();
    for (let i = 0; i < 3; i++) {
      expect((await post(s, 'show_version')).status).toBe(200);
      await sleep(IDLE_MS / 5);
    }
    await sleep(2.5 * IDLE_MS);
    expect(forced).toBe(first);
    held.finish();
    expect(await held.status).toBe(200);
    await until('the collection after the held request ended', () => forced > first);
  });

  it('is not kept from collecting by an open event stream', async () => {
    const before = forced;
    grow();
    const ctl = new AbortController();
    const r = await fetch(`${s.url}/events/sw_interface_event`, { signal: ctl.signal });
    try {
      expect(r.status).toBe(200);
      await until('a collection while the stream is open', () => forced > before);
    } finally {
      ctl.abort();
      }
  });
});

describe('whenGrown', () => {
  it('collects only when the figure grew by more than GROWTH over its mark, and takes the figure after a collection as the new mark', () => {
    let rss = 100;
    const collect = vi.fn(() => (rss = 104));
    const onIdle = whenGrown(collect, () => rss, 0.05);
    rss = 105;
    onIdle();
    expect(collect).not.toHaveBeenCalled();
    rss = 106;
    onIdle();
    expect(collect).toHaveBeenCalledTimes(1);
    // In use after the collection (104): that is the mark; 108 is within 5 % of it.
    rss = 108;
    onIdle();
    expect(collect).toHaveBeenCalledTimes(1);
    rss = 110;
    onIdle();
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('lowers its mark to a lower figure seen while idle', () => {
    let rss = 100;
    const collect = vi.fn();
    const onIdle = whenGrown(collect, () => rss, 0.05);
    rss = 80;
    onIdle();
    rss = 85;
    onIdle();
    expect(collect).toHaveBeenCalledTimes(1);
  });
});

describe('idleCollector', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the whole idle period after the last request ended, and then collects once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const collect = vi.fn();
    const w = idleCollector(collect, 1000);
    vi.advanceTimersByTime(5000);
    expect(collect).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    // Requests every 500 ms for 5 s, each 10 ms in flight: the gaps are under the idle period.
    for (let i = 0; i < 10; i++) {
      w.begin();
      vi.advanceTimersByTime(10);
      w.end();
      vi.advanceTimersByTime(490);
      expect(collect).not.toHaveBeenCalled();
    }
    vi.advanceTimersByTime(499);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(collect).toHaveBeenCalledTimes(1);
    // Idle from now on: no timer left, no more collections.
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('never collects while a request is in flight, however long', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const collect = vi.fn();
    const w = idleCollector(collect, 1000);
    w.begin();
    w.begin();
    w.end();
    vi.advanceTimersByTime(30_000);
    expect(collect).not.toHaveBeenCalled();
    w.end();
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects nothing after stop', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const collect = vi.fn();
    const w = idleCollector(collect, 1000);
    w.begin();
    w.end();
    w.stop();
    vi.advanceTimersByTime(5000);
    expect(collect).not.toHaveBeenCalled();
  });
});
