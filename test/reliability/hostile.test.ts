/**
 * The session against a hostile peer (test/support/hostile-server.ts): every misbehaviour is
 * reported clearly, fails or times out only the calls it concerns, and leaves the
 * session working wherever the byte stream is still in step. Last, the emulator against
 * a hostile client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../src/client/schema/load.js';
import type { Schema } from '../../src/client/schema/model.js';
import { Session, type SessionOptions, type SessionWarning } from '../../src/client/session/session.js';
import { startEmulator } from '../../src/emulator/index.js';
import { RawClient } from '../support/emulator-wire.js';
import {
  ALIEN_ID, answer, badHandshakes, dribble, eventFlood, frameAs, garbage, oddHandshakes, startHostile, u16, u32, u32At,
  type FakeVpp, type Handler,
} from '../support/hostile-server.js';
import { until } from '../support/session-fake.js';

const schema: Schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** get_table answers vrf_id = 2 × sw_if_index: a reply that shows which request it answers. */
const getTable: Handler = (r, c) => c.sendPayload(answer(c, r, 'sw_interface_get_table_reply', { retval: 0, vrf_id: u32At(r, 10) * 2 }));

async function open(handlers: Record<string, Handler> = {}, sopts: Partial<SessionOptions> = {}, extra: { extraKeys?: string[] } = {}) {
  const vpp = await startHostile({ handlers: { sw_interface_get_table: getTable, ...handlers }, ...extra });
  cleanups.push(() => vpp.close());
  const warnings: SessionWarning[] = [];
  const closes: (Error | undefined)[] = [];
  const s = new Session({ socketPath: vpp.socketPath, schema, onWarning: (w) => warnings.push(w), connectTimeoutMs: 1000, ...sopts });
  s.on('close', (e) => closes.push(e));
  cleanups.push(() => s.disconnect());
  return { vpp, s, warnings, closes };
}

async function running(handlers: Record<string, Handler> = {}, sopts: Partial<SessionOptions> = {}, extra: { extraKeys?: string[] } = {}) {
  const o = await open(handlers, sopts, extra);
  await o.s.connect();
  return { ...o, conn: o.vpp.conns[0]! };
}

/** A call whose reply names its request: proves the session still works. */
async function stillWorks(s: Session, n = 3): Promise<void> {
  const got = await Promise.all(Array.from({ length: n }, (_, i) => s.call('sw_interface_get_table', { sw_if_index: 100 + i }, { timeoutMs: 2000 })));
  expect(got).toEqual(Array.from({ length: n }, (_, i) => ({ retval: 0, vrf_id: 2 * (100 + i) })));
}

const errorOf = (p: Promise<unknown>): Promise<Error & { code?: string; cause?: unknown }> =>
  p.then(
    () => { throw new Error('expected a rejection'); },
    (e: unknown) => e as Error & { code?: string },
  );

