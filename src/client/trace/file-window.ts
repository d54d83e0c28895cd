/**
 * Sequential reads over a trace file without holding all of it: a window of the file in
 * memory that slides forward (1 MiB by default, larger when one piece needs more). A
 * Uint8Array source is read in place.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * `n` bytes from file offset `at`, or fewer when the file ends first. The bytes may be a
   * view of a buffer reused by the next call: copy what must be kept.
   */
  read(at: number, n: number): Buffer;
  close(): void;
}

const WINDOW = 1 << 20;

/** A ByteSource over a file. @throws the fs error (ENOENT, EACCES, EISDIR, ...). */
export function fileSource(path: string, window = WINDOW): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let buf = Buffer.allocUnsafe(Math.min(window, Math.max(size, 1)));
  let start = 0;
  let len = 0;
  let open = true;
  return {
    size,
    read(at, n) {
      const want = Math.max(0, Math.min(n, size - at));
      if (at >= start && at + want <= start + len) return buf.subarray(at - start, at - start + want);
      if (want > buf.length) buf = Buffer.allocUnsafe(want);
      start = at;
      len = 0;
      const fill = Math.min(buf.length, size - at);
      while (len < fill) {
        const got = readSync(fd, buf, len, fill - len, at + len);
        if (got === 0) break;
        len += got;
      }
      return buf.subarray(0, Math.min(want, len));
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** A ByteSource over bytes already in memory. Throws nothing. */
export function bufferSource(bytes: Uint8Array): ByteSource {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: b.length,
    read: (at, n) => b.subarray(Math.min(at, b.length), Math.min(at + n, b.length)),
    close() {},
  };
}
