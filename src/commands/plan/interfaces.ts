/**
 * The interface table (sw_interface_dump: index ⇄ name) of the connected VPP: the one
 * cache of it, for the values whose text names interfaces (FIB paths read as
 * `via 10.0.0.2 loop0` and printed so) and for completing interface indexes as
 * `1 (loop0)`. A read-only dump, so it is asked also under --dry-run. Kept per
 * connection (on the session's message table, which a reconnect replaces), asked again
 * when older than the caller allows, and forgotten when a caller knows interfaces may
 * have changed (the shell, after each line).
 */
import type { Session } from '../../client/session/session.js';
import type { MessageTable } from '../../client/session/message-table.js';
import { InterfaceTable } from '../../format/values/interface-names.js';

interface Entry {
  at: number;
  table: Promise<InterfaceTable>;
}

const cache = new WeakMap<MessageTable, Entry>();

/**
 * The interfaces of `session`'s VPP, from the cache when younger than `maxAgeMs`
 * (0: asked now).
 * @throws (rejects with) the session's errors: not connected, sw_interface_dump missing, no answer.
 */
export function interfaceTable(session: Session, timeoutMs: number, maxAgeMs = Infinity): Promise<InterfaceTable> {
  let key: MessageTable;
  try {
    key = session.table;
  } catch (e) {
    return Promise.reject(e);
  }
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

/** Forgets what interfaceTable kept for `session` (a command may have made or deleted interfaces). Throws nothing. */
export function forgetInterfaces(session: Session | undefined): void {
  try {
    if (session) cache.delete(session.table);
  } catch {
    /* not connected: nothing kept */
  }
}
