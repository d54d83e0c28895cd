/**
 * A stand-in server as quick to answer as VPP, for bench/exec.ts and bench/client.ts:
 * the canned answers of bench/canned-frames.ts (handshake, control_ping,
 * sw_interface_set_flags, sw_interface_dump, sockclnt_delete), served by one thread that
 * blocks in poll(2), reads what came and writes the answers straight away, through libc
 * (koffi) and never through Node's event loop. VPP answers the same way, from one thread
 * that reads its socket and writes the reply at once: a round trip of a few µs, where
 * bench/client-responder.ts (on the event loop) takes ~40 µs. bench/floor-client.ts
 * measures the round trip (`bench:exec -- --server fast` prints it).
 *
 * Connections are served in turn from one poll(2) set: a client that does not read its
 * answers stalls the others (a bench runs one client at a time). The server never reads
 * a frame before the one before it is answered, as VPP does. It stops on SIGINT/SIGTERM
 * (the signal's default action: no handler runs while this thread waits in poll).
 * Linux only (bench/libc-sockets.ts has the layouts).
 *
 *   node dist/bench/fast-responder.js --socket PATH [--interfaces N]
 */
import { rmSync } from 'node:fs';
import { cannedFrames } from './canned-frames.js';
import { arg } from './harness.js';
import { libcSockets } from './libc-sockets.js';

const socketPath = arg('--socket');
if (!socketPath) {
  console.error('usage: fast-responder --socket PATH [--interfaces N]');
  process.exit(2);
}
const canned = cannedFrames(Number(arg('--interfaces') ?? 10_000));
const c = libcSockets();
const POLLIN = 0x1;
/** What one read takes at most. */
const READ_SIZE = 256 * 1024;

rmSync(socketPath, { force: true });
const listener = c.listenUnix(socketPath);

/** An accepted connection: its descriptor and the start of a frame not yet whole. */
interface Conn {
  fd: number;
  rest: Buffer | null;
}
const conns: Conn[] = [];
const scratch = Buffer.allocUnsafe(READ_SIZE);
let pfds = Buffer.alloc(8);

/** The poll set: the listener, then each connection. */
function pollSet(): void {
  pfds = Buffer.alloc(8 * (1 + conns.length));
  [listener, ...conns.map((k) => k.fd)].forEach((fd, i) => {
    pfds.writeInt32LE(fd, i * 8);
    pfds.writeInt16LE(POLLIN, i * 8 + 4);
  });
}

function drop(i: number): void {
  c.close(conns[i]!.fd);
  conns.splice(i, 1);
  pollSet();
}

/** Reads what connection `i` sent and answers it; false when it is closed. */
function serve(k: Conn): boolean {
  const n = c.read(k.fd, scratch, READ_SIZE);
  if (n <= 0) return false;
  const b = k.rest ? Buffer.concat([k.rest, scratch.subarray(0, n)]) : scratch.subarray(0, n);
  const { out, used, close } = canned.answer(b);
  k.rest = used < b.length ? Buffer.from(b.subarray(used)) : null;
  for (const frame of out) if (!c.writeAll(k.fd, frame)) return false;
  return !close;
}

pollSet();
for (;;) {
  // EINTR (a signal whose handler did not end the process) and 0 are both "look again".
  if (c.poll(pfds, 1 + conns.length, -1) <= 0) continue;
  for (let i = conns.length - 1; i >= 0; i--) {
    if (pfds.readInt16LE((i + 1) * 8 + 6) !== 0 && !serve(conns[i]!)) drop(i);
  }
  if (pfds.readInt16LE(6) & POLLIN) {
    const fd = c.accept(listener);
    if (fd >= 0) {
      conns.push({ fd, rest: null });
      pollSet();
    }
  }
}
