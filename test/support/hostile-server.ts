/**
 * A hostile VPP for the reliability tests. It registers a client as VPP does (the fake of
 * test/support/session-fake.ts: frames cut by hand, payloads from the naive oracle builder, no
 * client code), then misbehaves as each scenario says: truncated frames, lengths far
 * beyond the data, frames in single bytes, garbage, unknown ids and contexts, duplicate
 * replies, silence mid-dump, a close mid-frame, floods of events.
 *
 * Frame header, as the client expects it (docs/protocol.md §1):
 *
 * | bytes  | field                 | here                                     |
 * |--------|-----------------------|------------------------------------------|
 * | 0..8   | queue pointer         | zeros                                    |
 * | 8..12  | payload length, u32 BE | the payload's, or whatever a scenario announces |
 * | 12..16 | timestamp             | zeros                                    |
 *
 * No vitest here: any script may stand this peer up (bench/reliability.ts counts the
 * tests that use it).
 */
import type net from 'node:net';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { type FakeConn, type FakeOptions, type FakeRequest, type FakeVpp, type Handler, startFake } from './session-fake.js';
import { frame, u16, u32 } from './wire-bytes.js';

export type { FakeConn, FakeRequest, FakeVpp, Handler };

/** A fake VPP serving the built-in definitions (plus `opts`), with misbehaving handlers. */
export function startHostile(opts: Partial<FakeOptions> = {}): Promise<FakeVpp> {
  return startFake({ modules: builtinModules(), ...opts });
}

/** 16-byte header announcing `announced` payload bytes (default: the payload's length), then the payload. */
export const frameAs = frame;

/** Deterministic pseudo-random bytes (xorshift32), so a failing case can be replayed. */
export function garbage(n: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Writes `data` in pieces of `size` bytes, each in its own write after a macrotask, so
 * that the reader gets them as separate reads. Resolves when all are written.
 */
export function dribble(socket: net.Socket, data: Buffer, size = 1): Promise<void> {
  // One queue per socket: two dribbles at once must not interleave their bytes.
  const next = (dribbling.get(socket) ?? Promise.resolve()).then(async () => {
    for (let at = 0; at < data.length; at += size) {
      if (socket.destroyed) return;
      socket.write(data.subarray(at, at + size));
      await new Promise((r) => setImmediate(r));
    }
  });
  dribbling.set(socket, next);
  return next;
}

const dribbling = new WeakMap<net.Socket, Promise<void>>();

/** The payload of reply/details `name` for `req` (its context), built by the oracle. */
export function answer(conn: FakeConn, req: FakeRequest, name: string, value: Record<string, unknown> = {}): Buffer {
  return conn.vpp.build(name, { context: req.context, ...value });
}

/** sockclnt_create_reply as VPP sends it, for handshake scenarios to bend. */
export function registration(conn: FakeConn, req: FakeRequest, over: Record<string, unknown> = {}): Buffer {
  const table = conn.vpp.table();
  return conn.vpp.build('sockclnt_create_reply', {
    client_index: 0, context: req.context, response: 0, index: 0x80000001, count: table.length, message_table: table, ...over,
  });
}

/** An id that is in no table the fake serves (ids are < 1000 there). */
export const ALIEN_ID = 0xfff0;

/**
 * Handlers of sockclnt_create that break the handshake, by name. Each answers (or not)
 * in one way a broken or foreign peer might.
 */
export const badHandshakes: Record<string, Handler> = {
  /** Bytes that are no frame at all: the "length" they hold is far beyond any limit. */
  garbage: (_req, conn) => void conn.socket.write(Buffer.concat([Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), garbage(64)])),
  /** A well-framed message, but not the registration. */
  wrongId: (req, conn) => conn.sendPayload(Buffer.concat([u16(ALIEN_ID), u32(req.context), Buffer.alloc(40)])),
  /** The table's count promises 500 entries; two follow. */
  truncatedTable: (req, conn) => {
    const p = registration(conn, req);
    const cut = Buffer.from(p.subarray(0, 20 + 66 * 2));
    cut.writeUInt16BE(500, 18);
    conn.sendPayload(cut);
  },
  /** Another context than the request's. */
  wrongContext: (req, conn) => conn.sendPayload(registration(conn, req, { context: (req.context + 1) >>> 0 })),
  /** VPP refusing the registration. */
  refused: (req, conn) => conn.sendPayload(registration(conn, req, { response: -1 })),
  /** Never answers. */
  silent: () => {},
  /** Half of the reply, then the connection closes. */
  closeMidFrame: (req, conn) => {
    const f = frameAs(registration(conn, req));
    conn.socket.end(f.subarray(0, Math.floor(f.length / 2)));
  },
  /** A header announcing 2 GiB. */
  hugeLength: (req, conn) => void conn.socket.write(frameAs(registration(conn, req), 0x8000_0000)),
  /** A header announcing one byte: not even room for a message id. */
  tinyLength: (_req, conn) => void conn.socket.write(frameAs(Buffer.from([0]), 1)),
  /** Accepts the request and closes at once. */
  hangUp: (_req, conn) => void conn.socket.end(),
};

/** Handlers that break the handshake but still register: the client must cope. */
export const oddHandshakes: Record<string, Handler> = {
  /** The whole reply one byte per read. */
  singleBytes: (req, conn) => void dribble(conn.socket, frameAs(registration(conn, req))),
  /** A frame whose header announces more than the message needs (VPP's allocated size). */
  padded: (req, conn) => {
    const p = registration(conn, req);
    conn.socket.write(frameAs(Buffer.concat([p, garbage(300)])));
  },
  /** A name filling all 64 bytes (no NUL), a duplicate id and a duplicate name in the table. */
  messyTable: (req, conn) => {
    const base = conn.vpp.table();
    const table = [
      ...base,
      { index: 900, name: 'x'.repeat(63) },
      { index: conn.vpp.id('show_version'), name: 'duplicate_id_00000000' },
      { index: 901, name: conn.vpp.keys.get('show_version')! },
    ];
    const p = registration(conn, req, { count: table.length, message_table: table });
    // The oracle keeps a NUL in string[64]; VPP's table may not: the 64th byte too.
    p[20 + 66 * base.length + 2 + 63] = 0x78;
    conn.sendPayload(p);
  },
  /** The registration followed, in the same write, by an event and a frame of an unknown id. */
  trailing: (req, conn) => {
    const ev = conn.vpp.build('sw_interface_event', { pid: 1, sw_if_index: 7, flags: 1 });
    conn.socket.write(Buffer.concat([frameAs(registration(conn, req)), frameAs(ev), frameAs(Buffer.concat([u16(ALIEN_ID), Buffer.alloc(8)]))]));
  },
};

/** The request's u32 at payload offset `at` (requests: body starts at 10). */
export const u32At = (req: FakeRequest, at: number): number => req.payload.readUInt32BE(at);

export { u16, u32 };

/**
 * `n` frames of event `name` in one buffer: built once by the oracle, with field
 * `counter` at payload offset `at` patched to 0..n-1.
 */
export function eventFlood(vpp: FakeVpp, name: string, value: Record<string, unknown>, n: number, at: number): Buffer {
  const one = frameAs(vpp.build(name, value));
  const out = Buffer.alloc(one.length * n);
  for (let i = 0; i < n; i++) {
    one.copy(out, i * one.length);
    out.writeUInt32BE(i, i * one.length + 16 + at);
  }
  return out;
}
