/**
 * The emulator: a VPP binary-API server on a Unix socket, serving the definitions it is
 * given with VPP's id assignment (ids.ts), VPP's silences (dispatch.ts) and a small
 * realistic state (state.ts, fib.ts). Many clients at once; each gets a handle as VPP's
 * socket clients do (pool index with bit 31 set; index 0 is VPP's listener, so the first
 * client is 0x80000001, as in captures/; a freed index is the next one reused).
 */
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import { getCodec } from '../client/codec/index.js';
import { loadSchema } from '../client/schema/load.js';
import type { Schema } from '../client/schema/model.js';
import type { RawModule, RawSource } from '../client/schema/raw.js';
import { builtinSources, withMemclnt } from '../client/schema/builtin/index.js';
import { DEFAULT_MAX_FRAME_SIZE, FRAME_HEADER_SIZE } from '../client/transport/framing.js';
import { listenUnix, type UnixServer } from '../client/transport/unix-socket.js';
import type { ClientInfo, Core, Fields } from './call.js';
import { ApiTrace } from './api-trace-rings.js';
import { Conn } from './conn.js';
import { Dispatcher, type Received } from './handler-dispatch.js';
import { emulatedHandlers } from './handlers.js';
import { assignIds, type MessageIds } from './ids.js';
import { VppState } from './state.js';
import { StatsServer } from './stats/stats-server.js';
import { makeDirs } from '../client/make-dirs.js';

export interface EmulatorOptions {
  socketPath: string;
  /** Definitions to serve; default: the built-in ones (origin 'built-in'). memclnt is added when missing. */
  sources?: RawSource[];
  /** Most details per modern-stream batch before answering -165 with a cursor; default 2. */
  pageSize?: number;
  /** show_version's version; default '26.06-emulated'. */
  version?: string;
  log?: (line: string) => void;
  /** How many of the latest received messages `received` keeps; default 10,000 (0: none). */
  maxReceived?: number;
  /** Largest payload a client may announce before it is closed; default the transport's (64 MiB). */
  maxFrameSize?: number;
  /** Where `api trace save NAME` writes (VPP: /tmp). */
  traceDir?: string;
  /** Also serve a statistics segment on this stats socket (stats/stats-server.ts). */
  statsSocketPath?: string;
  /** Stats tick (heartbeat, counters move); default 1000 ms. */
  statsIntervalMs?: number;
  /** Rows (threads) of the stats counter vectors; default 1. */
  statsThreads?: number;
}

export interface Emulator {
  readonly socketPath: string;
  /**
   * The well-formed messages received (known id, decodes), oldest first, at most
   * maxReceived of them; `client` is the sender's handle.
   */
  readonly received: Received[];
  clearReceived(): void;
  /** Closes every client and the socket, and removes the socket file. Throws nothing. */
  stop(): Promise<void>;
  /**
   * Drops every client (as a VPP restart does) and binds the socket again. The state
   * (interfaces, routes, ...) starts afresh unless `keepState`.
   * @throws as startEmulator when the socket cannot be bound again.
   */
  restart(opts?: { keepState?: boolean }): Promise<void>;
  /**
   * Sends event `name` to every client registered for it (client_index and pid filled per client).
   * @throws Error when the served definitions have no message `name`; EncodeError when `msg` does not fit it.
   */
  emitEvent(name: string, msg: Record<string, unknown>): void;
  readonly clients: number;
  /** The stats segment server, when statsSocketPath was given. */
  readonly stats?: StatsServer;
}

export type { Received };

/** Default page of a modern stream: small, so that three entries already take two batches. */
const DEFAULT_PAGE_SIZE = 2;
const HANDLE_BIT = 0x8000_0000;
const DEFAULT_MAX_RECEIVED = 10_000;

class EmulatorServer implements Emulator, Core {
  readonly received: Received[] = [];
  readonly ids: MessageIds;
  readonly pageSize: number;
  readonly version: string;
  state = new VppState();
  started = new Date();
  readonly apiTrace: ApiTrace;
  stats?: StatsServer;
  private server?: UnixServer;
  private readonly conns = new Map<number, Conn>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 1;
  private readonly dispatcher: Dispatcher;
  /** Event name → the requests that register for it. */
  private readonly eventRegs = new Map<string, string[]>();
  private readonly fieldNames = new Map<string, Set<string>>();

  constructor(
    readonly socketPath: string,
    readonly schema: Schema,
    readonly modules: readonly RawModule[],
    private readonly opts: EmulatorOptions,
  ) {
    this.ids = assignIds(schema);
    this.apiTrace = new ApiTrace(schema, this.ids, opts.traceDir);
    this.pageSize = Math.max(1, Math.floor(opts.pageSize ?? DEFAULT_PAGE_SIZE));
    this.version = opts.version ?? '26.06-emulated';
    for (const svc of schema.services.values()) {
      for (const e of svc.events) this.eventRegs.set(e, [...(this.eventRegs.get(e) ?? []), svc.request]);
    }
    const max = Math.max(0, opts.maxReceived ?? DEFAULT_MAX_RECEIVED);
    this.dispatcher = new Dispatcher(this, emulatedHandlers, (r) => {
      if (max === 0) return;
      if (this.received.push(r) > max) this.received.shift();
    });
  }

