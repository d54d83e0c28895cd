/**
 * Unix stream sockets through libc (koffi), for the bench's blocking server and client
 * (bench/fast-responder.ts, bench/floor-client.ts): every call blocks this thread, as a C
 * program's would, and none goes through Node's event loop. Linux only (the layout of
 * sockaddr_un below).
 *
 * | struct      | size | fields (offset)                                  |
 * |-------------|------|--------------------------------------------------|
 * | pollfd      | 8    | fd i32 (0), events i16 (4), revents i16 (6)       |
 * | sockaddr_un | 110  | sun_family u16 (0, host order), sun_path[108] (2) |
 */
import { loadKoffi } from '../src/client/transport/blocking-read.js';

const AF_UNIX = 1;
const SOCK_STREAM = 1;

export interface LibcSockets {
  poll(fds: Buffer, n: number, ms: number): number;
  read(fd: number, buf: Buffer, n: number): number;
  write(fd: number, buf: Buffer, n: number): number;
  close(fd: number): number;
  accept(fd: number): number;
  /** Writes all of `b`; false when the peer is gone or the write failed. Throws nothing. */
  writeAll(fd: number, b: Buffer): boolean;
  /** A listening socket at `path`. @throws Error naming the call that failed. */
  listenUnix(path: string): number;
  /** A socket connected to `path`. @throws Error naming the call that failed. */
  connectUnix(path: string): number;
}

function address(path: string): Buffer {
  const a = Buffer.alloc(110);
  a.writeUInt16LE(AF_UNIX, 0);
  if (Buffer.byteLength(path) > 107) throw new Error(`socket path too long (${Buffer.byteLength(path)} bytes, 107 at most): ${path}`);
  a.write(path, 2);
  return a;
}

/** libc's socket calls, bound. @throws Error when koffi or libc cannot be loaded (another OS). */
export function libcSockets(): LibcSockets {
  const lib = loadKoffi().koffi.load('libc.so.6');
  const f = <T>(decl: string): T => lib.func(decl) as T;
  const socket = f<(d: number, t: number, p: number) => number>('int socket(int, int, int)');
  const bind = f<(fd: number, a: Buffer, n: number) => number>('int bind(int, void *, uint32_t)');
  const listen = f<(fd: number, n: number) => number>('int listen(int, int)');
  const connect = f<(fd: number, a: Buffer, n: number) => number>('int connect(int, void *, uint32_t)');
  const accept = f<(fd: number, a: null, n: null) => number>('int accept(int, void *, void *)');
  const c: LibcSockets = {
    poll: f('int poll(void *, unsigned long, int)'),
    read: f('intptr_t read(int, void *, size_t)'),
    write: f('intptr_t write(int, void *, size_t)'),
    close: f('int close(int)'),
    accept: (fd) => accept(fd, null, null),
    writeAll(fd, b) {
      let at = 0;
      while (at < b.length) {
        const n = c.write(fd, at === 0 ? b : b.subarray(at), b.length - at);
        if (n <= 0) return false;
        at += n;
      }
      return true;
    },
    listenUnix(path) {
      const fd = socket(AF_UNIX, SOCK_STREAM, 0);
      if (fd < 0) throw new Error('socket() failed');
      if (bind(fd, address(path), 110) !== 0) throw new Error(`bind(${path}) failed`);
      if (listen(fd, 64) !== 0) throw new Error(`listen(${path}) failed`);
      return fd;
    },
    connectUnix(path) {
      const fd = socket(AF_UNIX, SOCK_STREAM, 0);
      if (fd < 0) throw new Error('socket() failed');
      if (connect(fd, address(path), 110) !== 0) throw new Error(`connect(${path}) failed`);
      return fd;
    },
  };
  return c;
}
