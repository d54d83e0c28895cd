/**
 * cli_inband: a few debug-CLI commands over the emulated state. Words may be shortened
 * to any unambiguous prefix, as in VPP (`sh int addr`). Like VPP, a command that does
 * not parse still answers retval 0, with the complaint as the reply text:
 * "unknown input `foo'" at the top, "show: unknown input `foo'" below a known word.
 *
 * `show interface` uses VPP's columns (centred fields, odd padding on the left):
 *
 * | column | Name | Idx | State | MTU (L3/IP4/IP6/MPLS) | Counter | Count |
 * |--------|------|-----|-------|-----------------------|---------|-------|
 * | width  | 32 (left-aligned in rows) | 5 | 10 | 21    | 16      | 16    |
 */
import type { Call, Handler } from './call.js';
import { interfaceEvent } from './handlers-interface.js';
import { PATH_DROP, PATH_LOCAL, type FibPath } from './fib.js';
import { NONE_U32 } from './handler-retvals.js';
import type { Iface } from './state.js';
import { formatAddr, formatPrefix, type Af } from './ip-values.js';

type Run = (c: Call, args: string[]) => string;
interface Node { words: Map<string, Node>; run?: Run }

/** Centres `s` in `w` columns; an odd remainder goes to the left. */
const centre = (s: string, w: number): string => {
  const pad = Math.max(0, w - s.length);
  return ' '.repeat(Math.ceil(pad / 2)) + s + ' '.repeat(Math.floor(pad / 2));
};

function showInterface(c: Call, args: string[]): string {
  const all = c.core.state.interfaces();
  const list = args.length ? all.filter((i) => args.includes(i.name)) : all;
  if (args.length && list.length === 0) return `show interface: unknown input \`${args.join(' ')}'\n`;
  const head = centre('Name', 32) + centre('Idx', 5) + centre('State', 10) + centre('MTU (L3/IP4/IP6/MPLS)', 21) + centre('Counter', 16) + centre('Count', 16);
  const rows = list.map((i) => i.name.padEnd(32) + centre(String(i.swIfIndex), 5) + centre(i.adminUp ? 'up' : 'down', 10) + centre(i.mtu.join('/'), 21));
  return [head, ...rows].map((l) => `${l}\n`).join('');
}

function showInterfaceAddress(c: Call): string {
  return c.core.state.interfaces().map((i) =>
    `${i.name} (${i.adminUp ? 'up' : 'dn'}):\n` + i.addrs.map((a) => `  L3 ${formatPrefix(a)}\n`).join('')).join('');
}

function describePath(c: Call, p: FibPath, af: Af): string {
  const sw = Number(p.sw_if_index ?? NONE_U32);
  const ifName = c.core.state.get(sw)?.name ?? `sw_if_index ${sw}`;
  const nh = ((p.nh as { address?: { ip6?: Uint8Array } } | undefined)?.address?.ip6 ?? new Uint8Array(16));
  const via = formatAddr({ af, addr: af === 0 ? nh.subarray(0, 4) : nh });
  const type = Number(p.type ?? 0);
  if (type === PATH_DROP) return `dpo-drop ip${af === 0 ? 4 : 6}`;
  if (type === PATH_LOCAL) return sw === NONE_U32 ? 'dpo-receive' : `dpo-receive: ${via} on ${ifName}`;
  if (nh.every((b) => b === 0)) return `attached: ${ifName}`;
  return `via ${via} ${ifName}`;
}

function showFib(af: Af): Run {
  return (c) => c.core.state.fib.allTables().filter((t) => t.af === af).map((t) =>
    `${t.name}, fib_index:${t.id}\n` + [...t.routes.values()].map((r) =>
      `${formatPrefix(r.prefix)}\n` + r.paths.map((p, n) => `  [@${n}]: ${describePath(c, p, af)}\n`).join('')).join('')).join('');
}

