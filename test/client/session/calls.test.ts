/**
 * Session over a real Unix socket against the scripted fake (test/support/session-fake.ts):
 * handshake bytes, every call pattern, retval names, timeouts, unknown ids, keepalive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/client/errors.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { markFixed } from '../../../src/client/session/calls.js';
import { Session, type SessionOptions, type SessionWarning } from '../../../src/client/session/session.js';
import { frame, startFake, until, type FakeOptions } from '../../support/session-fake.js';

const schema: Schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(fake: Partial<FakeOptions> = {}, sopts: Partial<SessionOptions> = {}) {
  const vpp = await startFake({ modules: builtinModules(), ...fake });
  const warnings: SessionWarning[] = [];
  const s = new Session({ socketPath: vpp.socketPath, schema, onWarning: (w) => warnings.push(w), ...sopts });
  cleanups.push(() => vpp.close());
  cleanups.push(() => s.disconnect());
  await s.connect();
  return { vpp, s, warnings, conn: vpp.conns[0]! };
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

describe('handshake', () => {
  it('sends sockclnt_create as 16-byte header + id 15, context, name[64]; takes index and table from the reply', async () => {
    const { vpp, s, conn } = await setup({ handle: 0x80000007 }, { clientName: 'session-test' });
    const raw = Buffer.concat(conn.rawIn);
    const ctx = conn.received[0]!.context;
    expect(ctx).not.toBe(0);
    const name = Buffer.alloc(64);
    name.write('session-test');
    const expected = Buffer.concat([Buffer.alloc(8), u32(70), Buffer.alloc(4), Buffer.from([0, 15]), u32(ctx), name]);
    expect(raw.subarray(0, 86).toString('hex')).toBe(expected.toString('hex'));
    expect(s.state).toBe('running');
    expect(s.clientIndex).toBe(0x80000007);
    expect(s.table.size).toBe(vpp.keys.size);
    expect(s.table.byKey('show_version_51077d14')?.id).toBe(vpp.id('show_version'));
  });

  it('puts the handle in client_index of every request and never uses context 0', async () => {
    const { vpp, s, conn } = await setup({
      handle: 0x80000003,
      handlers: { show_version: (r, c) => c.send('show_version_reply', { context: r.context, retval: 0, program: 'vpe' }) },
    });
    await s.call('show_version');
    await s.call('sw_interface_dump');
    const after = conn.received.slice(1);
    expect(after.map((r) => r.name)).toEqual(['show_version', 'sw_interface_dump', 'control_ping']);
    for (const r of after) {
      expect(r.clientIndex).toBe(0x80000003);
      expect(r.context).not.toBe(0);
    }
    // show_version = id, client_index, context: 10 bytes exactly.
    expect(after[0]!.payload.toString('hex')).toBe(
      Buffer.concat([Buffer.from([vpp.id('show_version') >> 8, vpp.id('show_version') & 255]), u32(0x80000003), u32(after[0]!.context)]).toString('hex'),
    );
  });

  it('fails connect with a ProtocolError when VPP refuses the registration, and stays usable', async () => {
    const vpp = await startFake({
      modules: builtinModules(),
      handlers: { sockclnt_create: (r, c) => c.send('sockclnt_create_reply', { context: r.context, response: -1, index: 0, count: 0, message_table: [] }) },
    });
    cleanups.push(() => vpp.close());
    const s = new Session({ socketPath: vpp.socketPath, schema });
    await expect(s.connect()).rejects.toMatchObject({ code: 'EPROTO' });
    expect(s.state).toBe('idle');
  });

  it('times out a handshake VPP never answers', async () => {
    const vpp = await startFake({ modules: builtinModules(), handlers: { sockclnt_create: () => {} } });
    cleanups.push(() => vpp.close());
    const s = new Session({ socketPath: vpp.socketPath, schema, connectTimeoutMs: 50 });
    await expect(s.connect()).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('fails connect with ClosedError when VPP hangs up during the handshake; a new connect works', async () => {
    let hangUp = true;
    const vpp = await startFake({
      modules: builtinModules(),
      handlers: {
        sockclnt_create: (r, c) => {
          if (hangUp) c.socket.destroy();
          else c.send('sockclnt_create_reply', { context: r.context, response: 0, index: 0x80000002, count: 0, message_table: [] });
        },
      },
    });
    cleanups.push(() => vpp.close());
    const s = new Session({ socketPath: vpp.socketPath, schema });
    cleanups.push(() => s.disconnect());
    await expect(s.connect()).rejects.toMatchObject({ code: 'ECLOSED', message: expect.stringMatching(/during the handshake/) });
    hangUp = false;
    await s.connect();
    expect(s.clientIndex).toBe(0x80000002);
  });

  it('reports a missing socket as ENOENT', async () => {
    const s = new Session({ socketPath: '/nonexistent/dir/api.sock', schema });
    await expect(s.connect()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(s.state).toBe('idle');
  });
});

describe('calls', () => {
  it('single: resolves with the reply, header fields removed', async () => {
    const { s } = await setup({
      handlers: {
        show_version: (r, c) =>
          c.send('show_version_reply', { context: r.context, retval: 0, program: 'vpe', version: '26.06-fake', build_date: 'today', build_directory: '/src' }),
      },
    });
    const reply = await s.call('show_version');
    expect(reply).toEqual({ retval: 0, program: 'vpe', version: '26.06-fake', build_date: 'today', build_directory: '/src' });
  });

  it('single: a non-zero retval rejects with RetvalError named from VPP\'s error table', async () => {
    const { s } = await setup({
      handlers: { sw_interface_set_flags: (r, c) => c.send('sw_interface_set_flags_reply', { context: r.context, retval: -2 }) },
    });
    const err = await s.call('sw_interface_set_flags', { sw_if_index: 99, flags: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ERETVAL', retval: -2, retvalName: 'INVALID_SW_IF_INDEX', description: 'Invalid sw_if_index', reply: { retval: -2 },
    });
    expect((err as Error).message).toBe('sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX (Invalid sw_if_index)');
    // checkRetval: false hands the reply back instead.
    await expect(s.call('sw_interface_set_flags', { sw_if_index: 99 }, { checkRetval: false })).resolves.toEqual({ retval: -2 });
  });

  it('dump: control_ping follows the dump at once with the same context; details until control_ping_reply', async () => {
    const { s, conn } = await setup({
      handlers: {
        sw_interface_dump(r, c) {
          for (let i = 0; i < 5; i++) c.send('sw_interface_details', { context: r.context, sw_if_index: i, interface_name: `if${i}` });
        },
      },
    });
    const details = (await s.call('sw_interface_dump')) as Record<string, unknown>[];
    expect(details.map((d) => [d.sw_if_index, d.interface_name])).toEqual([0, 1, 2, 3, 4].map((i) => [i, `if${i}`]));
    expect('context' in details[0]!).toBe(false);
    const [dump, ping] = conn.received.slice(1);
    expect([dump!.name, ping!.name]).toEqual(['sw_interface_dump', 'control_ping']);
    expect(ping!.context).toBe(dump!.context);
    // The dump's default sw_if_index (~0) went on the wire: bytes 10..14.
    expect(dump!.payload.readUInt32BE(10)).toBe(0xffffffff);
  });

  it('dump: an empty dump resolves with []', async () => {
    const { s } = await setup();
    await expect(s.call('sw_interface_dump')).resolves.toEqual([]);
  });

  it('stream: pages through retval -165 with the reply cursor until retval 0', async () => {
    const total = 23;
    const page = 4;
    const cursors: number[] = [];
    const { s, conn } = await setup({
      handlers: {
        ip_path_mtu_get(r, c) {
          const cursor = r.payload.readUInt32BE(10);
          cursors.push(cursor);
          const end = Math.min(total, cursor + page);
          for (let i = cursor; i < end; i++) {
            c.send('ip_path_mtu_details', { context: r.context, pmtu: { table_id: i, path_mtu: 1000 + i } });
          }
          c.send('ip_path_mtu_get_reply', { context: r.context, retval: end < total ? -165 : 0, cursor: end < total ? end : 0xffffffff });
        },
      },
    });
    const res = (await s.call('ip_path_mtu_get', { cursor: 0 })) as { details: { pmtu: { table_id: number; path_mtu: number } }[]; reply: unknown };
    expect(res.details.map((d) => d.pmtu.table_id)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(res.details[22]!.pmtu.path_mtu).toBe(1022);
    expect(res.reply).toEqual({ retval: 0, cursor: 0xffffffff });
    expect(cursors).toEqual([0, 4, 8, 12, 16, 20]);
    const reqs = conn.received.filter((r) => r.name === 'ip_path_mtu_get');
    expect(new Set(reqs.map((r) => r.context)).size).toBe(1);
  });

  it('stream: 150 pages of one detail each', async () => {
    const { s } = await setup({
      handlers: {
        ip_path_mtu_get(r, c) {
          const cursor = r.payload.readUInt32BE(10);
          c.send('ip_path_mtu_details', { context: r.context, pmtu: { table_id: cursor } });
          c.send('ip_path_mtu_get_reply', { context: r.context, retval: cursor < 149 ? -165 : 0, cursor: cursor + 1 });
        },
      },
    });
    const res = (await s.call('ip_path_mtu_get')) as { details: { pmtu: { table_id: number } }[] };
    expect(res.details.map((d) => d.pmtu.table_id)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('iterate: leaving early abandons the dump; its later details are dropped quietly', async () => {
    let release: (() => void) | undefined;
    const { s, warnings } = await setup({
      handlers: {
        sw_interface_dump(r, c) {
          c.send('sw_interface_details', { context: r.context, sw_if_index: 0 });
          release = () => {
            for (let i = 1; i < 5; i++) c.send('sw_interface_details', { context: r.context, sw_if_index: i });
            c.send('control_ping_reply', { context: r.context, retval: 0 });
          };
        },
        control_ping: () => {},
      },
    });
    for await (const d of s.iterate('sw_interface_dump')) {
      expect(d.sw_if_index).toBe(0);
      break;
    }
    expect(s.pendingCount).toBe(0);
    release!();
    await expect(s.call('sw_interface_get_table', { sw_if_index: 1 }, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(warnings).toEqual([]);
  });

  it('a detail that does not decode fails the dump with DecodeError; the rest is dropped, the connection stays', async () => {
    const { s, warnings } = await setup({
      handlers: {
        sw_interface_dump(r, c) {
          c.send('sw_interface_details', { context: r.context, sw_if_index: 0 });
          c.sendPayload(c.vpp.build('sw_interface_details', { context: r.context, sw_if_index: 1 }).subarray(0, 30));
          c.send('sw_interface_details', { context: r.context, sw_if_index: 2 });
        },
        sw_interface_get_table: (r, c) => c.send('sw_interface_get_table_reply', { context: r.context, retval: 0, vrf_id: 3 }),
      },
    });
    await expect(s.call('sw_interface_dump')).rejects.toMatchObject({ code: 'EDECODE' });
    await expect(s.call('sw_interface_get_table', { sw_if_index: 1 })).resolves.toEqual({ retval: 0, vrf_id: 3 });
    expect(warnings).toEqual([]);
  });

  it('send: writes without waiting; the reply is dropped quietly', async () => {
    const { s, conn, warnings } = await setup({
      handlers: { want_interface_events: (r, c) => c.send('want_interface_events_reply', { context: r.context, retval: 0 }) },
    });
    const ctx = s.send('want_interface_events', { enable_disable: 1, pid: 5 });
    expect(ctx).not.toBe(0);
    await until(() => conn.received.some((r) => r.name === 'want_interface_events'));
    const req = conn.received.find((r) => r.name === 'want_interface_events')!;
    expect([req.context, req.payload.readUInt32BE(14)]).toEqual([ctx, 5]);
    await expect(s.call('sw_interface_dump')).resolves.toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('iterate: yields details as they arrive; a stream returns its final reply', async () => {
    const { s } = await setup({
      handlers: {
        sw_interface_dump(r, c) {
          for (let i = 0; i < 3; i++) c.send('sw_interface_details', { context: r.context, sw_if_index: i });
        },
        ip_path_mtu_get(r, c) {
          const cursor = r.payload.readUInt32BE(10);
          c.send('ip_path_mtu_details', { context: r.context, pmtu: { table_id: cursor } });
          c.send('ip_path_mtu_get_reply', { context: r.context, retval: cursor < 2 ? -165 : 0, cursor: cursor + 1 });
        },
      },
    });
    const seen: number[] = [];
    for await (const d of s.iterate('sw_interface_dump')) seen.push(d.sw_if_index as number);
    expect(seen).toEqual([0, 1, 2]);
    const it2 = s.iterate('ip_path_mtu_get');
    const tables: number[] = [];
    let r = await it2.next();
    while (!r.done) {
      tables.push((r.value.pmtu as { table_id: number }).table_id);
      r = await it2.next();
    }
    expect(tables).toEqual([0, 1, 2]);
    expect(r.value).toEqual({ retval: 0, cursor: 3 });
    await expect(s.iterate('show_version').next()).rejects.toMatchObject({ code: 'EUSAGE' });
  });

  it('none: a service without reply resolves once written', async () => {
    const { vpp, s } = await setup();
    await expect(s.call('trace_plugin_msg_ids', { plugin_name: 'x', first_msg_id: 1, last_msg_id: 2 })).resolves.toBeUndefined();
    await until(() => vpp.received.some((r) => r.name === 'trace_plugin_msg_ids'));
  });

  it('want_*: fills pid with this process id when not given', async () => {
    const { s, conn } = await setup({
      handlers: { want_interface_events: (r, c) => c.send('want_interface_events_reply', { context: r.context, retval: 0 }) },
    });
    await s.call('want_interface_events', { enable_disable: 1 });
    const req = conn.received.find((r) => r.name === 'want_interface_events')!;
    expect(req.payload.readUInt32BE(10)).toBe(1);
    expect(req.payload.readUInt32BE(14)).toBe(process.pid);
  });

  it('timeout: names the message and the time; a reply that comes later is dropped quietly', async () => {
    let late: (() => void) | undefined;
    const { s, warnings } = await setup({
      handlers: { show_version: (r, c) => (late = () => c.send('show_version_reply', { context: r.context, retval: 0 })) },
    });
    const err = (await s.call('show_version', {}, { timeoutMs: 40 }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toMatch(/^show_version: no answer within 40 ms/);
    late!();
    await expect(s.call('sw_interface_dump')).resolves.toEqual([]);
    expect(warnings).toEqual([]);
    expect(s.pendingCount).toBe(0);
  });

  it('timeout: counts from the write, so calls made during a long synchronous stretch get their whole time', async () => {
    const { s } = await setup({
      handlers: { show_version: (r, c) => c.send('show_version_reply', { context: r.context, retval: 0, program: 'vpe' }) },
    });
    const first = s.call('show_version', {}, { timeoutMs: 500 });
    // Nothing can be written or answered while this runs: a deadline counted from the
    // call would be past before the request left.
    const until = Date.now() + 600;
    while (Date.now() < until);
    const second = s.call('show_version', {}, { timeoutMs: 500 });
    await expect(first).resolves.toMatchObject({ program: 'vpe' });
    await expect(second).resolves.toMatchObject({ program: 'vpe' });
    const t0 = Date.now();
    await expect(s.call('sw_interface_get_table', { sw_if_index: 1 }, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
    expect(s.pendingCount).toBe(0);
  });

  it('timeout of a dump says how far it got', async () => {
    const { s } = await setup({
      handlers: {
        sw_interface_dump: (r, c) => c.send('sw_interface_details', { context: r.context, sw_if_index: 1 }),
        control_ping: () => {},
      },
    });
    // Long enough for the detail to arrive first on a loaded machine (40 ms was not: then
    // it timed out with 0 details); the deadline then runs on from the detail.
    await expect(s.call('sw_interface_dump', {}, { timeoutMs: 1000 })).rejects.toThrow(/1 details, no control_ping_reply/);
  });

  it('abort: an AbortSignal fails the call; an aborted signal sends nothing', async () => {
    const { vpp, s } = await setup({ handlers: { show_version: () => {} } });
    const ac = new AbortController();
    const p = s.call('show_version', {}, { signal: ac.signal });
    await until(() => vpp.received.length === 2);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'EABORTED' });
    const n = vpp.received.length;
    await expect(s.call('show_version', {}, { signal: ac.signal })).rejects.toMatchObject({ code: 'EABORTED' });
    await new Promise((r) => setTimeout(r, 20));
    expect(vpp.received.length).toBe(n);
  });

  it('encode errors reject before anything is sent', async () => {
    const { vpp, s } = await setup();
    const n = vpp.received.length;
    await expect(s.call('sw_interface_set_flags', { sw_if_index: 'eth0' })).rejects.toMatchObject({ code: 'EENCODE' });
    await expect(s.call('no_such_message')).rejects.toMatchObject({ code: 'EUSAGE' });
    await expect(s.call('show_version_reply')).rejects.toThrow(/answers show_version/);
    await new Promise((r) => setTimeout(r, 20));
    expect(vpp.received.length).toBe(n);
  });

  it('a reply that does not decode fails that call with DecodeError; the connection goes on', async () => {
    const { s } = await setup({
      handlers: {
        // show_version_reply cut after retval: the strings are missing.
        show_version: (r, c) => c.sendPayload(c.vpp.build('show_version_reply', { context: r.context, retval: 0 }).subarray(0, 20)),
        sw_interface_get_table: (r, c) => c.send('sw_interface_get_table_reply', { context: r.context, retval: 0, vrf_id: 7 }),
      },
    });
    await expect(s.call('show_version')).rejects.toBeInstanceOf(DecodeError);
    await expect(s.call('sw_interface_get_table', { sw_if_index: 1 })).resolves.toEqual({ retval: 0, vrf_id: 7 });
  });
});

describe('arguments marked fixed (markFixed)', () => {
  /** sw_interface_set_flags as VPP reads it: id, client_index, context, sw_if_index, flags (all big-endian). */
  const setFlags = (id: number, handle: number, ctx: number, index: number, flags: number): string =>
    Buffer.concat([Buffer.from([id >> 8, id & 0xff]), u32(handle), u32(ctx), u32(index), u32(flags)]).toString('hex');

  it('sends the frame made at the first call again, each call with its own context', async () => {
    const { vpp, s, conn } = await setup({
      handle: 0x80000005,
      handlers: { sw_interface_set_flags: (r, c) => c.send('sw_interface_set_flags_reply', { context: r.context, retval: 0 }) },
    });
    const args = { sw_if_index: 7, flags: 1 };
    markFixed(args);
    await Promise.all([s.call('sw_interface_set_flags', args), s.call('sw_interface_set_flags', args)]);
    // The caller broke its promise: the kept frame shows that nothing was encoded again.
    args.sw_if_index = 8;
    await s.call('sw_interface_set_flags', args);
    await s.call('sw_interface_set_flags', { sw_if_index: 9, flags: 0 });
    const sent = conn.received.filter((r) => r.name === 'sw_interface_set_flags');
    const id = vpp.id('sw_interface_set_flags');
    expect(sent.map((r) => r.payload.toString('hex'))).toEqual([
      setFlags(id, 0x80000005, sent[0]!.context, 7, 1),
      setFlags(id, 0x80000005, sent[1]!.context, 7, 1),
      setFlags(id, 0x80000005, sent[2]!.context, 7, 1),
      setFlags(id, 0x80000005, sent[3]!.context, 9, 0),
    ]);
    expect(new Set(sent.map((r) => r.context)).size).toBe(4);
    expect(sent.every((r) => r.context !== 0)).toBe(true);
  });

  it('refuses a fixed value the codec cannot encode, as any other, and keeps nothing', async () => {
    const { s, conn } = await setup();
    const bad = { sw_if_index: -1, flags: 1 };
    markFixed(bad);
    for (let i = 0; i < 2; i++) await expect(s.call('sw_interface_set_flags', bad)).rejects.toThrow(/sw_if_index/);
    expect(conn.received.filter((r) => r.name === 'sw_interface_set_flags')).toEqual([]);
  });
});

