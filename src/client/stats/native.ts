/**
 * libc through koffi for the statistics socket and segment (Node 20 can neither open
 * SOCK_SEQPACKET sockets, nor pass descriptors, nor create a memfd); the API socket's
 * blocking read (client/transport/blocking-read.ts) is the only other caller of libc.
 * Everything here is non-blocking: sockets are opened with SOCK_NONBLOCK and every wait
 * is a poll on a timer, so the emulator can serve in the same process as the client. koffi is loaded on first use
 * (it costs 30–60 ms), never at import time. Linux on 64-bit only (struct layouts below).
 *
 * Layouts used (Linux, LP64):
 *
 * | struct       | size | fields (offset)                                                    |
 * |--------------|------|--------------------------------------------------------------------|
 * | sockaddr_un  | 110  | sun_family u16 (0), sun_path[108] (2)                              |
 * | iovec        | 16   | iov_base ptr (0), iov_len size_t (8)                               |
 * | msghdr       | 56   | name ptr (0), namelen u32 (8), iov ptr (16), iovlen (24), control ptr (32), controllen (40), flags i32 (48) |
 * | cmsghdr + fd | 24   | cmsg_len size_t (0), level i32 (8), type i32 (12), fd i32 (16); CMSG_SPACE(4) = 24, CMSG_LEN(4) = 20 |
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StatsError, type StatsErrorCode } from './errors.js';

const AF_UNIX = 1;
const SOCK_SEQPACKET = 5;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const MSG_CTRUNC = 0x8;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;
const MSG_CMSG_CLOEXEC = 0x40000000;
const MFD_CLOEXEC = 1;
const SUN_PATH_MAX = 107;
const ERRNO = { EPERM: 1, ENOENT: 2, EINTR: 4, EAGAIN: 11, EACCES: 13, ENOTSOCK: 88, EPROTOTYPE: 91, ECONNREFUSED: 111 } as const;

/** A listening SEQPACKET socket that hands the same descriptor to every client. */
export interface FdListener {
  /**
   * Accepts the waiting clients, sends each the descriptor with SCM_RIGHTS and closes
   * them; returns how many. A function is called once, only when a client is waiting.
   */
  serve(fd: number | (() => number)): number;
  close(): void;
}

export interface Native {
  /**
   * Connects to the stats socket at `path` and receives the one descriptor it sends.
   * @throws StatsError ENOENT, EACCES, ECONNREFUSED, ENOTSOCK, ENAMETOOLONG, ECONNECT,
   *   ETIMEDOUT (nothing within timeoutMs), EPROTO (closed without exactly one fd).
   */
  receiveFd(path: string, timeoutMs: number): Promise<number>;
  /** memfd_create + ftruncate. @throws StatsError ELISTEN with errno. */
  createMemfd(name: string, size: number): number;
  /** @throws StatsError ELISTEN (socket, bind, listen) with errno; ENAMETOOLONG. */
  listen(path: string): FdListener;
  close(fd: number): void;
}

interface Libc {
  socket(domain: number, type: number, proto: number): number;
  connect(fd: number, addr: Buffer, len: number): number;
  bind(fd: number, addr: Buffer, len: number): number;
  listen(fd: number, backlog: number): number;
  accept4(fd: number, addr: null, len: null, flags: number): number;
  recvmsg(fd: number, msg: bigint, flags: number): number;
  sendmsg(fd: number, msg: bigint, flags: number): number;
  close(fd: number): number;
  memfd_create(name: string, flags: number): number;
  ftruncate(fd: number, size: number): number;
}

interface Koffi {
  load(path: string): { func(decl: string): (...args: unknown[]) => unknown };
  alloc(type: string, n: number): unknown;
  address(p: unknown): bigint;
  view(p: unknown, n: number): ArrayBuffer;
  errno(): number;
  free(p: unknown): void;
}

let loaded: Native | undefined;

/**
 * The native helper, loaded on first call.
 * @throws StatsError ENOLIB when this platform is not Linux 64-bit or koffi (its binary
 *   package) or libc cannot be loaded; the message names what is missing.
 */
export function loadNative(): Native {
  if (loaded) return loaded;
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    throw new StatsError('ENOLIB', `reading VPP's statistics segment needs Linux on x86-64 or arm64; this is ${process.platform}/${process.arch}`);
  }
  let koffi: Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch (e) {
    throw new StatsError('ENOLIB', `the FFI library koffi cannot be loaded (${firstLine(e)}); reinstall vppapi with its optional dependency @koromix/koffi-${process.platform}-${process.arch}`, undefined, { cause: e });
  }
  let libc: Libc;
  try {
    libc = bindLibc(koffi);
  } catch (e) {
    throw new StatsError('ENOLIB', `libc's socket functions cannot be loaded through koffi (${firstLine(e)})`, undefined, { cause: e });
  }
  loaded = makeNative(koffi, libc);
  return loaded;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

