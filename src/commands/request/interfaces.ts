/**
 * The interface table (sw_interface_dump: index ⇄ name) of the connected VPP, for values
 * whose text names interfaces: FIB paths read (`via 10.0.0.2 loop0`) and printed. A
 * read-only dump, so it is asked also under --dry-run; kept per connection (a reconnect
 * replaces the message table, and with it this cache) and asked again when a name is not
 * in it or the caller wants it fresher.
 */
import type { Field, MessageDef, TypeNode } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import type { MessageTable } from '../../client/session/message-table.js';
import { InterfaceTable } from '../../format/values/interface-names.js';
import type { FormatRegistry } from '../../format/type-formats/format-registry.js';
import { unalias } from '../../client/schema/model.js';

interface Entry {
  at: number;
  table: Promise<InterfaceTable>;
}

const cache = new WeakMap<MessageTable, Entry>();

/**
 * The interfaces of `session`'s VPP, from the cache when younger than `maxAgeMs`.
 * @throws the session's errors (not connected, sw_interface_dump missing, no answer).
 */
export function sessionInterfaces(session: Session, timeoutMs: number, maxAgeMs = Infinity): Promise<InterfaceTable> {
  const key = session.table;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at <= maxAgeMs) return hit.table;
  const table = (async () => {
    const rows: Record<string, unknown>[] = [];
    for await (const d of session.iterate('sw_interface_dump', {}, { timeoutMs, own: true })) rows.push(d);
    return InterfaceTable.fromDetails(rows);
  })();
  const entry = { at: Date.now(), table };
  cache.set(key, entry);
  table.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return table;
}

/** True when a value of `def` prints interface names (it holds a FIB path somewhere). Throws nothing. */
export function namesInterfaces(def: MessageDef, registry: FormatRegistry): boolean {
  const seen = new Set<TypeNode>();
  const walk = (fields: readonly Field[]): boolean =>
    fields.some((f) => {
      if (registry.specialFor(f.type)?.role === 'path') return true;
      const t = unalias(f.type);
      if ((t.kind !== 'struct' && t.kind !== 'union') || seen.has(t)) return false;
      seen.add(t);
      return walk(t.fields);
    });
  return walk(def.bodyFields);
}
