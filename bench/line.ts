/**
 * `npm run bench:line`: what one script line costs in process, stage by stage, for a few
 * typical lines, beside a baseline of the same run: JSON.parse of the line's flag values
 * written as JSON (`{"sw_if_index":"0","flags":"0"}`), the least any reader of them does.
 *
 * | stage    | what runs                                                             |
 * |----------|-----------------------------------------------------------------------|
 * | tokenize | syntax/tokenizer.ts tokenize(line)                                    |
 * | flags    | as exec reads a line: the request plan's reader (plan/read.ts readArgs), its flag table filled by the first line; format parse included |
 * | format   | MessageFormat.parse of the flag values' tree alone                    |
 * | encode   | the request's codec encode, header fields and 16 bytes of headroom    |
 * | decode   | the reply's codec decode (a dump: each of its details)                |
 * | render   | the reply as a key/value block (renderMessage), a dump as a piped table (renderDetails) |
 *
 * `total` is tokenize + flags + encode + decode + render: the per-line CPU outside the
 * session and the output stream. Definitions: VPP 26.06 from ../shared when present, else
 * the built-in ones.
 *
 *   node dist/bench/line.js [--api-dir DIR] [--round-ms N]
 */
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { getCodec } from '../src/client/codec/index.js';
import { retvalName } from '../src/client/session/retvals.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../src/client/schema/load.js';
import type { Schema } from '../src/client/schema/model.js';
import { planFor } from '../src/commands/plan/plan.js';
import { type Args, readArgs } from '../src/commands/plan/read.js';
import { defaultGlobals } from '../src/commands/runtime/globals.js';
import { tokenize } from '../src/commands/syntax/tokenizer.js';
import { renderDetails } from '../src/format/rendering/details.js';
import { defaultRegistry } from '../src/format/type-formats/format-registry.js';
import { type RenderOptions, renderMessage } from '../src/format/rendering/render.js';
import { arg, measure } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const apiDir = arg('--api-dir') ?? join(root, '..', 'shared', 'vpp-api', 'v26.06');
const roundMs = Number(arg('--round-ms') ?? 200);

function schemaToUse(): { schema: Schema; source: string } {
  if (existsSync(apiDir)) return { schema: loadSchema(readApiDir(apiDir).sources).schema, source: apiDir };
  return { schema: loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema, source: 'built-in definitions' };
}

interface Case {
  line: string;
  /** The JSON-shaped tree the line's flags make (plan/read.ts buildTree): the format stage's input. */
  tree: Record<string, unknown>;
  reply: string;
  /** The reply (a dump: each detail) in the codec's value form. */
  replies: Record<string, unknown>[];
}

const mac = (last: number) => Buffer.from([2, 0xfe, 0, 0, 0, last]);
const detail = (i: number, name: string, flags: number) => ({
  context: 5, sw_if_index: i, sup_sw_if_index: i, l2_address: mac(i), flags, type: 0, link_duplex: 0, link_speed: 0,
  link_mtu: i === 0 ? 0 : 9000, mtu: [0, 0, 0, 0], sub_id: 0, sub_number_of_tags: 0, sub_outer_vlan_id: 0,
  sub_inner_vlan_id: 0, sub_if_flags: 0, vtr_op: 0, vtr_push_dot1q: 0, vtr_tag1: 0, vtr_tag2: 0, outer_tag: 0,
  b_dmac: Buffer.alloc(6), b_smac: Buffer.alloc(6), b_vlanid: 0, i_sid: 0, interface_name: name, interface_dev_type: i === 0 ? 'local' : 'Loopback', tag: '',
});

