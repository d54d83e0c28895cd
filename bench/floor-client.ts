/**
 * The floor of a script run, standing in for VPP's own C client (`vpp_api_test`) in
 * bench/exec.ts: a separate process that connects, makes the handshake, then for each of
 * N lines writes one precomputed request frame (its context changed), blocks in read(2)
 * until the reply frame is whole, and prints one short line per reply. Nothing is decoded
 * beyond the frame header and the reply's context and retval; every call goes through
 * libc (bench/libc-sockets.ts) and blocks, as a C program's would. stdout is gathered
 * and written 64 KiB at a time, as C's stdio does for a pipe or a file.
 *
 * On exit it writes to stderr `floor: N round trips in T ms` (from the first request to
 * the last reply), which bench/exec.ts reads. Exits 1 when a reply is wrong (another
 * context, a non-zero retval) or the connection ends early.
 *
 *   node dist/bench/floor-client.js --socket PATH --lines N --message NAME_CRC --payload HEX [--delete NAME_CRC]
 *
 * `--payload` is the request's payload (from its message id on); its id, client_index
 * (bytes 2..6) and context (6..10) are filled in. Layouts: docs/protocol.md §1–§3, §7.
 */
import { writeSync } from 'node:fs';
import { libcSockets } from './libc-sockets.js';

/** The value after `name` on the command line (not harness.ts's: its imports would lengthen this process's start). */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const socketPath = arg('--socket');
const lines = Number(arg('--lines'));
const message = arg('--message');
const payloadHex = arg('--payload');
if (!socketPath || !message || !payloadHex || !(lines >= 0)) {
  console.error('usage: floor-client --socket PATH --lines N --message NAME_CRC --payload HEX [--delete NAME_CRC]');
  process.exit(2);
}
const c = libcSockets();
const fd = c.connectUnix(socketPath);
const buf = Buffer.allocUnsafe(1 << 20);
/** Bytes in `buf` not yet taken. */
let have = 0;

function fail(why: string): never {
  console.error(`floor: ${why}`);
  process.exit(1);
}

/** Blocks until a whole frame is in `buf`; returns its payload's length (the frame starts at 0). */
function frame(): number {
  for (;;) {
    if (have >= 16) {
      const len = buf.readUInt32BE(8);
      if (have >= 16 + len) return len;
      if (16 + len > buf.length) fail(`a frame of ${len} bytes is larger than the read buffer`);
    }
    const n = c.read(fd, have === 0 ? buf : buf.subarray(have), buf.length - have);
    if (n <= 0) fail('the server closed the connection');
    have += n;
  }
}

/** Drops the frame at the front of `buf`. */
function take(len: number): void {
  const end = 16 + len;
  if (have > end) buf.copy(buf, 0, end, have);
  have -= end;
}

function send(payload: Buffer): void {
  const f = Buffer.alloc(16 + payload.length);
  f.writeUInt32BE(payload.length, 8);
  payload.copy(f, 16);
  if (!c.writeAll(fd, f)) fail('write failed');
}

// The handshake: sockclnt_create (id 15, context, name[64]) → its reply's client handle and message table.
const create = Buffer.alloc(70);
create.writeUInt16BE(15, 0);
create.writeUInt32BE(1, 2);
create.write('vppapi-floor', 6);
send(create);
const replyLen = frame();
if (replyLen < 20 || buf.readUInt16BE(16) !== 16) fail('no sockclnt_create_reply');
const handle = buf.readUInt32BE(16 + 14);
const ids = new Map<string, number>();
for (let i = 0, count = buf.readUInt16BE(16 + 18); i < count && 20 + (i + 1) * 66 <= replyLen; i++) {
  const at = 16 + 20 + i * 66;
  const end = buf.indexOf(0, at + 2);
  ids.set(buf.toString('latin1', at + 2, end < 0 || end > at + 66 ? at + 66 : end), buf.readUInt16BE(at));
}
take(replyLen);
const id = ids.get(message) ?? fail(`the server has no ${message}`);

// The request frame, made once: only its context changes from line to line.
const payload = Buffer.from(payloadHex, 'hex');
const request = Buffer.alloc(16 + payload.length);
request.writeUInt32BE(payload.length, 8);
payload.copy(request, 16);
request.writeUInt16BE(id, 16);
request.writeUInt32BE(handle, 16 + 2);

const out = Buffer.allocUnsafe(64 * 1024);
let used = 0;
const t0 = performance.now();
for (let i = 1; i <= lines; i++) {
  request.writeUInt32BE(i, 16 + 6);
  if (c.write(fd, request, request.length) !== request.length && !c.writeAll(fd, request)) fail('write failed');
  const len = frame();
  if (len < 10 || buf.readUInt32BE(16 + 2) !== i) fail(`line ${i}: the reply does not carry the request's context`);
  const retval = buf.readInt32BE(16 + 6);
  take(len);
  if (used > out.length - 64) {
    writeSync(1, out, 0, used);
    used = 0;
  }
  used += out.write(`line ${i}: retval ${retval}\n`, used, 'latin1');
  if (retval !== 0) fail(`line ${i}: retval ${retval}`);
}
const ms = performance.now() - t0;
if (used > 0) writeSync(1, out, 0, used);
const del = arg('--delete');
const delId = del === undefined ? undefined : ids.get(del);
if (delId !== undefined) {
  // sockclnt_delete{client_index, context, index}: the server closes without waiting to be read.
  const d = Buffer.alloc(14);
  d.writeUInt16BE(delId, 0);
  d.writeUInt32BE(handle, 2);
  d.writeUInt32BE(lines + 1, 6);
  d.writeUInt32BE(handle, 10);
  send(d);
}
c.close(fd);
console.error(`floor: ${lines} round trips in ${ms.toFixed(3)} ms`);
