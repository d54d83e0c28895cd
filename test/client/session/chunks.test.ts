/**
 * What VPP sends, cut into reads anywhere: the session over an in-process byte stream
 * (SessionOptions.dial), so that every read boundary is the test's choice. Replies are
 * built by the naive oracle builder (the fake's), frames cut by hand.
 */
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { Session, type SessionWarning } from '../../../src/client/session/session.js';
import { FakeVpp, frame, until } from '../../support/session-fake.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const HANDLE = 0x80000005;

interface Wire {
  stream: Duplex;
  /** Requests written by the session: name and context, in order. */
  requests: { name: string; context: number }[];
}

/** A stream standing in for VPP: answers the handshake itself; the test sends the rest. */
function wire(vpp: FakeVpp): Wire {
  const requests: Wire['requests'] = [];
  let held = Buffer.alloc(0);
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, done) {
      held = Buffer.concat([held, chunk]);
      // 16-byte header with the payload length at 8..12; the context after the id, or after
      // the id and client_index, as the raw definition's field list says.
      while (held.length >= 16 && held.length >= 16 + held.readUInt32BE(8)) {
        const p = held.subarray(16, 16 + held.readUInt32BE(8));
        held = held.subarray(16 + p.length);
        const name = vpp.names.get(p.readUInt16BE(0)) ?? '?';
        const f = vpp.defs.get(name)?.fields ?? [];
        const context = p.readUInt32BE(f[1] === 'context' ? 2 : 6);
        requests.push({ name, context });
        if (name === 'sockclnt_create') {
          const table = vpp.table();
          stream.push(frame(vpp.build('sockclnt_create_reply', { context, response: 0, index: HANDLE, count: table.length, message_table: table })));
        } else if (name === 'sockclnt_delete') {
          // As VPP: the reply, then the end of the stream.
          stream.push(frame(vpp.build('sockclnt_delete_reply', { context, response: 1 })));
          stream.push(null);
        }
      }
      done();
    },
  });
  return { stream, requests };
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.disconnect();
});

async function connected(): Promise<{ s: Session; w: Wire; vpp: FakeVpp; warnings: SessionWarning[] }> {
  const vpp = new FakeVpp('(no socket)', { modules: builtinModules() });
  const w = wire(vpp);
  const warnings: SessionWarning[] = [];
  const s = new Session({ socketPath: 'in-process', dial: () => Promise.resolve(w.stream), schema, onWarning: (x) => warnings.push(x) });
  sessions.push(s);
  await s.connect();
  return { s, w, vpp, warnings };
}

describe('replies cut into reads anywhere', () => {
  it('two calls answered out of order with an event between them, the bytes split in two at every offset and fed byte by byte', async () => {
    const { s, w, vpp, warnings } = await connected();
    const events: unknown[] = [];
    s.subscribe('sw_interface_event', (_name, msg) => events.push(msg));
    const replies = (ping: number, table: number, n: number): Buffer =>
      Buffer.concat([
        frame(vpp.build('sw_interface_get_table_reply', { context: table, retval: 0, vrf_id: 77 })),
        frame(vpp.build('sw_interface_event', { client_index: HANDLE, pid: 9, sw_if_index: n, flags: 1, deleted: false })),
        frame(vpp.build('control_ping_reply', { context: ping, retval: 0, client_index: HANDLE, vpe_pid: 4242 })),
      ]);
    const total = replies(1, 2, 0).length;
    // Each offset alone, then every offset at once (byte by byte).
    const runs = Array.from({ length: total - 1 }, (_, k) => [k + 1]);
    runs.push(Array.from({ length: total - 1 }, (_, k) => k + 1));
    for (const [n, cuts] of runs.entries()) {
      const before = w.requests.length;
      const a = s.call('control_ping');
      const b = s.call('sw_interface_get_table', { sw_if_index: 3 });
      await until(() => w.requests.length === before + 2);
      const [ra, rb] = w.requests.slice(before);
      const bytes = replies(ra!.context, rb!.context, n);
      const bounds = [0, ...cuts, total];
      for (let i = 0; i + 1 < bounds.length; i++) w.stream.push(Buffer.from(bytes.subarray(bounds[i], bounds[i + 1])));
      await expect(a).resolves.toEqual({ retval: 0, client_index: HANDLE, vpe_pid: 4242 });
      await expect(b).resolves.toEqual({ retval: 0, vrf_id: 77 });
    }
    expect(total).toBeGreaterThan(60);
    expect(events).toEqual(runs.map((_, n) => ({ pid: 9, sw_if_index: n, flags: 1, deleted: false })));
    expect(warnings).toEqual([]);
    expect(s.pendingCount).toBe(0);
  });

  it('a reply too short for its context and a frame of an unknown id are skipped with a warning; the next reply still lands', async () => {
    const { s, w, vpp, warnings } = await connected();
    const a = s.call('control_ping');
    await until(() => w.requests.length === 2);
    const ctx = w.requests[1]!.context;
    const ping = vpp.build('control_ping_reply', { context: ctx, retval: 0, client_index: HANDLE, vpe_pid: 1 });
    w.stream.push(Buffer.concat([frame(ping.subarray(0, 4)), frame(Buffer.from([0xff, 0xf0, 1, 2, 3])), frame(ping)]));
    await expect(a).resolves.toEqual({ retval: 0, client_index: HANDLE, vpe_pid: 1 });
    expect(warnings.map((x) => x.code)).toEqual(['EDECODE', 'EUNKNOWNID']);
  });
});
