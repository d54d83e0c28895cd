/**
 * Message ids as VPP assigns them at start-up (docs/protocol.md §2): memclnt's messages take
 * 1.. in the order of memclnt's definition (so sockclnt_create = 15, sockclnt_create_reply
 * = 16, sockclnt_delete = 17, get_api_json = 27 with the 26.06 definition), then every
 * other module's messages follow as one consecutive block each, in the order the modules
 * were loaded. Id 0 is never used.
 */
import type { MessageDef, Schema } from '../client/schema/model.js';

export interface MessageIds {
  /** VPP's message table, in id order: what sockclnt_create_reply lists. */
  readonly entries: ReadonlyArray<{ id: number; key: string }>;
  idOf(name: string): number | undefined;
  defOf(id: number): MessageDef | undefined;
}

/**
 * Numbers every message of `schema`.
 * @throws Error when the schema has no memclnt module (no client could connect).
 */
export function assignIds(schema: Schema): MessageIds {
  const memclnt = schema.modules.get('memclnt');
  if (!memclnt) throw new Error('the served definitions lack the memclnt module, which every client needs for the handshake');
  const byName = new Map<string, number>();
  const byId: (MessageDef | undefined)[] = [undefined];
  const entries: { id: number; key: string }[] = [];
  const number = (names: readonly string[]): void => {
    for (const n of names) {
      const def = schema.messages.get(n);
      if (!def || byName.has(n)) continue; // left out by a tolerant load, or listed twice
      const id = byId.length;
      byId.push(def);
      byName.set(n, id);
      entries.push({ id, key: def.key });
    }
  };
  number(memclnt.messages);
  for (const m of schema.modules.values()) if (m !== memclnt) number(m.messages);
  return {
    entries,
    idOf: (name) => byName.get(name),
    defOf: (id) => byId[id],
  };
}
