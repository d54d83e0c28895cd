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

/** `foo_v2_reply` → { base: 'foo', version: 2, tail: '_reply' }. */
function parts(name: string): { base: string; version: number; tail: string } {
  const m = /^(.*?)(?:_v(\d+))?(_reply|_details)?$/.exec(name)!;
  return { base: m[1]!, version: m[2] ? Number(m[2]) : 1, tail: m[3] ?? '' };
}

/**
 * The likely replacement of message `name` in `to`: the `replaced_by` option of its
 * definition (either side) when `to` has that message, else the highest `<base>_vN`
 * (same `_reply`/`_details` tail) above the message's own version. Undefined when there
 * is none. Throws nothing.
 */
export function successorOf(name: string, to: Schema, defs: readonly (MessageDef | undefined)[] = [], index?: ReadonlyMap<string, string[]>): string | undefined {
  for (const d of defs) {
    const r = d?.options.replacedBy;
    if (r && r !== name && to.messages.has(r)) return r;
  }
  const p = parts(name);
  const key = `${p.base}\u0000${p.tail}`;
  const candidates = index?.get(key) ?? versionIndex(to).get(key) ?? [];
  let best: { name: string; version: number } | undefined;
  for (const c of candidates) {
    const v = parts(c).version;
    if (v > p.version && (!best || v > best.version)) best = { name: c, version: v };
  }
  return best?.name;
}

/** `base\0tail` → the names `<base>_vN<tail>` of `schema` (N ≥ 2). Build once for many lookups. Throws nothing. */
export function versionIndex(schema: Schema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of schema.messages.keys()) {
    const p = parts(n);
    if (p.version < 2) continue;
    const key = `${p.base}\u0000${p.tail}`;
    const list = out.get(key);
    if (list) list.push(n);
    else out.set(key, [n]);
  }
  return out;
}
