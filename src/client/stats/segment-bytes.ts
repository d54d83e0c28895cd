/**
 * The read-only view of a segment: positioned copies of byte ranges. Reads are pread(2)
 * on the memfd rather than a mapping: a peer that shrinks a mapped memfd kills Node with
 * SIGBUS (uncatchable), while a short pread is an ordinary error. Every read returns a
 * fresh copy in its own ArrayBuffer (8-aligned, so BigUint64Array views work), never a
 * view of memory the writer may change.
 */
import { closeSync, fstatSync, readSync } from 'node:fs';
import { SegmentError } from './errors.js';

export interface SegmentSource {
  /** The segment's size now (fstat for a descriptor). */
  size(): number;
  /**
   * A copy of `length` bytes at `offset`.
   * @throws SegmentError when the range is not inside the segment (or the read comes back short).
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * Reads `out.length` bytes at `offset` into `out` (memory the caller owns and reuses:
   * new memory costs a page fault per 4 KiB on first touch). Optional.
   * @throws SegmentError as read.
   */
  readInto?(offset: number, out: Uint8Array): void;
  /** The u64 at `offset`, read afresh (the header words change under the reader). */
  u64(offset: number): bigint;
  /** What identifies this segment (device and inode of the memfd): a VPP restart changes it. */
  readonly identity: string;
  close(): void;
}

/** A segment behind a descriptor (the memfd VPP sent). Takes ownership of `fd`. */
export class FdSource implements SegmentSource {
  readonly identity: string;
  private readonly word = new Uint8Array(8);
  private readonly wordView = new DataView(this.word.buffer);
  private fd: number;

  constructor(fd: number) {
    this.fd = fd;
    const st = fstatSync(fd);
    this.identity = `${st.dev}:${st.ino}`;
  }

  size(): number {
    return fstatSync(this.checkOpen()).size;
  }

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(new ArrayBuffer(length));
    this.readInto(offset, out);
    return out;
  }

  readInto(offset: number, out: Uint8Array): void {
    const length = out.length;
    let done = 0;
    while (done < length) {
      const n = readSync(this.checkOpen(), out, done, length - done, offset + done);
      if (n === 0) throw new SegmentError(`read of ${length} bytes at offset ${offset} came back short (${done}): the segment shrank`);
      done += n;
    }
  }

  u64(offset: number): bigint {
    if (readSync(this.checkOpen(), this.word, 0, 8, offset) !== 8) throw new SegmentError(`read of 8 bytes at offset ${offset} came back short: the segment shrank`);
    return this.wordView.getBigUint64(0, true);
  }

  private checkOpen(): number {
    if (this.fd < 0) throw new SegmentError('the segment was closed');
    return this.fd;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** A segment held in memory: a captured file, or a test's builder output. Reads copy. */
export class BufferSource implements SegmentSource {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly identity = 'buffer',
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  size(): number {
    return this.bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) throw new SegmentError(`range ${offset}+${length} is outside the ${this.bytes.length}-byte segment`);
    const out = new Uint8Array(new ArrayBuffer(length));
    out.set(this.bytes.subarray(offset, offset + length));
    return out;
  }

  u64(offset: number): bigint {
    if (offset < 0 || offset + 8 > this.bytes.length) throw new SegmentError(`offset ${offset} is outside the ${this.bytes.length}-byte segment`);
    return this.view.getBigUint64(offset, true);
  }

  close(): void {}
}
