/**
 * A deliberately fast stand-in server for bench/client.ts and bench/exec.ts, on Node's
 * event loop: answers the handshake, control_ping, sw_interface_set_flags (retval 0) and
 * sw_interface_dump (with N canned details) from precomputed bytes (bench/canned-frames.ts),
 * one write per read, and nothing else. It shows the client's own ceiling, which the
 * emulator (a real implementation, slower than VPP) cannot.
 *
 *   node dist/bench/client-responder.js --socket PATH [--interfaces N]
 */
import { rmSync } from 'node:fs';
import net from 'node:net';
import { cannedFrames } from './canned-frames.js';
import { arg } from './harness.js';

const socketPath = arg('--socket');
if (!socketPath) {
  console.error('usage: client-responder --socket PATH [--interfaces N]');
  process.exit(2);
}
const canned = cannedFrames(Number(arg('--interfaces') ?? 10_000));

rmSync(socketPath, { force: true });
const server = net.createServer((sock) => {
  let rest: Buffer | null = null;
  sock.on('error', () => {});
  sock.on('data', (chunk: Buffer) => {
    const b = rest ? Buffer.concat([rest, chunk]) : chunk;
    const { out, used, close } = canned.answer(b);
    rest = used < b.length && !close ? Buffer.from(b.subarray(used)) : null;
    if (out.length) sock.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    if (close) sock.end();
  });
});
server.listen(socketPath);
const stop = (): void => {
  server.close();
  rmSync(socketPath, { force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