describe('a peer that breaks the handshake: connect fails with a typed error, the session stays usable', () => {
  const cases: [string, string, RegExp][] = [
    ['garbage', 'EPROTO', /^the answer to sockclnt_create cannot be read \(frame header at stream offset 0 announces \d+ payload bytes.*\): is \S+ VPP's API socket\?$/],
    ['wrongId', 'EPROTO', /expected sockclnt_create_reply \(id 16\) first, got message id 65520: is this a VPP API socket\?/],
    ['truncatedTable', 'EPROTO', /sockclnt_create_reply does not decode: .*message_table/],
    ['wrongContext', 'EPROTO', /carries context \d+, expected \d+/],
    ['refused', 'EPROTO', /VPP refused the registration \(sockclnt_create_reply response -1\)/],
    ['silent', 'ETIMEDOUT', /sockclnt_create: no answer within 300 ms/],
    ['closeMidFrame', 'EPROTO', /cannot be read \(the stream ended inside a frame: \d+ of \d+ bytes arrived/],
    ['hugeLength', 'EPROTO', /cannot be read \(frame header at stream offset 0 announces 2147483648 payload bytes: it exceeds maxFrameSize/],
    ['tinyLength', 'EPROTO', /cannot be read \(frame header at stream offset 0 announces 1 payload bytes: a payload of 1 bytes has no room for the 2-byte message id/],
    ['hangUp', 'ECLOSED', /VPP closed the connection during the handshake/],
  ];
  for (const [name, code, re] of cases) {
    it(name, async () => {
      const { s, vpp } = await open({ sockclnt_create: badHandshakes[name]! }, { connectTimeoutMs: 300 });
      const t0 = Date.now();
      const err = await errorOf(s.connect());
      expect(Date.now() - t0).toBeLessThan(1500);
      expect({ code: err.code, message: err.message }).toMatchObject({ code, message: expect.stringMatching(re) });
      expect(s.state).toBe('idle');
      // The same session connects once the peer behaves.
      vpp.handlers = { ...vpp.handlers, sockclnt_create: oddHandshakes.padded! };
      await s.connect();
      await stillWorks(s);
    });
  }
});

describe('a peer with an odd but valid handshake: the session registers', () => {
  for (const name of Object.keys(oddHandshakes)) {
    it(name, async () => {
      // 10 s, not open()'s 1 s: singleBytes writes the handshake (a whole message table)
      // one byte per tick, which a loaded 2-core machine stretches past a second.
      const { s, warnings } = await open({ sockclnt_create: oddHandshakes[name]! }, { connectTimeoutMs: 10_000 });
      const events: unknown[] = [];
      s.subscribe('sw_interface_event', (_n, m) => events.push(m.sw_if_index));
      await s.connect();
      expect(s.clientIndex).toBe(0x80000001);
      await stillWorks(s);
      if (name === 'trailing') {
        expect(events).toEqual([7]);
        expect(warnings.map((w) => w.code)).toEqual(['EUNKNOWNID']);
      }
      if (name === 'messyTable') expect(s.availability('show_version').status).toBe('available');
    });
  }
});

describe('hostile bytes while running', () => {
  it('a truncated reply fails that call alone (DecodeError); calls around it succeed', async () => {
    const { s, warnings } = await running({
      show_version: (r, c) => c.sendPayload(answer(c, r, 'show_version_reply', { retval: 0, program: 'vpe' }).subarray(0, 12)),
    });
    const [a, b, c] = await Promise.allSettled([
      s.call('sw_interface_get_table', { sw_if_index: 1 }),
      s.call('show_version'),
      s.call('sw_interface_get_table', { sw_if_index: 2 }),
    ]);
    expect(a).toEqual({ status: 'fulfilled', value: { retval: 0, vrf_id: 2 } });
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'EDECODE', message: expect.stringMatching(/^show_version_reply/) } });
    expect(c).toEqual({ status: 'fulfilled', value: { retval: 0, vrf_id: 4 } });
    expect(warnings).toEqual([]);
    await stillWorks(s);
  });

  it('a reply too short to hold its context is skipped with a warning', async () => {
    const { s, conn, warnings } = await running();
    conn.sendPayload(Buffer.concat([u16(conn.vpp.id('show_version_reply')), Buffer.from([0, 0])]));
    await until(() => warnings.length > 0);
    expect(warnings[0]).toMatchObject({ code: 'EDECODE', message: expect.stringMatching(/show_version_reply: 4-byte payload too short for its context/) });
    await stillWorks(s);
  });

  it('a length field far beyond the data: the call waiting behind it times out, naming itself', async () => {
    const { s } = await running({
      show_version: (r, c) => void c.socket.write(frameAs(answer(c, r, 'show_version_reply', { retval: 0 }).subarray(0, 30), 1_000_000)),
    });
    const err = await errorOf(s.call('show_version', {}, { timeoutMs: 150 }));
    expect(err).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/^show_version: no answer within 150 ms/) });
    expect(s.state).toBe('running');
    expect(s.pendingCount).toBe(0);
  });

  it('every reply in single bytes, a dump and a stream included', async () => {
    const { s } = await running({
      sw_interface_get_table: (r, c) => void dribble(c.socket, frameAs(answer(c, r, 'sw_interface_get_table_reply', { retval: 0, vrf_id: u32At(r, 10) * 2 }))),
      sw_interface_dump: (r, c) => {
        const parts = [0, 1, 2].map((i) => frameAs(answer(c, r, 'sw_interface_details', { sw_if_index: i, interface_name: `if${i}` })));
        void dribble(c.socket, Buffer.concat([...parts, frameAs(answer(c, r, 'control_ping_reply', { retval: 0 }))]));
      },
      control_ping: () => {},
    });
    const [dump] = await Promise.all([s.call('sw_interface_dump'), stillWorks(s, 2)]);
    expect((dump as { interface_name: string }[]).map((d) => d.interface_name)).toEqual(['if0', 'if1', 'if2']);
  });

  it('garbage with an impossible length: the connection is dropped, every pending call fails with ECLOSED naming the cause', async () => {
    const { s, vpp, closes } = await running({
      show_version: (_r, c) => void c.socket.write(garbage(200, 7)),
      sw_interface_get_table: () => {},
    });
    const pending = s.call('sw_interface_get_table', { sw_if_index: 1 });
    const err = await errorOf(s.call('show_version'));
    expect(err).toMatchObject({ code: 'ECLOSED', message: expect.stringMatching(/^the connection to VPP was dropped: what VPP sent cannot be read \(frame header at stream offset \d+ announces \d+ payload bytes/) });
    await expect(pending).rejects.toMatchObject({ code: 'ECLOSED' });
    expect(s.state).toBe('closed');
    expect(closes).toHaveLength(1);
    expect((closes[0] as Error & { cause?: { code?: string } }).cause?.code).toBe('EFRAME');
    vpp.handlers = { ...vpp.handlers, sw_interface_get_table: getTable };
    await s.connect();
    await stillWorks(s);
  });

  it('well-framed garbage (ids in no table): warnings, and the calls go on', async () => {
    const { s, conn, warnings } = await running();
    const frames: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      const g = garbage(2 + (i % 40), i + 1);
      g.writeUInt16BE(ALIEN_ID - (i % 16), 0);
      frames.push(frameAs(g));
    }
    conn.socket.write(Buffer.concat(frames));
    await stillWorks(s);
    await until(() => warnings.length === 200);
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(['EUNKNOWNID']));
  });

  it('ids VPP lists but no local definition has: warnings naming the table key', async () => {
    const { s, conn, vpp, warnings } = await running({}, {}, { extraKeys: ['hostile_thing_0badf00d'] });
    conn.sendPayload(Buffer.concat([u16(vpp.id('hostile_thing_0badf00d')), u32(1), Buffer.alloc(30)]));
    await stillWorks(s);
    await until(() => warnings.length === 1);
    expect(warnings[0]!.message).toMatch(/hostile_thing_0badf00d .*has no matching local definition/);
  });

  it('replies with unknown contexts: warned and skipped, never given to another call', async () => {
    const { s, warnings } = await running({
      sw_interface_get_table: (r, c) => {
        for (const ctx of [0x7fff_0000, (r.context + 1000) >>> 0, 0xffff_ffff]) {
          c.send('sw_interface_get_table_reply', { context: ctx, retval: 0, vrf_id: 666 });
        }
        getTable(r, c);
      },
    });
    await stillWorks(s, 5);
    expect(warnings.map((w) => w.code)).toEqual(Array(15).fill('ESTRAY'));
  });

  it('duplicate replies: the first answers the call, the copies are warned about and answer nothing else', async () => {
    const { s, warnings } = await running({
      sw_interface_get_table: (r, c) => {
        getTable(r, c);
        c.send('sw_interface_get_table_reply', { context: r.context, retval: 0, vrf_id: 999 });
      },
      sw_interface_dump: (r, c) => {
        c.send('sw_interface_details', { context: r.context, sw_if_index: 1 });
        c.send('control_ping_reply', { context: r.context, retval: 0 });
        c.send('sw_interface_details', { context: r.context, sw_if_index: 2 });
        c.send('control_ping_reply', { context: r.context, retval: 0 });
      },
      control_ping: () => {},
    });
    await stillWorks(s, 4);
    const dump = (await s.call('sw_interface_dump')) as { sw_if_index: number }[];
    expect(dump.map((d) => d.sw_if_index)).toEqual([1]);
    await until(() => warnings.length === 6);
    expect(warnings.every((w) => w.code === 'ESTRAY')).toBe(true);
  });

  it('a message of the wrong kind for a call is warned about; the right one still answers it', async () => {
    const { s, warnings } = await running({
      sw_interface_get_table: (r, c) => {
        c.send('sw_interface_details', { context: r.context, sw_if_index: 5 });
        getTable(r, c);
      },
    });
    await stillWorks(s, 1);
    expect(warnings).toMatchObject([{ code: 'EUNEXPECTED', message: expect.stringMatching(/sw_interface_details arrived for sw_interface_get_table/) }]);
  });

  it('an event too short for its definition is skipped with a warning', async () => {
    const { s, conn, warnings } = await running();
    const got: unknown[] = [];
    s.subscribe('sw_interface_event', (_n, m) => got.push(m));
    conn.sendPayload(conn.vpp.build('sw_interface_event', { pid: 1, sw_if_index: 3, flags: 1 }).subarray(0, 9));
    await stillWorks(s);
    expect(got).toEqual([]);
    expect(warnings).toMatchObject([{ code: 'EDECODE', message: expect.stringMatching(/event sw_interface_event does not decode/) }]);
  });
});

