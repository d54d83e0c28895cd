/**
 * A connected stream socket (either side) speaking frames: payloads up through onFrame,
 * whole frames down through write, one onClose saying why it ended.
 */
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { BlockingReader } from './blocking-read.js';
import type { VppApiError } from '../errors.js';
import { FramingError, TransportError } from './errors.js';
import { FrameDecoder, type FrameDecoderOptions, type FrameHandler, type FrameRangeHandler } from './framing.js';

export type FramedSocketHandlers = FramedSocketClose &
  (
    | {
        /** Each payload, message id first; it is the receiver's to keep. Should not throw (see EHANDLER). */
        onFrame: FrameHandler;
        onFrameAt?: undefined;
      }
    | {
        /**
         * Instead of onFrame: each payload as a borrowed range, valid only during the call
         * (FrameRangeHandler: no copy and no view per frame). Should not throw (see EHANDLER).
         */
        onFrameAt: FrameRangeHandler;
        onFrame?: undefined;
      }
  );

export interface FramedSocketClose {
  /**
   * Called exactly once, after the socket has closed: `undefined` for an orderly close by
   * either side, else FramingError (EFRAME: bad header, or the peer closed mid-frame) or
   * TransportError (ECONNLOST: the socket failed; EHANDLER: onFrame threw), or the error
   * given to destroy().
   */
  onClose: (error: VppApiError | undefined) => void;
}

export interface FramedSocketOptions extends FrameDecoderOptions {
  /** The socket path, named in errors. */
  path?: string;
}

export class FramedSocket {
  private readonly decoder: FrameDecoder;
  private readonly label: string;
  private readonly path: string | undefined;
  private error: VppApiError | undefined;
  private isClosed = false;
  private readonly whenClosed: Promise<void>;
  /** readNow's descriptor: -1 when it may not read (ownFd). */
  private fd: number | undefined;
  private drainWait: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  /**
   * Takes over `socket` (a connected net.Socket, or any byte stream such as a child
   * process's stdio, targets/child-stream.ts): listens to its data, error, end and close
   * events, and owns its lifetime from now on.
   * @throws TransportError ECLOSED if the socket is already destroyed.
   */
  constructor(
    private readonly socket: Duplex,
    private readonly handlers: FramedSocketHandlers,
    options: FramedSocketOptions = {},
  ) {
    this.path = options.path;
    this.label = options.path ?? 'the API socket';
    if (socket.destroyed) throw new TransportError('ECLOSED', `${this.label} is already closed`, this.path);
    this.decoder = handlers.onFrameAt ? FrameDecoder.borrowing(handlers.onFrameAt, options) : new FrameDecoder(handlers.onFrame, options);
    let resolveClosed!: () => void;
    this.whenClosed = new Promise((resolve) => (resolveClosed = resolve));

    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('end', () => {
      try {
        this.decoder.end();
      } catch (e) {
        this.error ??= e as FramingError;
      }
    });
    socket.on('error', (e: Error) => {
      this.error ??= new TransportError('ECONNLOST', `connection on ${this.label} failed: ${e.message}`, this.path, {
        cause: e,
      });
    });
    socket.on('drain', () => this.settleDrain());
    socket.on('close', () => {
      this.isClosed = true;
      this.settleDrain();
      resolveClosed();
      this.handlers.onClose(this.error);
    });
  }

  private received(chunk: Buffer): void {
    try {
      this.decoder.push(chunk);
    } catch (e) {
      this.fail(
        e instanceof FramingError
          ? e
          : new TransportError('EHANDLER', `the frame handler threw, closing ${this.label}: ${String(e)}`, this.path, {
              cause: e,
            }),
      );
    }
  }

  /**
   * Waits up to `ms` in this thread for bytes on the socket and hands them to the frame
   * decoder, exactly as the 'data' event would (transport/blocking-read.ts); true when
   * some were handed on. False, having read nothing, where the event loop must do it: a
   * stream that is not a Unix socket of this process's own (a child's stdio, a server
   * in this process), a socket closing or holding bytes not yet emitted, nothing within
   * `ms`, a signal, the peer's close, an error. Throws nothing (a frame handler's throw
   * closes the socket, as from the event loop).
   */
  readNow(reader: BlockingReader, ms: number): boolean {
    const s = this.socket;
    if (this.isClosed || s.destroyed || s.readableFlowing !== true || s.readableLength > 0) return false;
    const fd = this.ownFd(reader);
    if (fd === undefined) return false;
    const chunk = reader.readWithin(fd, ms);
    if (chunk === undefined) return false;
    this.received(chunk);
    return true;
  }

  /** The socket's descriptor when readNow may read it (see there), asked once. */
  private ownFd(reader: BlockingReader): number | undefined {
    if (this.fd === undefined) {
      const fd = (this.socket as { _handle?: { fd?: unknown } })._handle?.fd;
      const usable = this.socket instanceof Socket && typeof fd === 'number' && fd >= 0 && (reader.peerPid(fd) ?? process.pid) !== process.pid;
      this.fd = usable ? fd : -1;
    }
    return this.fd >= 0 ? this.fd : undefined;
  }

  /** True once the socket has closed (onClose has run or is running). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** True when the kernel buffer is full and writes are queuing in memory: await drained(). */
  get needsDrain(): boolean {
    return this.socket.writableNeedDrain;
  }

  /**
   * Sends one whole frame (header included). Never drops data: when it returns false the
   * frame is queued in memory, and the caller should await drained() before writing more.
   * @throws TransportError ECLOSED if the socket is closed or closing.
   */
  write(frame: Uint8Array): boolean {
    this.checkWritable();
    return this.socket.write(frame);
  }

  /**
   * Sends several frames in one corked batch (one writev). Same contract as write.
   * @throws TransportError ECLOSED if the socket is closed or closing.
   */
  writeMany(frames: readonly Uint8Array[]): boolean {
    this.checkWritable();
    const socket = this.socket;
    socket.cork();
    try {
      for (const frame of frames) socket.write(frame);
    } finally {
      socket.uncork();
    }
    return !socket.writableNeedDrain;
  }

  /**
   * Resolves when queued writes have reached the kernel (at once if none are queued).
   * @throws (rejects with) TransportError ECLOSED if the socket closes first or is closed.
   */
  drained(): Promise<void> {
    if (this.isClosed || this.socket.destroyed) return Promise.reject(this.closedError());
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    if (this.drainWait === undefined) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.drainWait = { promise, resolve, reject };
    }
    return this.drainWait.promise;
  }

  /** Flushes queued writes, closes our side, and resolves once the socket has closed. Never rejects. */
  end(): Promise<void> {
    if (!this.isClosed) this.socket.end();
    return this.whenClosed;
  }

  /**
   * Closes at once, dropping queued writes. onClose follows (asynchronously) with `error`
   * unless an earlier error is already recorded.
   */
  destroy(error?: VppApiError): void {
    this.fail(error);
  }

  private fail(error: VppApiError | undefined): void {
    this.error ??= error;
    this.socket.destroy();
  }

  private checkWritable(): void {
    if (this.isClosed || this.socket.destroyed || !this.socket.writable) throw this.closedError();
  }

  private closedError(): TransportError {
    return new TransportError('ECLOSED', `${this.label} is closed`, this.path, { cause: this.error });
  }

  private settleDrain(): void {
    const wait = this.drainWait;
    if (wait === undefined) return;
    this.drainWait = undefined;
    if (this.isClosed) wait.reject(this.closedError());
    else wait.resolve();
  }
}