  get clients(): number {
    return this.conns.size;
  }

  clientList(): ClientInfo[] {
    return [...this.conns.values()];
  }

  clearReceived(): void {
    this.received.length = 0;
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  clearCounters(swIfIndex?: number): void {
    this.stats?.clearCounters(swIfIndex);
  }

  /** Creates the socket's directory when missing (as VPP creates /run/vpp). */
  async listen(): Promise<void> {
    makeDirs(dirname(this.socketPath));
    this.server = await listenUnix(this.socketPath, (s) => this.accept(s));
  }

  private accept(socket: Socket): void {
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    const handle = (HANDLE_BIT | slot) >>> 0;
    const conn = new Conn(handle, socket, {
      onPayload: (c, p) => this.dispatcher.handle(c, p),
      onClose: (c, err) => {
        if (this.conns.get(c.handle) !== c) return;
        this.conns.delete(c.handle);
        this.freeSlots.push(slot);
        this.log(`client 0x${handle.toString(16)}${c.name ? ` (${c.name})` : ''} disconnected${err ? `: ${err.message}` : ''}`);
      },
      encode: (name, fields) => this.encode(name, fields),
      maxFrameSize: this.opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
    });
    this.conns.set(handle, conn);
    this.log(`client 0x${handle.toString(16)} connected`);
  }

  /** The payload with FRAME_HEADER_SIZE bytes of headroom; fields the definition lacks are left out. */
  private encode(name: string, fields: Fields): Buffer {
    const id = this.ids.idOf(name);
    if (id === undefined) throw new Error(`the served definitions have no message ${name}`);
    let names = this.fieldNames.get(name);
    if (!names) this.fieldNames.set(name, (names = new Set(this.schema.messages.get(name)!.fields.map((f) => f.name))));
    const value: Fields = {};
    for (const k in fields) if (names.has(k)) value[k] = fields[k];
    return getCodec(this.schema, name).encode(id, value, FRAME_HEADER_SIZE);
  }

  emit(name: string, fields: Fields): number {
    const regs = this.eventRegs.get(name) ?? [];
    let n = 0;
    for (const c of this.conns.values()) {
      const reg = regs.map((r) => c.registrations.get(r)).find((x) => x !== undefined);
      if (!reg || c.isClosed) continue;
      c.send(name, { pid: reg.pid, ...fields, client_index: c.handle });
      n++;
    }
    return n;
  }

  emitEvent(name: string, msg: Record<string, unknown>): void {
    if (!this.schema.messages.has(name)) throw new Error(`the served definitions have no message ${name}`);
    this.encode(name, msg); // fails here, once, when msg does not fit
    this.emit(name, msg);
  }

  private dropClients(): void {
    for (const c of this.conns.values()) c.destroy();
    this.conns.clear();
    this.freeSlots.length = 0;
    this.nextSlot = 1;
  }

  async stop(): Promise<void> {
    this.stats?.stop();
    this.dropClients();
    const s = this.server;
    this.server = undefined;
    await s?.close();
  }

  async restart(opts: { keepState?: boolean } = {}): Promise<void> {
    await this.stop();
    if (!opts.keepState) this.state = new VppState();
    this.started = new Date();
    await this.listen();
    this.stats?.restart();
  }
}

/**
 * Loads the definitions and starts serving them on `opts.socketPath`.
 * Bad definitions are logged and left out (a tolerant load), never thrown.
 * @throws Error when memclnt's definition itself is unusable (no client could connect);
 *   TransportError from listenUnix (EADDRINUSE when a server answers there, ENOTSOCK for
 *   a non-socket file at the path, EACCES, ENAMETOOLONG, ELISTEN); the fs error when the
 *   socket's directory cannot be created; StatsError (ENOLIB, ELISTEN) for the stats socket.
 */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const sources = withMemclnt(opts.sources ?? builtinSources());
  const { schema, errors } = loadSchema(sources, { tolerant: true });
  for (const e of errors) opts.log?.(`definitions: ${e.message} (left out)`);
  const emu = new EmulatorServer(opts.socketPath, schema, sources.map((s) => s.module), opts);
  await emu.listen();
  if (opts.statsSocketPath) {
    try {
      emu.stats = StatsServer.start({ socketPath: opts.statsSocketPath, intervalMs: opts.statsIntervalMs, threads: opts.statsThreads, interfaces: () => emu.state.interfaces() });
    } catch (e) {
      await emu.stop();
      throw e;
    }
    opts.log?.(`statistics segment on ${opts.statsSocketPath}`);
  }
  opts.log?.(`emulating VPP ${emu.version} on ${opts.socketPath}: ${emu.ids.entries.length} messages`);
  return emu;
}
