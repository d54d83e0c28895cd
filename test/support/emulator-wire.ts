/**
 * A deliberately small, independent client for the emulator tests: it imports nothing
 * from src/, builds frames by hand from docs/protocol.md and reads replies at fixed offsets,
 * so the emulator (which shares the codec with the real client) is not its own judge.
 *
 * | frame bytes | field                                  |
 * |-------------|----------------------------------------|
 * | 0..8        | 0                                      |
 * | 8..12       | payload length, u32 BE                 |
 * | 12..16      | 0                                      |
 * | 16..        | payload: u16 BE id, then the fields    |
 */
import { createConnection, type Socket } from 'node:net';
import { frame, fstr, u16, u32 } from './wire-bytes.js';

export { fstr, frame, ip4addr, u16, u32, u8, vstr } from './wire-bytes.js';

export interface Handshake {
  index: number;
  reply: Buffer;
  /** name → id, and name → crc (8 hex digits) from the reply's table. */
  ids: Map<string, number>;
  crcs: Map<string, string>;
  /** The table in wire order. */
  entries: { id: number; key: string }[];
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  private waiter?: () => void;
  readonly closed: Promise<void>;
  isClosed = false;
  hs?: Handshake;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 16) {
        const n = this.buf.readUInt32BE(8);
        if (this.buf.length < 16 + n) break;
        this.queue.push(Buffer.from(this.buf.subarray(16, 16 + n)));
        this.buf = this.buf.subarray(16 + n);
      }
      this.waiter?.();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', () => { this.isClosed = true; this.waiter?.(); resolve(); }));
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Connects and performs the handshake. */
  static async open(path: string, name = 'test'): Promise<RawClient> {
    const c = await RawClient.connect(path);
    await c.handshake(name);
    return c;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  send(payload: Buffer): void {
    this.socket.write(frame(payload));
  }

  /** The next payload received, or an error after `ms`. */
  async next(ms = 2000): Promise<Buffer> {
    const deadline = Date.now() + ms;
    while (this.queue.length === 0) {
      if (this.isClosed) throw new Error('connection closed while waiting');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing received within ${ms} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiter = () => { clearTimeout(t); r(); };
      });
      this.waiter = undefined;
    }
    return this.queue.shift()!;
  }

  /** Resolves with what arrived within `ms` (normally nothing). */
  async drain(ms = 100): Promise<Buffer[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.queue.splice(0);
  }

  async handshake(name: string, context = 0x7c): Promise<Handshake> {
    this.send(Buffer.concat([u16(15), u32(context), fstr(name, 64)]));
    const reply = await this.next();
    const count = reply.readUInt16BE(18);
    const ids = new Map<string, number>();
    const crcs = new Map<string, string>();
    const entries: { id: number; key: string }[] = [];
    for (let i = 0; i < count; i++) {
      const at = 20 + 66 * i;
      const id = reply.readUInt16BE(at);
      const raw = reply.subarray(at + 2, at + 66);
      const key = raw.subarray(0, raw.indexOf(0) < 0 ? 64 : raw.indexOf(0)).toString('utf8');
      entries.push({ id, key });
      const m = /^(.*)_([0-9a-f]{8})$/.exec(key)!;
      ids.set(m[1]!, id);
      crcs.set(m[1]!, m[2]!);
    }
    this.hs = { index: reply.readUInt32BE(14), reply, ids, crcs, entries };
    return this.hs;
  }

  id(name: string): number {
    const id = this.hs?.ids.get(name);
    if (id === undefined) throw new Error(`no ${name} in the table`);
    return id;
  }

  /** A request payload: id, client_index (this client's unless given), context, body. */
  req(name: string, context: number, body: Buffer = Buffer.alloc(0), clientIndex = this.hs!.index): Buffer {
    return Buffer.concat([u16(this.id(name)), u32(clientIndex), u32(context), body]);
  }

  /** Sends a request and returns the next payload. */
  async call(name: string, context: number, body?: Buffer): Promise<Buffer> {
    this.send(this.req(name, context, body));
    return this.next();
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Reply-shaped payload: id 0..2, context 2..6, retval 6..10. */
export const retvalOf = (p: Buffer): number => p.readInt32BE(6);
export const contextOf = (p: Buffer): number => p.readUInt32BE(2);
export const idOf = (p: Buffer): number => p.readUInt16BE(0);
/** A NUL-terminated string inside `b`. */
export const cstr = (b: Buffer): string => b.subarray(0, b.indexOf(0) < 0 ? b.length : b.indexOf(0)).toString('utf8');
