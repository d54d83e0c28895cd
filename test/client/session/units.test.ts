/**
 * The session's small parts on their own: retval table, contexts, message table,
 * pending-call deadlines, the detail iterator.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContextAllocator } from '../../../src/client/session/context.js';
import * as lib from '../../../src/client/index.js';
import { DetailQueue } from '../../../src/client/session/detail-queue.js';
import { PendingTable } from '../../../src/client/session/pending.js';
import { allRetvals, retvalByName, retvalInfo, retvalName } from '../../../src/client/session/retvals.js';
import { RetvalError } from '../../../src/client/session/errors.js';
import { MessageTable, splitTableKey } from '../../../src/client/session/message-table.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

describe('retvals', () => {
  it('knows the common names', () => {
    expect(retvalInfo(-2)).toEqual({ retval: -2, name: 'INVALID_SW_IF_INDEX', description: 'Invalid sw_if_index' });
    expect(retvalName(-165)).toBe('EAGAIN');
    expect(retvalName(0)).toBeUndefined();
    expect(retvalByName('NO_SUCH_ENTRY')).toBe(-6);
    expect(RetvalError.from('x', -6, retvalInfo(-6), {}).message).toBe('x: retval -6 NO_SUCH_ENTRY (No such entry)');
    expect(RetvalError.from('x', 7, retvalInfo(7), {}).message).toBe("x: retval 7 (not in VPP's error table)");
  });

  it.skipIf(!HAVE_SHARED)("holds exactly VPP 26.06's errors.json", () => {
    const file = path.join(API_26_06, 'errors.json');
    const want = (JSON.parse(readFileSync(file, 'utf8')) as { retval: number; name: string; description: string }[])
      .map((e) => ({ retval: e.retval, name: e.name, description: e.description }))
      .sort((a, b) => b.retval - a.retval);
    expect(allRetvals()).toEqual(want);
  });
});

describe('ContextAllocator', () => {
  it('never hands out 0, wraps at 2^32, skips contexts in use', () => {
    const a = new ContextAllocator(0xfffffffe);
    expect([a.next(), a.next(), a.next()]).toEqual([0xffffffff, 1, 2]);
    const used = new Set([3, 4, 6]);
    expect([a.next((c) => used.has(c)), a.next((c) => used.has(c))]).toEqual([5, 7]);
  });
});

describe('MessageTable', () => {
  const table = new MessageTable([
    { id: 15, key: 'sockclnt_create_455fb9c4' },
    { id: 100, key: 'show_version_51077d14' },
    { id: 101, key: 'show_version_reply_c919bde1' },
    { id: 102, key: 'foo_deadbeef' },
  ]);

  it('splits keys and finds entries by id, key and name', () => {
    expect(splitTableKey('show_version_reply_c919bde1')).toEqual({ name: 'show_version_reply', crc: 'c919bde1' });
    expect(splitTableKey('odd')).toEqual({ name: 'odd', crc: '' });
    expect(table.byId(101)?.key).toBe('show_version_reply_c919bde1');
    expect(table.byName('foo')?.crc).toBe('deadbeef');
    expect(table.byKey('foo_00000000')).toBeUndefined();
    expect(table.entries().map((e) => e.id)).toEqual([15, 100, 101, 102]);
  });

  it('classifies available, changed and missing', () => {
    expect(table.classify('show_version', 'show_version_51077d14')).toEqual({
      status: 'available', id: 100, remoteKey: 'show_version_51077d14', localKey: 'show_version_51077d14',
    });
    expect(table.classify('foo', 'foo_12345678')).toEqual({ status: 'changed', remoteKey: 'foo_deadbeef', localKey: 'foo_12345678' });
    expect(table.classify('bar', 'bar_12345678')).toEqual({ status: 'missing', localKey: 'bar_12345678' });
  });

  it('digests the sorted keys, whatever the ids', () => {
    const keys = ['foo_deadbeef', 'show_version_51077d14', 'show_version_reply_c919bde1', 'sockclnt_create_455fb9c4'];
    expect(table.digestKey).toBe(createHash('sha256').update(keys.join('\n')).digest('hex'));
    const renumbered = new MessageTable(keys.reverse().map((key, i) => ({ id: 500 + i, key })));
    expect(renumbered.digestKey).toBe(table.digestKey);
  });
});

describe('PendingTable', () => {
  // The clock and timers are vitest's: a loaded machine cannot fire the 10 ms timer late
  // enough to see both deadlines in one sweep.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires calls at their deadlines with one timer, abandoning their contexts', () => {
    vi.useFakeTimers();
    const expired: number[] = [];
    const t = new PendingTable<{ deadline: number }>((ctx) => expired.push(ctx));
    const now = Date.now();
    t.add(1, { deadline: now + 30 });
    t.add(2, { deadline: now + 10 });
    t.add(3, { deadline: Infinity });
    t.add(4, { deadline: now + 30 });
    t.delete(4);
    vi.advanceTimersByTime(9);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(6);
    expect(expired).toEqual([2]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(20);
    expect(expired).toEqual([2, 1]);
    // Only the call without a deadline is left: no timer for it.
    expect(vi.getTimerCount()).toBe(0);
    expect(t.isAbandoned(1) && t.isAbandoned(2)).toBe(true);
    expect(t.inUse(3)).toBe(true);
    expect(t.size).toBe(1);
    expect(t.drain()).toEqual([{ deadline: Infinity }]);
    expect(t.inUse(1)).toBe(false);
  });
});

describe('PendingTable, slots by context', () => {
  /** A deterministic stream of u32s (xorshift32): the same cases on every run. */
  const rng = (seed: number) => () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };

  it('holds the same calls as a Map under any mix of contexts: allocated, colliding, wrapping at 2^32', () => {
    const t = new PendingTable<{ deadline: number; id: number }>(() => {});
    const model = new Map<number, { deadline: number; id: number }>();
    const next = rng(0x9e3779b9);
    const alloc = new ContextAllocator(0xffff_ff00);
    const keys: number[] = [];
    for (let step = 0; step < 6000; step++) {
      const r = next() % 10;
      if (r >= 6) {
        // Remove a pending call (or a context that is none).
        const at = next() % (keys.length + 1);
        const ctx = at < keys.length ? keys[at]! : next();
        expect(t.delete(ctx)).toBe(model.delete(ctx));
        if (at < keys.length) keys.splice(at, 1);
        continue;
      }
      // Mostly allocated contexts; some any u32, often sharing a slot with a pending call.
      const ctx = r < 4 ? alloc.next((c) => t.inUse(c)) : next() || 1;
      if (r < 4) expect(model.has(ctx)).toBe(false);
      const call = { deadline: Infinity, id: step };
      if (!model.has(ctx)) keys.push(ctx);
      t.add(ctx, call);
      model.set(ctx, call);
      if (step % 97 === 0) {
        expect(t.size).toBe(model.size);
        for (const [k, v] of model) expect(t.get(k)).toBe(v);
        const k = next();
        expect(t.get(k)).toBe(model.get(k));
      }
    }
    expect(t.size).toBe(model.size);
    for (const [k, v] of model) {
      expect(t.get(k)).toBe(v);
      expect(t.inUse(k)).toBe(true);
    }
    expect(new Set(t.drain())).toEqual(new Set(model.values()));
    expect(t.size).toBe(0);
    for (const k of model.keys()) expect(t.get(k)).toBeUndefined();
  });

  it('hands out contexts that never share a slot, across 2^32 and past a long-pending call', () => {
    const t = new PendingTable<{ deadline: number }>(() => {});
    const a = new ContextAllocator(0xffff_fff0);
    const old = a.next((c) => t.inUse(c));
    t.add(old, { deadline: Infinity });
    const seen: number[] = [];
    // Thousands of short calls after one that stays: the table grows and wraps the counter.
    for (let i = 0; i < 5000; i++) {
      const c = a.next((x) => t.inUse(x));
      expect(c).not.toBe(0);
      expect(c).not.toBe(old);
      t.add(c, { deadline: Infinity });
      seen.push(c);
      if (seen.length > 300) t.delete(seen.shift()!);
    }
    expect(t.get(old)).toEqual({ deadline: Infinity });
    expect(t.size).toBe(301);
    expect(seen.at(-1)).toBeLessThan(6000);
    for (const c of seen) expect(t.get(c)).toEqual({ deadline: Infinity });
  });

  it('keeps an abandoned context out of use until forgotten, and a late reply recognised', () => {
    const t = new PendingTable<{ deadline: number }>(() => {});
    t.add(7, { deadline: Infinity });
    t.abandon(7);
    expect(t.get(7)).toBeUndefined();
    expect(t.size).toBe(0);
    expect(t.isAbandoned(7) && t.inUse(7)).toBe(true);
    const a = new ContextAllocator(6);
    expect(a.next((c) => t.inUse(c))).toBe(8);
    t.drain();
    expect(t.isAbandoned(7) || t.inUse(7)).toBe(false);
  });
});

