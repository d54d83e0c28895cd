/**
 * openSession: definitions from files, or learned from VPP with get_api_json and cached
 * on disk keyed by the message table; and the handshake against recorded real frames.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type OpenedSession } from '../../../src/client/session/connect.js';
import { parseSockclntCreateReply } from '../../../src/client/session/handshake.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import type { SessionWarning } from '../../../src/client/session/session.js';
import { CAPTURES, HAVE_SHARED } from '../../support/shared.js';
import { readCapture } from '../../support/oracle/read-defs.js';
import { frame, startFake, tmpSocketPath, type FakeOptions } from '../../support/session-fake.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmpDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'vppapi-cache-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const API_JSON = JSON.stringify(builtinModules());

async function fakeWithApiJson(extra: Partial<FakeOptions> = {}) {
  const vpp = await startFake({
    modules: builtinModules(),
    ...extra,
    handlers: {
      get_api_json: (r, c) => c.send('get_api_json_reply', { context: r.context, retval: 0, json: API_JSON }),
      show_version: (r, c) => c.send('show_version_reply', { context: r.context, retval: 0, version: 'fake' }),
      ...extra.handlers,
    },
  });
  cleanups.push(() => vpp.close());
  return vpp;
}

async function open(opts: Parameters<typeof openSession>[0]): Promise<OpenedSession> {
  const o = await openSession(opts);
  cleanups.push(() => o.session.disconnect());
  return o;
}

describe('definitions from the running VPP', () => {
  it('fetches with get_api_json, caches (0700 dir, 0600 file), and serves the next connect from the cache', async () => {
    const vpp = await fakeWithApiJson();
    const cacheDir = path.join(tmpDir(), 'nested', 'vppapi');
    const first = await open({ socketPath: vpp.socketPath, cacheDir });
    expect(first.origin).toBe('get_api_json');
    expect(vpp.conns[0]!.received.filter((r) => r.name === 'get_api_json')).toHaveLength(1);
    await expect(first.session.call('show_version')).resolves.toMatchObject({ version: 'fake' });
    expect(first.session.availability('sw_interface_dump').status).toBe('available');

    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(cacheDir, files[0]!), 'utf8')).toBe(API_JSON);
    await first.session.disconnect();

    const second = await open({ socketPath: vpp.socketPath, cacheDir });
    expect(second.origin).toBe('cache');
    expect(vpp.conns[1]!.received.map((r) => r.name)).not.toContain('get_api_json');
    await expect(second.session.call('show_version')).resolves.toMatchObject({ version: 'fake' });
  });

  it('keys the cache by the table: another plugin set fetches again', async () => {
    const cacheDir = tmpDir();
    const a = await fakeWithApiJson();
    expect((await open({ socketPath: a.socketPath, cacheDir })).origin).toBe('get_api_json');
    const b = await fakeWithApiJson({ extraKeys: ['some_plugin_msg_0badf00d'] });
    expect((await open({ socketPath: b.socketPath, cacheDir })).origin).toBe('get_api_json');
    expect(readdirSync(cacheDir)).toHaveLength(2);
    // Ids do not matter, only names and CRCs.
    const c = await fakeWithApiJson({ idBase: 900 });
    expect((await open({ socketPath: c.socketPath, cacheDir })).origin).toBe('cache');
  });

  it('useCache: false neither reads nor writes', async () => {
    const vpp = await fakeWithApiJson();
    const cacheDir = tmpDir();
    expect((await open({ socketPath: vpp.socketPath, cacheDir, useCache: false })).origin).toBe('get_api_json');
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('a corrupt cache file is reported and replaced', async () => {
    const vpp = await fakeWithApiJson();
    const cacheDir = tmpDir();
    await (await open({ socketPath: vpp.socketPath, cacheDir })).session.disconnect();
    const file = path.join(cacheDir, readdirSync(cacheDir)[0]!);
    writeFileSync(file, '{"not": "an array"');
    const warnings: SessionWarning[] = [];
    const o = await open({ socketPath: vpp.socketPath, cacheDir, onWarning: (w) => warnings.push(w) });
    expect(o.origin).toBe('get_api_json');
    expect(warnings.map((w) => w.code)).toEqual(['ECACHE']);
    expect(readFileSync(file, 'utf8')).toBe(API_JSON);
  });

  it('without get_api_json in the table: ENODEFS naming --api-dir, and the session is closed', async () => {
    const vpp = await fakeWithApiJson({ omit: ['get_api_json', 'get_api_json_reply'] });
    await expect(openSession({ socketPath: vpp.socketPath, cacheDir: tmpDir() })).rejects.toMatchObject({
      code: 'ENODEFS', message: expect.stringMatching(/--api-dir/),
    });
    expect(vpp.conns[0]!.received.at(-1)!.name).toBe('sockclnt_delete');
  });
});

describe('definitions from files', () => {
  it('loads an api dir, adds the built-in memclnt when it is absent, fetches nothing', async () => {
    const dir = tmpDir();
    for (const m of builtinModules()) {
      if (m.module !== 'memclnt') writeFileSync(path.join(dir, `${m.module}.api.json`), JSON.stringify(m));
    }
    const vpp = await fakeWithApiJson();
    const o = await open({ socketPath: vpp.socketPath, apiDir: dir });
    expect(o.origin).toBe('dir');
    expect(o.schema.modules.has('memclnt')).toBe(true);
    await expect(o.session.call('sw_interface_dump')).resolves.toEqual([]);
    expect(vpp.received.map((r) => r.name)).not.toContain('get_api_json');
  });
});

/** Replays a recorded real VPP 26.06 conversation, patching only the contexts. */
async function replayServer(frames: ReturnType<typeof readCapture>) {
  const s2c = (name: string): Buffer => Buffer.from(frames.find((f) => f.dir === 's2c' && f.name.startsWith(name))!.hex, 'hex');
  const createReply = s2c('sockclnt_create_reply');
  const apiJsonReply = s2c('get_api_json_reply');
  const deleteReply = s2c('sockclnt_delete_reply');
  const c2sId = (name: string): number => frames.find((f) => f.dir === 'c2s' && f.name.startsWith(name))!.id;
  const getId = c2sId('get_api_json');
  const deleteId = c2sId('sockclnt_delete');
  const seen: Buffer[] = [];
  const socketPath = tmpSocketPath('replay');
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 16 && buf.length >= 16 + buf.readUInt32BE(8)) {
        const p = Buffer.from(buf.subarray(16, 16 + buf.readUInt32BE(8)));
        buf = buf.subarray(16 + p.length);
        seen.push(p);
        const id = p.readUInt16BE(0);
        const answer = (template: Buffer, ctxAt: number, ctx: number): void => {
          const out = Buffer.from(template);
          out.writeUInt32BE(ctx, ctxAt);
          sock.write(frame(out));
        };
        if (id === 15) answer(createReply, 6, p.readUInt32BE(2));
        else if (id === getId) answer(apiJsonReply, 2, p.readUInt32BE(6));
        else if (id === deleteId) {
          answer(deleteReply, 2, p.readUInt32BE(6));
          sock.end();
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { socketPath, seen };
}

describe.skipIf(!HAVE_SHARED)('against recorded VPP 26.06 frames', () => {
  it('parses the real handshake reply: 1,991 entries, ids as recorded', () => {
    const frames = readCapture(path.join(CAPTURES, 'v26.06-session.jsonl'));
    const reply = Buffer.from(frames[1]!.hex, 'hex');
    const reg = parseSockclntCreateReply(reply, 0x7c);
    expect(reg.clientIndex).toBe(0x80000001);
    expect(reg.table.size).toBe(1991);
    for (const f of frames.slice(2)) {
      if (/_[0-9a-f]{8}$/.test(f.name)) expect(reg.table.byKey(f.name)?.id).toBe(f.id);
    }
  });

  it('learns every definition from a replayed get_api_json, then from the cache', async () => {
    const frames = readCapture(path.join(CAPTURES, 'v26.06-get-api-json.jsonl'));
    const { socketPath, seen } = await replayServer(frames);
    const cacheDir = tmpDir();
    const o = await open({ socketPath, cacheDir, clientName: 'capture-json' });
    expect(o.origin).toBe('get_api_json');
    // Our sockclnt_create and get_api_json are the recorded bytes but for the context.
    const sentCreate = Buffer.from(seen[0]!);
    sentCreate.writeUInt32BE(0x7c, 2);
    expect(sentCreate.toString('hex')).toBe(frames[0]!.hex);
    const sentGet = Buffer.from(seen[1]!);
    sentGet.writeUInt32BE(1, 6);
    expect(sentGet.toString('hex')).toBe(frames[2]!.hex);
    expect(o.schema.modules.size).toBeGreaterThanOrEqual(118);
    expect(o.session.availability('show_version')).toMatchObject({ status: 'available', id: 1525 });
    // The same VPP wrote both: no local definition may be "changed".
    const changed = [...o.schema.messages.keys()].filter((n) => o.session.availability(n).status === 'changed');
    expect(changed).toEqual([]);
    await o.session.disconnect();
    expect(seen.at(-1)!.readUInt16BE(0)).toBe(17);

    const again = await open({ socketPath, cacheDir });
    expect(again.origin).toBe('cache');
    expect(seen.filter((p) => p.readUInt16BE(0) === 27)).toHaveLength(1);
  });
});
