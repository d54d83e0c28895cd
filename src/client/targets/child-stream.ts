/**
 * A child process's stdin and stdout as one byte stream (an `exec:` target): what the
 * child writes to stdout is what VPP sends, what is written here goes to its stdin.
 * The framing (transport/framed-socket.ts) runs over it as over a socket.
 *
 * Ending: when the child closes stdout the stream ends (and, not half-open, our side
 * is ended too); when the child exits with a failure before that, the stream fails
 * with its exit status and the tail of its stderr; destroying the stream ends the child.
 */
import { Duplex, type Readable, type Writable } from 'node:stream';
import { TransportError } from '../transport/errors.js';
import type { Child } from './children.js';

export class ChildStream extends Duplex {
  private sawData = false;
  /** The child's stdout (what VPP sends) and stdin (what we send). */
  private readonly fromChild: Readable;
  private readonly toChild: Writable;

  /** `child` must have been started with stdin and stdout as pipes. */
  constructor(
    private readonly child: Child,
    /** Names the target in errors. */
    private readonly label: string,
  ) {
    super({ allowHalfOpen: false });
    const [toChild, fromChild] = [child.process.stdio[0], child.process.stdio[1]] as [Writable, Readable];
    this.toChild = toChild;
    this.fromChild = fromChild;
    fromChild.on('data', (chunk: Buffer) => {
      this.sawData = true;
      if (!this.push(chunk)) fromChild.pause();
    });
    fromChild.on('end', () => void this.finishRead());
    toChild.on('error', () => {
      /* EPIPE when the child exits first: reported by its exit below */
    });
  }

  override _read(): void {
    this.fromChild.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.toChild.destroyed) return cb();
    this.toChild.write(chunk, () => cb());
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.toChild.end(() => cb());
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    void this.child.end().then(() => cb(err));
  }

  /** stdout ended: a failed exit becomes the stream's error, else the stream ends cleanly. */
  private async finishRead(): Promise<void> {
    const status = await this.child.exited;
    if (status !== 0 && !this.destroyed) {
      const why = this.child.stderr();
      const what = typeof status === 'number' ? `exited with status ${status}` : `ended by ${status}`;
      this.destroy(
        new TransportError(
          this.sawData ? 'ECONNLOST' : 'ECONNECT',
          `${this.label}: the command ${what}${why ? `: ${lastLines(why)}` : ''}`,
          this.label,
        ),
      );
      return;
    }
    this.push(null);
  }
}

/** The last 3 lines of `text`, joined with ' / '. Throws nothing. */
export function lastLines(text: string, n = 3): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' / ');
}
