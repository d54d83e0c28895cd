/**
 * The emulator's handshake, id assignment and framing, checked with hand-built frames
 * (test/support/emulator-wire.ts) against docs/protocol.md §1-2 and the facts of a real 26.06.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinModules, memclntModule } from '../../src/client/schema/builtin/index.js';
import type { RawModule, RawSource } from '../../src/client/schema/raw.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { RawClient, contextOf, cstr, fstr, frame, retvalOf, u16, u32, vstr } from '../support/emulator-wire.js';

const dir = mkdtempSync(path.join(tmpdir(), 'emu-hs-'));
let n = 0;
const sock = (): string => path.join(dir, `s${n++}`, 'api.sock');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `[name, ...fields, {crc}]` → "name_crc" as the table should list it. */
const keyOf = (m: unknown[]): string => {
  const meta = m[m.length - 1] as { crc: string };
  return `${m[0] as string}_${meta.crc.replace(/^0x/, '').toLowerCase().padStart(8, '0')}`;
};

describe('handshake', () => {
  let emu: Emulator;
  beforeAll(async () => { emu = await startEmulator({ socketPath: sock() }); });
  afterAll(() => emu.stop());

  it('answers sockclnt_create with the layout of docs/protocol.md §2', async () => {
    const c = await RawClient.connect(emu.socketPath);
    c.send(Buffer.concat([u16(15), u32(0xdeadbeef), fstr('layout', 64)]));
    const r = await c.next();
    expect(r.readUInt16BE(0)).toBe(16);
    expect(r.readUInt32BE(2)).toBe(0); // client_index
    expect(r.readUInt32BE(6)).toBe(0xdeadbeef); // context at 6..10
    expect(r.readInt32BE(10)).toBe(0); // response
    const index = r.readUInt32BE(14);
    expect(index & 0x8000_0000).not.toBe(0);
    const count = r.readUInt16BE(18);
    expect(r.length).toBe(20 + 66 * count);
    // Every built-in message, each once, as name_crc, in no particular order.
    const want = builtinModules().flatMap((m) => (m.messages ?? []).map((x) => keyOf(x as unknown[])));
    const got: string[] = [];
    for (let i = 0; i < count; i++) got.push(cstr(r.subarray(20 + 66 * i + 2, 20 + 66 * (i + 1))));
    expect(got.sort()).toEqual([...new Set(want)].sort());
    c.close();
  });

  it('numbers memclnt first, in its definition order, with the fixed ids of 26.06', async () => {
    const c = await RawClient.open(emu.socketPath);
    const memclnt = (memclntModule().messages ?? []).map((m) => m[0] as string);
    memclnt.forEach((name, i) => expect(c.id(name), name).toBe(i + 1));
    expect([c.id('sockclnt_create'), c.id('sockclnt_create_reply'), c.id('sockclnt_delete'), c.id('control_ping'), c.id('get_api_json')])
      .toEqual([15, 16, 17, 23, 27]);
    c.close();
  });

  it('gives each client its own handle (bit 31 set), reusing a freed one', async () => {
    const a = await RawClient.open(emu.socketPath, 'a');
    const b = await RawClient.open(emu.socketPath, 'b');
    expect(a.hs!.index).not.toBe(b.hs!.index);
    expect([a.hs!.index >>> 31, b.hs!.index >>> 31]).toEqual([1, 1]);
    const freed = a.hs!.index;
    a.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 50));
    const c = await RawClient.open(emu.socketPath, 'c');
    expect(c.hs!.index).toBe(freed);
    b.close();
    c.close();
  });

  it('answers sockclnt_delete with response 1, then closes', async () => {
    const c = await RawClient.open(emu.socketPath);
    const r = await c.call('sockclnt_delete', 0x55, u32(c.hs!.index));
    expect(r.readUInt16BE(0)).toBe(18);
    expect(contextOf(r)).toBe(0x55);
    expect(r.readInt32BE(6)).toBe(1);
    await c.closed;
  });
});

describe('ids of other modules', () => {
  const mod = (name: string, msgs: string[]): RawModule => ({
    module: name,
    messages: msgs.map((m) => [m, ['u16', '_vl_msg_id'], ['u32', 'context'], { crc: '0x00000001' }]),
    services: {},
  });
  let emu: Emulator;
  afterEach(() => emu?.stop());

  it('follows memclnt with one consecutive block per module, in load order, memclnt added when absent', async () => {
    const sources: RawSource[] = [
      { origin: 'x', module: mod('zeta', ['z_one', 'z_two']) },
      { origin: 'y', module: mod('alpha', ['a_one', 'a_two', 'a_three']) },
    ];
    emu = await startEmulator({ socketPath: sock(), sources });
    const c = await RawClient.open(emu.socketPath);
    const m = memclntModule().messages!.length;
    expect(['z_one', 'z_two', 'a_one', 'a_two', 'a_three'].map((x) => c.id(x))).toEqual([m + 1, m + 2, m + 3, m + 4, m + 5]);
    c.close();
  });

  it('puts memclnt first even when it is given last', async () => {
    emu = await startEmulator({ socketPath: sock(), sources: [{ origin: 'x', module: mod('zeta', ['z_one']) }, { origin: 'm', module: memclntModule() }] });
    const c = await RawClient.open(emu.socketPath);
    expect(c.id('sockclnt_create')).toBe(15);
    expect(c.id('z_one')).toBe(memclntModule().messages!.length + 1);
    c.close();
  });
});

