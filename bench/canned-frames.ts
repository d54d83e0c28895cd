/**
 * The canned answers of the bench's stand-in servers (bench/client-responder.ts on the
 * event loop, bench/fast-responder.ts in a blocking loop): the handshake (a message table
 * of every built-in definition, ids from 100), control_ping, sw_interface_set_flags
 * (retval 0), sw_interface_dump (N details) and sockclnt_delete (the connection closed),
 * each from precomputed bytes with the request's context put in. Nothing else is
 * answered. Frame layouts: docs/protocol.md §1–§3.
 */
import { getCodec } from '../src/client/codec/index.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema } from '../src/client/schema/load.js';

/** The handle every client is given (a pool index with bit 31 set, as VPP's). */
const HANDLE = 0x80000001;
/** A reply's context is at payload bytes 2..6; a request's at 6..10 (docs/protocol.md §3). */
const REPLY_CONTEXT = 16 + 2;

export interface Canned {
  /** Answers the whole frames at the front of `b`: what to write, bytes used, and whether to close (sockclnt_delete). Throws nothing. */
  answer(b: Buffer): { out: Buffer[]; used: number; close: boolean };
}

/** The canned answers, with `interfaces` details to a dump. Throws nothing. */
export function cannedFrames(interfaces: number): Canned {
  const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
  const ids = new Map<string, number>();
  let next = 100;
  for (const name of schema.messages.keys()) {
    ids.set(name, name === 'sockclnt_create' ? 15 : name === 'sockclnt_create_reply' ? 16 : next++);
  }
  const framed = (name: string, value: Record<string, unknown>): Buffer => {
    const b = getCodec(schema, name).encode(ids.get(name)!, value, 16);
    b.writeUInt32BE(b.length - 16, 8);
    return b;
  };
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
  /** `reply` copied with the request's context (payload bytes 6..10 of the request at `p`). */
  const withContext = (reply: Buffer, b: Buffer, p: number): Buffer => {
    const r = Buffer.allocUnsafe(reply.length);
    reply.copy(r);
    r.writeUInt32BE(b.readUInt32BE(p + 6), REPLY_CONTEXT);
    return r;
  };
  return {
    answer(b) {
      const out: Buffer[] = [];
      let o = 0;
      while (b.length - o >= 16) {
        const len = b.readUInt32BE(o + 8);
        if (b.length - o < 16 + len) break;
        const p = o + 16;
        o = p + len;
        if (len < 2) continue;
        const id = b.readUInt16BE(p);
        if (len < 10 && id !== ID.create) continue;
        if (id === ID.setFlags) out.push(withContext(setFlagsReply, b, p));
        else if (id === ID.ping) out.push(withContext(pingReply, b, p));
        else if (id === ID.dump) {
          const ctx = b.readUInt32BE(p + 6);
          const d = Buffer.from(details);
          for (let i = 0; i < interfaces; i++) d.writeUInt32BE(ctx, i * oneDetail.length + REPLY_CONTEXT);
          out.push(d);
        } else if (id === ID.create && len >= 6) {
          // sockclnt_create has a reply's shape (context at 2..6); its reply a request's (6..10).
          const r = Buffer.from(createReply);
          r.writeUInt32BE(b.readUInt32BE(p + 2), 16 + 6);
          out.push(r);
        } else if (id === ID.del) return { out, used: o, close: true };
      }
      return { out, used: o, close: false };
    },
  };
}
