/**
 * `api export`: a live VPP's definitions (get_api_json's array of modules) written as
 * VPP installs them, `core/<module>.api.json` and `plugins/<module>.api.json`, so that
 * they can be diffed, loaded with --api-dir, or attached to a bug report.
 *
 * get_api_json does not say where a module comes from, so core modules are known by
 * name: the modules VPP 25.10, 26.02 and 26.06 install under `core/` (everything built
 * from src/vnet, src/vlib, src/vpp and src/vlibmemory). Any other module is a plugin's.
 * Files are written as VPP's generator writes them: JSON indented by four spaces.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawSource } from '../../client/schema/raw.js';
import { makeDirs } from '../../client/make-dirs.js';

const CORE = new Set(
  ('arp bfd bier bond classify crypto dev ethernet_types feature fib fib_types flow flow_types gso interface interface_types ' +
    'ip ip6_dad ip6_nd ip_neighbor ip_types ipfix_export ipip ipsec ipsec_types l2 memclnt mfib_types mpls p2p_ethernet ' +
    'pci_types pg pipe policer policer_types punt qos rd_cp session sfdp sfdp_types span sr sr_pt sr_types syslog tapv2 ' +
    'tcp teib tm tunnel_types udp virtio virtio_types vlib vpe vpe_types').split(' '),
);

/** `core` or `plugins` for module `name`. Throws nothing. */
export function installFolder(name: string): 'core' | 'plugins' {
  return CORE.has(name) ? 'core' : 'plugins';
}

/** A module name usable as a file name: letters, digits, `_`, `-`, `.` (no path, no `..`). */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export interface Exported {
  files: string[];
  /** Modules left out, with why (no name, a name that is not a file name, a second one of a name). */
  skipped: string[];
}

/**
 * Writes `sources` below `dir` (created when missing). Returns the files written.
 * @throws the fs error when a folder or file cannot be written.
 */
export function exportDefinitions(sources: readonly RawSource[], dir: string): Exported {
  const out: Exported = { files: [], skipped: [] };
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
    const folder = join(dir, installFolder(name));
    makeDirs(folder);
    const file = join(folder, `${name}.api.json`);
    writeFileSync(file, JSON.stringify(s.module, null, 4));
    out.files.push(file);
  }
  return out;
}
