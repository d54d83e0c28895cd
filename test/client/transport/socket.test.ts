import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VppApiError } from '../../../src/client/errors.js';
import { FramingError, TransportError } from '../../../src/client/transport/errors.js';
import { FramedSocket } from '../../../src/client/transport/framed-socket.js';
import { encodeFrame } from '../../../src/client/transport/framing.js';
import { connectError, connectUnix, listenUnix, type UnixServer } from '../../../src/client/transport/unix-socket.js';

let dir: string;
let seq = 0;
const fresh = (name = 'api'): string => path.join(dir, `${name}${++seq}.sock`);
const servers: UnixServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-transport-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(p: string, onConnection: (s: net.Socket) => void): Promise<UnixServer> {
  const server = await listenUnix(p, onConnection);
  servers.push(server);
  return server;
}

/** A server that answers every frame with the payload reversed. */
function reverser(s: net.Socket): void {
  const framed: FramedSocket = new FramedSocket(s, {
    onFrame: (p) => framed.write(encodeFrame(Buffer.from(p).reverse())),
    onClose: () => {},
  });
}

/** A client FramedSocket that records frames and its close reason. */
async function client(p: string) {
  const frames: Buffer[] = [];
  let resolveClose!: (e: VppApiError | undefined) => void;
  const closed = new Promise<VppApiError | undefined>((r) => (resolveClose = r));
  const framed = new FramedSocket(await connectUnix(p), { onFrame: (f) => frames.push(f), onClose: resolveClose }, { path: p });
  return { framed, frames, closed };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected a rejection');
}

describe('round trip', () => {
  it('carries frames both ways, single and batched, including one larger than the socket buffers', async () => {
    const p = fresh();
    await serve(p, reverser);
    const c = await client(p);
    const big = Buffer.alloc(3_000_000, 7);
    big[0] = 1;
    c.framed.write(encodeFrame(Uint8Array.of(0, 1, 2)));
    c.framed.writeMany([encodeFrame(Uint8Array.of(0, 9)), encodeFrame(big), encodeFrame(Uint8Array.of(5, 6, 7, 8))]);
    await until(() => c.frames.length === 4);
    expect([...c.frames[0]]).toEqual([2, 1, 0]);
    expect([...c.frames[1]]).toEqual([9, 0]);
    expect(c.frames[2].length).toBe(3_000_000);
    expect(c.frames[2][2_999_999]).toBe(1);
    expect([...c.frames[3]]).toEqual([8, 7, 6, 5]);
    await c.framed.end();
    expect(await c.closed).toBeUndefined();
    expect(c.framed.closed).toBe(true);
  });

  it('reports backpressure, and drained() resolves only once the peer reads', async () => {
    const p = fresh();
    let peer: net.Socket | undefined;
    let received = 0;
    await serve(p, (s) => {
      peer = s;
      s.pause();
      s.on('data', (d: Buffer) => (received += d.length));
    });
    const c = await client(p);
    await c.framed.drained(); // nothing queued: resolves at once
    const frame = encodeFrame(Buffer.alloc(4 << 20, 1));
    let sent = 0;
    let accepted: boolean;
    do {
      accepted = c.framed.write(frame);
      sent++;
    } while (accepted);
    expect(c.framed.needsDrain).toBe(true);
    let done = false;
    const drained = c.framed.drained().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false); // the peer is not reading, so the queue cannot empty
    await until(() => peer !== undefined);
    peer!.resume();
    await drained;
    await until(() => received === sent * frame.length);
    await c.framed.end();
  });
});

