/**
 * A scripted stand-in for VPP's API socket, for the session tests. Independent of the
 * client under test: frames are cut by hand here, payloads are built by the naive oracle
 * builder from the raw definitions, and request headers are read at offsets derived from
 * the raw field lists (docs/protocol.md §3). Only the definitions themselves are shared.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildPayload, type JsonModule } from './oracle/naive-builder.js';
import { frame } from './wire-bytes.js';

export interface FakeRequest {
  name: string;
  id: number;
  payload: Buffer;
  /** Read at the offsets the raw definition implies; -1 when the message has none. */
  clientIndex: number;
  context: number;
}

export type Handler = (req: FakeRequest, conn: FakeConn) => void;

export interface FakeOptions {
  modules: JsonModule[];
  /** Keys added to the table although no definition has them (e.g. `mystery_12345678`). */
  extraKeys?: string[];
  /** name → key VPP should list instead of the definition's (a "changed" message). */
  replaceKeys?: Record<string, string>;
  /** Names left out of the table (a "missing" message). */
  omit?: string[];
  /** First id given to non-handshake messages (ids differ between "VPP restarts"). */
  idBase?: number;
  /** Handle returned in sockclnt_create_reply. */
  handle?: number;
  handlers?: Record<string, Handler>;
  /** Do not answer sockclnt_delete (VPP closing first). */
  silentDelete?: boolean;
}

export function tmpSocketPath(tag: string): string {
  return path.join(os.tmpdir(), `vppapi-${tag}-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
}

interface RawMsg {
  name: string;
  key: string;
  fields: string[];
}

function rawMessages(modules: JsonModule[]): Map<string, RawMsg> {
  const out = new Map<string, RawMsg>();
  for (const m of modules) {
    for (const d of (m.messages ?? []) as unknown[][]) {
      const name = d[0] as string;
      const meta = d.slice(1).find((x) => !Array.isArray(x)) as { crc: string };
      const fields = d.slice(1).filter(Array.isArray).map((f) => (f as string[])[1]!);
      if (!out.has(name)) out.set(name, { name, key: `${name}_${meta.crc.replace(/^0x/, '').toLowerCase()}`, fields });
    }
  }
  return out;
}

export class FakeConn {
  /** Every request received on this connection, in order. */
  readonly received: FakeRequest[] = [];
  /** Every byte received, as read. */
  readonly rawIn: Buffer[] = [];
  private buf = Buffer.alloc(0);

  constructor(
    readonly vpp: FakeVpp,
    readonly socket: net.Socket,
  ) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => {});
  }

  /** Frames and writes a message built by the naive builder. */
  send(name: string, value: Record<string, unknown>): void {
    this.sendPayload(this.vpp.build(name, value));
  }

  sendPayload(payload: Buffer): void {
    this.socket.write(frame(payload));
  }

  private onData(chunk: Buffer): void {
    this.rawIn.push(chunk);
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 16) {
      const len = this.buf.readUInt32BE(8);
      if (this.buf.length < 16 + len) break;
      const payload = Buffer.from(this.buf.subarray(16, 16 + len));
      this.buf = this.buf.subarray(16 + len);
      this.vpp.dispatch(this, payload);
    }
  }
}

export { frame };

export class FakeVpp {
  readonly conns: FakeConn[] = [];
  /** Every request on every connection. */
  readonly received: FakeRequest[] = [];
  readonly ids = new Map<string, number>();
  readonly names = new Map<number, string>();
  readonly keys = new Map<string, string>();
  readonly defs: Map<string, RawMsg>;
  handlers: Record<string, Handler>;
  private server: net.Server | undefined;

  constructor(
    readonly socketPath: string,
    readonly opts: FakeOptions,
  ) {
    this.defs = rawMessages(opts.modules);
    this.handlers = { ...DEFAULT_HANDLERS, ...opts.handlers };
    let next = opts.idBase ?? 100;
    for (const d of this.defs.values()) {
      if (opts.omit?.includes(d.name)) continue;
      const id = d.name === 'sockclnt_create' ? 15 : d.name === 'sockclnt_create_reply' ? 16 : next++;
      this.ids.set(d.name, id);
      this.names.set(id, d.name);
      this.keys.set(d.name, opts.replaceKeys?.[d.name] ?? d.key);
    }
    for (const k of opts.extraKeys ?? []) {
      const id = next++;
      this.names.set(id, k);
      this.keys.set(k, k);
      this.ids.set(k, id);
    }
  }

  /** The table as VPP would send it: `{ index, name: "<name>_<crc>" }`. */
  table(): { index: number; name: string }[] {
    return [...this.keys.entries()].map(([n, key]) => ({ index: this.ids.get(n)!, name: key }));
  }

  id(name: string): number {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`fake: ${name} not in the table`);
    return id;
  }

  build(name: string, value: Record<string, unknown>): Buffer {
    return buildPayload(this.opts.modules, name, this.id(name), value);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => this.conns.push(new FakeConn(this, s)));
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
      this.server = server;
    });
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
    rmSync(this.socketPath, { force: true });
  }

  dispatch(conn: FakeConn, payload: Buffer): void {
    const id = payload.readUInt16BE(0);
    const name = this.names.get(id) ?? `#${id}`;
    const f = this.defs.get(name)?.fields ?? [];
    // Offsets from the raw field list: [_vl_msg_id, client_index, context] or [_vl_msg_id, context].
    let clientIndex = -1;
    let context = -1;
    if (f[1] === 'client_index' && f[2] === 'context') {
      clientIndex = payload.readUInt32BE(2);
      context = payload.readUInt32BE(6);
    } else if (f[1] === 'context') context = payload.readUInt32BE(2);
    else if (f[1] === 'client_index') clientIndex = payload.readUInt32BE(2);
    const req: FakeRequest = { name, id, payload, clientIndex, context };
    conn.received.push(req);
    this.received.push(req);
    const h = this.handlers[name];
    if (h) h(req, conn);
  }
}

const DEFAULT_HANDLERS: Record<string, Handler> = {
  sockclnt_create(req, conn) {
    const table = conn.vpp.table();
    conn.send('sockclnt_create_reply', {
      client_index: 0, context: req.context, response: 0, index: conn.vpp.opts.handle ?? 0x80000001, count: table.length, message_table: table,
    });
  },
  sockclnt_delete(req, conn) {
    if (!conn.vpp.opts.silentDelete) conn.send('sockclnt_delete_reply', { context: req.context, response: 1 });
    conn.socket.end();
  },
  control_ping(req, conn) {
    conn.send('control_ping_reply', { context: req.context, retval: 0, client_index: req.clientIndex, vpe_pid: 4242 });
  },
};

/** A listening fake on a fresh socket path. */
export async function startFake(opts: FakeOptions, socketPath = tmpSocketPath('fake')): Promise<FakeVpp> {
  const vpp = new FakeVpp(socketPath, opts);
  await vpp.listen();
  return vpp;
}

/** Resolves when `cond()` holds, polling; rejects after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
