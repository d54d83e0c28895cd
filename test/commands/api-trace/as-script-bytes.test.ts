/**
 * Routes (and every union a sibling enum selects, every fixed list of structs with an
 * all-zero tail) in the forms people read: `--as-script` writes FIB paths as words and
 * structs as dotted pairs, `--json` and `--dry-run` show the selected union member and no
 * zero label_stack tail. Each form reads back to the same bytes on the wire: the real
 * 26.06 trace's records (read here with a naive reader of its layout, docs/trace.md) are
 * the oracle for the script, hand-built payloads for the JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { run, tempDir, useCliEmulator } from '../../support/cli.js';
import { buildPayload } from '../../support/oracle/naive-builder.js';
import { API_26_06, CAPTURES, HAVE_SHARED } from '../../support/shared.js';

const fx = useCliEmulator();

/** The records of a binary API trace: u32 count, u32 table length, u8 wrapped, the table, then u32 length + bytes each. */
function naiveRecords(file: Buffer): Buffer[] {
  const count = file.readUInt32BE(0);
  let at = 9 + file.readUInt32BE(4);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const n = file.readUInt32BE(at);
    out.push(file.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/** Requests as the emulator received them, without the connection's own messages. */
function received(): { name: string; payload: Buffer }[] {
  const own = new Set(['sockclnt_create', 'sockclnt_delete', 'control_ping', 'memclnt_keepalive_reply']);
  return fx.emu.emu.received.filter((r) => !own.has(r.name)).map((r) => ({ name: r.name, payload: Buffer.from(r.payload) }));
}

// Request payloads: u16 id, u32 client_index, u32 context, then the body (docs/protocol.md §3).
const body = (p: Buffer): string => p.subarray(10).toString('hex');

describe.skipIf(!HAVE_SHARED)('--as-script of the real 26.06 trace', () => {
  const BIN = join(CAPTURES, 'v26.06-api-trace.bin');

  it('writes the route as a prefix and FIB path words, not JSON', async () => {
    const r = await run(['--api-dir', API_26_06, 'api-trace', 'show', BIN, '--as-script']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain("ip_route_add_del is_add=true is_multipath=false route.prefix=198.51.100.0/24 route.paths='[via 10.26.6.2 sw_if_index 3, via 10.26.6.3 sw_if_index 3]'");
    expect(lines).toContain('ip_table_add_del is_add=true table.table_id=2606 table.name=hx-2606');
    expect(r.stdout).not.toContain('label_stack');
  });

  it('runs through exec to the bytes of every request the trace holds', async () => {
    const script = (await run(['--api-dir', API_26_06, 'api-trace', 'show', BIN, '--as-script'])).stdout;
    const file = join(tempDir(), 'trace.vpp');
    writeFileSync(file, script);
    const r = await fx.cli('exec', '--continue-on-error', file);
    expect(r.stderr).not.toContain('error: exec');
    const records = naiveRecords(readFileSync(BIN));
    // The README's list: control_ping (1, 10, 12) is the connection's own and not in the
    // script; bridge_domain_add_del (16) is not in the built-in definitions the emulator serves.
    const names = ['show_version', 'create_loopback', 'create_loopback', 'sw_interface_set_flags', 'sw_interface_add_del_address',
      'sw_interface_add_del_address', 'ip_table_add_del', 'ip_route_add_del', 'sw_interface_dump', 'ip_address_dump',
      'want_interface_events', 'sw_interface_set_flags', 'want_interface_events', 'cli_inband', 'delete_loopback'];
    const wanted = records.filter((_, i) => ![1, 10, 12, 16].includes(i));
    const got = received();
    expect(got.map((g) => g.name)).toEqual(names);
    expect(got.map((g) => body(g.payload))).toEqual(wanted.map(body));
  });
});

/** ip_route_add_del of one IPv6 path, built by hand for the naive builder. */
const v6 = (s: string): Uint8Array => {
  const [head, tail = ''] = s.split('::');
  const words = (x: string): number[] => (x ? x.split(':').map((w) => parseInt(w, 16)) : []);
  const h = words(head!);
  const t = words(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return Uint8Array.from(all.flatMap((w) => [w >> 8, w & 0xff]));
};

describe('routes in --json and --dry-run', () => {
  const argv = ['ip_route_add_del', '--is-add', '--route.prefix', '2001:db8:1::/48', '--route.paths', 'via 2001:db8::2 sw_if_index 1 labels 100'];

  it('shows the member proto selects and no zero label_stack tail', async () => {
    const r = await fx.cli(...argv, '--dry-run');
    expect(r.code).toBe(0);
    const path = JSON.parse(r.stdout).route.paths[0];
    expect(path.proto).toBe('FIB_API_PATH_NH_PROTO_IP6');
    expect(path.nh.address).toEqual({ ip6: '2001:db8::2' });
    expect(path.label_stack).toEqual([{ is_uniform: 0, label: 100, ttl: 0, exp: 0 }]);
    expect(r.stdout).not.toContain('32.1.13.184');
  });

  it('an IPv4 next hop whose union holds other bytes keeps both members, and reads back to them', async () => {
    const junk = JSON.stringify({ is_add: true, route: { prefix: '10.9.0.0/16', paths: [{ proto: 'FIB_API_PATH_NH_PROTO_IP4', sw_if_index: 1, nh: { address: { ip6: 'a09:1:0:0:0:0:0:7' } } }] } });
    const r = await fx.cli('ip_route_add_del', '--args', junk, '--dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).route.paths[0].nh.address).toEqual({ ip4: '10.9.0.1', ip6: 'a09:1::7' });
  });

  it('the --json form read back with --args sends the bytes a naive builder makes of the hand-written value', async () => {
    const shown = (await fx.cli(...argv, '--dry-run', '--json')).stdout;
    const sent = await fx.cli('ip_route_add_del', '--args', shown);
    expect(sent.code).toBe(0);
    const [got] = received();
    const addr = new Uint8Array(16);
    addr.set(v6('2001:db8::2'));
    const label = { is_uniform: 0, label: 100, ttl: 0, exp: 0 };
    const zero = { is_uniform: 0, label: 0, ttl: 0, exp: 0 };
    const want = buildPayload(builtinModules(), 'ip_route_add_del', 0, {
      is_add: true, is_multipath: false,
      route: {
        table_id: 0, stats_index: 0, prefix: { address: { af: 1, un: { ip6: v6('2001:db8:1::') } }, len: 48 }, n_paths: 1,
        paths: [{ sw_if_index: 1, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type: 0, flags: 0, proto: 1,
          nh: { address: { ip6: addr }, via_label: 0, obj_id: 0, classify_table_index: 0 }, n_labels: 1,
          label_stack: [label, ...Array(15).fill(zero)] }],
      },
    });
    expect(got!.name).toBe('ip_route_add_del');
    expect(body(got!.payload)).toBe(body(want));
  });
});
