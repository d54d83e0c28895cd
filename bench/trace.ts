/**
 * Records per second for `api-trace show --jsonl` on a 1,000,000-record binary trace
 * (generated in a temp dir), beside a baseline in the same run that only walks the
 * framing (length fields and ids, no decoding). The command runs as the real program
 * (dist/bin, a child process writing to /dev/null, its start-up included); the library
 * path (the same work in this process) is shown too. Run: `npm run bench:trace`
 * (`-- --records N` for another size). Prints figures only; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCodec } from '../src/client/codec/index.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema } from '../src/client/schema/load.js';
import { openBinaryTrace } from '../src/client/trace/binary-reader.js';
import { BinaryTraceWriter } from '../src/client/trace/binary-writer.js';
import { openTrace } from '../src/client/trace/load-messages.js';
import { stringifyJson } from '../src/format/json/lossless-json.js';
import { defaultRegistry } from '../src/format/type-formats/format-registry.js';
import { traceForms } from '../src/format/trace/trace-forms.js';
import { arg, fmtRate } from './harness.js';

const RECORDS = Number(arg('--records') ?? 1_000_000);
const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;

/** A mix like the real 26.06 capture's: small requests, address adds, a two-path route. */
const MIX: [string, Record<string, unknown>][] = [
  ['show_version', {}],
  ['create_loopback', { mac_address: Uint8Array.from([0xde, 0xad, 0, 0, 0x26, 0x06]) }],
  ['sw_interface_set_flags', { sw_if_index: 3, flags: 1 }],
  ['sw_interface_add_del_address', { sw_if_index: 3, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 26, 6, 1]) } }, len: 24 } }],
  ['ip_route_add_del', { is_add: true, route: { prefix: { address: { af: 0, un: { ip4: Uint8Array.from([198, 51, 100, 0]) } }, len: 24 }, paths: [
    { sw_if_index: 3, weight: 1, nh: { address: { ip4: Uint8Array.from([10, 26, 6, 2]) } } },
    { sw_if_index: 3, weight: 1, nh: { address: { ip4: Uint8Array.from([10, 26, 6, 3]) } } },
  ] } }],
  ['cli_inband', { cmd: 'show version' }],
];

function generate(path: string): void {
  const entries = MIX.map(([name], i) => ({ id: 900 + i * 37, key: schema.messages.get(name)!.key }));
  const payloads = MIX.map(([name, v], i) => getCodec(schema, name).encode(entries[i]!.id, { ...v, client_index: 0x80000001, context: 1 }));
  const w = new BinaryTraceWriter(path, entries);
  for (let i = 0; i < RECORDS; i++) w.add(payloads[i % payloads.length]!);
  w.close();
}

/** Baseline: the framing alone. */
function walkFraming(path: string): number {
  const t = openBinaryTrace(path);
  let n = 0;
  let ids = 0;
  for (const r of t.records()) {
    n++;
    ids += r.id;
  }
  t.close();
  if (ids === 0) throw new Error('no records');
  return n;
}

/** What `api-trace show --jsonl` does per record: decode, --json form, one line, written out. */
function showJsonl(path: string): number {
  const out = openSync('/dev/null', 'w');
  const t = openTrace(path, { schema, forms: traceForms() });
  let buf = '';
  let n = 0;
  for (const it of t.items()) {
    buf += `${stringifyJson({ _index: it.index, ...defaultRegistry.forMessage(it.def!).toJson(it.value!) })}\n`;
    if (buf.length > 1 << 16) {
      writeSync(out, buf);
      buf = '';
    }
    n++;
  }
  writeSync(out, buf);
  closeSync(out);
  return n;
}

/** `vppapi api-trace show FILE --jsonl > /dev/null` as a child process; returns the lines it wrote. */
function showCommand(path: string, home: string): number {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vppctl-api.js');
  const out = openSync('/dev/null', 'w');
  const r = spawnSync(process.execPath, [bin, '--api-dir', defsDir(home), 'api-trace', 'show', path, '--jsonl'], {
    stdio: ['ignore', out, 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, 'cache') },
  });
  closeSync(out);
  if (r.status !== 0) throw new Error(`api-trace show failed (${r.status}): ${r.stderr.toString()}`);
  return RECORDS;
}

/** The built-in definitions as a directory, so the command needs no VPP. */
function defsDir(home: string): string {
  const dir = join(home, 'api');
  mkdirSync(join(dir, 'core'), { recursive: true });
  for (const m of builtinModules()) writeFileSync(join(dir, 'core', `${m.module}.api.json`), JSON.stringify(m));
  return dir;
}

function time(fn: () => number): { n: number; s: number } {
  const t0 = performance.now();
  const n = fn();
  return { n, s: (performance.now() - t0) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-trace-'));
try {
  const file = join(dir, 'big.trace');
  const g = time(() => (generate(file), RECORDS));
  console.log(`generated ${RECORDS.toLocaleString('en')} records, ${(statSync(file).size / 1e6).toFixed(1)} MB, in ${g.s.toFixed(1)} s`);
  const base = time(() => walkFraming(file));
  const cmd = time(() => showCommand(file, dir));
  const lib = time(() => showJsonl(file));
  const rows: [string, { n: number; s: number }][] = [
    ['framing walk only (baseline)', base],
    ['api-trace show --jsonl (command)', cmd],
    ['the same work in-process (library)', lib],
  ];
  for (const [name, r] of rows) console.log(`${name.padEnd(36)} ${fmtRate(r.n / r.s).padStart(10)}  (${r.s.toFixed(2)} s)`);
  console.log(`command / baseline: ${(cmd.n / cmd.s / (base.n / base.s)).toFixed(3)}; library / baseline: ${(lib.n / lib.s / (base.n / base.s)).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
