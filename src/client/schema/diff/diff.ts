/**
 * `api diff`'s comparison: two resolved schemas (old → new) compared by message name
 * and CRC, with what changed inside each changed message, the types behind it, status
 * and module versions, VPP's CRC checker rule and likely successors.
 */
import type { MessageDef, Schema } from '../model.js';
import { compareFields } from './fields.js';
import type { Change, MessageDiff, ModuleDiff, SchemaDiff, TypeDiff } from './model.js';
import { typesByMessage } from './reach.js';
import { isIncompatible, messageStatus, successorOf, versionIndex, type VersionIndex } from './rules.js';
import { compareTypes } from './types.js';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareModules(a: Schema, b: Schema): ModuleDiff[] {
  const out: ModuleDiff[] = [];
  for (const [name, m] of b.modules) {
    const o = a.modules.get(name);
    if (!o) out.push({ module: name, change: 'added', newVersion: m.version });
    else if (o.version !== m.version) out.push({ module: name, change: 'changed', oldVersion: o.version, newVersion: m.version });
  }
  for (const [name, o] of a.modules) if (!b.modules.has(name)) out.push({ module: name, change: 'removed', oldVersion: o.version });
  return out.sort((x, y) => byName(x.module, y.module));
}

interface Ctx {
  a: Schema;
  b: Schema;
  reachA: Map<string, ReadonlySet<string>>;
  reachB: Map<string, ReadonlySet<string>>;
  changedTypes: ReadonlyMap<string, TypeDiff>;
  versions: VersionIndex;
}

/** The changed types `name` reaches on either side. */
function typesReached(c: Ctx, name: string): string[] {
  const out = new Set<string>();
  for (const r of [c.reachA.get(name), c.reachB.get(name)]) for (const t of r ?? []) if (c.changedTypes.has(t)) out.add(t);
  return [...out].sort(byName);
}

function messageDiff(c: Ctx, change: Change, od: MessageDef | undefined, nd: MessageDef | undefined): MessageDiff {
  const d = (nd ?? od)!;
  const so = od && messageStatus(od);
  const sn = nd && messageStatus(nd);
  const gone = change === 'removed' || sn === 'deprecated';
  return {
    message: d.name,
    module: d.module,
    change,
    oldCrc: od?.crc,
    newCrc: nd?.crc,
    fields: od && nd ? compareFields(od.fields, nd.fields) : [],
    types: change === 'added' ? [] : typesReached(c, d.name),
    status: { old: so, new: sn },
    statusChanged: so !== undefined && sn !== undefined && so !== sn,
    incompatible: isIncompatible(change, od, c.a),
    successor: gone ? successorOf(d.name, c.b, [od, nd], c.versions) : undefined,
  };
}

/** Each changed type with the messages of either side that reach it. */
function withReaches(types: TypeDiff[], reachA: Map<string, ReadonlySet<string>>, reachB: Map<string, ReadonlySet<string>>): void {
  const at = new Map(types.map((t) => [t.name, new Set<string>()]));
  for (const reach of [reachA, reachB]) {
    for (const [msg, set] of reach) for (const t of set) at.get(t)?.add(msg);
  }
  for (const t of types) t.reaches = [...at.get(t.name)!].sort(byName);
}

/**
 * Compares `a` (old) with `b` (new). Messages are matched by name: in `b` only is
 * added, in `a` only is removed, another CRC is changed. Throws nothing.
 */
export function diffSchemas(a: Schema, b: Schema): SchemaDiff {
  const types = compareTypes(a, b);
  const reachA = typesByMessage(a);
  const reachB = typesByMessage(b);
  withReaches(types, reachA, reachB);
  const c: Ctx = { a, b, reachA, reachB, changedTypes: new Map(types.map((t) => [t.name, t])), versions: versionIndex(b) };
  const messages: MessageDiff[] = [];
  const statusOnly: MessageDiff[] = [];
  let unchanged = 0;
  for (const [name, nd] of b.messages) {
    const od = a.messages.get(name);
    if (!od) messages.push(messageDiff(c, 'added', undefined, nd));
    else if (od.crc !== nd.crc) messages.push(messageDiff(c, 'changed', od, nd));
    else {
      unchanged++;
      // Same CRC: the wire is the same, so never incompatible.
      if (messageStatus(od) !== messageStatus(nd)) statusOnly.push({ ...messageDiff(c, 'changed', od, nd), incompatible: false });
    }
  }
  for (const [name, od] of a.messages) if (!b.messages.has(name)) messages.push(messageDiff(c, 'removed', od, undefined));
  const order = (x: MessageDiff, y: MessageDiff): number => byName(x.module, y.module) || byName(x.message, y.message);
  messages.sort(order);
  statusOnly.sort(order);
  const count = (ch: Change): number => messages.filter((m) => m.change === ch).length;
  return {
    messages,
    statusOnly,
    types,
    modules: compareModules(a, b),
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), incompatible: messages.filter((m) => m.incompatible).length, types: types.length, unchanged },
  };
}
