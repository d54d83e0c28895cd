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
