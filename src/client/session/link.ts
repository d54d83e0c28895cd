/**
 * The session's byte pipe: the transport's framed Unix socket, with writes batched so
 * that every frame queued in one tick leaves in one write (one syscall for ten thousand
 * pipelined requests instead of ten thousand).
 *
 * Connect errors are the transport's TransportErrors (ENOENT, EACCES, ECONNREFUSED,
 * ENOTSOCK, ETIMEDOUT, ENAMETOOLONG, EAGAIN, ECONNECT) with their hints; a broken
 * connection reaches `onClose` as the transport reports it (ECONNLOST, EFRAME, ...).
 */
import { Buffer } from 'node:buffer';
import type { Duplex } from 'node:stream';
import type { VppApiError } from '../errors.js';
import type { BlockingReader } from '../transport/blocking-read.js';
import { FramedSocket } from '../transport/framed-socket.js';
import { FRAME_HEADER_SIZE, type FrameRangeHandler } from '../transport/framing.js';
import { connectUnix } from '../transport/unix-socket.js';

export interface LinkOptions {
  path: string;
  timeoutMs: number;
  /** Opens the byte stream instead of connecting to `path` (an exec: target); `path` then only names it. */
  dial?: (timeoutMs: number) => Promise<Duplex>;
  maxFrameSize?: number;
  /**
   * Each payload (message id first) as `bytes[start, end)`, borrowed: valid only during the
   * call (transport/framing.ts FrameRangeHandler); copy what must be kept.
   */
  onFrame: FrameRangeHandler;
  /** Called once when the connection is gone: undefined for an orderly close, else the cause. */
  onClose: (err?: VppApiError) => void;
  /** Sees each payload (id first, no header) as it is queued; a view valid only during the call. */
  onSend?: (payload: Buffer) => void;
  /** Called as queued frames are about to be written (the session sets its calls' deadlines from then). */
  onFlush?: () => void;
  /** When queued frames are written: see WriteBatching. Default 'tick'. */
  batching?: WriteBatching;
}

/**
 * When queued frames leave: 'tick' at the end of the current tick (process.nextTick),
 * so one caller's burst of requests is one write and a lone request waits for nothing;
 * 'turn' at the end of the event loop's turn (setImmediate), so the requests of many I/O
 * callbacks of one turn (a server's many clients) are one write. A write to a Unix socket
 * costs a system call and wakes VPP: per request it cost a gateway more than the request.
 */
export type WriteBatching = 'tick' | 'turn';

/** How long end() waits for the peer to close before dropping the connection. */
const END_GRACE_MS = 1000;

/** Frames queued in one tick are copied into batches of this size (bigger ones go as they are). */
const BATCH_SIZE = 64 * 1024;

export class Link {
  /** Full batches and big frames, in order, before `batch`. */
  private queue: Buffer[] = [];
  private batch: Buffer = Buffer.allocUnsafe(BATCH_SIZE);
  private used = 0;
  private flushScheduled = false;
  private done = false;
  private framed!: FramedSocket;

  private batching: WriteBatching;

  private constructor(private readonly opts: LinkOptions) {
    this.batching = opts.batching ?? 'tick';
  }

  /**
   * Connects to the Unix socket at `opts.path`.
   * @throws TransportError (ENAMETOOLONG, ENOENT, EACCES, ENOTSOCK, ECONNREFUSED, EAGAIN,
   *   ETIMEDOUT, ECONNECT) with a hint saying what to do; with `dial`, what it throws.
   */
  static async open(opts: LinkOptions): Promise<Link> {
    const socket = opts.dial ? await opts.dial(opts.timeoutMs) : await connectUnix(opts.path, { timeoutMs: opts.timeoutMs });
    const link = new Link(opts);
    link.framed = new FramedSocket(
      socket,
      { onFrameAt: opts.onFrame, onClose: (err) => link.finish(err) },
      { path: opts.path, maxFrameSize: opts.maxFrameSize },
    );
    return link;
  }