describe('callInto (a sink instead of a promise)', () => {
  /** A sink that notes each end: [token, value, error message]. */
  function sink() {
    const ends: [number, unknown, string | undefined][] = [];
    return { ends, settled: (t: number, v: unknown, e: unknown) => void ends.push([t, v, e === undefined ? undefined : (e as Error).message]) };
  }

  it('tells the sink each answer with its token, as call() would resolve or reject', async () => {
    const { s } = await setup({
      handlers: {
        sw_interface_set_flags: (r, c) => c.send('sw_interface_set_flags_reply', { context: r.context, retval: r.payload.readUInt32BE(10) === 99 ? -2 : 0 }),
      },
    });
    const k = sink();
    s.callInto('sw_interface_set_flags', { sw_if_index: 1, flags: 1 }, undefined, k, 1);
    s.callInto('sw_interface_set_flags', { sw_if_index: 99, flags: 1 }, undefined, k, 2);
    s.callInto('sw_interface_set_flags', { sw_if_index: 99, flags: 1 }, { checkRetval: false }, k, 3);
    await until(() => k.ends.length === 3, 10_000);
    expect(k.ends).toEqual([
      [1, { retval: 0 }, undefined],
      [2, undefined, 'sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX (Invalid sw_if_index)'],
      [3, { retval: -2 }, undefined],
    ]);
  });

  it('tells a call refused at once after callInto returns, and calls cut off by a lost connection', async () => {
    const { vpp, s } = await setup({ handlers: { sw_interface_set_flags: () => {} } });
    const k = sink();
    s.callInto('no_such_message', {}, undefined, k, 1);
    expect(k.ends).toEqual([]);
    await until(() => k.ends.length === 1, 10_000);
    expect(k.ends[0]![2]).toMatch(/^no local definition of message no_such_message/);
    s.callInto('sw_interface_set_flags', { sw_if_index: 1, flags: 1 }, undefined, k, 2);
    for (const c of vpp.conns) c.socket.destroy();
    await until(() => k.ends.length === 2, 10_000);
    expect(k.ends[1]![0]).toBe(2);
    expect(k.ends[1]![2]).toBeDefined();
  });
});

