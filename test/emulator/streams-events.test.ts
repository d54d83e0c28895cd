/**
 * Modern-stream paging (-165 and a cursor) and events to registered clients only, over
 * a real socket with hand-built frames (test/support/emulator-wire.ts).
 *
 * | message              | bytes after id                                                     |
 * |----------------------|--------------------------------------------------------------------|
 * | ip_path_mtu_details  | context, pmtu{client_index, context, table_id, nh(17), path_mtu u16} |
 * | ip_path_mtu_get_reply| context, retval, cursor                                            |
 * | sw_interface_event   | client_index, pid, sw_if_index, flags, deleted (u8)                |
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { RawClient, contextOf, ip4addr, retvalOf, u16, u32 } from '../support/emulator-wire.js';

const dir = mkdtempSync(path.join(tmpdir(), 'emu-se-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pmtu = (table: number, nh: string, mtu: number): Buffer =>
  Buffer.concat([u32(0), u32(0), u32(table), ip4addr(nh), u16(mtu)]);

describe('ip_path_mtu_get pages with -165 and a cursor', () => {
  let emu: Emulator;
  let c: RawClient;
  beforeEach(async () => {
    emu = await startEmulator({ socketPath: path.join(dir, `p${n++}.sock`), pageSize: 2 });
    c = await RawClient.open(emu.socketPath);
    for (const [i, mtu] of [[10, 1400], [11, 1401], [12, 1402]] as const) {
      expect(retvalOf(await c.call('ip_path_mtu_update', i, pmtu(0, `10.77.0.${i}`, mtu)))).toBe(0);
    }
  });
  afterEach(async () => {
    c.close();
    await emu.stop();
  });

  /** Details, then the reply, all with `ctx`. */
  async function get(ctx: number, cursor: number): Promise<{ mtus: number[]; retval: number; cursor: number }> {
    c.send(c.req('ip_path_mtu_get', ctx, u32(cursor)));
    const mtus: number[] = [];
    for (;;) {
      const p = await c.next();
      expect(contextOf(p)).toBe(ctx);
      if (p.readUInt16BE(0) === c.id('ip_path_mtu_get_reply')) return { mtus, retval: retvalOf(p), cursor: p.readUInt32BE(10) };
      expect(p.readUInt16BE(0)).toBe(c.id('ip_path_mtu_details'));
      expect(p.length).toBe(37);
      expect(p.subarray(6, 18).toString('hex')).toBe('00'.repeat(12)); // pmtu.client_index, pmtu.context, table_id
      mtus.push(p.readUInt16BE(35));
    }
  }

  it('sends pageSize details, then -165 with the cursor to resume from, then the rest and cursor ~0', async () => {
    const first = await get(20, 0);
    expect(first).toEqual({ mtus: [1400, 1401], retval: -165, cursor: 2 });
    const second = await get(21, first.cursor);
    expect(second).toEqual({ mtus: [1402], retval: 0, cursor: 0xffffffff });
  });

  it('a path MTU of 0 removes the entry; an unknown table is refused', async () => {
    expect(retvalOf(await c.call('ip_path_mtu_update', 30, pmtu(0, '10.77.0.11', 0)))).toBe(0);
    expect(await get(31, 0)).toEqual({ mtus: [1400, 1402], retval: 0, cursor: 0xffffffff });
    expect(retvalOf(await c.call('ip_path_mtu_update', 32, pmtu(5, '10.77.0.1', 1500)))).toBe(-65); // NO_SUCH_TABLE
  });
});

