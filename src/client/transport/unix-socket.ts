/**
 * Reaching VPP's API socket (client side) and offering one (emulator and tests), with
 * every failure mapped to a TransportError that says what to do.
 */
import net from 'node:net';
import { type Stats, lstat as lstatCb, stat as statCb, unlink as unlinkCb } from 'node:fs';

/*
 * node:fs's callback forms as promises rather than node:fs/promises: loading that module
 * (and node:readline with it) cost every connect a few ms of start-up. Same errors (code,
 * syscall, path) either way.
 */
const stat = (path: string): Promise<Stats> => new Promise((resolve, reject) => statCb(path, (e, s) => (e ? reject(e) : resolve(s))));
const lstat = (path: string): Promise<Stats> => new Promise((resolve, reject) => lstatCb(path, (e, s) => (e ? reject(e) : resolve(s))));
const unlink = (path: string): Promise<void> => new Promise((resolve, reject) => unlinkCb(path, (e) => (e ? reject(e) : resolve())));
import { DEFAULT_API_SOCKET } from '../defaults.js';
import { TransportError } from './errors.js';

/** sun_path holds 108 bytes on Linux, the terminating NUL included; longer paths are silently cut by the OS. */
export const MAX_SOCKET_PATH_BYTES = 107;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

const WHERE = `\`socksvr { socket-name <path> }\` in startup.conf, default ${DEFAULT_API_SOCKET}`;

export interface ConnectOptions {
  /** Give up connecting after this long (default DEFAULT_CONNECT_TIMEOUT_MS). */
  timeoutMs?: number;
}

function osCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function kindOf(s: Stats): string {
  if (s.isFile()) return 'regular file';
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'FIFO';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'device';
  return 'file that is not a socket';
}

function checkPathLength(path: string): void {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new TransportError(
      'ENAMETOOLONG',
      `${path} is ${bytes} bytes long, over the ${MAX_SOCKET_PATH_BYTES}-byte limit of a Unix socket address: use a shorter path (a symlink to the socket works)`,
      path,
    );
  }
}

/**
 * Maps a failure to reach a socket (an OS error from stat or connect) to a TransportError
 * whose message says what to do; the OS error is kept as `cause`.
 */
export function connectError(cause: unknown, path: string): TransportError {
  const os = osCode(cause);
  switch (os) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new TransportError(
        'ENOENT',
        `no socket at ${path}${os === 'ENOTDIR' ? ' (a part of the path is not a directory)' : ''}: is VPP running? Its API socket is set by ${WHERE}`,
        path,
        { cause },
      );
    case 'EACCES':
    case 'EPERM':
      return new TransportError(
        'EACCES',
        `permission denied on ${path}: run as root, or as a member of the group that owns the socket (usually vpp: \`sudo usermod -aG vpp $USER\`, then log in again)`,
        path,
        { cause },
      );
    case 'ECONNREFUSED':
      return new TransportError(
        'ECONNREFUSED',
        `nothing is listening on ${path}: VPP is not running (the file is left over from a VPP that stopped) or has not finished starting; start VPP, or check the path (${WHERE})`,
        path,
        { cause },
      );
    case 'ENOTSOCK':
      return new TransportError('ENOTSOCK', `${path} is not a socket: pass the path of VPP's API socket (${WHERE})`, path, {
        cause,
      });
    case 'EPROTOTYPE':
      // A Unix socket of another type (SOCK_DGRAM, SOCK_SEQPACKET): never VPP's API socket.
      return new TransportError(
        'ENOTSOCK',
        `${path} is a datagram or packet socket, not a stream socket like VPP's API socket: pass the path of VPP's API socket (${WHERE})`,
        path,
        { cause },
      );
    case 'ETIMEDOUT':
      return new TransportError('ETIMEDOUT', `connecting to ${path} timed out: VPP may be hung or overloaded`, path, { cause });
    case 'EAGAIN':
      return new TransportError(
        'EAGAIN',
        `${path} is not accepting connections now (its backlog is full): VPP is busy or stuck; retry later`,
        path,
        { cause },
      );
    case 'ENAMETOOLONG':
      return new TransportError('ENAMETOOLONG', `${path} is too long for a Unix socket address: use a shorter path`, path, {
        cause,
      });
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return new TransportError('ECONNECT', `cannot connect to ${path}: ${detail}`, path, { cause });
    }
  }
}

