/**
 * Record a session against one emulator (frame observer → session log), replay it onto
 * another: the state comes out the same, compare finds no difference, allocated indexes
 * are remapped, a doctored reply is reported, guards and dry runs hold.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { loadSchema, readApiFile } from '../../../src/client/schema/load.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { Session } from '../../../src/client/session/session.js';
import { openTrace } from '../../../src/client/trace/load-messages.js';
import { pairSession, unpaired } from '../../../src/client/trace/pairing.js';
import { decodeFrame } from '../../../src/client/trace/frame-decoder.js';
import { replay, type ReplayResult } from '../../../src/client/trace/replay.js';
import { SessionLogWriter } from '../../../src/client/trace/session-record-reader.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { defaultRegistry } from '../../../src/format/type-formats/format-registry.js';
import { sessionLogLine } from '../../../src/format/trace/session-record-lines.js';
import { traceForms } from '../../../src/format/trace/trace-forms.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const dir = mkdtempSync(join(tmpdir(), 'vppapi-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let n = 0;
async function emulator(): Promise<Emulator> {
  const emu = await startEmulator({ socketPath: join(dir, `emu-${n++}.sock`) });
  cleanups.push(() => emu.stop());
  return emu;
}

async function connect(emu: Emulator, record?: string): Promise<Session> {
  let s: Session;
  const w = record ? new SessionLogWriter(record) : undefined;
  s = new Session({
    socketPath: emu.socketPath,
    schema,
    onFrame: w ? (d, p, sess) => w.write(sessionLogLine(decodeFrame({ schema, table: () => safeTable(sess) }, d, p))) : undefined,
  });
  await s.connect();
  cleanups.push(async () => {
    await s.disconnect();
    w?.close();
  });
  return s;
}

function safeTable(s: Session) {
  try {
    return s.table;
  } catch {
    return undefined;
  }
}

/** The script recorded: interfaces, addresses, a route, dumps, a failing call. */
async function script(s: Session): Promise<void> {
  const a = (await s.call('create_loopback', { mac_address: Uint8Array.from([2, 0xfe, 0, 0, 0, 1]) })) as { sw_if_index: number };
  const b = (await s.call('create_loopback', {})) as { sw_if_index: number };
  await s.call('sw_interface_set_flags', { sw_if_index: a.sw_if_index, flags: 1 });
  await s.call('sw_interface_add_del_address', { sw_if_index: a.sw_if_index, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 0, 0, 1]) } }, len: 24 } });
  await s.call('sw_interface_add_del_address', { sw_if_index: b.sw_if_index, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 1, 0, 1]) } }, len: 24 } });
  await s.call('ip_route_add_del', {
    is_add: true,
    route: { prefix: { address: { af: 0, un: { ip4: Uint8Array.from([192, 0, 2, 0]) } }, len: 24 }, paths: [{ sw_if_index: a.sw_if_index, nh: { address: { ip4: Uint8Array.from([10, 0, 0, 2]) } } }] },
  });
  await s.call('sw_interface_set_flags', { sw_if_index: 99, flags: 1 }, { checkRetval: false });
  await s.call('sw_interface_dump', {});
  await s.call('ip_address_dump', { sw_if_index: a.sw_if_index, is_ipv6: false });
}

/** What an operator would look at: interfaces (name, flags, MAC), addresses per interface, routes of table 0. */
async function state(s: Session): Promise<unknown> {
  const ifs = (await s.call('sw_interface_dump', {})) as { sw_if_index: number; interface_name: string; flags: number; l2_address: Uint8Array }[];
  const out: unknown[] = [];
  for (const i of ifs) {
    const addrs = (await s.call('ip_address_dump', { sw_if_index: i.sw_if_index, is_ipv6: false })) as { prefix: unknown }[];
    out.push({ name: i.interface_name, flags: i.flags, mac: Buffer.from(i.l2_address).toString('hex'), addrs: addrs.map((a) => a.prefix) });
  }
  const routes = (await s.call('ip_route_dump', { table: { table_id: 0, is_ip6: false } })) as { route: { prefix: unknown; paths: { sw_if_index: number }[] } }[];
  const names = new Map(ifs.map((i) => [i.sw_if_index, i.interface_name]));
  return { out, routes: routes.map((r) => ({ prefix: r.route.prefix, via: r.route.paths.map((p) => names.get(p.sw_if_index) ?? p.sw_if_index) })) };
}

async function recordScript(): Promise<{ file: string; expected: unknown }> {
  const file = join(dir, `session-${n++}.jsonl`);
  const emu = await emulator();
  const a = await connect(emu, file);
  await script(a);
  await a.disconnect();
  const expected = await state(await connect(emu));
  return { file, expected };
}

function inputsOf(file: string) {
  const t = openTrace(file, { schema, forms: traceForms() });
  return { t, inputs: pairSession(t.items(), schema) };
}

