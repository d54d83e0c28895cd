import type { Session } from './session.js';
import type { MessageTable } from './message-table.js';

/**
 * VPP's version text (`show_version_reply.version`, e.g. `26.06-release`) for the guards,
 * asked once per connection: cached on the connection's message table, which a reconnect
 * (perhaps to another VPP) replaces.
 */
const asked = new WeakMap<MessageTable, Promise<string | undefined>>();

/**
 * The version of the VPP `session` is connected to, or undefined when it cannot be told
 * (show_version missing or changed, an error, a closed session). Never rejects.
 */
export function vppVersion(session: Session): Promise<string | undefined> {
  let table: MessageTable;
  try {
    table = session.table;
  } catch {
    return Promise.resolve(undefined);
  }
  let v = asked.get(table);
  if (!v) {
    v = ask(session);
    asked.set(table, v);
  }
  return v;
}

async function ask(session: Session): Promise<string | undefined> {
  try {
    if (session.availability('show_version').status !== 'available') return undefined;
    const r = (await session.call('show_version')) as { version?: unknown };
    return typeof r.version === 'string' ? r.version : undefined;
  } catch {
    return undefined;
  }
}
