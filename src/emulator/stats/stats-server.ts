/**
 * The emulator's stats socket: a SOCK_SEQPACKET listener that hands every client the
 * segment's memfd (SCM_RIGHTS, no data bytes) and closes, as VPP does. The segment is
 * written with pwrite: structure changes (interfaces added or removed) under VPP's lock
 * protocol (in_progress = 1, change, epoch + 1, in_progress = 0), counters in place every
 * tick without the lock, as VPP's data plane does. Nothing here blocks: the listener is
 * polled on a timer (it may share the process with the client).
 */
import { chmodSync, ftruncateSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadNative, type FdListener } from '../../client/stats/native.js';
import { StatsContent, type StatsInterface } from './content.js';
import { buildImage, type Image } from './image.js';
import { makeDirs } from '../../client/make-dirs.js';

export interface StatsServerOptions {
  socketPath: string;
  /** Time between ticks (heartbeat + 1, counters move); default 1000 ms (VPP: 10 s). */
  intervalMs?: number;
  /** Rows of each counter vector; default 1 (the main thread only). */
  threads?: number;
  /** The interfaces now; asked at every tick and every connection. */
  interfaces: () => readonly StatsInterface[];
}

/** A VPP-like address for the segment's base: pointers in it are this plus an offset. */
const BASE = 0x7f5e_0000_0000n;
const ACCEPT_POLL_MS = 5;
const MIN_SIZE = 1 << 20;

export class StatsServer {
  private fd = -1;
  private size = 0;
  private epoch = 1n;
  private image?: Image;
  private layoutKey = '';
  private listener?: FdListener;
  private timers: NodeJS.Timeout[] = [];
  content: StatsContent;

  private constructor(private readonly opts: StatsServerOptions) {
    this.content = new StatsContent(Math.max(1, opts.threads ?? 1));
  }

  /**
   * Creates the segment and listens on `opts.socketPath` (mode 0770, as VPP's is group-writable).
   * @throws StatsError ENOLIB without the FFI library; ELISTEN / ENAMETOOLONG when the
   *   socket cannot be bound; the fs error when its directory cannot be made.
   */
  static start(opts: StatsServerOptions): StatsServer {
    const s = new StatsServer(opts);
    s.open();
    // One tick at once: counters are already moving when the first client looks.
    s.tick();
    return s;
  }

  get socketPath(): string {
    return this.opts.socketPath;
  }

  private open(): void {
    const native = loadNative();
    this.fd = native.createMemfd('stat segment', MIN_SIZE);
    this.size = MIN_SIZE;
    this.epoch = 1n;
    this.layoutKey = '';
    this.sync();
    makeDirs(dirname(this.opts.socketPath));
    rmSync(this.opts.socketPath, { force: true });
    this.listener = native.listen(this.opts.socketPath);
    chmodSync(this.opts.socketPath, 0o770);
    // A client gets the layout of the interfaces as they are when it connects.
    const accept = setInterval(() => this.listener?.serve(() => (this.sync(), this.fd)), ACCEPT_POLL_MS);
    const tick = setInterval(() => this.tick(), this.opts.intervalMs ?? 1000);
    accept.unref();
    tick.unref();
    this.timers = [accept, tick];
  }

  /** One tick now: heartbeat + 1 and traffic on every interface (tests and benches call it too). */
  tick(): void {
    const ifaces = this.opts.interfaces();
    this.content.fit(width(ifaces));
    this.content.tick(ifaces);
    if (!this.sync(ifaces)) this.writeLive();
  }

  /** Zeroes the interface counters of one interface (all when undefined) and writes them at once. */
  clearCounters(swIfIndex?: number): void {
    this.content.clear(swIfIndex);
    if (!this.sync()) this.writeLive();
  }

  /** Lays the segment out again when the interfaces changed; returns whether it did. */
  private sync(ifaces = this.opts.interfaces()): boolean {
    const k = key(ifaces);
    if (k === this.layoutKey && this.image) return false;
    this.content.fit(width(ifaces));
    const first = !this.image;
    const img = buildImage(this.content.specs(ifaces), BASE, this.epoch);
    if (img.used > this.size) {
      this.size = Math.max(img.used * 2, this.size * 2);
      ftruncateSync(this.fd, this.size);
    }
    if (first) this.pwrite(img.bytes, 0, img.used, 0);
    else {
      this.word(24, 1n);
      this.pwrite(img.bytes, 4096, img.used - 4096, 4096);
      this.pwrite(img.bytes, 8, 8, 8);
      this.pwrite(img.bytes, 32, 8, 32);
      this.word(16, ++this.epoch);
      this.word(24, 0n);
    }
    this.image = img;
    this.layoutKey = k;
    return true;
  }

  /** The data plane's in-place writes: counter rows, scalars and gauges; no lock, no epoch. */
  private writeLive(): void {
    const img = this.image!;
    for (const [name, rows] of this.content.liveRows()) {
      const at = img.rows.get(name)!;
      rows.forEach((r, t) => this.pwrite(Buffer.from(r.buffer, r.byteOffset, r.byteLength), 0, r.byteLength, at[t]!));
    }
    const h = img.rows.get(this.content.histogramName)!;
    this.content.hist.forEach((r, t) => this.pwrite(Buffer.from(r.buffer, r.byteOffset, r.byteLength), 0, r.byteLength, h[t]! + 8));
    const entryWord = (name: string) => img.directoryOffset + 144 * img.index.get(name)! + 8;
    this.word(entryWord('/sys/heartbeat'), this.content.heartbeat);
    for (const g of this.content.gauges()) if (g.kind === 'gauge') this.word(entryWord(g.name), g.value);
  }

  private word(at: number, v: bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    this.pwrite(b, 0, 8, at);
  }

  private pwrite(b: Buffer, off: number, len: number, at: number): void {
    let done = 0;
    while (done < len) done += writeSync(this.fd, b, off + done, len - done, at + done);
  }

  /** Stops listening, removes the socket file and drops the segment. Throws nothing. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.listener?.close();
    this.listener = undefined;
    rmSync(this.opts.socketPath, { force: true });
    if (this.fd >= 0) loadNative().close(this.fd);
    this.fd = -1;
    this.image = undefined;
  }

  /** As a VPP restart: a new segment (new memfd, counters from zero), the socket bound again. */
  restart(): void {
    this.stop();
    this.content = new StatsContent(this.content.threads);
    this.open();
  }
}

function key(ifaces: readonly StatsInterface[]): string {
  return ifaces.map((i) => `${i.swIfIndex}:${i.name}`).join('\n');
}

function width(ifaces: readonly StatsInterface[]): number {
  return ifaces.reduce((w, i) => Math.max(w, i.swIfIndex + 1), 0);
}
