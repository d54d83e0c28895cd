/**
 * Whether a module is a plugin's or VPP's core, from the facts the definitions carry: the
 * folder its file was read from (VPP installs api/plugins and api/core), the built-in set,
 * and the source paths other modules import it by. Modules here are tiny and hand-written.
 */
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { missingModuleReason, moduleKind } from '../../../src/client/schema/module-kind.js';
import type { RawModule, RawSource } from '../../../src/client/schema/raw.js';
import { builtinSources } from '../../support/cli.js';

const mod = (name: string, imports: string[] = []): RawModule => ({
  module: name,
  imports,
  messages: [[`${name}_ping`, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], { crc: '0x00000001' }]] as never,
  options: { version: '1.0.0' },
});

const sources: RawSource[] = [
  ...builtinSources(),
  { origin: '/usr/share/vpp/api/plugins/acme.api.json', module: mod('acme') },
  { origin: '/usr/share/vpp/api/core/netcore.api.json', module: mod('netcore') },
  { origin: '/tmp/defs-26.06.tar.gz:api/plugins/tarplug.api.json', module: mod('tarplug') },
  { origin: '/tmp/defs-26.06.tar.gz:api/core/tarcore.api.json', module: mod('tarcore') },
  // Fetched with get_api_json: no folder; what other files import them by tells.
  { origin: 'get_api_json:user', module: mod('user', ['plugins/lbx/lbx_types.api', 'vnet/fancy/fancy_types.api']) },
  { origin: 'get_api_json:lbx_types', module: mod('lbx_types') },
  { origin: 'get_api_json:fancy_types', module: mod('fancy_types') },
  { origin: 'get_api_json:lonely', module: mod('lonely') },
  // A folder named neither plugins nor core says nothing.
  { origin: '/home/core/defs/flat.api.json', module: mod('flat') },
];
const schema = loadSchema(sources).schema;

describe('moduleKind', () => {
  it.each([
    ['acme', 'plugin'], ['netcore', 'core'], ['tarplug', 'plugin'], ['tarcore', 'core'],
    ['interface', 'core'], ['vpe', 'core'], ['memclnt', 'core'],
    ['lbx_types', 'plugin'], ['fancy_types', 'core'],
    ['lonely', undefined], ['flat', undefined], ['not_loaded_at_all', undefined],
  ])('%s: %s', (name, kind) => {
    expect(moduleKind(schema, name)).toBe(kind);
  });

  it('words why a whole module is missing by its kind', () => {
    expect(missingModuleReason(schema, 'acme')).toBe('plugin not loaded?');
    expect(missingModuleReason(schema, 'netcore')).toBe('a core module: definitions of another VPP release?');
    expect(missingModuleReason(schema, 'lonely')).toBe('a plugin not loaded, or definitions of another VPP release?');
  });
});