function bindLibc(k: Koffi): Libc {
  const lib = k.load('libc.so.6');
  const f = (d: string) => lib.func(d) as never;
  return {
    socket: f('int socket(int, int, int)'),
    connect: f('int connect(int, const void *, uint32_t)'),
    bind: f('int bind(int, const void *, uint32_t)'),
    listen: f('int listen(int, int)'),
    accept4: f('int accept4(int, void *, void *, int)'),
    recvmsg: f('intptr_t recvmsg(int, void *, int)'),
    sendmsg: f('intptr_t sendmsg(int, void *, int)'),
    close: f('int close(int)'),
    memfd_create: f('int memfd_create(const char *, unsigned int)'),
    ftruncate: f('int ftruncate(int, int64_t)'),
  };
}

/** sockaddr_un for `path`. @throws StatsError ENAMETOOLONG. */
function sockaddr(path: string): Buffer {
  const p = Buffer.from(path);
  if (p.length > SUN_PATH_MAX) throw new StatsError('ENAMETOOLONG', `stats socket path is ${p.length} bytes; a Unix socket path holds at most ${SUN_PATH_MAX}: ${path}`, path);
  const a = Buffer.alloc(110);
  a.writeUInt16LE(AF_UNIX, 0);
  p.copy(a, 2);
  return a;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Native memory for one msghdr with a 1-byte iovec and a CMSG_SPACE(4) control buffer. */
function msgBlock(k: Koffi): { ptr: unknown; view: DataView; reset(): void; free(): void } {
  const ptr = k.alloc('uint8_t', 128);
  const base = k.address(ptr);
  const view = new DataView(k.view(ptr, 128));
  // 0..55 msghdr, 56..71 iovec, 72..95 control, 96 the data byte.
  const reset = () => {
    for (let i = 0; i < 128; i++) view.setUint8(i, 0);
    view.setBigUint64(16, base + 56n, true);
    view.setBigUint64(24, 1n, true);
    view.setBigUint64(32, base + 72n, true);
    view.setBigUint64(40, 24n, true);
    view.setBigUint64(56, base + 96n, true);
    view.setBigUint64(64, 1n, true);
  };
  reset();
  return { ptr, view, reset, free: () => k.free(ptr) };
}

function connectError(errno: number, path: string): StatsError {
  const by: Record<number, [StatsErrorCode, string]> = {
    [ERRNO.ENOENT]: ['ENOENT', `no stats socket at ${path} (is VPP running? statseg { socket-name } sets the path)`],
    [ERRNO.EACCES]: ['EACCES', `permission denied on the stats socket ${path}: run as root or as a member of the socket's group (usually vpp)`],
    [ERRNO.EPERM]: ['EACCES', `permission denied on the stats socket ${path}: run as root or as a member of the socket's group (usually vpp)`],
    [ERRNO.ECONNREFUSED]: ['ECONNREFUSED', `nothing is listening on the stats socket ${path} (VPP stopped and left a stale file?)`],
    [ERRNO.EPROTOTYPE]: ['ENOTSOCK', `${path} is not a SOCK_SEQPACKET stats socket (is it the API socket?)`],
    [ERRNO.ENOTSOCK]: ['ENOTSOCK', `${path} is not a socket`],
  };
  // Linux refuses a connect to a regular file as to a stale socket: tell them apart.
  const kind = errno === ERRNO.ECONNREFUSED ? nonSocketKind(path) : undefined;
  if (kind) return new StatsError('ENOTSOCK', `${path} is ${kind}, not a socket: pass the path of VPP's stats socket (statseg { socket-name <path> } in startup.conf, default /run/vpp/stats.sock)`, path);
  const [code, message] = by[errno] ?? ['ECONNECT', `cannot connect to the stats socket ${path}: errno ${errno}`];
  return new StatsError(code, message, path);
}

/** What `path` is when it is there and not a socket ('a regular file', …); else undefined. Throws nothing. */
function nonSocketKind(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (st.isSocket()) return undefined;
    return st.isFile() ? 'a regular file' : st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'a special file';
  } catch {
    return undefined;
  }
}