describe('a peer that stops, hangs up or floods', () => {
  it('stops answering mid-dump: the dump times out saying how far it got; other calls are answered', async () => {
    const { s } = await running({
      sw_interface_dump: (r, c) => {
        for (let i = 0; i < 3; i++) c.send('sw_interface_details', { context: r.context, sw_if_index: i });
      },
      control_ping: () => {},
    });
    const dump = errorOf(s.call('sw_interface_dump', {}, { timeoutMs: 200 }));
    await stillWorks(s);
    const err = await dump;
    expect(err).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/^sw_interface_dump: no answer within 200 ms \(3 details, no control_ping_reply\)/) });
    const seen: number[] = [];
    const it2 = s.iterate('sw_interface_dump', {}, { timeoutMs: 200 });
    const e2 = await errorOf((async () => { for await (const d of it2) seen.push(d.sw_if_index as number); })());
    expect(seen).toEqual([0, 1, 2]);
    expect(e2.code).toBe('ETIMEDOUT');
    await stillWorks(s);
  });

  it('answers a stream with retval -165 forever, never advancing: the call times out instead of spinning', async () => {
    let pages = 0;
    const { s } = await running({
      ip_path_mtu_get: (r, c) => {
        pages++;
        c.send('ip_path_mtu_get_reply', { context: r.context, retval: -165, cursor: 0 });
      },
    });
    const err = await errorOf(s.call('ip_path_mtu_get', {}, { timeoutMs: 200 }));
    expect(err).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/ip_path_mtu_get: no answer within 200 ms \(0 details in \d+ page\(s\), no final reply\)/) });
    expect(pages).toBeGreaterThan(1);
    await stillWorks(s);
  });

  it('closes mid-frame: pending calls fail with ECLOSED naming the cut; the session reconnects', async () => {
    const { s, vpp, closes } = await running({
      show_version: (r, c) => {
        const f = frameAs(answer(c, r, 'show_version_reply', { retval: 0, program: 'vpe' }));
        c.socket.end(f.subarray(0, 40));
      },
      sw_interface_get_table: () => {},
    });
    const other = errorOf(s.call('sw_interface_get_table', { sw_if_index: 1 }));
    const err = await errorOf(s.call('show_version'));
    expect(err).toMatchObject({ code: 'ECLOSED', message: expect.stringMatching(/^the connection to VPP was dropped: what VPP sent cannot be read \(the stream ended inside a frame: 40 of \d+ bytes arrived/) });
    expect((await other).code).toBe('ECLOSED');
    expect(closes).toHaveLength(1);
    vpp.handlers = { ...vpp.handlers, sw_interface_get_table: getTable };
    await s.connect();
    await stillWorks(s);
  });

  it('ends or drops the connection without a word: ECLOSED for what was pending', async () => {
    for (const how of ['end', 'destroy'] as const) {
      const { s } = await running({
        show_version: (_r, c) => void c.socket[how](),
      });
      const err = await errorOf(s.call('show_version'));
      expect(err.code).toBe('ECLOSED');
      expect(err.message).toMatch(/^VPP closed the connection/);
      expect(s.state).toBe('closed');
    }
  });

  it('floods 100,000 events: calls are answered meanwhile, a callback sees every event, a slow iterator stays bounded', async () => {
    const N = 100_000;
    let flood: Buffer | undefined;
    const { s, vpp, conn, warnings } = await running({
      sw_interface_get_table: (r, c) => {
        getTable(r, c);
        // The first half right behind the first reply, the second half right away.
        if (flood) c.socket.write(flood.subarray(0, flood.length / 2));
        flood = undefined;
      },
    });
    const all = eventFlood(vpp, 'sw_interface_event', { pid: 1, sw_if_index: 0, flags: 1 }, N, 10);
    flood = all;
    let seen = 0;
    let last = -1;
    let ordered = true;
    s.subscribe('sw_interface_event', (_n, m) => {
      const i = m.sw_if_index as number;
      if (i !== last + 1 && !(i === N / 2 && last === -1) && !(i === 0 && last === N - 1)) ordered = false;
      last = i;
      seen++;
    });
    const slow = s.events('sw_interface_event', { highWaterMark: 1000 });
    conn.socket.write(all.subarray(all.length / 2));
    await stillWorks(s, 2);
    await until(() => seen === N, 10_000);
    expect(ordered).toBe(true);
    expect(slow.dropped).toBe(N - 1000);
    expect(warnings.map((w) => w.code)).toEqual(['EOVERFLOW']);
    let kept = 0;
    slow.close();
    for await (const _ of slow) kept++;
    expect(kept).toBe(0);
    await stillWorks(s);
  });
});

