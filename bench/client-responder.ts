/**
 * A deliberately fast stand-in server for bench/client.ts and bench/exec.ts: answers the
 * handshake, control_ping, sw_interface_set_flags (retval 0) and sw_interface_dump (with
 * N canned details) from precomputed bytes,
 * one write per read, and nothing else. It shows the client's own ceiling, which the
 * emulator (a real implementation, slower than VPP) cannot.
 *
 *   node dist/bench/client-responder.js --socket PATH [--interfaces N]
 */
import { rmSync } from 'node:fs';
import net from 'node:net';
import { getCodec } from '../src/client/codec/index.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema } from '../src/client/schema/load.js';
import { arg } from './harness.js';

const socketPath = arg('--socket');
if (!socketPath) {
  console.error('usage: client-responder --socket PATH [--interfaces N]');
  process.exit(2);
}
const interfaces = Number(arg('--interfaces') ?? 10_000);
const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;

const ids = new Map<string, number>();
let next = 100;
for (const name of schema.messages.keys()) {
  ids.set(name, name === 'sockclnt_create' ? 15 : name === 'sockclnt_create_reply' ? 16 : next++);
}
const HANDLE = 0x80000001;

function framed(name: string, value: Record<string, unknown>): Buffer {
  const b = getCodec(schema, name).encode(ids.get(name)!, value, 16);
  b.writeUInt32BE(b.length - 16, 8);
  return b;
}

const table = [...schema.messages.values()].map((d) => ({ index: ids.get(d.name)!, name: d.key }));
const createReply = framed('sockclnt_create_reply', { response: 0, index: HANDLE, message_table: table });
const pingReply = framed('control_ping_reply', { retval: 0, client_index: HANDLE, vpe_pid: process.pid });
const setFlagsReply = framed('sw_interface_set_flags_reply', { retval: 0 });
const oneDetail = framed('sw_interface_details', { sw_if_index: 0, interface_name: 'loop0', interface_dev_type: 'Loopback', link_mtu: 9000 });
const details = Buffer.alloc(oneDetail.length * interfaces);
for (let i = 0; i < interfaces; i++) {
  oneDetail.copy(details, i * oneDetail.length);
  details.writeUInt32BE(i, i * oneDetail.length + 16 + 6);
}
const ID = {
  create: 15,
  ping: ids.get('control_ping')!,
  dump: ids.get('sw_interface_dump')!,
  setFlags: ids.get('sw_interface_set_flags')!,
  del: ids.get('sockclnt_delete')!,
};

rmSync(socketPath, { force: true });
const server = net.createServer((sock) => {
  let rest: Buffer | null = null;
  sock.on('error', () => {});
  sock.on('data', (chunk: Buffer) => {
    const b = rest ? Buffer.concat([rest, chunk]) : chunk;
    const out: Buffer[] = [];
    let o = 0;
    while (b.length - o >= 16) {
      const len = b.readUInt32BE(o + 8);
      if (b.length - o < 16 + len) break;
      const p = o + 16;
      const id = b.readUInt16BE(p);
      if (id === ID.setFlags) {
        const r = Buffer.allocUnsafe(setFlagsReply.length);
        setFlagsReply.copy(r);
        r.writeUInt32BE(b.readUInt32BE(p + 6), 16 + 2);
        out.push(r);
      } else if (id === ID.ping) {
        const r = Buffer.allocUnsafe(pingReply.length);
        pingReply.copy(r);
        r.writeUInt32BE(b.readUInt32BE(p + 6), 16 + 2);
        out.push(r);
      } else if (id === ID.dump) {
        const ctx = b.readUInt32BE(p + 6);
        const d = Buffer.from(details);
        for (let i = 0; i < interfaces; i++) d.writeUInt32BE(ctx, i * oneDetail.length + 16 + 2);
        out.push(d);
      } else if (id === ID.create) {
        const r = Buffer.from(createReply);
        r.writeUInt32BE(b.readUInt32BE(p + 2), 16 + 6);
        out.push(r);
      } else if (id === ID.del) {
        sock.end();
      }
      o = p + len;
    }
    rest = o < b.length ? Buffer.from(b.subarray(o)) : null;
    if (out.length) sock.write(out.length === 1 ? out[0]! : Buffer.concat(out));
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
