/**
 * Field-by-field comparison of a recorded reply with the live one.
 *
 * Left out, because they differ on every run whatever VPP does:
 * - `context`, `client_index`: chosen per connection by the client and VPP;
 * - `stats_index` (any depth): VPP hands these out from the statistics segment, in an
 *   order that depends on everything created before, including by other clients.
 * Indexes VPP allocates (allocations.ts) are compared through the replay's index map: a
 * recorded sw_if_index 3 that became 7 is equal when the live reply says 7.
 */
export interface Difference {
  /** `route.paths[1].weight`; '' for the whole value. */
  path: string;
  recorded: unknown;
  live: unknown;
}

export const ALWAYS_DIFFERENT = new Set(['context', 'client_index', '_vl_msg_id', 'stats_index']);

/** Every leaf where `recorded` and `live` differ. Throws nothing. */
export function differences(recorded: unknown, live: unknown, path = '', out: Difference[] = []): Difference[] {
  if (same(recorded, live)) return out;
  if (Array.isArray(recorded) && Array.isArray(live)) {
    const n = Math.max(recorded.length, live.length);
    for (let i = 0; i < n; i++) differences(recorded[i], live[i], `${path}[${i}]`, out);
    return out;
  }
  if (isObj(recorded) && isObj(live)) {
    const keys = new Set([...Object.keys(recorded), ...Object.keys(live)]);
    for (const k of keys) {
      if (ALWAYS_DIFFERENT.has(k)) continue;
      differences(recorded[k], live[k], path ? `${path}.${k}` : k, out);
    }
    return out;
  }
  out.push({ path, recorded, live });
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    try {
      return BigInt(a) === BigInt(b);
    } catch {
      return false;
    }
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
  return false;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
