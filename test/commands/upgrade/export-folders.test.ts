/**
 * Which folder `api export` files a live VPP's module in (core/ or plugins/), since
 * get_api_json does not say: checked on hand-made modules, and on the three releases'
 * real definitions, whose install folders are the answer (read from ../shared, skipped
 * and counted when it is absent).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exportDefinitions } from '../../../src/commands/upgrade/export.js';
import type { RawSource } from '../../../src/client/schema/raw.js';
import { HAVE_SHARED, SHARED } from '../../support/shared.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function exportTo(sources: RawSource[], version?: string): { core: string[]; plugins: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-export-'));
  dirs.push(dir);
  exportDefinitions(sources, dir, version);
  const list = (f: string): string[] => {
    try {
      return readdirSync(join(dir, f)).map((n) => n.replace(/\.api\.json$/, '')).sort();
    } catch {
      return [];
    }
  };
  return { core: list('core'), plugins: list('plugins') };
}

const mod = (module: string, imports: string[] = []): RawSource => ({ origin: 'get_api_json', module: { module, imports, messages: [], types: [] } as unknown as RawSource['module'] });

describe('api export: the folder of each module', () => {
  test('import paths decide first: a module importing a plugins/ file is a plugin, and what it imports lives where the path says', () => {
    const r = exportTo([mod('policer', ['vnet/interface_types.api', 'plugins/policer/policer_types.api']), mod('policer_types'), mod('interface_types')], '26.06-release');
    expect(r).toEqual({ core: ['interface_types'], plugins: ['policer', 'policer_types'] });
  });

  test('a module no path tells of goes by name and the release the VPP reports: tapv2 is core in 25.10, a plugin from 26.02', () => {
    expect(exportTo([mod('tapv2'), mod('acl')], '25.10-release')).toEqual({ core: ['tapv2'], plugins: ['acl'] });
    expect(exportTo([mod('tapv2'), mod('acl')], '26.02-rc2~5-gabc')).toEqual({ core: [], plugins: ['acl', 'tapv2'] });
    expect(exportTo([mod('tapv2')], undefined)).toEqual({ core: ['tapv2'], plugins: [] });
  });

  for (const release of ['v25.10', 'v26.02', 'v26.06']) {
    test.skipIf(!HAVE_SHARED)(`${release}: every module lands in the folder VPP installs it in`, () => {
      const root = join(SHARED, 'vpp-api', release);
      const where = new Map<string, string>();
      const sources: RawSource[] = [];
      for (const folder of ['core', 'plugins']) {
        for (const f of readdirSync(join(root, folder)).filter((n) => n.endsWith('.api.json'))) {
          const name = f.replace(/\.api\.json$/, '');
          // get_api_json names each module; the installed files do not.
          const module = { ...(JSON.parse(readFileSync(join(root, folder, f), 'utf8')) as object), module: name } as RawSource['module'];
          where.set(name, folder);
          sources.push({ origin: 'get_api_json', module });
        }
      }
      const r = exportTo(sources, `${release.slice(1)}-release`);
      const wrong = [...r.core.filter((m) => where.get(m) !== 'core'), ...r.plugins.filter((m) => where.get(m) !== 'plugins')];
      expect(wrong).toEqual([]);
      expect(r.core.length + r.plugins.length).toBe(where.size);
    });
  }
});