function showApiClients(c: Call): string {
  const rows = c.core.clientList().map((k) => `${(k.name || '(unnamed)').padStart(20)} 0x${k.handle.toString(16).padStart(8, '0')}\n`);
  return `Socket clients\n${'Name'.padStart(20)} ${'Index'.padStart(10)}\n${rows.join('')}`;
}

function setInterfaceState(c: Call, args: string[]): string {
  const [name, state, ...rest] = args;
  const i = name === undefined ? undefined : c.core.state.byName(name);
  if (!i || (state !== 'up' && state !== 'down') || rest.length) {
    return `set interface state: unknown input \`${args.join(' ')}'\n`;
  }
  const r = c.core.state.setFlags(i.swIfIndex, state === 'up' ? 1 : 0);
  if (r.changed) interfaceEvent(c.core, i);
  return '';
}

function createLoopback(c: Call, args: string[]): string {
  let mac: Uint8Array | undefined;
  let instance: number | undefined;
  for (let k = 0; k < args.length; k += 2) {
    const v = args[k + 1] ?? '';
    if (args[k] === 'mac' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v)) mac = Uint8Array.from(v.split(':').map((x) => parseInt(x, 16)));
    else if (args[k] === 'instance' && /^\d+$/.test(v)) instance = Number(v);
    else return `create loopback interface: unknown input \`${args.slice(k).join(' ')}'\n`;
  }
  const r = c.core.state.createLoopback(mac, instance);
  return r.iface ? `${r.iface.name}\n` : 'create loopback interface: instance already in use\n';
}

function deleteLoopback(c: Call, args: string[]): string {
  const i: Iface | undefined = args[0] === 'intfc' && args[1] ? c.core.state.byName(args[1]) : undefined;
  if (!i || c.core.state.deleteLoopback(i.swIfIndex).rv !== 0) return `delete loopback interface: unknown input \`${args.join(' ')}'\n`;
  interfaceEvent(c.core, i, true);
  return '';
}

const showVersion: Run = (c) => `vpp v${c.core.version} built by vppapi on emulator at ${c.core.started.toISOString().slice(0, 19)}\n`;

/** `api trace …`: api-trace.ts. */
const apiTrace: Run = (c, args) => c.core.apiTrace.command(args);

const COMMANDS: [string, Run][] = [
  ['api trace', apiTrace],
  ['show version', showVersion],
  ['show interface', showInterface],
  ['show interface address', showInterfaceAddress],
  ['show ip fib', showFib(0)],
  ['show ip6 fib', showFib(1)],
  ['show api clients', showApiClients],
  ['set interface state', setInterfaceState],
  ['create loopback interface', createLoopback],
  ['delete loopback interface', deleteLoopback],
];

const ROOT: Node = { words: new Map() };
for (const [path, run] of COMMANDS) {
  let n = ROOT;
  for (const w of path.split(' ')) {
    let next = n.words.get(w);
    if (!next) n.words.set(w, (next = { words: new Map() }));
    n = next;
  }
  n.run = run;
}

/** Runs one command line; returns the text VPP would print. Throws nothing. */
export function runCli(c: Call, line: string): string {
  const tokens = line.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return '';
  let node = ROOT;
  const path: string[] = [];
  let k = 0;
  for (; k < tokens.length; k++) {
    const t = tokens[k]!;
    const exact = node.words.get(t);
    const hits = exact ? [t] : [...node.words.keys()].filter((w) => w.startsWith(t));
    if (hits.length !== 1) break;
    path.push(hits[0]!);
    node = node.words.get(hits[0]!)!;
  }
  if (node.run) return node.run(c, tokens.slice(k));
  const rest = tokens.slice(k).join(' ');
  return path.length ? `${path.join(' ')}: unknown input \`${rest}'\n` : `unknown input \`${rest}'\n`;
}

const cliInband: Handler = (c) => c.reply({ reply: runCli(c, String(c.msg.cmd ?? '')) });

export const cliHandlers: Record<string, Handler> = { cli_inband: cliInband };
