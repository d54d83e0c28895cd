/**
 * VPP's message table, as sent in sockclnt_create_reply (docs/protocol.md §2): every message
 * the running VPP knows, as `<name>_<crc>` (crc: 8 lower-case hex digits) with the id it
 * assigned at start-up. Only sockclnt_create (15) and its reply (16) have fixed ids.
 *
 * A local definition is classified against it:
 *
 * | status    | meaning                                                 |
 * |-----------|---------------------------------------------------------|
 * | available | the table has the definition's exact `<name>_<crc>`     |
 * | changed   | the table has the name, with another CRC                |
 * | missing   | the table has no message of that name (plugin absent?)  |
 */
import type { Availability } from './errors.js';

export interface TableEntry {
  id: number;
  /** `<name>_<crc>` as VPP sent it. */
  key: string;
  name: string;
  /** 8 lower-case hex digits; empty when the key has no CRC suffix. */
  crc: string;
}

export interface Classification {
  status: Availability;
  /** VPP's id for the message (available only). */
  id?: number;
  /** The key VPP knows for this name (available, changed). */
  remoteKey?: string;
  /** The local definition's key. */
  localKey?: string;
}

const KEY = /^(.+)_([0-9a-f]{8})$/;

/** `show_version_51077d14` → `{ name: 'show_version', crc: '51077d14' }`; a key without a CRC keeps crc ''. Throws nothing. */
export function splitTableKey(key: string): { name: string; crc: string } {
  const m = KEY.exec(key);
  return m ? { name: m[1]!, crc: m[2]! } : { name: key, crc: '' };
}

export class MessageTable {
  /** `<name>_<crc>` → id, in the order VPP sent them. */
  private readonly idOf = new Map<string, number>();
  private readonly keyAt: (string | undefined)[] = [];
  /** Built on first use: a connect needs only idOf (~2,000 entries split at start-up cost ~3 ms). */
  private readonly made: (TableEntry | undefined)[] = [];
  private names: Map<string, TableEntry> | undefined;
  private digest?: string;

  /** Duplicate keys or ids keep their first entry. Throws nothing. */
  constructor(entries: Iterable<{ id: number; key: string }>) {
    for (const { id, key } of entries) {
      if (this.idOf.has(key) || this.keyAt[id] !== undefined) continue;
      this.idOf.set(key, id);
      this.keyAt[id] = key;
    }
  }

  private entry(id: number): TableEntry | undefined {
    let e = this.made[id];
    if (e) return e;
    const key = this.keyAt[id];
    if (key === undefined) return undefined;
    const { name, crc } = splitTableKey(key);
    e = { id, key, name, crc };
    this.made[id] = e;
    return e;
  }

  private byNames(): Map<string, TableEntry> {
    if (this.names) return this.names;
    const names = new Map<string, TableEntry>();
    for (const id of this.idOf.values()) {
      const e = this.entry(id)!;
      if (!names.has(e.name)) names.set(e.name, e);
    }
    return (this.names = names);
  }

  get size(): number {
    return this.idOf.size;
  }

  /** The entry with this id. */
  byId(id: number): TableEntry | undefined {
    return this.entry(id);
  }

  /** The entry with this exact `<name>_<crc>`. */
  byKey(key: string): TableEntry | undefined {
    const id = this.idOf.get(key);
    return id === undefined ? undefined : this.entry(id);
  }

  /** The entry with this name, whatever its CRC. */
  byName(name: string): TableEntry | undefined {
    return this.byNames().get(name);
  }

  /** Every entry, ordered by id. */
  entries(): TableEntry[] {
    const out: TableEntry[] = [];
    this.keyAt.forEach((_, id) => out.push(this.entry(id)!));
    return out;
  }

  /**
   * Identifies the set of definitions this VPP runs: sha256 (hex) of the sorted keys
   * joined by "\n". Two VPPs with the same plugins and version share it, whatever ids
   * they assigned.
   */
  get digestKey(): string {
    // node:crypto is taken here, not imported: loading it costs every start, and only a
    // connect without a definitions directory needs this key.
    this.digest ??= process.getBuiltinModule('node:crypto').createHash('sha256').update([...this.idOf.keys()].sort().join('\n')).digest('hex');
    return this.digest;
  }

  /** How a local definition (`name`, `<name>_<crc>`) stands against this table. Throws nothing. */
  classify(name: string, localKey: string): Classification {
    const id = this.idOf.get(localKey);
    if (id !== undefined) return { status: 'available', id, remoteKey: localKey, localKey };
    const other = this.byNames().get(name);
    if (other) return { status: 'changed', remoteKey: other.key, localKey };
    return { status: 'missing', localKey };
  }
}
