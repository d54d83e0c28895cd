/**
 * The judgements `api diff` and `check --against` share: a message's status, VPP's CRC
 * checker rule for incompatible changes, and the likely successor of a message.
 */
import type { MessageDef, ModuleInfo, Schema } from '../model.js';
import type { Change, MessageStatus } from './model.js';

/** From the options: `deprecated` (or `status: deprecated`), `in_progress` (or `status: in_progress`). Throws nothing. */
export function messageStatus(d: MessageDef): MessageStatus {
  if (d.options.deprecated || d.options.status === 'deprecated') return 'deprecated';
  if (d.options.inProgress || d.options.status === 'in_progress') return 'in_progress';
  return 'active';
}

/** The major number of a module version `"2.1.0"`; 0 when absent or not a version. Throws nothing. */
export function majorVersion(m: ModuleInfo | undefined): number {
  const v = /^\s*(\d+)/.exec(m?.version ?? '');
  return v ? Number(v[1]) : 0;
}

/**
 * VPP's CRC checker rule: a removed or changed message is a backwards-incompatible
 * change when its module (old side) is at version 1.0 or later and the old definition
 * was neither deprecated nor in progress. Added messages never are. Throws nothing.
 */
export function isIncompatible(change: Change, old: MessageDef | undefined, oldSchema: Schema): boolean {
  if (change === 'added' || !old) return false;
  if (majorVersion(oldSchema.modules.get(old.module)) < 1) return false;
  return messageStatus(old) === 'active';
}

/** `gre_tunnel_v2_dump` → { key: 'gre_tunnel_dump', version: 2 }: the name without its `_vN` part, and N (1 without). */
function parts(name: string): { key: string; version: number } {
  let version = 1;
  const rest: string[] = [];
  for (const t of name.split('_')) {
    const m = /^v(\d+)$/.exec(t);
    if (m && rest.length > 0) version = Math.max(version, Number(m[1]));
    else rest.push(t);
  }
  return { key: rest.join('_'), version };
}

export interface VersionIndex {
  schema: Schema;
  /** Name without `_vN` → the versioned names of the schema (N ≥ 2). */
  byKey: Map<string, { name: string; version: number }[]>;
}

/**
 * The likely replacement of message `name` in `to`: the `replaced_by` option of its
 * definition (either side) when `to` has that message, else a versioned name of it
 * (`foo_v2`, `foo_v3_reply`, `gre_tunnel_v2_dump` for `gre_tunnel_dump`) above its own
 * version: one that is not deprecated first, then the highest version. Undefined when
 * there is none. Throws nothing.
 */
export function successorOf(name: string, to: Schema, defs: readonly (MessageDef | undefined)[] = [], index: VersionIndex = versionIndex(to)): string | undefined {
  for (const d of defs) {
    const r = d?.options.replacedBy;
    if (r && r !== name && to.messages.has(r)) return r;
  }
  const p = parts(name);
  const rank = (c: { name: string; version: number }): [number, number] => {
    const def = to.messages.get(c.name);
    return [def && messageStatus(def) === 'deprecated' ? 1 : 0, -c.version];
  };
  let best: { name: string; version: number } | undefined;
  for (const c of index.byKey.get(p.key) ?? []) {
    if (c.version <= p.version || c.name === name) continue;
    if (!best) best = c;
    else {
      const [a, b] = [rank(c), rank(best)];
      if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && c.name < best.name)))) best = c;
    }
  }
  return best?.name;
}

/** The versioned names of `schema` by name without `_vN`: build once for many successorOf calls. Throws nothing. */
export function versionIndex(schema: Schema): VersionIndex {
  const byKey = new Map<string, { name: string; version: number }[]>();
  for (const n of schema.messages.keys()) {
    const p = parts(n);
    if (p.version < 2) continue;
    const list = byKey.get(p.key);
    if (list) list.push({ name: n, version: p.version });
    else byKey.set(p.key, [{ name: n, version: p.version }]);
  }
  return { schema, byKey };
}