describe('PendingTable, touched calls', () => {
  it('gives a touched call one more period instead of expiring it', async () => {
    const expired: number[] = [];
    const t = new PendingTable<{ deadline: number; touched?: boolean; timeoutMs?: number }>((ctx) => expired.push(ctx));
    const call = { deadline: Date.now() + 20, touched: true, timeoutMs: 40 };
    t.add(1, call);
    await new Promise((r) => setTimeout(r, 35));
    expect(expired).toEqual([]);
    expect(call.touched).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(expired).toEqual([1]);
  });
});

describe('DetailQueue', () => {
  it('delivers queued items, then the end value', async () => {
    const q = new DetailQueue<number, string>(() => {});
    q.push(1);
    const p = (async () => {
      const out: number[] = [];
      for await (const x of q) out.push(x);
      return out;
    })();
    q.push(2);
    q.end('done');
    expect(await p).toEqual([1, 2]);
    expect(await q.next()).toEqual({ value: 'done', done: true });
  });

  it('delivers what was queued before failing', async () => {
    const q = new DetailQueue<number>(() => {});
    q.push(1);
    q.fail(new Error('x'));
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow('x');
  });

  it('cancels once when the consumer leaves early', async () => {
    let cancelled = 0;
    const q = new DetailQueue<number>(() => cancelled++);
    q.push(1);
    q.push(2);
    for await (const x of q) if (x === 1) break;
    await q.return();
    expect(cancelled).toBe(1);
  });
});

describe('the library surface', () => {
  it('exports the session, openSession, errors, schema loading, codec and retval lookup', () => {
    for (const name of [
      'Session', 'openSession', 'MessageTable', 'RetvalError', 'TimeoutError', 'StateError', 'UnavailableError', 'ClosedError',
      'AbortedError', 'ProtocolError', 'UsageError', 'NoDefinitionsError', 'TransportError', 'FramingError', 'VppApiError',
      'EncodeError', 'DecodeError', 'SchemaError', 'loadSchema', 'readApiDir', 'parseApiJsonArray', 'builtinModules',
      'memclntModule', 'getCodec', 'retvalName', 'retvalInfo', 'defaultCacheDir',
    ]) {
      expect(typeof (lib as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(lib.retvalName(-2)).toBe('INVALID_SW_IF_INDEX');
  });

  it('nothing under src/client imports the CLI\'s packages or touches the process', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', '..', 'src', 'client');
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/from '(commander|chalk|cli-table3)'/);
      expect(text, f).not.toMatch(/process\.(exit|argv)|process\.stdout/);
    }
  });
});
