/**
 * Reading a connected Unix socket in this thread, with a bound on the wait: poll(2) then
 * read(2) through koffi. A strictly sequential script waits for each answer; a wait in
 * poll wakes on the answer itself, where the event loop's wait costs a turn of the loop
 * (timers, immediates, the I/O callback, the stream's machinery) on every line.
 *
 * It is only ever a shortcut for bytes the event loop would read anyway: what is read
 * here goes to the same frame decoder, in the same order (the caller reads only while
 * the stream holds nothing unread, see FramedSocket.readNow), and anything it does not
 * handle (end of stream, an error, a signal, nothing within the bound) is left to the
 * event loop, which finds it as before. It refuses a socket whose peer is this process
 * (a server in the same process, such as `--emulator`): that server could not answer
 * while this thread waits.
 *
 * koffi is loaded when the first reader is made (it costs 5–20 ms), so only a caller that
 * will wait many times loads it (src/commands/lazy-modules.ts). Linux only (SO_PEERCRED
 * and the layouts below).
 *
 * | struct  | size | fields (offset)                            |
 * |---------|------|--------------------------------------------|
 * | pollfd  | 8    | fd i32 (0), events i16 (4), revents i16 (6) |
 * | ucred   | 12   | pid i32 (0), uid u32 (4), gid u32 (8)       |
 */
import { createRequire } from 'node:module';

const POLLIN = 0x1;
const SOL_SOCKET = 1;
const SO_PEERCRED = 17;
/** What one read takes at most: many pipelined answers, or a large reply, in one call. */
const READ_SIZE = 256 * 1024;

export interface BlockingReader {
  /**
   * Waits up to `ms` for `fd` to hold bytes, then reads them: a new Buffer of what was
   * read, or undefined when nothing came in time, a signal arrived, the peer closed or
   * the read failed (the event loop then sees the same). Throws nothing.
   */
  readWithin(fd: number, ms: number): Buffer | undefined;
  /** The process id of the peer of Unix socket `fd`, or undefined when it cannot be told. Throws nothing. */
  peerPid(fd: number): number | undefined;
}

/** What this module uses of koffi (its native module has the same two calls). */
interface Koffi {
  load(path: string): { func(decl: string): unknown };
}

/**
 * koffi's native module. koffi's own entry point finds it by reading the ELF header of
 * the node binary (glibc or musl), probing paths and compiling two wrapper modules: about
 * 10 ms of CPU and 15–40 ms of wall time on a 2-core machine, against 4–6 ms for loading
 * the native module itself. So the module koffi loads on glibc Linux, its platform
 * package's `<platform>_<arch>/koffi.node`, is tried first (where npm put it beside
 * koffi, or inside koffi's own node_modules); anything else goes through koffi's entry
 * point. @throws what `require('koffi')` throws when neither loads.
 */
export function loadKoffi(): { koffi: Koffi; direct: boolean } {
  const req = createRequire(import.meta.url);
  const native = `@koromix/koffi-${process.platform}-${process.arch}/${process.platform}_${process.arch}/koffi.node`;
  // Beside koffi (npm's usual layout), then inside koffi's own node_modules.
  const places: (() => NodeJS.Require)[] = [() => req, () => createRequire(req.resolve('koffi'))];
  for (const place of places) {
    try {
      const koffi = place()(native) as Partial<Koffi>;
      if (typeof koffi.load === 'function') return { koffi: koffi as Koffi, direct: true };
    } catch {
      // Not there, or not loadable here (a musl system): the next place, then koffi's own search.
    }
  }
  return { koffi: req('koffi') as Koffi, direct: false };
}

interface Libc {
  poll(fds: Buffer, n: number, ms: number): number;
  read(fd: number, buf: Buffer, n: number): number;
  getsockopt(fd: number, level: number, name: number, val: Buffer, len: Buffer): number;
}

/** libc's functions, bound once; undefined where they cannot be (another OS, koffi missing). */
let libc: Libc | null | undefined;

function bind(): Libc | undefined {
  if (libc !== undefined) return libc ?? undefined;
  libc = null;
  if (process.platform !== 'linux') return undefined;
  try {
    const lib = loadKoffi().koffi.load('libc.so.6');
    libc = {
      poll: lib.func('int poll(void *, unsigned long, int)') as Libc['poll'],
      read: lib.func('intptr_t read(int, void *, size_t)') as Libc['read'],
      getsockopt: lib.func('int getsockopt(int, int, int, void *, void *)') as Libc['getsockopt'],
    };
  } catch {
    libc = null;
  }
  return libc ?? undefined;
}

/**
 * The reader, or undefined where this platform or the FFI library cannot give one (the
 * caller then waits on the event loop as always). Throws nothing.
 */
export function blockingReader(): BlockingReader | undefined {
  const c = bind();
  if (!c) return undefined;
  const pfd = Buffer.alloc(8);
  pfd.writeInt32LE(-1, 0);
  pfd.writeInt16LE(POLLIN, 4);
  const buf = Buffer.allocUnsafe(READ_SIZE);
  return {
    readWithin(fd, ms) {
      // The descriptor is written when it changes; poll(2) sets revents itself.
      if (pfd.readInt32LE(0) !== fd) pfd.writeInt32LE(fd, 0);
      // -1 (EINTR: a signal, which the event loop must now handle) or 0 (nothing in time).
      if (c.poll(pfd, 1, Math.max(0, Math.ceil(ms))) !== 1 || (pfd.readInt16LE(6) & POLLIN) === 0) return undefined;
      const n = c.read(fd, buf, READ_SIZE);
      // 0 is the peer's close and -1 an error (EAGAIN after a spurious wake): both the event loop's.
      if (n <= 0) return undefined;
      return Buffer.from(buf.subarray(0, n));
    },
    peerPid(fd) {
      const cred = Buffer.alloc(12);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(12, 0);
      if (c.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, len) !== 0 || len.readUInt32LE(0) < 4) return undefined;
      const pid = cred.readInt32LE(0);
      return pid > 0 ? pid : undefined;
    },
  };
}