describe('FramedSocket endings', () => {
  it('reports an orderly close by the peer as no error', async () => {
    const p = fresh();
    await serve(p, (s) => s.end(encodeFrame(Uint8Array.of(0, 3))));
    const c = await client(p);
    expect(await c.closed).toBeUndefined();
    expect(c.frames.length).toBe(1);
  });

  it('reports a peer that closes mid-frame as EFRAME', async () => {
    const p = fresh();
    await serve(p, (s) => s.end(encodeFrame(Uint8Array.of(0, 3, 4, 5)).subarray(0, 18)));
    const c = await client(p);
    const err = await c.closed;
    expect(err).toBeInstanceOf(FramingError);
    expect(err?.message).toContain('18 of 20 bytes');
  });

  it('closes on a garbage header with EFRAME, after delivering the frames before it', async () => {
    const p = fresh();
    const junk = Buffer.alloc(16, 0xff);
    await serve(p, (s) => s.write(Buffer.concat([encodeFrame(Uint8Array.of(0, 8)), junk])));
    const c = await client(p);
    const err = await c.closed;
    expect(err?.code).toBe('EFRAME');
    expect(c.frames.map((f) => [...f])).toEqual([[0, 8]]);
  });

  it('closes with EHANDLER when onFrame throws, keeping the exception as cause', async () => {
    const p = fresh();
    await serve(p, (s) => s.write(encodeFrame(Uint8Array.of(0, 8))));
    const bug = new Error('session bug');
    let resolveClose!: (e: VppApiError | undefined) => void;
    const closed = new Promise<VppApiError | undefined>((r) => (resolveClose = r));
    new FramedSocket(await connectUnix(p), {
      onFrame: () => {
        throw bug;
      },
      onClose: resolveClose,
    });
    const err = await closed;
    expect(err?.code).toBe('EHANDLER');
    expect(err?.cause).toBe(bug);
  });

  it('maps a socket failure to ECONNLOST with the OS error as cause', async () => {
    const p = fresh();
    await serve(p, () => {});
    const raw = await connectUnix(p);
    let resolveClose!: (e: VppApiError | undefined) => void;
    const closed = new Promise<VppApiError | undefined>((r) => (resolveClose = r));
    new FramedSocket(raw, { onFrame: () => {}, onClose: resolveClose }, { path: p });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    raw.destroy(reset);
    const err = await closed;
    expect(err?.code).toBe('ECONNLOST');
    expect(err?.cause).toBe(reset);
    expect(err?.message).toContain(p);
  });

  it('refuses writes and drain waits once closed, and passes a destroy() reason to onClose', async () => {
    const p = fresh();
    await serve(p, () => {});
    const c = await client(p);
    const why = new TransportError('ETIMEDOUT', 'handshake timed out', p);
    c.framed.destroy(why);
    expect(() => c.framed.write(encodeFrame(Uint8Array.of(0, 1)))).toThrow(expect.objectContaining({ code: 'ECLOSED' }));
    expect(await c.closed).toBe(why);
    expect((await rejection(c.framed.drained())).code).toBe('ECLOSED');
    expect(() => c.framed.writeMany([])).toThrow(TransportError);
  });
});