describe('the session outlives a run of hostile peers', () => {
  it('connects to each in turn (one session object), failing clearly or working', async () => {
    const vpp: FakeVpp = await startHostile({ handlers: { sw_interface_get_table: getTable } });
    cleanups.push(() => vpp.close());
    // 2 s, not 200 ms: singleBytes writes the handshake one byte per tick, which a loaded
    // 2-core machine (CI, parallel test files) stretches past 200 ms.
    const s = new Session({ socketPath: vpp.socketPath, schema, connectTimeoutMs: 2000, onWarning: () => {} });
    cleanups.push(() => s.disconnect());
    const outcomes: string[] = [];
    for (const [name, h] of [...Object.entries(badHandshakes), ...Object.entries(oddHandshakes)]) {
      vpp.handlers = { ...vpp.handlers, sockclnt_create: h };
      try {
        await s.connect();
        await stillWorks(s, 1);
        await s.disconnect();
        outcomes.push(`${name}: ok`);
      } catch (e) {
        outcomes.push(`${name}: ${(e as { code?: string }).code}`);
      }
    }
    expect(outcomes.filter((o) => o.endsWith(': ok'))).toHaveLength(Object.keys(oddHandshakes).length);
    expect(outcomes.every((o) => /: (ok|EPROTO|ETIMEDOUT|ECLOSED)$/.test(o))).toBe(true);
  });
});

describe('the emulator against a hostile client', () => {
  it('random well-framed requests of every id, then garbage: it never falls over and keeps serving others', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-hostile-emu-'));
    const emu = await startEmulator({ socketPath: path.join(dir, 'api.sock'), maxReceived: 0 });
    cleanups.push(async () => {
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const bad = await RawClient.open(emu.socketPath, 'hostile');
    const ids = bad.hs!.entries.map((e) => e.id);
    const frames: Buffer[] = [];
    for (let i = 0; i < 5000; i++) {
      const body = garbage(i % 90, i + 11);
      // Half carry this client's handle, so that they reach the handlers.
      frames.push(frameAs(Buffer.concat([u16(ids[i % ids.length]!), u32(i % 2 ? bad.hs!.index : i), u32(i + 1), body])));
    }
    bad.sendRaw(Buffer.concat(frames));
    bad.sendRaw(garbage(100, 3));
    await bad.closed;
    const s = new Session({ socketPath: emu.socketPath, schema });
    cleanups.push(() => s.disconnect());
    await s.connect();
    await expect(s.call('show_version')).resolves.toMatchObject({ retval: 0, program: 'vpe' });
    expect(emu.clients).toBe(1);
  });
});
