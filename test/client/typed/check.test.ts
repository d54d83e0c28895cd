/**
 * The typed view's one run-time check: the bindings' CRC of every message a call
 * involves against VPP's table and the session's definitions, once per connection, a
 * mismatch refused before anything is sent and reported per message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { builtinSources } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { Session } from '../../../src/client/session/session.js';
import { BindingsMismatchError } from '../../../src/client/typed/check.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { tmpSocketPath } from '../../support/session-fake.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The CRC of every built-in message as the JSON-shaped sources carry it (0x stripped). */
function builtinCrcs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of builtinSources()) for (const m of s.module.messages ?? []) out[m[0]] = (m[m.length - 1] as { crc: string }).crc.replace(/^0x/, '');
  return out;
}

async function connected(): Promise<{ s: Session; emu: Emulator }> {
  const emu = await startEmulator({ socketPath: tmpSocketPath('typed-check') });
  cleanups.push(() => emu.stop());
  const s = new Session({ socketPath: emu.socketPath, schema: loadSchema(builtinSources()).schema });
  await s.connect();
  cleanups.push(() => s.disconnect());
  return { s, emu };
}

describe('session.typed(bindings)', () => {
  it('calls through when every CRC matches', async () => {
    const { s } = await connected();
    const api = s.typed({ crcs: builtinCrcs() }) as ReturnType<Session['typed']> & { call(n: string): Promise<unknown> };
    expect(await api.call('show_version')).toMatchObject({ retval: 0, program: 'vpe' });
    expect(api.check().every((r) => r.status === 'available')).toBe(true);
  });

  it('refuses a request whose reply changed, naming both CRCs, with nothing sent', async () => {
    const { s, emu } = await connected();
    const crcs = { ...builtinCrcs(), show_version_reply: 'deadbeef' };
    const api = s.typed({ crcs }) as unknown as { call(n: string): Promise<unknown>; check(): { name: string; status: string }[] };
    const before = emu.received.length;
    const err = await api.call('show_version').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BindingsMismatchError);
    expect(err).toMatchObject({ code: 'EBINDINGS', request: 'show_version' });
    expect((err as Error).message).toContain('show_version_reply: bindings deadbeef → VPP ');
    expect((err as BindingsMismatchError).rows.map((r) => [r.name, r.status])).toEqual([['show_version_reply', 'changed']]);
    expect(emu.received.length).toBe(before);
    // Other requests still go.
    expect(await api.call('show_threads')).toMatchObject({ retval: 0 });
    expect(api.check().filter((r) => r.status !== 'available')).toEqual([
      expect.objectContaining({ name: 'show_version_reply', status: 'changed', crc: 'deadbeef' }),
    ]);
  });

  it('reports a message this VPP lacks as missing, and a session whose definitions differ as local', async () => {
    const { s } = await connected();
    const crcs = { show_version: builtinCrcs().show_version!, acl_dump: '01234567' };
    const api = s.typed({ crcs }) as unknown as { check(): { name: string; status: string }[]; subscribe(e: string, h: () => void): () => void };
    expect(api.check()).toEqual([
      expect.objectContaining({ name: 'show_version', status: 'available' }),
      expect.objectContaining({ name: 'acl_dump', status: 'missing' }),
    ]);
    const crcs2 = { sw_interface_event: builtinCrcs().sw_interface_event! };
    // The session's own definition of the event is another one: the view says so.
    const other = loadSchema(builtinSources().map((src) => ({
      ...src,
      module: { ...src.module, messages: (src.module.messages ?? []).map((m) => (m[0] === 'sw_interface_event' ? [...m.slice(0, -1), { ...(m[m.length - 1] as object), crc: '0x0badf00d' }] : m)) as typeof src.module.messages },
    }))).schema;
    s.setSchema(other);
    const api2 = s.typed({ crcs: crcs2 }) as unknown as { subscribe(e: string, h: () => void): () => void };
    expect(() => api2.subscribe('sw_interface_event', () => {})).toThrow(/sw_interface_event: bindings and VPP .* the session's definitions 0badf00d/);
  });

  it('checks again after a reconnect: a VPP restarted with another definition is noticed', async () => {
    const { s, emu } = await connected();
    const api = s.typed({ crcs: builtinCrcs() }) as unknown as { call(n: string): Promise<unknown> };
    expect(await api.call('show_version')).toMatchObject({ retval: 0 });
    await s.disconnect();
    await emu.stop();
    // The same socket, now a VPP whose show_version_reply has another CRC.
    const changed = builtinSources().map((src) => ({
      ...src,
      module: { ...src.module, messages: (src.module.messages ?? []).map((m) => (m[0] === 'show_version_reply' ? [...m.slice(0, -1), { ...(m[m.length - 1] as object), crc: '0x0badf00d' }] : m)) as typeof src.module.messages },
    }));
    const emu2 = await startEmulator({ socketPath: emu.socketPath, sources: changed });
    cleanups.push(() => emu2.stop());
    await s.connect();
    await expect(api.call('show_version')).rejects.toThrow(/show_version_reply: bindings [0-9a-f]{8} → VPP 0badf00d/);
  });

  it('without bindings (a type only), checks nothing beyond the session', async () => {
    const { s } = await connected();
    const api = s.typed() as unknown as { call(n: string): Promise<unknown>; check(): unknown[] };
    expect(await api.call('show_version')).toMatchObject({ retval: 0 });
    expect(api.check()).toEqual([]);
  });
});