describe('record and replay a session', () => {
  test('the recording holds every message both ways, handshake included, in the --json form', async () => {
    const { file } = await recordScript();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string; msg?: { _msgname: string }; context?: number; t: string });
    expect(lines[0]).toMatchObject({ dir: 'send', msg: { _msgname: 'sockclnt_create' } });
    expect(lines[1]).toMatchObject({ dir: 'receive', msg: { _msgname: 'sockclnt_create_reply' } });
    expect(lines.filter((l) => l.msg?._msgname === 'create_loopback_reply')).toHaveLength(2);
    expect(lines.find((l) => l.msg?._msgname === 'sw_interface_add_del_address')?.msg).toMatchObject({ prefix: '10.0.0.1/24' });
    expect(lines.every((l) => !Number.isNaN(Date.parse(l.t)))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ dir: 'receive', msg: { _msgname: 'sockclnt_delete_reply' } });
  });

  test('replayed on a fresh VPP: the same state, and compare finds no difference', async () => {
    const { file, expected } = await recordScript();
    const b = await connect(await emulator());
    const results: ReplayResult[] = [];
    const { inputs } = inputsOf(file);
    const view = (def: Parameters<typeof defaultRegistry.forMessage>[0], v: Record<string, unknown>) => defaultRegistry.forMessage(def).toJson(v);
    const sum = await replay(b, inputs, { compare: true, onResult: (r) => results.push(r), view });
    expect(results.filter((r) => r.action === 'sent').map((r) => r.name)).toEqual([
      'create_loopback', 'create_loopback', 'sw_interface_set_flags', 'sw_interface_add_del_address', 'sw_interface_add_del_address',
      'ip_route_add_del', 'sw_interface_set_flags', 'sw_interface_dump', 'ip_address_dump',
    ]);
    // the call that failed when recorded fails the same way: as recorded, not a failure
    expect(results.find((r) => r.retval === -2)).toMatchObject({ recordedRetval: -2, action: 'sent' });
    expect(results.filter((r) => r.differences?.length)).toEqual([]);
    expect(sum).toMatchObject({ failed: 0, differing: 0, refused: 0 });
    expect(sum.skipped).toBeGreaterThan(0); // sockclnt_create, sockclnt_delete: memclnt
    expect(await state(b)).toEqual(expected);
  });

  test('indexes VPP allocated are remapped when the new VPP hands out others', async () => {
    const { file } = await recordScript();
    const b = await connect(await emulator());
    const pre = (await b.call('create_loopback', {})) as { sw_if_index: number };
    const results: ReplayResult[] = [];
    await replay(b, inputsOf(file).inputs, { onResult: (r) => results.push(r) });
    const creates = results.filter((r) => r.name === 'create_loopback');
    expect(creates.map((r) => r.allocated)).toEqual([[{ field: 'sw_if_index', from: 1, to: pre.sw_if_index + 1 }], [{ field: 'sw_if_index', from: 2, to: pre.sw_if_index + 2 }]]);
    const route = results.find((r) => r.name === 'ip_route_add_del')!;
    expect(route.remapped).toEqual([{ path: 'route.paths[0].sw_if_index', from: 1, to: pre.sw_if_index + 1 }]);
    const addrs = (await b.call('ip_address_dump', { sw_if_index: pre.sw_if_index + 1, is_ipv6: false })) as unknown[];
    expect(addrs).toHaveLength(1);
  });

  test('a doctored reply is reported, field by field', async () => {
    const { file } = await recordScript();
    const text = readFileSync(file, 'utf8').split('\n').map((l) => (l.includes('"ip_address_details"') ? l.replace('10.0.0.1/24', '10.0.0.9/24') : l)).join('\n');
    expect(text).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, text);
    const b = await connect(await emulator());
    const results: ReplayResult[] = [];
    const view = (def: Parameters<typeof defaultRegistry.forMessage>[0], v: Record<string, unknown>) => defaultRegistry.forMessage(def).toJson(v);
    const sum = await replay(b, inputsOf(file).inputs, { compare: true, onResult: (r) => results.push(r), view });
    const diff = results.filter((r) => r.differences?.length);
    expect(diff.map((r) => [r.name, r.differences])).toEqual([['ip_address_dump', [{ path: 'details[0].prefix', recorded: '10.0.0.9/24', live: '10.0.0.1/24' }]]]);
    expect(sum.differing).toBe(1);
  });

  test('dry run sends nothing; a filter and a failure stop', async () => {
    const { file } = await recordScript();
    const emu = await emulator();
    const b = await connect(emu);
    emu.clearReceived();
    const dry: ReplayResult[] = [];
    await replay(b, inputsOf(file).inputs, { dryRun: true, onResult: (r) => dry.push(r) });
    expect(emu.received).toEqual([]);
    expect(dry.filter((r) => r.action === 'dry-run')).toHaveLength(9);
  });

  test('a non-zero retval that was not recorded stops the replay, unless continueOnError', async () => {
    const { file } = await recordScript();
    const lines = readFileSync(file, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes('"_msgname":"sw_interface_set_flags"'));
    lines[k] = lines[k]!.replace(/"sw_if_index":\d+/, '"sw_if_index":77');
    writeFileSync(file, lines.join('\n'));
    const b = await connect(await emulator());
    const got: ReplayResult[] = [];
    const sum = await replay(b, inputsOf(file).inputs, { onResult: (r) => got.push(r) });
    expect(got.filter((r) => r.action !== 'skipped').map((r) => [r.name, r.action])).toEqual([['create_loopback', 'sent'], ['create_loopback', 'sent'], ['sw_interface_set_flags', 'failed']]);
    expect(got.at(-1)).toMatchObject({ retval: -2, retvalName: 'INVALID_SW_IF_INDEX', recordedRetval: 0, reason: 'retval -2 INVALID_SW_IF_INDEX (recorded: 0)' });
    expect(sum).toMatchObject({ failed: 1, stoppedAt: got.at(-1)!.index });
    const c = await connect(await emulator());
    const all = await replay(c, inputsOf(file).inputs, { continueOnError: true });
    expect(all).toMatchObject({ failed: 1, ok: 8 });
    expect(all.stoppedAt).toBeUndefined();
  });

  test('VPP traces hold no replies: values go as recorded; guarded messages are refused unless forced', async () => {
    const emu = await emulator();
    const s = await connect(emu);
    const items = [
      { index: 0, name: 'create_loopback', crc: schema.messages.get('create_loopback')!.crc, direction: 'send' as const, status: 'ok' as const, def: schema.messages.get('create_loopback')!, value: {} },
      { index: 1, name: 'sw_interface_set_flags', crc: schema.messages.get('sw_interface_set_flags')!.crc, direction: 'send' as const, status: 'ok' as const, def: schema.messages.get('sw_interface_set_flags')!, value: { sw_if_index: 1, flags: 1 } },
      { index: 2, name: 'nat44_ei_plugin_enable_disable', crc: '00000000', direction: 'send' as const, status: 'unknown' as const },
    ];
    const results: ReplayResult[] = [];
    const sum = await replay(s, unpaired(items), { onResult: (r) => results.push(r) });
    expect(results.map((r) => [r.name, r.action, r.retval])).toEqual([['create_loopback', 'sent', 0], ['sw_interface_set_flags', 'sent', 0], ['nat44_ei_plugin_enable_disable', 'skipped', undefined]]);
    expect(results[2]!.reason).toMatch(/^no local definition/);
    expect(sum).toMatchObject({ sent: 2, skipped: 1, failed: 0 });
    expect(((await s.call('sw_interface_dump', {})) as { flags: number }[]).find((i) => (i.flags & 1) === 1)).toBeDefined();
  });

  test('a message the live table has with another CRC is refused unless allowChanged', async () => {
    const s = await connect(await emulator());
    const def = schema.messages.get('sw_interface_set_flags')!;
    const items = [{ index: 0, name: def.name, crc: '12345678', direction: 'send' as const, status: 'ok' as const, def, value: { sw_if_index: 0, flags: 1 } }];
    const results: ReplayResult[] = [];
    await replay(s, unpaired(items), { onResult: (r) => results.push(r) });
    expect(results[0]).toMatchObject({ action: 'refused', reason: expect.stringMatching(/^changed: recorded with CRC 12345678, this VPP has f5aec1b8/) });
    await replay(s, unpaired(items), { allowChanged: true, onResult: (r) => results.push(r) });
    expect(results[1]).toMatchObject({ action: 'sent', retval: 0 });
  });
});

