/**
 * The session against the built-in emulator over a real socket: the end-to-end path the
 * CLI takes. (The emulator shares the codec, so byte-level checks live in the tests
 * against the independent fake; these check behaviour.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/session/connect.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { tmpSocketPath, until } from '../../support/session-fake.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function emulator(pageSize?: number): Promise<Emulator> {
  const emu = await startEmulator({ socketPath: tmpSocketPath('emu'), pageSize });
  cleanups.push(() => emu.stop());
  return emu;
}

async function open(emu: Emulator) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-emu-cache-'));
  cleanups.push(() => rmSync(cacheDir, { recursive: true, force: true }));
  const o = await openSession({ socketPath: emu.socketPath, cacheDir });
  cleanups.push(() => o.session.disconnect());
  return o;
}

describe('session ⇄ emulator', () => {
  it('learns the definitions, then calls, dumps and pages a modern stream', async () => {
    const emu = await emulator(3);
    const { session: s, origin } = await open(emu);
    expect(origin).toBe('get_api_json');
    expect(await s.call('show_version')).toMatchObject({ retval: 0, program: 'vpe' });

    const created = (await Promise.all(
      Array.from({ length: 20 }, () => s.call('create_loopback', {})),
    )) as { sw_if_index: number }[];
    const details = (await s.call('sw_interface_dump')) as { sw_if_index: number }[];
    for (const c of created) expect(details.map((d) => d.sw_if_index)).toContain(c.sw_if_index);

    const nh = (i: number) => ({ af: 0, un: { ip4: new Uint8Array([10, 0, 0, i]) } });
    for (let i = 1; i <= 10; i++) await s.call('ip_path_mtu_update', { pmtu: { table_id: 0, nh: nh(i), path_mtu: 1400 + i } });
    const res = (await s.call('ip_path_mtu_get', { cursor: 0 })) as { details: { pmtu: { path_mtu: number } }[]; reply: { retval: number } };
    expect(res.details.map((d) => d.pmtu.path_mtu).sort()).toEqual(Array.from({ length: 10 }, (_, i) => 1401 + i));
    expect(res.reply.retval).toBe(0);
    const pages = emu.received.filter((r) => r.name === 'ip_path_mtu_get');
    expect(pages.length).toBe(4); // 3 + 3 + 3 + 1
  });

  it('names retval errors, and delivers emitted events', async () => {
    const emu = await emulator();
    const { session: s } = await open(emu);
    await expect(s.call('sw_interface_set_flags', { sw_if_index: 12345, flags: 1 })).rejects.toMatchObject({
      code: 'ERETVAL', retval: -2, retvalName: 'INVALID_SW_IF_INDEX',
    });
    const events: unknown[] = [];
    s.subscribe('sw_interface_event', (_n, m) => events.push(m));
    await s.call('want_interface_events', { enable_disable: 1 });
    emu.emitEvent('sw_interface_event', { sw_if_index: 0, flags: 1, deleted: false });
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ sw_if_index: 0, flags: 1, pid: process.pid });
  });

  it('reconnects after the emulator restarts', async () => {
    const emu = await emulator();
    const { session: s } = await open(emu);
    const closed = new Promise<Error | undefined>((r) => s.on('close', r));
    await emu.restart();
    expect(await closed).toMatchObject({ code: 'ECLOSED' });
    await s.connect();
    await expect(s.call('show_version')).resolves.toMatchObject({ retval: 0 });
  });
});
