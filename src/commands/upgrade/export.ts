/**
 * `api export`: a live VPP's definitions (get_api_json's array of modules) written as
 * VPP installs them, `core/<module>.api.json` and `plugins/<module>.api.json`, so that
 * they can be diffed, loaded with --api-dir, or attached to a bug report.
 *
 * get_api_json does not say where a module comes from, so the folder is told from, first
 * that says:
 * 1. the modules' own import paths: a module that imports a `plugins/…` file is a plugin's
 *    (VPP's core never depends on a plugin), and one that another imports as
 *    `plugins/<dir>/<name>.api` or as `vnet/…`, `vlib/…`, `vpp/…`, `vlibmemory/…` lives there;
 * 2. by name: the modules VPP 25.10 installs under `core/` (everything built from src/vnet,
 *    src/vlib, src/vpp and src/vlibmemory), less those that became plugins by the release
 *    the VPP reports (tapv2 in 26.02, policer and policer_types in 26.06). Any other module
 *    is a plugin's.
 * Files are written as VPP's generator writes them: JSON indented by four spaces.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawSource } from '../../client/schema/raw.js';
import { makeDirs } from '../../client/make-dirs.js';
import { kindOfImport, moduleOfImport } from '../../client/schema/module-kind.js';

type Folder = 'core' | 'plugins';

const CORE = new Set(
  ('arp bfd bier bond classify crypto dev ethernet_types feature fib fib_types flow flow_types gso interface interface_types ' +
    'ip ip6_dad ip6_nd ip_neighbor ip_types ipfix_export ipip ipsec ipsec_types l2 memclnt mfib_types mpls p2p_ethernet ' +
    'pci_types pg pipe policer policer_types punt qos rd_cp session sfdp sfdp_types span sr sr_pt sr_types syslog tapv2 ' +
    'tcp teib tm tunnel_types udp virtio virtio_types vlib vpe vpe_types').split(' '),
);

/** Core modules of 25.10 that are plugins from a release on: [year, month] of that release. */
const BECAME_PLUGIN: Record<string, readonly [number, number]> = { tapv2: [26, 2], policer: [26, 6], policer_types: [26, 6] };

/** `26.06-release` → [26, 6]; undefined when the text names no release. */
function releaseOf(version: string | undefined): [number, number] | undefined {
  const m = version === undefined ? null : /(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Folders the import paths of `sources` tell, by module name. */
function foldersFromImports(sources: readonly RawSource[]): Map<string, Folder> {
  const told = new Map<string, Folder>();
  for (const s of sources) {
    const imports = Array.isArray(s.module.imports) ? s.module.imports.filter((i): i is string => typeof i === 'string') : [];
    if (typeof s.module.module === 'string' && imports.some((i) => i.startsWith('plugins/'))) told.set(s.module.module, 'plugins');
    for (const path of imports) {
      const name = moduleOfImport(path);
      const kind = told.has(name) ? undefined : kindOfImport(path);
      if (kind) told.set(name, kind === 'plugin' ? 'plugins' : 'core');
    }
  }
  return told;
}

/** `core` or `plugins` for module `name` by name alone, for VPP `version` (see above). Throws nothing. */
export function installFolder(name: string, version?: string): Folder {
  if (!CORE.has(name)) return 'plugins';
  const since = BECAME_PLUGIN[name];
  const release = releaseOf(version);
  if (since && release && (release[0] > since[0] || (release[0] === since[0] && release[1] >= since[1]))) return 'plugins';
  return 'core';
}

/** A module name usable as a file name: letters, digits, `_`, `-`, `.` (no path, no `..`). */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export interface Exported {
  files: string[];
  /** Modules left out, with why (no name, a name that is not a file name, a second one of a name). */
  skipped: string[];
}

/**
 * Writes `sources` below `dir` (created when missing), each in the folder its facts give
 * (VPP `version`, from show_version, where known). Returns the files written.
 * @throws the fs error when a folder or file cannot be written.
 */
export function exportDefinitions(sources: readonly RawSource[], dir: string, version?: string): Exported {
  const out: Exported = { files: [], skipped: [] };
  const told = foldersFromImports(sources);
  const seen = new Set<string>();
  for (const s of sources) {
    const name = s.module.module;
    if (typeof name !== 'string' || !SAFE_NAME.test(name) || name.includes('..')) {
      out.skipped.push(`${s.origin}: module name ${JSON.stringify(name)} is not a file name`);
      continue;
    }
    if (seen.has(name)) {
      out.skipped.push(`${s.origin}: a second module called ${name}`);
      continue;
    }
    seen.add(name);
    const folder = join(dir, told.get(name) ?? installFolder(name, version));
    makeDirs(folder);
    const file = join(folder, `${name}.api.json`);
    writeFileSync(file, JSON.stringify(s.module, null, 4));
    out.files.push(file);
  }
  return out;
}