function makeNative(k: Koffi, c: Libc): Native {
  const fail = (what: string, path?: string) => new StatsError('ELISTEN', `${what} failed: errno ${k.errno()}${path ? ` (${path})` : ''}`, path);

  async function connectTo(fd: number, path: string, addr: Buffer, deadline: number): Promise<void> {
    for (;;) {
      if (c.connect(fd, addr, addr.length) === 0) return;
      const e = k.errno();
      // A full backlog answers EAGAIN on a non-blocking Unix socket: wait and retry.
      if (e !== ERRNO.EAGAIN && e !== ERRNO.EINTR) throw connectError(e, path);
      if (Date.now() > deadline) throw new StatsError('ETIMEDOUT', `the stats socket ${path} accepted no connection within the timeout (backlog full)`, path);
      await sleep(2);
    }
  }

  /** The descriptor from one received message, or undefined for EAGAIN. @throws EPROTO, ECONNECT. */
  function tryReceive(fd: number, m: ReturnType<typeof msgBlock>, path: string): number | undefined {
    m.reset();
    const n = Number(c.recvmsg(fd, m.ptr as bigint, MSG_DONTWAIT | MSG_CMSG_CLOEXEC));
    if (n < 0) {
      const e = k.errno();
      if (e === ERRNO.EAGAIN || e === ERRNO.EINTR) return undefined;
      throw new StatsError('ECONNECT', `receiving the segment from ${path} failed: errno ${e}`, path);
    }
    const clen = Number(m.view.getBigUint64(40, true));
    const cmsgLen = clen >= 20 ? Number(m.view.getBigUint64(72, true)) : 0;
    const rights = cmsgLen >= 20 && m.view.getInt32(80, true) === SOL_SOCKET && m.view.getInt32(84, true) === SCM_RIGHTS;
    // Two descriptors still fit in CMSG_SPACE(4) (cmsg_len 24); more set MSG_CTRUNC.
    const fds = rights ? Array.from({ length: Math.min(2, Math.floor((cmsgLen - 16) / 4)) }, (_, k) => m.view.getInt32(88 + 4 * k, true)) : [];
    if (fds.length > 1 || m.view.getInt32(48, true) & MSG_CTRUNC) {
      for (const f of fds) c.close(f);
      throw new StatsError('EPROTO', `${path} sent more than one descriptor; a stats socket sends exactly one`, path);
    }
    const received = fds.length === 1 ? fds[0]! : -1;
    if (received < 0) throw new StatsError('EPROTO', `${path} ${n === 0 ? 'closed the connection' : `sent ${n} data bytes`} without a segment descriptor; is it a VPP stats socket?`, path);
    return received;
  }

  return {
    async receiveFd(path, timeoutMs) {
      const addr = sockaddr(path);
      const fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) throw new StatsError('ECONNECT', `socket(AF_UNIX, SOCK_SEQPACKET) failed: errno ${k.errno()}`, path);
      const m = msgBlock(k);
      const deadline = Date.now() + timeoutMs;
      try {
        await connectTo(fd, path, addr, deadline);
        for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
          const got = tryReceive(fd, m, path);
          if (got !== undefined) return got;
          if (Date.now() > deadline) throw new StatsError('ETIMEDOUT', `connected to ${path}, but no segment arrived within ${timeoutMs} ms (VPP busy or not a stats socket?)`, path);
          await sleep(wait);
        }
      } finally {
        c.close(fd);
        m.free();
      }
    },

    createMemfd(name, size) {
      const fd = c.memfd_create(name, MFD_CLOEXEC);
      if (fd < 0) throw fail('memfd_create');
      if (c.ftruncate(fd, size) !== 0) {
        const err = fail(`ftruncate to ${size} bytes`);
        c.close(fd);
        throw err;
      }
      return fd;
    },

    listen(path) {
      const addr = sockaddr(path);
      const fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) throw fail('socket', path);
      if (c.bind(fd, addr, addr.length) !== 0 || c.listen(fd, 64) !== 0) {
        const err = fail('bind/listen', path);
        c.close(fd);
        throw err;
      }
      const m = msgBlock(k);
      let open = true;
      return {
        serve(give) {
          let n = 0;
          let segmentFd = typeof give === 'number' ? give : -1;
          while (open) {
            const conn = c.accept4(fd, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (conn < 0) break;
            if (segmentFd < 0) segmentFd = (give as () => number)();
            m.reset();
            // One message of zero data bytes plus the descriptor, as VPP sends.
            m.view.setBigUint64(24, 0n, true);
            m.view.setBigUint64(72, 20n, true);
            m.view.setInt32(80, SOL_SOCKET, true);
            m.view.setInt32(84, SCM_RIGHTS, true);
            m.view.setInt32(88, segmentFd, true);
            c.sendmsg(conn, m.ptr as bigint, MSG_DONTWAIT | MSG_NOSIGNAL);
            c.close(conn);
            n++;
          }
          return n;
        },
        close() {
          if (open) {
            c.close(fd);
            m.free();
          }
          open = false;
        },
      };
    },

    close(fd) {
      c.close(fd);
    },
  };
}