describe.skipIf(!HAVE_SHARED)('guards during replay (the 26.06 graph plugin definitions)', () => {
  test('graph_node_get is refused on 26.06 unless forced', async () => {
    const graph = readApiFile(join(API_26_06, 'plugins', 'graph.api.json'));
    const sources = [...builtinModules().map((module) => ({ origin: 'built-in', module })), graph];
    const gs = loadSchema(sources, { tolerant: true }).schema;
    const emu = await startEmulator({ socketPath: join(dir, `emu-g${n++}.sock`), sources });
    cleanups.push(() => emu.stop());
    const s = new Session({ socketPath: emu.socketPath, schema: gs });
    await s.connect();
    cleanups.push(() => s.disconnect());
    const def = gs.messages.get('graph_node_get')!;
    const items = [{ index: 0, name: def.name, crc: def.crc, direction: 'send' as const, status: 'ok' as const, def, value: { cursor: 0xffffffff, index: 0xffffffff } }];
    const results: ReplayResult[] = [];
    const sum = await replay(s, unpaired(items), { onResult: (r) => results.push(r) });
    expect(results[0]).toMatchObject({ action: 'refused', reason: expect.stringMatching(/^guarded: graph_node_get crashes VPP .*--force sends it$/) });
    expect(sum).toMatchObject({ refused: 1, sent: 0 });
    expect(emu.received.map((r) => r.name)).not.toContain('graph_node_get');
    await replay(s, unpaired(items), { force: true, onResult: (r) => results.push(r) });
    // Sent; the emulator does not emulate the node graph, so it answers -9 UNIMPLEMENTED (docs/emulator.md).
    expect(results[1]).toMatchObject({ retval: -9 });
    expect(emu.received.map((r) => r.name)).toContain('graph_node_get');
  });
});