describe('robustness', () => {
  it('skips unknown ids (not in the table, or without local definition) with a warning and reads on', async () => {
    const { vpp, s, warnings } = await setup({
      extraKeys: ['mystery_message_12345678'],
      handlers: {
        show_version(r, c) {
          c.sendPayload(Buffer.from([0x7f, 0xff, 0, 0, 0, 0]));
          c.sendPayload(Buffer.concat([Buffer.from([vpp.id('mystery_message_12345678') >> 8, vpp.id('mystery_message_12345678') & 255]), u32(r.context)]));
          c.send('show_version_reply', { context: r.context, retval: 0, program: 'vpe' });
        },
      },
    });
    await expect(s.call('show_version')).resolves.toMatchObject({ program: 'vpe' });
    expect(warnings.map((w) => w.code)).toEqual(['EUNKNOWNID', 'EUNKNOWNID']);
    expect(warnings[0]!.message).toMatch(/32767/);
    expect(warnings[1]!.message).toMatch(/mystery_message_12345678/);
  });

  it('answers memclnt_keepalive with memclnt_keepalive_reply, same context, retval 0', async () => {
    const { vpp, s, conn } = await setup();
    conn.send('memclnt_keepalive', { client_index: 0, context: 0x4d2 });
    await until(() => conn.received.some((r) => r.name === 'memclnt_keepalive_reply'));
    const r = conn.received.find((x) => x.name === 'memclnt_keepalive_reply')!;
    expect(r.payload.toString('hex')).toBe(vpp.build('memclnt_keepalive_reply', { context: 0x4d2, retval: 0 }).toString('hex'));
    expect(s.state).toBe('running');
  });

  it('warns about a reply whose context matches no call', async () => {
    const { s, conn, warnings } = await setup();
    conn.send('show_version_reply', { context: 0x1234567, retval: 0 });
    await until(() => warnings.length > 0);
    expect(warnings[0]).toMatchObject({ code: 'ESTRAY' });
    expect(s.state).toBe('running');
  });

  it('reassembles replies that arrive one byte at a time', async () => {
    let out = Buffer.alloc(0);
    let dripping = false;
    const { s } = await setup({
      handlers: {
        sw_interface_get_table(r, c) {
          const reply = c.vpp.build('sw_interface_get_table_reply', { context: r.context, retval: 0, vrf_id: r.payload.readUInt32BE(10) * 2 });
          out = Buffer.concat([out, frame(reply)]);
          if (dripping) return;
          dripping = true;
          const tick = (): void => {
            if (out.length === 0) return void (dripping = false);
            c.socket.write(out.subarray(0, 1));
            out = out.subarray(1);
            setImmediate(tick);
          };
          tick();
        },
      },
    });
    const res = await Promise.all([1, 2, 3].map((i) => s.call('sw_interface_get_table', { sw_if_index: i })));
    expect(res.map((r) => (r as { vrf_id: number }).vrf_id)).toEqual([2, 4, 6]);
  });
});
