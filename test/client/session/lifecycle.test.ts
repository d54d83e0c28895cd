/**
 * Session states, disconnect, peer close, reconnect after a VPP restart (new table), and
 * the classification of local definitions against VPP's table.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { Session } from '../../../src/client/session/session.js';
import { startFake, tmpSocketPath, until, type FakeOptions } from '../../support/session-fake.js';

const schema: Schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const never = {}; // handlers that never answer
const SILENT = { show_version: () => never, sw_interface_dump: () => never, control_ping: () => never };

async function setup(fake: Partial<FakeOptions> = {}, socketPath?: string) {
  const vpp = await startFake({ modules: builtinModules(), ...fake }, socketPath);
  cleanups.push(() => vpp.close());
  const s = new Session({ socketPath: vpp.socketPath, schema, disconnectTimeoutMs: 200 });
  cleanups.push(() => s.disconnect());
  await s.connect();
  return { vpp, s, conn: vpp.conns[0]! };
}

describe('states', () => {
  it('refuses calls before connect and after disconnect, and a second connect', async () => {
    const vpp = await startFake({ modules: builtinModules() });
    cleanups.push(() => vpp.close());
    const s = new Session({ socketPath: vpp.socketPath, schema });
    expect(s.state).toBe('idle');
    await expect(s.call('show_version')).rejects.toMatchObject({ code: 'ESTATE', message: expect.stringMatching(/idle.*connect\(\) first/) });
    expect(() => s.send('show_version')).toThrow(/cannot send show_version while the session is idle/);
    await expect(s.iterate('sw_interface_dump').next()).rejects.toMatchObject({ code: 'ESTATE' });
    expect(() => s.table).toThrow(/connect first/);
    const connecting = s.connect();
    expect(s.state).toBe('connecting');
    await expect(s.connect()).rejects.toMatchObject({ code: 'ESTATE' });
    await connecting;
    expect(s.state).toBe('running');
    await expect(s.connect()).rejects.toMatchObject({ code: 'ESTATE', message: expect.stringMatching(/already connected/) });
    await s.disconnect();
    expect(s.state).toBe('closed');
    await expect(s.call('show_version')).rejects.toMatchObject({ code: 'ESTATE' });
  });
});

describe('disconnect', () => {
  it('during connect: connect rejects with ClosedError', async () => {
    const vpp = await startFake({ modules: builtinModules(), handlers: { sockclnt_create: () => never } });
    cleanups.push(() => vpp.close());
    const s = new Session({ socketPath: vpp.socketPath, schema });
    const connecting = s.connect();
    await until(() => vpp.received.length === 1);
    await s.disconnect();
    await expect(connecting).rejects.toMatchObject({ code: 'ECLOSED' });
    expect(s.state).toBe('closed');
  });


  it('sends sockclnt_delete{client_index, context, index = handle}, accepts response 1, closes', async () => {
    const { s, conn } = await setup({ handle: 0x80000005 });
    const closes: unknown[] = [];
    s.on('close', (e) => closes.push(e));
    await s.disconnect();
    expect(s.state).toBe('closed');
    const del = conn.received.at(-1)!;
    expect(del.name).toBe('sockclnt_delete');
    const expected = Buffer.alloc(14);
    expected.writeUInt16BE(conn.vpp.id('sockclnt_delete'), 0);
    expected.writeUInt32BE(0x80000005, 2);
    expected.writeUInt32BE(del.context, 6);
    expected.writeUInt32BE(0x80000005, 10);
    expect(del.context).not.toBe(0);
    expect(del.payload.toString('hex')).toBe(expected.toString('hex'));
    expect(closes).toEqual([undefined]);
  });

  it('fails every pending call with ClosedError', async () => {
    const { s } = await setup({ handlers: SILENT });
    // Outcomes are caught at once: they settle during disconnect().
    const calls = [s.call('show_version'), s.call('show_version'), s.call('sw_interface_dump')].map((c) => c.catch((e: unknown) => e));
    const it = s.iterate('sw_interface_dump');
    const first = it.next().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 10));
    expect(s.pendingCount).toBe(4);
    await s.disconnect();
    for (const c of calls) expect(await c).toMatchObject({ code: 'ECLOSED' });
    expect(await first).toMatchObject({ code: 'ECLOSED' });
    expect(s.pendingCount).toBe(0);
  });

  it('accepts VPP closing without a reply, and VPP not answering at all', async () => {
    const a = await setup({ silentDelete: true });
    const t0 = Date.now();
    await a.s.disconnect();
    expect(a.s.state).toBe('closed');
    expect(Date.now() - t0).toBeLessThan(150);

    const b = await setup({ handlers: { sockclnt_delete: () => never } });
    await b.s.disconnect();
    expect(b.s.state).toBe('closed');
  });

  it('is idempotent: concurrent and repeated disconnects share one goodbye', async () => {
    const { s, vpp } = await setup();
    await Promise.all([s.disconnect(), s.disconnect()]);
    await s.disconnect();
    expect(vpp.received.filter((r) => r.name === 'sockclnt_delete').length).toBe(1);
  });
});

describe('peer close and reconnect', () => {
  it('fails pending calls and reports close with a ClosedError when VPP goes away', async () => {
    const { s, vpp } = await setup({ handlers: SILENT });
    const closes: (Error | undefined)[] = [];
    s.on('close', (e) => closes.push(e));
    const ev = s.events('sw_interface_event');
    const evNext = ev.next();
    const p = s.call('show_version');
    await until(() => vpp.received.some((r) => r.name === 'show_version'));
    await vpp.close();
    await expect(p).rejects.toMatchObject({ code: 'ECLOSED', message: expect.stringMatching(/VPP closed the connection/) });
    await expect(evNext).resolves.toEqual({ value: undefined, done: true });
    expect(s.state).toBe('closed');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ code: 'ECLOSED' });
  });

  it('reconnects after a VPP restart and uses the new message table', async () => {
    const path = tmpSocketPath('restart');
    const first = await setup({ idBase: 100 }, path);
    const s = first.s;
    expect(s.table.byKey('show_version_51077d14')!.id).toBe(first.vpp.id('show_version'));
    await first.vpp.close();
    await until(() => s.state === 'closed');

    const second = await startFake(
      {
        modules: builtinModules(),
        idBase: 700,
        handle: 0x80000009,
        omit: ['cli_inband'],
        handlers: { show_version: (r, c) => c.send('show_version_reply', { context: r.context, retval: 0, version: 'restarted' }) },
      },
      path,
    );
    cleanups.push(() => second.close());
    await s.connect();
    expect(s.state).toBe('running');
    expect(s.clientIndex).toBe(0x80000009);
    expect(s.table.byKey('show_version_51077d14')!.id).toBe(second.id('show_version'));
    expect(second.id('show_version')).not.toBe(first.vpp.id('show_version'));
    expect(s.availability('cli_inband').status).toBe('missing');
    await expect(s.call('show_version')).resolves.toMatchObject({ version: 'restarted' });
    const req = second.received.find((r) => r.name === 'show_version')!;
    expect(req.clientIndex).toBe(0x80000009);
  });
});

describe('classification against the table', () => {
  it('tells available, changed (other CRC) and missing apart, and refuses before sending', async () => {
    const { s, vpp } = await setup({
      replaceKeys: { show_version: 'show_version_deadbeef', sw_interface_get_table_reply: 'sw_interface_get_table_reply_00000001' },
      omit: ['cli_inband'],
    });
    expect(s.availability('control_ping')).toEqual({
      status: 'available', id: vpp.id('control_ping'), localKey: 'control_ping_51077d14', remoteKey: 'control_ping_51077d14',
    });
    expect(s.availability('show_version')).toEqual({ status: 'changed', localKey: 'show_version_51077d14', remoteKey: 'show_version_deadbeef' });
    expect(s.availability('cli_inband')).toEqual({ status: 'missing', localKey: 'cli_inband_f8377302' });
    expect(() => s.availability('no_such_thing')).toThrow(/no local definition/);

    const n = vpp.received.length;
    const changed = await s.call('show_version').catch((e: unknown) => e);
    expect(changed).toMatchObject({ code: 'EUNAVAILABLE', status: 'changed', msgName: 'show_version' });
    expect((changed as Error).message).toMatch(/show_version_deadbeef.*show_version_51077d14.*--api-dir.*get_api_json/);
    const missing = await s.call('cli_inband', { cmd: 'show version' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'EUNAVAILABLE', status: 'missing' });
    // cli_inband is vlib's, a core module: not a plugin to load.
    expect((missing as Error).message).toMatch(/no message of that name \(module vlib is VPP's core: are the local definitions of this VPP's release\?\)/);
    const reply = await s.call('sw_interface_get_table', { sw_if_index: 1 }).catch((e: unknown) => e);
    expect(reply).toMatchObject({ code: 'EUNAVAILABLE', msgName: 'sw_interface_get_table_reply', request: 'sw_interface_get_table' });
    expect(() => s.send('show_version')).toThrow(/show_version_deadbeef/);
    await new Promise((r) => setTimeout(r, 20));
    expect(vpp.received.length).toBe(n);
  });

  it('setSchema classifies again', async () => {
    const { s } = await setup({ replaceKeys: { show_version: 'show_version_deadbeef' } });
    expect(s.availability('show_version').status).toBe('changed');
    const modules = builtinModules().filter((m) => m.module !== 'memclnt');
    const vpe = modules.find((m) => m.module === 'vpe')!;
    const meta = vpe.messages!.find((m) => m[0] === 'show_version')!.at(-1) as { crc: string };
    meta.crc = '0xdeadbeef';
    s.setSchema(loadSchema(modules.map((module) => ({ origin: 'edited', module }))).schema);
    expect(s.availability('show_version').status).toBe('available');
    // control_ping still comes from the built-in memclnt.
    expect(s.availability('control_ping').status).toBe('available');
  });
});
