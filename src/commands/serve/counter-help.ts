/**
 * `# HELP` texts for Prometheus output, from the definitions' `counters` blocks: the
 * definitions directory when there is one (--api-dir, $VPP_API_DIR, /usr/share/vpp/api),
 * else the built-in set (its ip module describes the IPv4/IPv6 node errors). The
 * statistics segment needs no API connection, so VPP's own get_api_json is not asked.
 */
import { readApiDir } from '../../client/schema/load.js';
import { counterHelp } from '../../format/stats/stats-prometheus.js';
import { builtinDefinitions, definitionsDir } from '../runtime/definitions.js';
import type { GlobalOptions } from '../runtime/globals.js';

/** Entry name → help text. Unreadable definition files are skipped. Throws nothing. */
export async function loadCounterHelp(g: GlobalOptions, env: Record<string, string | undefined>): Promise<Map<string, string>> {
  try {
    const dir = definitionsDir(g.apiDir, env);
    const sources = dir ? readApiDir(dir, { tolerant: true }).sources : await builtinDefinitions();
    return counterHelp(sources.map((s) => s.module));
  } catch {
    return new Map();
  }
}