/**
 * Connects to the Unix socket at `path`. The path is checked with stat first: connecting
 * to a regular file fails with ECONNREFUSED on Linux, which would send the user after
 * a VPP that is not the problem.
 * @throws TransportError: ENAMETOOLONG, ENOENT, EACCES, ENOTSOCK, ECONNREFUSED, EAGAIN,
 *   ETIMEDOUT (after `timeoutMs`), or ECONNECT for anything else; the OS error is the cause.
 */
export async function connectUnix(path: string, options: ConnectOptions = {}): Promise<net.Socket> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  checkPathLength(path);
  let info: Stats;
  try {
    info = await stat(path);
  } catch (e) {
    throw connectError(e, path);
  }
  if (!info.isSocket()) {
    throw new TransportError(
      'ENOTSOCK',
      `${path} is a ${kindOf(info)}, not a socket: pass the path of VPP's API socket (${WHERE})`,
      path,
    );
  }
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.createConnection({ path });
    const settle = (error?: TransportError): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (error === undefined) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const onConnect = (): void => settle();
    const onError = (e: Error): void => settle(connectError(e, path));
    const timer = setTimeout(
      () =>
        settle(
          new TransportError(
            'ETIMEDOUT',
            `connecting to ${path} did not finish within ${timeoutMs} ms: VPP may be hung or overloaded`,
            path,
          ),
        ),
      timeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

export interface UnixServer {
  readonly path: string;
  readonly server: net.Server;
  /**
   * Stops listening, destroys the open connections, and removes the socket file (only if
   * it is still the one this server created). Idempotent.
   */
  close(): Promise<void>;
}

/** Whether someone accepts connections on the socket at `path`. */
async function isLive(path: string): Promise<boolean> {
  try {
    (await connectUnix(path, { timeoutMs: 1000 })).destroy();
    return true;
  } catch (e) {
    if (e instanceof TransportError && e.code === 'ECONNREFUSED') return false;
    throw e;
  }
}

function listenError(cause: unknown, path: string): TransportError {
  const os = osCode(cause);
  if (os === 'EADDRINUSE') {
    return new TransportError('EADDRINUSE', `${path} is already in use by another listener: stop it or pick another path`, path, {
      cause,
    });
  }
  if (os === 'EACCES' || os === 'EPERM') {
    return new TransportError('EACCES', `permission denied creating ${path}: pick a directory you can write to, or run as root`, path, {
      cause,
    });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new TransportError('ELISTEN', `cannot listen on ${path}: ${detail}`, path, { cause });
}

/**
 * Listens on a Unix socket at `path`. A socket file already there with nobody listening
 * (left by a process that died) is removed first; anything else at the path is left alone.
 * @throws TransportError: ENAMETOOLONG; ENOTSOCK if a non-socket file is at the path
 *   (it is never removed); EADDRINUSE if another process listens there; EACCES; ELISTEN.
 */
export async function listenUnix(path: string, onConnection: (socket: net.Socket) => void): Promise<UnixServer> {
  checkPathLength(path);
  let existing: Stats | undefined;
  try {
    existing = await lstat(path);
  } catch (e) {
    if (osCode(e) !== 'ENOENT') throw listenError(e, path);
  }
  if (existing !== undefined) {
    if (!existing.isSocket()) {
      throw new TransportError(
        'ENOTSOCK',
        `${path} exists and is a ${kindOf(existing)}, not a stale socket: refusing to replace it; remove it yourself or pick another path`,
        path,
      );
    }
    if (await isLive(path)) {
      throw new TransportError('EADDRINUSE', `another process is listening on ${path}: stop it or pick another path`, path);
    }
    try {
      await unlink(path);
    } catch (e) {
      if (osCode(e) !== 'ENOENT') throw listenError(e, path);
    }
  }

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(listenError(e, path));
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const mine = await lstat(path);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
      });
      // libuv unlinks the file on close already; this covers runtimes that do not.
      try {
        const now = await lstat(path);
        if (now.isSocket() && now.ino === mine.ino && now.dev === mine.dev) await unlink(path);
      } catch (e) {
        if (osCode(e) !== 'ENOENT') throw listenError(e, path);
      }
    })());
  return { path, server, close };
}
