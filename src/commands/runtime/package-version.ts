/** vppapi's own version, from the package.json above this file (src/ or dist/src/). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The `version` of the nearest package.json named vppapi; '0.0.0' when none is found. Throws nothing. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vppapi' && pkg.version) return (cached = pkg.version);
    } catch {
      /* keep looking upwards */
    }
    dir = dirname(dir);
  }
  return (cached = '0.0.0');
}