describe('interface events', () => {
  let emu: Emulator;
  let a: RawClient;
  let b: RawClient;
  let loop: number;
  beforeEach(async () => {
    emu = await startEmulator({ socketPath: path.join(dir, `e${n++}.sock`) });
    a = await RawClient.open(emu.socketPath, 'a');
    b = await RawClient.open(emu.socketPath, 'b');
    loop = (await b.call('create_loopback', 1, Buffer.alloc(6))).readUInt32BE(10);
  });
  afterEach(async () => {
    a.close();
    b.close();
    await emu.stop();
  });

  const want = (k: RawClient, ctx: number, on: number, pid = 0x7818): Promise<Buffer> =>
    k.call('want_interface_events', ctx, Buffer.concat([u32(on), u32(pid)]));
  const setFlags = (k: RawClient, ctx: number, flags: number): Promise<Buffer> =>
    k.call('sw_interface_set_flags', ctx, Buffer.concat([u32(loop), u32(flags)]));
  /** The event as a real 26.06 sends it: no context, the receiver's handle, its pid. */
  const event = (k: RawClient, flags: number, deleted = 0, pid = 0x7818): string =>
    Buffer.concat([u16(k.id('sw_interface_event')), u32(k.hs!.index), u32(pid), u32(loop), u32(flags), Buffer.from([deleted])]).toString('hex');

  it('go to registered clients only, after the reply', async () => {
    expect(retvalOf(await want(a, 2, 1))).toBe(0);
    const r = await setFlags(a, 3, 1);
    expect([contextOf(r), retvalOf(r)]).toEqual([3, 0]);
    expect((await a.next()).toString('hex')).toBe(event(a, 3));
    // A change made by another client reaches the registered one; the other gets its reply only.
    expect(retvalOf(await setFlags(b, 4, 0))).toBe(0);
    expect((await a.next()).toString('hex')).toBe(event(a, 0));
    expect(await b.drain()).toEqual([]);
  });

  it('are not sent when nothing changed', async () => {
    await want(a, 2, 1);
    expect(retvalOf(await setFlags(b, 3, 0))).toBe(0); // already down
    expect(await a.drain()).toEqual([]);
  });

  it('registration: -31 on a second enable and on a disable when off; none after disable', async () => {
    expect(retvalOf(await want(a, 5, 0))).toBe(-31);
    expect(retvalOf(await want(a, 6, 1))).toBe(0);
    expect(retvalOf(await want(a, 7, 1))).toBe(-31);
    expect(retvalOf(await want(a, 8, 0))).toBe(0);
    await setFlags(b, 9, 1);
    expect(await a.drain()).toEqual([]);
  });

  it('each client gets its own handle and pid; a deleted loopback is announced', async () => {
    await want(a, 2, 1, 111);
    await want(b, 2, 1, 222);
    expect(retvalOf(await b.call('delete_loopback', 3, u32(loop)))).toBe(0);
    expect((await a.next()).toString('hex')).toBe(event(a, 0, 1, 111));
    expect((await b.next()).toString('hex')).toBe(event(b, 0, 1, 222));
  });

  it('emitEvent reaches registered clients, and ends with the registration', async () => {
    await want(a, 2, 1);
    emu.emitEvent('sw_interface_event', { sw_if_index: loop, flags: 2, deleted: false });
    expect((await a.next()).toString('hex')).toBe(event(a, 2));
    expect(await b.drain(50)).toEqual([]);
    a.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 30));
    emu.emitEvent('sw_interface_event', { sw_if_index: loop, flags: 0 });
    expect(() => emu.emitEvent('no_such_event', {})).toThrow(/no message no_such_event/);
  });
});

describe('many clients', () => {
  it('serves 40 clients at once, each answered on its own context', async () => {
    const emu = await startEmulator({ socketPath: path.join(dir, `m${n++}.sock`) });
    const clients = await Promise.all(Array.from({ length: 40 }, (_, i) => RawClient.open(emu.socketPath, `c${i}`)));
    expect(new Set(clients.map((k) => k.hs!.index)).size).toBe(40);
    expect(emu.clients).toBe(40);
    const replies = await Promise.all(clients.map((k, i) => k.call('control_ping', 1000 + i)));
    expect(replies.map(contextOf)).toEqual(clients.map((_, i) => 1000 + i));
    for (const k of clients) k.close();
    await Promise.all(clients.map((k) => k.closed));
    await new Promise((r) => setTimeout(r, 50));
    expect(emu.clients).toBe(0);
    await emu.stop();
  });
});
