/**
 * Which fields a request sets, as paths (`['route', 'paths', 'sw_if_index']`): from the
 * flags of a script line, or from the values of a recorded message.
 *
 * A recorded message (a session, a trace) holds every field, whether the client set it
 * or not; there a field counts as set when its value is not what an unset field encodes
 * as: zero, false, an empty string or list, all-zero bytes. Array indexes are not part of
 * a path: a field set in any element is set.
 */

type Path = readonly string[];

/** A JSON-like object (not an array, not bytes). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Not what an unset field encodes as. */
function isSetValue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v !== '' && v !== '0';
  if (v instanceof Uint8Array) return v.some((b) => b !== 0);
  return true;
}

/** Adds the paths of the set leaves of `v` below `prefix` to `out` (keyed by the joined path). */
function collect(v: unknown, prefix: string[], out: Map<string, Path>): void {
  if (Array.isArray(v)) {
    if (v.some((x) => isPlainObject(x) || Array.isArray(x))) for (const x of v) collect(x, prefix, out);
    else if (v.some(isSetValue) && prefix.length) out.set(prefix.join('.'), prefix);
    return;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) collect(x, [...prefix, k], out);
    return;
  }
  if (isSetValue(v) && prefix.length) out.set(prefix.join('.'), prefix);
}

/**
 * The set fields of a recorded message's body `value`; `skip` names top-level keys that
 * are not fields the client chose (`_msgname`, `_crc`, client_index, context). Throws nothing.
 */
export function recordedPaths(value: Record<string, unknown>, skip: ReadonlySet<string>): Path[] {
  const out = new Map<string, Path>();
  for (const [k, v] of Object.entries(value)) if (!skip.has(k)) collect(v, [k], out);
  return [...out.values()];
}

/**
 * The fields of a `--args` JSON object: every key given, at every depth (a value given
 * in JSON is set, whatever it is). Throws nothing.
 */
export function jsonPaths(value: Record<string, unknown>): Path[] {
  const out = new Map<string, Path>();
  const walk = (v: unknown, prefix: string[]): void => {
    if (Array.isArray(v) && v.some((x) => isPlainObject(x))) {
      for (const x of v) walk(x, prefix);
      if (v.length === 0 && prefix.length) out.set(prefix.join('.'), prefix);
    } else if (isPlainObject(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) walk(x, [...prefix, k]);
    } else if (prefix.length) out.set(prefix.join('.'), prefix);
  };
  walk(value, []);
  return [...out.values()];
}

/** `route.paths[1].sw-if-index` → ['route', 'paths', 'sw_if_index'] (kebab spellings as the CLI takes them). Throws nothing. */
export function flagPath(flag: string): string[] {
  return flag.replace(/\[\d*\]/g, '').split('.').filter((s) => s !== '').map((s) => s.replace(/-/g, '_'));
}
