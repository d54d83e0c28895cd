/**
 * Events (callbacks and iterators) interleaved with replies, and many calls in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { Session, type SessionWarning } from '../../../src/client/session/session.js';
import { frame, startFake, until, type FakeConn, type FakeOptions, type FakeRequest } from '../../support/session-fake.js';

const schema: Schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(fake: Partial<FakeOptions> = {}) {
  const vpp = await startFake({ modules: builtinModules(), ...fake });
  cleanups.push(() => vpp.close());
  const warnings: SessionWarning[] = [];
  const s = new Session({ socketPath: vpp.socketPath, schema, onWarning: (w) => warnings.push(w) });
  cleanups.push(() => s.disconnect());
  await s.connect();
  return { vpp, s, warnings, conn: vpp.conns[0]! };
}

const event = (c: FakeConn, sw_if_index: number, flags = 1): void =>
  c.send('sw_interface_event', { client_index: 0x80000001, pid: 77, sw_if_index, flags, deleted: false });

describe('events', () => {
  it('routes context-less events to callbacks and iterators, between replies', async () => {
    const { s } = await setup({
      handlers: {
        want_interface_events(r, c) {
          c.send('want_interface_events_reply', { context: r.context, retval: 0 });
          event(c, 1, 1);
          event(c, 2, 3);
        },
        sw_interface_get_table(r, c) {
          event(c, 3, 0);
          c.send('sw_interface_get_table_reply', { context: r.context, retval: 0, vrf_id: 9 });
          event(c, 4, 1);
        },
      },
    });
    const byCallback: unknown[] = [];
    const all: string[] = [];
    s.subscribe('sw_interface_event', (name, msg) => byCallback.push({ name, ...msg }));
    s.subscribe('*', (name) => all.push(name));
    const it = s.events(['sw_interface_event']);
    await s.call('want_interface_events', { enable_disable: 1 });
    await expect(s.call('sw_interface_get_table', { sw_if_index: 5 })).resolves.toEqual({ retval: 0, vrf_id: 9 });
    await until(() => byCallback.length === 4);
    expect(byCallback[1]).toEqual({ name: 'sw_interface_event', pid: 77, sw_if_index: 2, flags: 3, deleted: false });
    expect(all).toEqual(Array(4).fill('sw_interface_event'));
    const got: number[] = [];
    for await (const e of it) {
      got.push(e.msg.sw_if_index as number);
      if (got.length === 4) break;
    }
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('a throwing handler becomes a warning; others and replies still arrive', async () => {
    const { s, conn, warnings } = await setup();
    const seen: number[] = [];
    s.subscribe('sw_interface_event', () => {
      throw new Error('boom');
    });
    const off = s.subscribe('sw_interface_event', (_n, m) => seen.push(m.sw_if_index as number));
    event(conn, 1);
    event(conn, 2);
    await until(() => seen.length === 2);
    expect(warnings.map((w) => w.code)).toEqual(['EHANDLER', 'EHANDLER']);
    expect(warnings[0]!.message).toMatch(/boom/);
    off();
    event(conn, 3);
    await expect(s.call('sw_interface_dump')).resolves.toEqual([]);
    expect(seen).toEqual([1, 2]);
  });

  it('an iterator that falls behind drops the oldest events, never blocking the reader', async () => {
    const { s, conn, warnings } = await setup();
    const it = s.events('sw_interface_event', { highWaterMark: 3 });
    for (let i = 0; i < 10; i++) event(conn, i);
    await expect(s.call('sw_interface_dump')).resolves.toEqual([]);
    expect(it.dropped).toBe(7);
    expect(warnings.filter((w) => w.code === 'EOVERFLOW')).toHaveLength(1);
    const got = [(await it.next()).value.msg.sw_if_index, (await it.next()).value.msg.sw_if_index, (await it.next()).value.msg.sw_if_index];
    expect(got).toEqual([7, 8, 9]);
    it.close();
    await expect(it.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('rejects subscriptions to names without a local definition', async () => {
    const { s } = await setup();
    expect(() => s.subscribe('sw_interface_evnet', () => {})).toThrow(/no local definition of event sw_interface_evnet/);
  });
});

describe('pipelining', () => {
  it('10,000 calls in flight, answered out of order with events interleaved: none lost or mismatched', async () => {
    const N = 10_000;
    let batch: FakeRequest[] = [];
    let eventsSent = 0;
    let flushing = false;
    const { s, vpp } = await setup({
      handlers: {
        sw_interface_get_table(r, c) {
          batch.push(r);
          if (flushing) return;
          flushing = true;
          setImmediate(() => {
            flushing = false;
            const reqs = batch;
            batch = [];
            reqs.reverse(); // answer in the opposite order
            const out: Buffer[] = [];
            reqs.forEach((q, i) => {
              const idx = q.payload.readUInt32BE(10);
              const reply = Buffer.from(template);
              reply.writeUInt16BE(c.vpp.id('sw_interface_get_table_reply'), 0);
              reply.writeUInt32BE(q.context, 2);
              reply.writeUInt32BE(idx * 3 + 1, 10);
              out.push(frame(reply));
              if (i % 7 === 0) out.push(frame(c.vpp.build('sw_interface_event', { pid: 1, sw_if_index: eventsSent++, flags: 1 })));
            });
            c.socket.write(Buffer.concat(out));
          });
        },
      },
    });
    // The reply built once by the oracle; context and vrf_id are patched per request.
    const template = vpp.build('sw_interface_get_table_reply', { context: 0, retval: 0, vrf_id: 0 });
    const events: number[] = [];
    s.subscribe('sw_interface_event', (_n, m) => events.push(m.sw_if_index as number));
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) calls.push(s.call('sw_interface_get_table', { sw_if_index: i }));
    const replies = (await Promise.all(calls)) as { retval: number; vrf_id: number }[];
    replies.forEach((r, i) => expect(r.vrf_id).toBe(i * 3 + 1));
    await until(() => events.length === eventsSent);
    expect(events).toEqual(Array.from({ length: eventsSent }, (_, i) => i));
    const reqs = vpp.received.filter((r) => r.name === 'sw_interface_get_table');
    expect(reqs).toHaveLength(N);
    expect(new Set(reqs.map((r) => r.context)).size).toBe(N);
    expect(reqs.some((r) => r.context === 0)).toBe(false);
    expect(s.pendingCount).toBe(0);
  });
});