const cases: Case[] = [
  {
    line: 'sw_interface_set_flags --sw-if-index 0 --flags 0',
    tree: { sw_if_index: '0', flags: '0' },
    reply: 'sw_interface_set_flags_reply',
    replies: [{ context: 5, retval: 0 }],
  },
  {
    line: 'sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24',
    tree: { sw_if_index: '1', is_add: true, prefix: '10.0.0.1/24' },
    reply: 'sw_interface_add_del_address_reply',
    replies: [{ context: 5, retval: 0 }],
  },
  {
    line: "ip_route_add_del --is-add --route.table-id 0 --route.prefix 10.9.0.0/16 --route.paths 'via 10.0.0.2'",
    tree: { is_add: true, route: { table_id: '0', prefix: '10.9.0.0/16', paths: 'via 10.0.0.2' } },
    reply: 'ip_route_add_del_reply',
    replies: [{ context: 5, retval: 0, stats_index: 12 }],
  },
  {
    line: 'sw_interface_dump --sw-if-index 1',
    tree: { sw_if_index: '1' },
    reply: 'sw_interface_details',
    replies: [detail(0, 'local0', 0), detail(1, 'loop0', 3)],
  },
];

const us = (perSecond: number): number => 1e6 / perSecond;
const time = (fn: () => void): number => us(measure('', fn, { roundMs }).perSecond);

// As the Printer renders on a pipe (runtime/output.ts): no colour, no width limit.
const renderOpts: RenderOptions = { color: false, width: Number.MAX_SAFE_INTEGER, retvalName: (n) => (n === 0 ? undefined : retvalName(n)), registry: defaultRegistry };

let sink = 0;

function stages(schema: Schema, c: Case): [string, number][] {
  const words = tokenize(c.line);
  const def = schema.messages.get(words[0]!)!;
  const format = defaultRegistry.forMessage(def);
  const globals = defaultGlobals({});
  const plan = planFor(schema, def.name)!;
  // As exec reads a line: the plan's reader, global options (none here) applied to a copy.
  const flagsOnce = (): Record<string, unknown> => (readArgs(plan, words, 1, { globals: () => ({ ...globals }) }) as Args).value;
  const value = flagsOnce();
  if (!isDeepStrictEqual(format.parse(c.tree), value)) throw new Error(`${c.line}: the case's tree does not read as the line does; the format stage would time other work`);
  const codec = getCodec(schema, def.name);
  const request = { ...value, client_index: 1, context: 5 };
  const replyDef = schema.messages.get(c.reply)!;
  const replyCodec = getCodec(schema, c.reply);
  const bytes = c.replies.map((r) => replyCodec.encode(100, r));
  const decoded = bytes.map((b) => replyCodec.decode(b));
  const dump = c.replies.length > 1 || c.reply.endsWith('_details');
  const render = dump
    ? () => renderDetails(replyDef, decoded, { ...renderOpts, form: 'plain' })
    : () => renderMessage(replyDef, decoded[0]!, renderOpts);
  const json = JSON.stringify(c.tree);
  return [
    ['baseline: JSON.parse', time(() => { sink += JSON.parse(json) ? 1 : 0; })],
    ['tokenize', time(() => { sink += tokenize(c.line).length; })],
    ['flags (+format)', time(() => { sink += flagsOnce() ? 1 : 0; })],
    ['format', time(() => { sink += format.parse(c.tree) ? 1 : 0; })],
    ['encode', time(() => { sink += codec.encode(100, request, 16).length; })],
    ['decode', time(() => { for (const b of bytes) sink += replyCodec.decode(b) ? 1 : 0; })],
    ['render', time(() => { sink += render().length; })],
  ];
}

const { schema, source } = schemaToUse();
console.log(`definitions: ${source}; best of 5 rounds of ${roundMs} ms after a warm-up, µs per line`);
console.log('');
console.log(`${'stage'.padEnd(22)} ${'µs/line'.padStart(9)} ${'× baseline'.padStart(11)}`);
for (const c of cases) {
  const rows = stages(schema, c);
  const base = rows[0]![1];
  const get = (n: string) => rows.find((r) => r[0] === n)![1];
  const total = get('tokenize') + get('flags (+format)') + get('encode') + get('decode') + get('render');
  console.log(c.line);
  for (const [name, t] of [...rows, ['total', total] as [string, number]]) {
    console.log(`  ${name.padEnd(20)} ${t.toFixed(3).padStart(9)} ${(t / base).toFixed(1).padStart(11)}`);
  }
}
console.log(`(sink ${sink % 10})`);