  get closed(): boolean {
    return this.done;
  }

  /** Queues a whole frame (header included); frames queued in one tick leave in one write. */
  send(frame: Buffer): void {
    if (this.done) return;
    this.opts.onSend?.(frame.subarray(FRAME_HEADER_SIZE));
    if (frame.length > BATCH_SIZE / 4) {
      this.rotate();
      this.queue.push(frame);
    } else {
      this.room(frame.length);
      // TypedArray set: Buffer's copy validates its arguments on every call (see sendPatched).
      this.batch.set(frame, this.used);
      this.used += frame.length;
    }
    this.schedule();
  }

  /**
   * Queues a copy of `template` with the u32 `value` written big-endian at `offset`
   * (a request's context), without allocating per frame.
   */
  sendPatched(template: Buffer, offset: number, value: number): void {
    if (this.done) return;
    this.room(template.length);
    const at = this.used;
    const b = this.batch;
    // TypedArray set and plain stores: Buffer's copy and writeUInt32BE validate their
    // arguments on every call, which cost more than the copy of a small frame.
    b.set(template, at);
    const o = at + offset;
    b[o] = value >>> 24;
    b[o + 1] = value >>> 16;
    b[o + 2] = value >>> 8;
    b[o + 3] = value;
    this.used = at + template.length;
    this.opts.onSend?.(this.batch.subarray(at + FRAME_HEADER_SIZE, this.used));
    this.schedule();
  }

  /** Writes what is queued now. */
  flush(): void {
    this.flushScheduled = false;
    if (this.done) return;
    this.opts.onFlush?.();
    this.rotate();
    const q = this.queue;
    if (q.length === 0) return;
    this.queue = [];
    try {
      if (q.length === 1) this.framed.write(q[0]!);
      else this.framed.writeMany(q);
    } catch {
      // Closed under us: onClose reports it and fails the calls.
    }
  }

  /**
   * Writes what is queued, then waits up to `ms` in this thread for VPP's answer and hands
   * what came to onFrame (FramedSocket.readNow); true when something came. False when the
   * event loop must wait instead. Throws nothing.
   */
  readNow(reader: BlockingReader, ms: number): boolean {
    if (this.done) return false;
    this.flush();
    return this.framed.readNow(reader, ms);
  }

  private schedule(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      if (this.batching === 'turn') setImmediate(this.flushNow);
      else process.nextTick(this.flushNow);
    }
  }

  private readonly flushNow = (): void => this.flush();

  /** Changes when queued frames leave (WriteBatching); what is queued goes as scheduled. Throws nothing. */
  setBatching(mode: WriteBatching): void {
    this.batching = mode;
  }

  /**
   * Queues the filled part of the batch. The batch goes on in the rest of the same
   * memory: only bytes never handed to the socket are written again.
   */
  private rotate(): void {
    if (this.used === 0) return;
    this.queue.push(this.batch.subarray(0, this.used));
    this.batch = this.batch.subarray(this.used);
    this.used = 0;
  }

  /** Makes room for `n` more bytes in the batch. */
  private room(n: number): void {
    if (this.batch.length - this.used >= n) return;
    this.rotate();
    this.batch = Buffer.allocUnsafe(Math.max(BATCH_SIZE, n));
  }

  /** Flushes, then ends the connection; `onClose` follows when the socket is gone. */
  end(): void {
    if (this.done) return;
    this.flush();
    void this.framed.end();
    // A peer that never closes its side must not keep us waiting.
    setTimeout(() => this.framed.destroy(), END_GRACE_MS).unref();
  }

  /** Drops the connection at once; `onClose` follows with `err`. */
  destroy(err?: VppApiError): void {
    this.framed.destroy(err);
  }

  private finish(err?: VppApiError): void {
    if (this.done) return;
    this.done = true;
    this.queue = [];
    this.used = 0;
    this.opts.onClose(err);
  }
}