describe('what VPP drops silently', () => {
  let emu: Emulator;
  const logs: string[] = [];
  beforeAll(async () => { emu = await startEmulator({ socketPath: sock(), log: (l) => logs.push(l), maxFrameSize: 1 << 20 }); });
  afterAll(() => emu.stop());

  /** The connection still answers: control_ping with a fresh context. */
  const alive = async (c: RawClient, ctx: number): Promise<void> => {
    const r = await c.call('control_ping', ctx);
    expect([r.readUInt16BE(0), contextOf(r), retvalOf(r)]).toEqual([24, ctx, 0]);
  };

  it('an unknown message id', async () => {
    const c = await RawClient.open(emu.socketPath);
    c.send(Buffer.concat([u16(0xfff0), u32(c.hs!.index), u32(1)]));
    expect(await c.drain()).toEqual([]);
    await alive(c, 2);
    expect(logs.some((l) => l.includes('unknown message id 65520'))).toBe(true);
    c.close();
  });

  it('a truncated message, fixed or variable', async () => {
    const c = await RawClient.open(emu.socketPath);
    c.send(Buffer.concat([u16(c.id('show_version')), u32(c.hs!.index)])); // context missing
    const cli = c.req('cli_inband', 3, vstr('show version'));
    c.send(cli.subarray(0, cli.length - 4)); // string shorter than its length says
    expect(await c.drain()).toEqual([]);
    await alive(c, 4);
    c.close();
  });

  it('a request with another client_index (no reply), and keeps the connection', async () => {
    const c = await RawClient.open(emu.socketPath);
    c.send(c.req('control_ping', 5, undefined, 0x8000_0123));
    expect(await c.drain()).toEqual([]);
    await alive(c, 6);
    c.close();
  });

  it('a reply sent to it (no handler)', async () => {
    const c = await RawClient.open(emu.socketPath);
    c.send(Buffer.concat([u16(c.id('control_ping_reply')), u32(7), u32(0), u32(0), u32(0)]));
    expect(await c.drain()).toEqual([]);
    await alive(c, 8);
    c.close();
  });

  it('accepts frames cut at every byte and several frames in one write', async () => {
    const c = await RawClient.open(emu.socketPath);
    const bytes = Buffer.concat([frame(c.req('control_ping', 9)), frame(c.req('control_ping', 10))]);
    for (let i = 0; i < bytes.length; i++) c.sendRaw(bytes.subarray(i, i + 1));
    expect([contextOf(await c.next()), contextOf(await c.next())]).toEqual([9, 10]);
    c.sendRaw(bytes);
    expect([contextOf(await c.next()), contextOf(await c.next())]).toEqual([9, 10]);
    c.close();
  });

  it('closes a client announcing a huge payload, and only that one', async () => {
    const bad = await RawClient.open(emu.socketPath);
    const good = await RawClient.open(emu.socketPath);
    const h = Buffer.alloc(16);
    h.writeUInt32BE(0x7fff_ffff, 8);
    bad.sendRaw(h);
    await bad.closed;
    await alive(good, 11);
    good.close();
  });

  it('records what was well-formed, in order', async () => {
    emu.clearReceived();
    const c = await RawClient.open(emu.socketPath);
    c.send(Buffer.concat([u16(0xfff0), u32(c.hs!.index), u32(1)]));
    await alive(c, 12);
    const got = emu.received.map((r) => [r.client, r.name]);
    expect(got).toEqual([[c.hs!.index, 'sockclnt_create'], [c.hs!.index, 'control_ping']]);
    expect(emu.received[1]!.payload.readUInt32BE(6)).toBe(12);
    c.close();
  });

  it('keeps only the latest maxReceived messages', async () => {
    const small = await startEmulator({ socketPath: sock(), maxReceived: 2 });
    const c = await RawClient.open(small.socketPath);
    for (const k of [21, 22, 23]) await alive(c, k);
    expect(small.received.map((r) => [r.name, r.payload.readUInt32BE(6)])).toEqual([['control_ping', 22], ['control_ping', 23]]);
    c.close();
    await small.stop();
  });
});

describe('lifecycle', () => {
  it('stop removes the socket file; restart drops clients and state unless kept', async () => {
    const emu = await startEmulator({ socketPath: sock() });
    const c = await RawClient.open(emu.socketPath);
    const r = await c.call('create_loopback', 1, Buffer.alloc(6));
    expect(retvalOf(r)).toBe(0);
    expect(emu.clients).toBe(1);

    const dump = async (k: RawClient): Promise<number> => {
      k.send(k.req('sw_interface_dump', 2, Buffer.concat([u32(0xffffffff), Buffer.from([0]), vstr('')])));
      k.send(k.req('control_ping', 2));
      let details = 0;
      while ((await k.next()).readUInt16BE(0) !== 24) details++;
      return details;
    };
    await emu.restart({ keepState: true });
    await c.closed;
    const d = await RawClient.open(emu.socketPath);
    expect(await dump(d)).toBe(2);
    await emu.restart();
    await d.closed;
    const e = await RawClient.open(emu.socketPath);
    expect(await dump(e)).toBe(1);
    e.close();
    await emu.stop();
    expect(existsSync(emu.socketPath)).toBe(false);
  });

  it('refuses a path where another server listens', async () => {
    const p = sock();
    const emu = await startEmulator({ socketPath: p });
    await expect(startEmulator({ socketPath: p })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await emu.stop();
  });
});
