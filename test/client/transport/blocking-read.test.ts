/**
 * FramedSocket.readNow with the blocking reader: bytes a server in another process sends
 * reach onFrame as from the event loop (split frames too); nothing is read where the
 * event loop must read (a server in this process, a stream that is no Unix socket,
 * nothing sent, the peer's close), and the event loop then sees everything as before.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingReader, type BlockingReader, loadKoffi } from '../../../src/client/transport/blocking-read.js';
import { FramedSocket } from '../../../src/client/transport/framed-socket.js';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vppapi-blocking-read-'));
});
afterAll(() => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A server in a child process: echoes what it reads; in 'split' mode the first 10 bytes
 * at once and the rest 150 ms later; in 'close' mode it closes without answering.
 */
const SERVER = `
const net = require('node:net');
const [path, mode] = process.argv.slice(1);
net.createServer((s) => {
  s.on('data', (b) => {
    if (mode === 'close') return s.end();
    if (mode === 'split') { s.write(b.subarray(0, 10)); setTimeout(() => s.write(b.subarray(10)), 150); }
    else s.write(b);
  });
}).listen(path, () => process.stdout.write('ready\\n'));
`;

async function childServer(mode: 'echo' | 'split' | 'close', name: string = mode): Promise<string> {
  const p = path.join(dir, `${name}.sock`);
  const c = spawn(process.execPath, ['-e', SERVER, p, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  await new Promise<void>((resolve, reject) => {
    c.stdout!.once('data', () => resolve());
    c.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return p;
}

/** A frame: the 16-byte header (length at offset 8) and `payload`. */
function frame(payload: Buffer): Buffer {
  const f = Buffer.alloc(16 + payload.length);
  f.writeUInt32BE(payload.length, 8);
  payload.copy(f, 16);
  return f;
}

interface Client {
  framed: FramedSocket;
  frames: Buffer[];
  closed: Promise<unknown>;
}

async function client(p: string): Promise<Client> {
  const sock = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.createConnection(p, () => resolve(s));
    s.once('error', reject);
  });
  const frames: Buffer[] = [];
  let closed!: (e: unknown) => void;
  const whenClosed = new Promise((r) => (closed = r));
  const framed = new FramedSocket(sock, { onFrame: (f) => frames.push(f), onClose: (e) => closed(e) });
  return { framed, frames, closed: whenClosed };
}

const reader = (): BlockingReader => {
  const r = blockingReader();
  // Linux with koffi installed (a dependency): the reader must be there.
  expect(r).toBeDefined();
  return r!;
};

describe('FramedSocket.readNow', () => {
  it('hands a frame from a server in another process to onFrame without the event loop', async () => {
    const c = await client(await childServer('echo'));
    const payload = Buffer.from('0123456789abcdefghij');
    c.framed.write(frame(payload));
    expect(c.framed.readNow(reader(), 5000)).toBe(true);
    expect(c.frames).toEqual([payload]);
    // Nothing more is coming: false within the bound, nothing handed on.
    expect(c.framed.readNow(reader(), 20)).toBe(false);
    expect(c.frames).toHaveLength(1);
    await c.framed.end();
  });

  it('reads a frame that arrives in two parts as two reads, one frame', async () => {
    const c = await client(await childServer('split'));
    const payload = Buffer.from('a payload longer than the first ten bytes');
    c.framed.write(frame(payload));
    expect(c.framed.readNow(reader(), 5000)).toBe(true);
    expect(c.frames).toHaveLength(0);
    expect(c.framed.readNow(reader(), 5000)).toBe(true);
    expect(c.frames).toEqual([payload]);
    await c.framed.end();
  });

  it('leaves the peer closing to the event loop: false, then onClose as usual', async () => {
    const c = await client(await childServer('close'));
    c.framed.write(frame(Buffer.from('x')));
    expect(c.framed.readNow(reader(), 5000)).toBe(false);
    await expect(c.closed).resolves.toBeUndefined();
    expect(c.framed.closed).toBe(true);
    expect(c.framed.readNow(reader(), 10)).toBe(false);
  });

  it('never reads a socket whose server is this process (it could not answer): the event loop delivers', async () => {
    const p = path.join(dir, 'own.sock');
    const server = net.createServer((s) => s.on('data', (b) => s.write(b)));
    await new Promise<void>((r) => server.listen(p, r));
    try {
      const c = await client(p);
      const payload = Buffer.from('in this process');
      c.framed.write(frame(payload));
      // Refused without waiting at all: the reader is asked who the peer is, never to read.
      const r = reader();
      const waits: number[] = [];
      const spy: BlockingReader = { peerPid: (fd) => r.peerPid(fd), readWithin: (fd, ms) => (waits.push(ms), r.readWithin(fd, ms)) };
      expect(c.framed.readNow(spy, 2000)).toBe(false);
      expect(waits).toEqual([]);
      await new Promise<void>((r) => {
        const check = (): void => (c.frames.length > 0 ? r() : void setTimeout(check, 5));
        check();
      });
      expect(c.frames).toEqual([payload]);
      await c.framed.end();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('does not read a stream that is not a socket', () => {
    const frames: Buffer[] = [];
    const framed = new FramedSocket(new PassThrough(), { onFrame: (f) => frames.push(f), onClose: () => {} });
    expect(framed.readNow(reader(), 10)).toBe(false);
    framed.destroy();
  });
});

describe('one reader, several sockets', () => {
  it('reads each socket it is given, turn about (the descriptor it polls follows the argument)', async () => {
    const p = await childServer('echo', 'echo-two');
    const a = await client(p);
    const b = await client(p);
    const r = reader();
    for (let i = 0; i < 3; i++) {
      const pa = Buffer.from(`to a, turn ${i}`);
      const pb = Buffer.from(`to b, turn ${i}`);
      b.framed.write(frame(pb));
      a.framed.write(frame(pa));
      expect(a.framed.readNow(r, 5000)).toBe(true);
      expect(b.framed.readNow(r, 5000)).toBe(true);
      expect(a.frames.at(-1)).toEqual(pa);
      expect(b.frames.at(-1)).toEqual(pb);
    }
    expect(a.frames).toHaveLength(3);
    expect(b.frames).toHaveLength(3);
    await a.framed.end();
    await b.framed.end();
  });
});

describe('loadKoffi', () => {
  it('loads the native module of the platform package directly where npm installed it, and it calls libc', () => {
    const { koffi, direct } = loadKoffi();
    // This repository's lockfile installs @koromix/koffi-linux-x64 (or -arm64) beside koffi; on such a
    // glibc machine the direct path must be the one taken (else the 10 ms it saves are lost unseen).
    const glibc = typeof (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })?.header?.glibcVersionRuntime === 'string';
    if (process.platform === 'linux' && glibc && (process.arch === 'x64' || process.arch === 'arm64')) expect(direct).toBe(true);
    const getpid = koffi.load('libc.so.6').func('int getpid()') as () => number;
    expect(getpid()).toBe(process.pid);
  });
});
