/** Where the targets file is looked for (no YAML loaded here: every command asks this). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CONFIG_HOME/vppapi/config.yaml`, else `~/.config/vppapi/config.yaml`. Throws nothing. */
export function defaultTargetsFile(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'vppapi', 'config.yaml');
}
