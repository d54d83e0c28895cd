/**
 * Whether a module of the definitions is a plugin's or VPP's core, from facts the
 * definitions carry (never from the module's name alone: modules move between core and
 * plugins across releases, e.g. tapv2 in 26.02 and policer in 26.06).
 *
 * | fact (first that says)                                   | kind                       |
 * |----------------------------------------------------------|----------------------------|
 * | read from a file in a folder named `plugins` / `core`    | plugin / core: VPP installs its definitions as `api/plugins/*.api.json` and `api/core/*.api.json` (a directory or a `.tar.gz` of one) |
 * | the built-in set                                         | core (memclnt, vpe, vlib, interface, ip and their types) |
 * | another module's file imports it as `plugins/…/x.api`    | plugin (VPP's source path of its `.api` file) |
 * | … as `vnet/…`, `vlib/…`, `vpp/…` or `vlibmemory/…`       | core                       |
 * | none of these (get_api_json's array, a flat directory)   | undefined: not known       |
 */
import type { ModuleInfo, Schema } from './model.js';

export type ModuleKind = 'plugin' | 'core';

/** `/usr/share/vpp/api/plugins/acl.api.json` → 'plugins'; `x.tar.gz:api/core/ip.api.json` → 'core'. */
function folderOf(origin: string): string | undefined {
  const parts = origin.split(/[/\\:]/);
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

const CORE_SOURCE = /^(?:vnet|vlib|vpp|vlibmemory|vppinfra)\//;

/** The kind an import path gives its module: `plugins/acl/acl_types.api` → plugin. Throws nothing. */
export function kindOfImport(path: string): ModuleKind | undefined {
  if (path.startsWith('plugins/')) return 'plugin';
  return CORE_SOURCE.test(path) ? 'core' : undefined;
}

/** The module an import path names: `vnet/ip/ip_types.api` → ip_types. Throws nothing. */
export const moduleOfImport = (path: string): string => path.replace(/^.*\//, '').replace(/\.api(\.json)?$/, '');

function kindOfInfo(info: ModuleInfo): ModuleKind | undefined {
  if (info.origin === 'built-in') return 'core';
  const folder = folderOf(info.origin);
  if (folder === 'plugins') return 'plugin';
  if (folder === 'core') return 'core';
  return undefined;
}

/** The kind of module `name` in `schema`, or undefined when its definitions do not say. Throws nothing. */
export function moduleKind(schema: Schema, name: string): ModuleKind | undefined {
  const info = schema.modules.get(name);
  const own = info ? kindOfInfo(info) : undefined;
  if (own) return own;
  for (const m of schema.modules.values()) {
    for (const path of m.importPaths ?? []) {
      if (moduleOfImport(path) !== name) continue;
      const k = kindOfImport(path);
      if (k) return k;
    }
  }
  return undefined;
}

/**
 * Why VPP may lack module `name` as a whole, for reports: `plugin not loaded?` for a
 * plugin's, `a core module: definitions of another release?` for core's. Throws nothing.
 */
export function missingModuleReason(schema: Schema, name: string): string {
  switch (moduleKind(schema, name)) {
    case 'plugin': return 'plugin not loaded?';
    case 'core': return 'a core module: definitions of another VPP release?';
    default: return 'a plugin not loaded, or definitions of another VPP release?';
  }
}
