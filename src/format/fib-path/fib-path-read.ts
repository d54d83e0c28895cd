/**
 * Text → fib_path value: the words fib-path-write.ts prints, in any order, each once.
 * What a word leaves out is what the writer leaves out: type NORMAL, no interface (~0),
 * weight 1, proto from the `via` address or IP4, everything else 0. `via IFACE` (VPP's
 * own CLI form for an attached path) is read as the interface.
 *
 * An interface name needs the interface table (`ctx.interfaces`); without one, or when the
 * name is not in it, the error carries `needs: 'interfaces'`, so that a caller that can
 * fetch the table (again) does and reads the text again.
 */
import { type FibLayout, NONE, NUMBER_WORDS, reservedWords } from './fib-path-layout.js';
import type { InterfaceTable } from '../values/interface-names.js';
import { parseIp } from '../values/addresses.js';
import { nearest } from '../values/nearest.js';
import { intFromText } from '../values/numbers.js';

export interface ReadFailure {
  reason: string;
  needs?: 'interfaces';
}

type NumberWord = keyof typeof NUMBER_WORDS;
/** Other spellings of keywords the reader takes (completion reads them too). */
export const ALIASES: Record<string, string> = { 'sw-if-index': 'sw_if_index', via_label: 'via-label', 'obj-id': 'obj_id', 'classify-table': 'classify_table' };
const U8 = new Set(['weight', 'preference']);

class Failed extends Error {
  constructor(readonly failure: ReadFailure) {
    super(failure.reason);
  }
}

const fail = (reason: string, needs?: 'interfaces'): never => {
  throw new Failed({ reason, needs });
};

function number(word: string, arg: string | undefined): number {
  if (arg === undefined) return fail(`${word} needs a number after it`);
  const n = intFromText(arg);
  const max = U8.has(word) ? 0xff : 0xffffffff;
  if (n === undefined || n < 0n || n > BigInt(max)) return fail(`${word} ${arg}: expected a whole number 0..${max}`);
  return Number(n);
}

function labels(arg: string | undefined, most: number): number[] {
  if (arg === undefined) return fail('labels needs a list after it, such as labels 100/200');
  const out = arg.split('/').map((t) => intFromText(t));
  if (out.some((n) => n === undefined || n < 0n || n > 0xffffffffn)) return fail(`labels ${arg}: expected labels 0..4294967295 joined by /, such as 100/200`);
  if (out.length > most) return fail(`labels ${arg}: at most ${most} labels`);
  return out.map(Number);
}

interface State {
  seen: Set<string>;
  type?: number;
  proto?: number;
  via?: { v6: boolean; bytes: Uint8Array };
  sw?: number;
  flags: number;
  numbers: Partial<Record<NumberWord, number>>;
  labels: number[];
}

function once(s: State, key: string, what: string): void {
  if (s.seen.has(key)) fail(`${what} is given twice`);
  s.seen.add(key);
}

function iface(s: State, name: string, t: InterfaceTable | undefined, l: FibLayout): void {
  if (intFromText(name) !== undefined) fail(`"${name}" is a bare number: write sw_if_index ${name} for an interface, or a keyword before it`);
  const near = nearest(name.toLowerCase(), [...reservedWords(l)]);
  if (!t) fail(`"${name}" is not a path keyword${near ? ` (did you mean ${near}?)` : ''}; as an interface name it needs the interface table`, 'interfaces');
  const index = t!.indexOf(name);
  if (index === undefined) {
    const names = t!.names();
    const like = nearest(name, names);
    fail(`no interface is called "${name}"${like ? ` (did you mean ${like}?)` : near ? ` and it is not a path keyword (did you mean ${near}?)` : ''}; interfaces: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`, 'interfaces');
  }
  once(s, 'interface', 'the interface');
  s.sw = index;
}

function word(s: State, l: FibLayout, w: string, next: () => string | undefined, t: InterfaceTable | undefined): void {
  const lower = ALIASES[w.toLowerCase()] ?? w.toLowerCase();
  if (lower === 'via') {
    const arg = next();
    if (arg === undefined) fail('via needs a next-hop address after it, such as via 10.0.0.2');
    const ip = parseIp(arg!);
    if (typeof ip !== 'string') {
      once(s, 'via', 'via');
      s.via = ip;
    } else if (arg!.includes(':') || /^[\d.]+$/.test(arg!)) fail(`via ${arg}: ${ip}`);
    else iface(s, arg!, t, l);
  } else if (lower === 'labels') {
    once(s, 'labels', 'labels');
    s.labels = labels(next(), l.labels);
  } else if (lower in NUMBER_WORDS) {
    const key = lower as NumberWord;
    once(s, key === 'sw_if_index' ? 'interface' : key, key === 'sw_if_index' ? 'the interface' : key);
    s.numbers[key] = number(key, next());
  } else if (l.types.byWord.has(lower)) {
    once(s, 'type', `the path type (${lower})`);
    s.type = l.types.byWord.get(lower);
  } else if (l.protos.byWord.has(lower)) {
    once(s, 'proto', `the protocol (${lower})`);
    s.proto = l.protos.byWord.get(lower);
  } else if (l.flags.byWord.has(lower)) {
    once(s, lower, lower);
    s.flags |= l.flags.byWord.get(lower)!;
  } else if (typeof parseIp(w) !== 'string') fail(`${w} is an address: write via ${w} for a next hop`);
  else iface(s, w, t, l);
}

function value(s: State, l: FibLayout): Record<string, unknown> {
  let proto = s.proto;
  if (s.via) {
    const family = s.via.v6 ? l.ip6 : l.ip4;
    if (proto !== undefined && proto !== family) fail(`via ${s.via.v6 ? 'an IPv6' : 'an IPv4'} address does not go with ${l.protos.byValue.get(proto)}`);
    proto = family;
  }
  proto ??= l.ip4;
  const n = s.numbers;
  const address = proto === l.ip6 ? { ip6: s.via?.bytes ?? new Uint8Array(16) } : { ip4: s.via?.bytes ?? new Uint8Array(4) };
  return {
    sw_if_index: s.sw ?? n.sw_if_index ?? NONE,
    table_id: n.table ?? 0,
    rpf_id: 0,
    weight: n.weight ?? 1,
    preference: n.preference ?? 0,
    type: s.type ?? l.normal,
    flags: s.flags,
    proto,
    nh: { address, via_label: n['via-label'] ?? 0, obj_id: n.obj_id ?? 0, classify_table_index: n.classify_table ?? 0 },
    n_labels: s.labels.length,
    label_stack: labelStack(s.labels, l.labels),
  };
}

/** `given` first, then zero labels, `size` in all. A loop: Array.from({ length }, …) cost most of a path's read. */
function labelStack(given: readonly number[], size: number): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  for (let i = 0; i < size; i++) out.push({ is_uniform: 0, label: given[i] ?? 0, ttl: 0, exp: 0 });
  return out;
}

/** Path text → value, or why it is not one. Throws nothing. */
export function readFibPath(l: FibLayout, text: string, interfaces?: InterfaceTable): Record<string, unknown> | ReadFailure {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { reason: 'empty' };
  const s: State = { seen: new Set(), flags: 0, numbers: {}, labels: [] };
  try {
    for (let i = 0; i < words.length; i++) word(s, l, words[i], () => words[++i], interfaces);
    return value(s, l);
  } catch (e) {
    if (e instanceof Failed) return e.failure;
    throw e;
  }
}
