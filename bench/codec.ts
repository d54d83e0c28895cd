/**
 * `npm run bench:codec`: time to load all 26.06 definitions, and encode/decode rates of
 * three real messages beside hand-written codecs of the same messages (bench/handwritten.ts)
 * run in the same process: the ratio is what the goal (≥ 0.5) is about.
 *
 *   node dist/bench/codec.js [--api-dir DIR]   (default: ../shared/vpp-api/v26.06 beside the checkout)
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCodec } from '../src/client/codec/index.js';
import { loadSchema, readApiDir } from '../src/client/schema/load.js';
import { arg, fmtRate, measure, type Rate } from './harness.js';
import * as hand from './handwritten.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const apiDir = arg('--api-dir') ?? join(root, '..', 'shared', 'vpp-api', 'v26.06');
if (!existsSync(apiDir)) {
  console.error(`bench:codec needs VPP 26.06 definitions: ${apiDir} does not exist (give --api-dir DIR)`);
  process.exit(2);
}

// ---- loading ----
const loads: number[] = [];
let files = 0;
let schema = loadSchema(readApiDir(apiDir).sources).schema;
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const { sources } = readApiDir(apiDir);
  schema = loadSchema(sources).schema;
  loads.push(performance.now() - t0);
  files = sources.length;
}
loads.sort((a, b) => a - b);
console.log(`load ${files} files, ${schema.messages.size} messages: median ${loads[3].toFixed(1)} ms, best ${loads[0].toFixed(1)} ms (7 runs, read + parse + resolve)`);

// ---- values ----
const showVersion = { context: 7, retval: 0, program: 'vpe', version: '26.06-release', build_date: '2026-06-24T10:00:00', build_directory: '/w/workspace/vpp-merge-2606/build' };
const swIf = {
  context: 9, sw_if_index: 3, sup_sw_if_index: 3, l2_address: Buffer.from('deadbeef0003', 'hex'), flags: 3, type: 0, link_duplex: 2,
  link_speed: 10000000, link_mtu: 9000, mtu: [9000, 9000, 9000, 9000], sub_id: 0, sub_number_of_tags: 0, sub_outer_vlan_id: 0,
  sub_inner_vlan_id: 0, sub_if_flags: 0, vtr_op: 0, vtr_push_dot1q: 0, vtr_tag1: 0, vtr_tag2: 0, outer_tag: 0,
  b_dmac: Buffer.alloc(6), b_smac: Buffer.alloc(6), b_vlanid: 0, i_sid: 0, interface_name: 'GigabitEthernet0/8/0', interface_dev_type: 'dpdk', tag: '',
};
const label = { is_uniform: 0, label: 0, ttl: 0, exp: 0 };
const path = (i: number) => ({
  sw_if_index: i, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type: 0, flags: 0, proto: 1,
  nh: { address: { ip6: Buffer.from(`20010db8000000000000000000000${(i % 16).toString(16).padStart(3, '0')}`, 'hex') }, via_label: 0, obj_id: 0, classify_table_index: 0xffffffff },
  n_labels: 0, label_stack: Array.from({ length: 16 }, () => label),
});
const route = {
  client_index: 0x80000001, context: 11, is_add: true, is_multipath: true,
  route: { table_id: 0, stats_index: 0, prefix: { address: { af: 1, un: { ip6: Buffer.from('20010db8000100000000000000000000', 'hex') } }, len: 64 }, paths: Array.from({ length: 16 }, (_, i) => path(i)) },
};

// ---- rates ----
const cases: { name: string; value: Record<string, unknown>; handEnc: (id: number, v: any) => Buffer; handDec: (b: Buffer) => unknown }[] = [
  { name: 'show_version_reply', value: showVersion, handEnc: hand.encodeShowVersionReply, handDec: hand.decodeShowVersionReply },
  { name: 'sw_interface_details', value: swIf, handEnc: hand.encodeSwInterfaceDetails, handDec: hand.decodeSwInterfaceDetails },
  { name: 'ip_route_add_del', value: route, handEnc: hand.encodeIpRouteAddDel, handDec: hand.decodeIpRouteAddDel },
];

const rows: [string, Rate, Rate][] = [];
let sink = 0;
for (const c of cases) {
  const codec = getCodec(schema, c.name);
  const bytes = codec.encode(100, c.value);
  const handBytes = c.handEnc(100, c.value);
  if (!bytes.equals(handBytes)) throw new Error(`${c.name}: hand-written and compiled encoders disagree; the benchmark would compare different work`);
  const label = c.name === 'ip_route_add_del' ? `${c.name} (16 paths, ${bytes.length} B)` : `${c.name} (${bytes.length} B)`;
  rows.push([`encode ${label}`, measure('compiled', () => { sink += codec.encode(100, c.value).length; }), measure('hand', () => { sink += c.handEnc(100, c.value).length; })]);
  rows.push([`decode ${label}`, measure('compiled', () => { sink += (codec.decode(bytes) as object) ? 1 : 0; }), measure('hand', () => { sink += (c.handDec(bytes) as object) ? 1 : 0; })]);
}

console.log('');
console.log(`${'case'.padEnd(52)} ${'compiled'.padStart(12)} ${'hand-written'.padStart(13)} ${'ratio'.padStart(6)}`);
for (const [name, a, b] of rows) {
  console.log(`${name.padEnd(52)} ${fmtRate(a.perSecond).padStart(12)} ${fmtRate(b.perSecond).padStart(13)} ${(a.perSecond / b.perSecond).toFixed(2).padStart(6)}`);
}
console.log(`(best of 5 rounds of 300 ms after a warm-up; goal: ratio ≥ 0.50; sink ${sink % 10})`);
