/**
 * A fib_path value → its text, in this order (a word only when its field differs from
 * what the reader assumes without it):
 *
 * | words                          | field(s)                  | left out when            |
 * |--------------------------------|---------------------------|--------------------------|
 * | `drop`, `local`, `dvr`, …      | type                      | NORMAL                   |
 * | `via 10.0.0.2`, `via 2001:db8::1` | nh.address (and proto) | the address is zero      |
 * | `loop0` / `sw_if_index 1`      | sw_if_index               | ~0                       |
 * | `table N`                      | table_id                  | 0                        |
 * | `weight N`                     | weight                    | 1                        |
 * | `preference N`                 | preference                | 0                        |
 * | `resolve-via-host`, …          | flags                     | 0                        |
 * | `via-label N`, `obj_id N`, `classify_table N` | nh.*       | 0                        |
 * | `labels 100/200`               | n_labels, label_stack[].label | no labels            |
 * | `ip6`, `mpls`, …               | proto                     | told by the address, or IP4 |
 *
 * A path with none of these reads `normal`. What the words cannot say makes the writer
 * give up (undefined), and the caller prints JSON instead: an rpf_id, label TTL/EXP or
 * uniform mode, bytes of the address union beyond those of `proto`, labels past
 * n_labels, unnamed enum values or flag bits. Missing fields count as the codec's zero.
 */
import { type FibLayout, NONE, reservedWords } from './fib-path-layout.js';
import type { InterfaceTable } from '../values/interface-names.js';
import { formatIp4, formatIp6, parseIp } from '../values/addresses.js';
import { intFromText } from '../values/numbers.js';

type Obj = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) ? (v as Obj) : {});

/** The 16 bytes of the untagged address union, whichever member the value holds. */
function unionBytes(address: unknown): Uint8Array | undefined {
  const a = obj(address);
  const out = new Uint8Array(16);
  const ip6 = a.ip6;
  const ip4 = a.ip4;
  if (ip6 instanceof Uint8Array && ip6.length === 16) out.set(ip6);
  else if (ip4 instanceof Uint8Array && ip4.length === 4) out.set(ip4);
  else if (ip6 !== undefined || ip4 !== undefined) return undefined;
  return out;
}

const zero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** `via …`, or '' for none; undefined when the union holds bytes `proto` does not explain. */
function viaText(l: FibLayout, proto: number, nh: Obj): string | undefined {
  const u = unionBytes(nh.address);
  if (!u) return undefined;
  if (proto === l.ip6) return zero(u) ? '' : `via ${formatIp6(u)}`;
  if (!zero(u.subarray(proto === l.ip4 ? 4 : 0))) return undefined;
  return proto === l.ip4 && !zero(u.subarray(0, 4)) ? `via ${formatIp4(u.subarray(0, 4))}` : '';
}

/** A name that reads back as this interface and as nothing else. */
function nameFor(index: number, l: FibLayout, t: InterfaceTable | undefined): string | undefined {
  const name = t?.nameOf(index);
  if (!name || !/^[^\s,[\]{}"]+$/.test(name) || reservedWords(l).has(name.toLowerCase())) return undefined;
  if (intFromText(name) !== undefined || typeof parseIp(name) !== 'string' || t!.indexOf(name) !== index) return undefined;
  return name;
}

function flagWords(l: FibLayout, flags: number): string[] | undefined {
  const out: string[] = [];
  let rest = flags >>> 0;
  for (const [bit, word] of [...l.flags.byValue].sort((a, b) => a[0] - b[0])) {
    if ((rest & bit) >>> 0 === 0) continue;
    out.push(word);
    rest = (rest & ~bit) >>> 0;
  }
  return rest === 0 ? out : undefined;
}

function labelWords(l: FibLayout, p: Obj): string[] | undefined {
  const n = num(p.n_labels);
  const stack = Array.isArray(p.label_stack) ? p.label_stack : [];
  if (n > l.labels || stack.length > l.labels) return undefined;
  const labels: number[] = [];
  for (let i = 0; i < l.labels; i++) {
    const e = obj(stack[i]);
    if (num(e.is_uniform) !== 0 || num(e.ttl) !== 0 || num(e.exp) !== 0) return undefined;
    if (i < n) labels.push(num(e.label));
    else if (num(e.label) !== 0) return undefined;
  }
  return n === 0 ? [] : [`labels ${labels.join('/')}`];
}

/** The text of path `value`, or undefined when words cannot say all of it. Throws nothing. */
export function writeFibPath(l: FibLayout, value: unknown, interfaces?: InterfaceTable): string | undefined {
  const p = obj(value);
  const nh = obj(p.nh);
  const type = num(p.type);
  const proto = num(p.proto);
  const typeWord = l.types.byValue.get(type);
  const protoWord = l.protos.byValue.get(proto);
  const via = viaText(l, proto, nh);
  const flags = flagWords(l, num(p.flags));
  const labels = labelWords(l, p);
  if (typeWord === undefined || protoWord === undefined || via === undefined || !flags || !labels || num(p.rpf_id) !== 0) return undefined;
  const words: string[] = [];
  if (type !== l.normal) words.push(typeWord);
  if (via) words.push(via);
  const sw = num(p.sw_if_index);
  if (sw !== NONE) words.push(nameFor(sw, l, interfaces) ?? `sw_if_index ${sw}`);
  const table = num(p.table_id);
  if (table !== 0) words.push(`table ${table}`);
  const weight = num(p.weight);
  if (weight !== 1) words.push(`weight ${weight}`);
  const pref = num(p.preference);
  if (pref !== 0) words.push(`preference ${pref}`);
  words.push(...flags);
  for (const [word, v] of [['via-label', nh.via_label], ['obj_id', nh.obj_id], ['classify_table', nh.classify_table_index]] as const) {
    if (num(v) !== 0) words.push(`${word} ${num(v)}`);
  }
  words.push(...labels);
  if (!via && proto !== l.ip4) words.push(protoWord);
  return words.length ? words.join(' ') : l.types.byValue.get(l.normal) ?? 'normal';
}
