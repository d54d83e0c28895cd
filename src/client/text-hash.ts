/**
 * A short hash of a short text, for naming cache files (a directory's path, a key made of
 * a file's identity): 160 bits in 40 hex digits, the width of the SHA-1 names the files
 * had. Not cryptographic, and not meant to be: what the files hold is checked against a
 * stamp or a build hash, never trusted for the name alone. Loading node:crypto for this
 * cost every start of the CLI a few ms. bin/vppapi.cts has its own copy (it runs before
 * any of this code is loaded).
 */

/** Odd multipliers, one per 32-bit lane. */
const LANES = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1];

/**
 * 40 hex digits from `text`: five 32-bit lanes, each its own multiplier over every
 * UTF-16 unit, then MurmurHash3's finaliser. Throws nothing.
 */
export function textHash160(text: string): string {
  let out = '';
  for (let lane = 0; lane < LANES.length; lane++) {
    const m = LANES[lane]!;
    let h = (0x811c9dc5 ^ lane) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), m);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}
