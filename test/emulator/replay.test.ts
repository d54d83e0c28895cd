/**
 * Replays the requests of a real VPP 26.06 conversation (captures/v26.06-session.jsonl)
 * against the emulator and compares its answers with what VPP answered, byte for byte,
 * apart from the message ids (assigned per server) and the few fields that depend on the
 * machine: vpe_pid, show_version's strings, route stats indexes, traffic counters in
 * `show interface`, and api_versions (this VPP answered an empty list: see the report).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { HAVE_SHARED, SHARED, readCapture, type CapturedFrame } from '../support/oracle/read-defs.js';
import { RawClient } from '../support/emulator-wire.js';

const withId = (p: Buffer, id: number): Buffer => {
  const b = Buffer.from(p);
  b.writeUInt16BE(id, 0);
  return b;
};

describe.skipIf(!HAVE_SHARED)('emulator vs a real 26.06 conversation', () => {
  let dir: string;
  let emu: Emulator;
  let frames: CapturedFrame[];

  beforeAll(async () => {
    frames = readCapture(path.join(SHARED, 'captures', 'v26.06-session.jsonl'));
    dir = mkdtempSync(path.join(tmpdir(), 'emu-replay-'));
    // One batch for the three path-MTU entries, as this VPP sent them.
    emu = await startEmulator({ socketPath: path.join(dir, 'api.sock'), pageSize: 100 });
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request as VPP did', async () => {
    const c = await RawClient.connect(emu.socketPath);
    const hsFrame = frames[0]!;
    expect(hsFrame.name).toBe('sockclnt_create');
    c.send(Buffer.from(hsFrame.hex, 'hex'));
    const hs = await c.next();
    const real = Buffer.from(frames[1]!.hex, 'hex');
    // id, client_index, context, response, index: the same 18 bytes as the real VPP's.
    expect(hs.subarray(0, 18).toString('hex')).toBe(real.subarray(0, 18).toString('hex'));
    const ids = new Map<string, number>();
    const count = hs.readUInt16BE(18);
    for (let i = 0; i < count; i++) {
      const e = hs.subarray(20 + 66 * i, 20 + 66 * (i + 1));
      ids.set(e.subarray(2, 2 + e.subarray(2).indexOf(0)).toString(), e.readUInt16BE(0));
    }

    let compared = 0;
    for (let i = 2; i < frames.length; ) {
      const req = frames[i]!;
      expect(req.dir).toBe('c2s');
      const expected: CapturedFrame[] = [];
      let j = i + 1;
      // A classic dump is followed by its control_ping before VPP's answers.
      const batch: CapturedFrame[] = [req];
      while (j < frames.length && frames[j]!.dir === 'c2s') batch.push(frames[j++]!);
      while (j < frames.length && frames[j]!.dir === 's2c') expected.push(frames[j++]!);
      for (const f of batch) c.send(withId(Buffer.from(f.hex, 'hex'), ids.get(f.name)!));
      const got: Buffer[] = [];
      for (let k = 0; k < expected.length; k++) got.push(await c.next());
      if (req.name.startsWith('sockclnt_delete')) await c.closed;
      else expect(await c.drain(30)).toEqual([]);

      const routeKey = (b: Buffer): string => Buffer.concat([b.subarray(2, 10), b.subarray(14)]).toString('hex');
      const routesWant: string[] = [];
      const routesGot: string[] = [];
      // The prefix length of each ip_route_details (byte 31: after id, context, table_id,
      // stats_index, af and the 16-byte address), in the order they came.
      const lensWant: number[] = [];
      const lensGot: number[] = [];
      expected.forEach((e, k) => {
        const want = withId(Buffer.from(e.hex, 'hex'), ids.get(e.name)!);
        const g = got[k]!;
        const name = e.name.replace(/_[0-9a-f]{8}$/, '');
        expect(g.readUInt16BE(0), `${name}: id`).toBe(want.readUInt16BE(0));
        switch (name) {
          case 'control_ping_reply': // vpe_pid differs
            expect(g.subarray(0, 14).toString('hex'), name).toBe(want.subarray(0, 14).toString('hex'));
            break;
          case 'show_version_reply': // program 'vpe', then version strings of this build
            expect(g.length).toBe(want.length);
            expect(g.subarray(0, 14).toString('hex'), name).toBe(want.subarray(0, 14).toString('hex'));
            break;
          case 'api_versions_reply':
          case 'ip_route_add_del_reply': // stats_index differs
            expect(g.subarray(0, 10).toString('hex'), name).toBe(want.subarray(0, 10).toString('hex'));
            break;
          case 'ip_route_details':
            routesWant.push(routeKey(want));
            routesGot.push(routeKey(g));
            lensWant.push(want[31]!);
            lensGot.push(g[31]!);
            break;
          case 'cli_inband_reply': {
            const lines = (b: Buffer): string[] => b.subarray(14).toString('utf8').split('\n');
            const [wh, wl0, wl1] = lines(want);
            const [gh, gl0, gl1] = lines(g);
            expect([gh, gl0], name).toEqual([wh, wl0]);
            expect(gl1!.slice(0, 68), name).toBe(wl1!.slice(0, 68)); // up to the counters
            break;
          }
          default:
            expect(g.toString('hex'), name).toBe(want.toString('hex'));
        }
        compared++;
      });
      expect(routesGot.sort()).toEqual(routesWant.sort());
      // VPP walks its IPv4 table by prefix length (0/0, the /4s, the /16 added last, the
      // connected 10.77.0.1/24, then the /32s); within a length its hash order is its own.
      expect(lensGot, 'IPv4 routes come shortest prefix first').toEqual(lensWant);
      i = j;
    }
    expect(compared).toBe(frames.filter((f) => f.dir === 's2c').length - 1);
  });
});