describe('connectUnix failures', () => {
  async function connectFails(p: string, timeoutMs?: number): Promise<TransportError> {
    const err = await rejection(connectUnix(p, { timeoutMs }));
    expect(err.path).toBe(p);
    return err;
  }

  it('ENOENT: no file at the path, telling the user where the path is configured', async () => {
    const err = await connectFails(path.join(dir, 'missing.sock'));
    expect(err.code).toBe('ENOENT');
    expect(err.message).toContain('is VPP running?');
    expect(err.message).toContain('socksvr');
    expect((err.cause as { code?: string }).code).toBe('ENOENT');
  });

  it('ENOENT also when a part of the path is a file', async () => {
    const file = path.join(dir, 'plain-for-enotdir');
    writeFileSync(file, 'x');
    const err = await connectFails(path.join(file, 'api.sock'));
    expect(err.code).toBe('ENOENT');
    expect(err.message).toContain('not a directory');
  });

  it('ENOTSOCK: a regular file or a directory (Linux would say ECONNREFUSED)', async () => {
    const file = path.join(dir, 'regular');
    writeFileSync(file, 'not a socket');
    const err = await connectFails(file);
    expect(err.code).toBe('ENOTSOCK');
    expect(err.message).toContain('regular file');
    const sub = path.join(dir, 'a-directory');
    mkdirSync(sub);
    expect((await connectFails(sub)).message).toContain('is a directory');
  });

  it('ECONNREFUSED: a stale socket file nobody listens on', async () => {
    const stale = await makeStaleSocket();
    const err = await connectFails(stale);
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toContain('nothing is listening');
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('ENAMETOOLONG: a path the kernel would silently cut', async () => {
    const err = await connectFails(path.join(dir, 'x'.repeat(120)));
    expect(err.code).toBe('ENAMETOOLONG');
    expect(err.message).toContain('107');
  });

  it('ETIMEDOUT: a connect that never completes is abandoned and destroyed', async () => {
    // A real Unix connect on Linux completes or fails at once (a full backlog fails with
    // EAGAIN), so the hang is simulated: the socket is replaced by one that never connects.
    const p = fresh();
    await serve(p, () => {});
    const hung = Object.assign(new EventEmitter(), { destroy: vi.fn() });
    vi.spyOn(net, 'createConnection').mockReturnValue(hung as unknown as net.Socket);
    const err = await connectFails(p, 40);
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toContain('40 ms');
    expect(hung.destroy).toHaveBeenCalled();
  });

  describe('EACCES', () => {
    const isRoot = process.getuid?.() === 0;

    it('maps a permission error to EACCES with what to do, keeping the cause', () => {
      const cause = Object.assign(new Error('connect EACCES /run/vpp/api.sock'), { code: 'EACCES', syscall: 'connect' });
      const err = connectError(cause, '/run/vpp/api.sock');
      expect(err.code).toBe('EACCES');
      expect(err.message).toContain('run as root');
      expect(err.message).toContain('vpp');
      expect(err.cause).toBe(cause);
    });

    it.skipIf(isRoot)('a socket we may not write to gives EACCES', async () => {
      const p = fresh();
      await serve(p, () => {});
      chmodSync(p, 0o000);
      expect((await connectFails(p)).code).toBe('EACCES');
    });

    // Root bypasses file permissions, so a real EACCES cannot be made in this process.
    // An unprivileged child (uid 65534) gets the real OS error; its fields are rebuilt here
    // and run through the same mapping connectUnix uses.
    it.runIf(isRoot)('the OS error an unprivileged user really gets maps to EACCES', async () => {
      const sub = path.join(dir, 'locked');
      mkdirSync(sub);
      chmodSync(sub, 0o755);
      const p = path.join(sub, 'api.sock');
      await serve(p, () => {});
      chmodSync(p, 0o700);
      const script =
        "const s=require('net').connect(process.env.SOCK);" +
        "s.on('connect',()=>{console.log('{\"connected\":true}');s.destroy()});" +
        "s.on('error',e=>console.log(JSON.stringify({code:e.code,syscall:e.syscall,message:e.message})))";
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { uid: 65534, gid: 65534, env: { SOCK: p } }, (e, stdout) =>
          e ? reject(e) : resolve(stdout),
        ),
      );
      const seen = JSON.parse(out) as { code: string; syscall: string; message: string };
      expect(seen.code).toBe('EACCES');
      const err = connectError(Object.assign(new Error(seen.message), seen), p);
      expect(err.code).toBe('EACCES');
      expect(err.message).toContain(p);
    });
  });
});

/** A socket file with no listener: a hard link to a listening socket outlives its server. */
async function makeStaleSocket(): Promise<string> {
  const live = fresh('live');
  const stale = fresh('stale');
  const server = await listenUnix(live, () => {});
  linkSync(live, stale);
  await server.close();
  expect(lstatSync(stale).isSocket()).toBe(true);
  return stale;
}

describe('listenUnix', () => {
  it('replaces a stale socket file and accepts connections', async () => {
    const stale = await makeStaleSocket();
    await serve(stale, reverser);
    const c = await client(stale);
    c.framed.write(encodeFrame(Uint8Array.of(1, 2)));
    await until(() => c.frames.length === 1);
    expect([...c.frames[0]]).toEqual([2, 1]);
    await c.framed.end();
  });

  it('never removes a regular file at the path', async () => {
    const file = path.join(dir, 'precious.txt');
    writeFileSync(file, 'keep me');
    const err = await rejection(listenUnix(file, () => {}));
    expect(err.code).toBe('ENOTSOCK');
    expect(err.message).toContain('refusing to replace');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses a path another server is listening on, leaving that server working', async () => {
    const p = fresh();
    await serve(p, reverser);
    const err = await rejection(listenUnix(p, () => {}));
    expect(err.code).toBe('EADDRINUSE');
    const c = await client(p);
    c.framed.write(encodeFrame(Uint8Array.of(3, 4)));
    await until(() => c.frames.length === 1);
    await c.framed.end();
  });

  it('close() ends open connections and removes the socket file, once', async () => {
    const p = fresh();
    const server = await listenUnix(p, () => {});
    const c = await client(p);
    expect(existsSync(p)).toBe(true);
    await server.close();
    expect(existsSync(p)).toBe(false);
    expect(await c.closed).toBeUndefined();
    await server.close();
    expect((await rejection(connectUnix(p))).code).toBe('ENOENT');
  });

  it('ENAMETOOLONG for a path that does not fit a socket address', async () => {
    expect((await rejection(listenUnix(path.join(dir, 'y'.repeat(120)), () => {}))).code).toBe('ENAMETOOLONG');
  });
});
