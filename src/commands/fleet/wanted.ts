/**
 * Whether a command line needs the target selection (fleet/select.ts, which loads the
 * YAML reader): only when a target is named or a targets file may give a default, so a
 * plain call pays one stat.
 */
import { existsSync } from 'node:fs';
import { defaultTargetsFile } from '../../client/targets/paths.js';
import type { GlobalOptions } from '../runtime/globals.js';

/** Built-ins that never run on a target list: they start or list things themselves. */
export const NOT_FANNED_OUT: ReadonlySet<string> = new Set(['emulate', 'completion', '__complete', 'help', 'targets']);

/** Built-ins that run on one target only (a stream that never ends, a terminal). */
export const ONE_TARGET_ONLY: ReadonlySet<string> = new Set(['repl', 'watch']);

/** Built-ins that take several targets whole (one process serving each by name) instead of running once per target. */
export const SERVES_FLEET: ReadonlySet<string> = new Set(['serve']);

/** Throws nothing. */
export function targetsWanted(g: GlobalOptions, env: Readonly<Record<string, string | undefined>>): boolean {
  if (g.emulator) return false;
  if (g.target?.length || g.config !== undefined) return true;
  if (g.socketGiven || env.VPP_API_SOCKET) return false;
  return existsSync(defaultTargetsFile(env));
}
