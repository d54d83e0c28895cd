/**
 * The emulator serving VPP 26.06's own definitions (../shared/vpp-api/v26.06): the whole
 * message table, VPP's id order, and a well-formed default answer to every plugin
 * request, with the expected bytes built by the naive oracle (test/support/oracle), not the codec.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawSource } from '../../src/client/schema/raw.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { buildPayload, type JsonModule } from '../support/oracle/naive-builder.js';
import { API_DIR_2606, HAVE_SHARED, readJsonDefs } from '../support/oracle/read-defs.js';
import { RawClient, contextOf } from '../support/emulator-wire.js';

type Msg = [string, ...unknown[]];
interface Mod extends JsonModule {
  module: string;
  messages?: Msg[];
  services?: Record<string, { reply: string; stream?: boolean; stream_msg?: string; events?: string[] }>;
}

const crcOf = (m: Msg): string => (m[m.length - 1] as { crc: string }).crc.replace(/^0x/, '');
const hasField = (m: Msg, f: string): boolean => m.slice(1).some((x) => Array.isArray(x) && x[1] === f);

describe.skipIf(!HAVE_SHARED)('serving the real 26.06 definitions', () => {
  let all: Mod[];
  let plugins: Mod[];
  let dir: string;
  let emu: Emulator;
  let c: RawClient;

  beforeAll(async () => {
    all = readJsonDefs(API_DIR_2606) as Mod[];
    plugins = readJsonDefs(path.join(API_DIR_2606, 'plugins')) as Mod[];
    dir = mkdtempSync(path.join(tmpdir(), 'emu-real-'));
    const sources: RawSource[] = all.map((m) => ({ origin: m.module, module: m as unknown as RawSource['module'] }));
    emu = await startEmulator({ socketPath: path.join(dir, 'api.sock'), sources });
    c = await RawClient.open(emu.socketPath, 'real');
  });
  afterAll(async () => {
    c?.close();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every message of every file, with its CRC', () => {
    const want = new Set(all.flatMap((m) => (m.messages ?? []).map((x) => `${x[0]}_${crcOf(x)}`)));
    expect(new Set(c.hs!.entries.map((e) => e.key))).toEqual(want);
    expect(c.hs!.entries).toHaveLength(want.size);
  });

  it('numbers memclnt 1.. in file order, then each module as one consecutive block', () => {
    const memclnt = JSON.parse(readFileSync(path.join(API_DIR_2606, 'core', 'memclnt.api.json'), 'utf8')) as Mod;
    memclnt.messages!.forEach((m, i) => expect(c.id(m[0]), m[0]).toBe(i + 1));
    const seen = new Set(memclnt.messages!.map((m) => m[0]));
    for (const m of all) {
      const own = (m.messages ?? []).map((x) => x[0]).filter((x) => !seen.has(x));
      own.forEach((x) => seen.add(x));
      const ids = own.map((x) => c.id(x));
      ids.forEach((id, i) => expect(id, `${m.module}.${own[i]}`).toBe(ids[0]! + i));
    }
  });

  // None of the plugins is emulated: a call or stream gets retval -9 (UNIMPLEMENTED in
  // errors.json), never a false 0; a classic dump has no retval and sends nothing.
  it('answers every plugin request: UNIMPLEMENTED replies, empty dumps, streams ended with UNIMPLEMENTED', async () => {
    const find = (name: string): Msg => all.flatMap((m) => m.messages ?? []).find((x) => x[0] === name)!;
    const unimplemented = (reply: string): { retval?: number } => (hasField(find(reply), 'retval') ? { retval: -9 } : {});
    const expected: { name: string; want: string[] }[] = [];
    let ctx = 1;
    for (const m of plugins) {
      for (const [req, svc] of Object.entries(m.services ?? {})) {
        if (svc.reply === 'null' || svc.events) continue;
        const k = ctx++;
        const reqDef = find(req);
        c.send(buildPayload(all, req, c.id(req), { client_index: c.hs!.index, context: k }));
        const replyCtx = hasField(reqDef, 'context') ? k : 0;
        const build = (name: string, v: Record<string, unknown>): string => buildPayload(all, name, c.id(name), v).toString('hex');
        if (svc.stream_msg) {
          const cursor = hasField(find(svc.reply), 'cursor') ? { cursor: 0xffffffff } : {};
          expected.push({ name: req, want: [build(svc.reply, { context: replyCtx, ...unimplemented(svc.reply), ...cursor })] });
        } else if (svc.stream) {
          c.send(buildPayload(all, 'control_ping', c.id('control_ping'), { client_index: c.hs!.index, context: k }));
          expected.push({ name: req, want: [build('control_ping_reply', { context: k, vpe_pid: process.pid })] });
        } else {
          expected.push({ name: req, want: [build(svc.reply, { context: replyCtx, ...unimplemented(svc.reply) })] });
        }
      }
    }
    expect(expected.length).toBeGreaterThan(500);
    for (const e of expected) {
      for (const w of e.want) expect((await c.next()).toString('hex'), e.name).toBe(w);
    }
    expect(await c.drain(50)).toEqual([]);
  });

  it('get_api_json returns every module but memclnt, as in the files', async () => {
    const r = await c.call('get_api_json', 7);
    expect(contextOf(r)).toBe(7);
    const mods = JSON.parse(r.subarray(14, 14 + r.readUInt32BE(10)).toString('utf8')) as Mod[];
    expect(mods.map((m) => m.module).sort()).toEqual(all.map((m) => m.module).filter((x) => x !== 'memclnt').sort());
    const acl = plugins.find((m) => m.module === 'acl')!;
    expect(mods.find((m) => m.module === 'acl')).toEqual(acl);
  });
});
