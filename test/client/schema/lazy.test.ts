import { mkdtempSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchemaFor } from '../../../src/client/schema/lazy.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

/** A definitions tree written from the built-in modules, so the test needs no ../shared. */
function tree(withMemclnt: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-lazy-'));
  mkdirSync(join(dir, 'core'));
  for (const m of builtinModules()) {
    if (!withMemclnt && m.module === 'memclnt') continue;
    writeFileSync(join(dir, 'core', `${m.module}.api.json`), JSON.stringify(m, null, 4));
  }
  return dir;
}

describe('loadSchemaFor', () => {
  it('parses only the module that defines the message, plus memclnt', () => {
    const dir = tree(true);
    const r = loadSchemaFor(dir, ['sw_interface_dump']);
    expect(r.notFound).toEqual([]);
    // The built-in modules do not inline their imports, so the type modules come along.
    expect(r.sources.map((s) => s.module.module).sort()).toEqual(['ethernet_types', 'interface', 'interface_types', 'ip_types', 'memclnt']);
    expect(r.schema.services.get('sw_interface_dump')?.pattern).toBe('dump');
    expect(r.schema.messages.has('control_ping')).toBe(true);
  });

  it('falls back to the built-in memclnt when the tree has none, and reports unknown names', () => {
    const dir = tree(false);
    const r = loadSchemaFor(dir, ['show_version', 'no_such_message']);
    expect(r.notFound).toEqual(['no_such_message']);
    expect(r.sources[0].origin).toBe('built-in');
    expect(r.schema.messages.has('show_version_reply')).toBe(true);
  });

  it.skipIf(!HAVE_SHARED)('finds a plugin message in the real 26.06 tree', () => {
    const r = loadSchemaFor(API_26_06, ['acl_add_replace']);
    expect(r.notFound).toEqual([]);
    expect(r.sources.map((s) => s.module.module).sort()).toEqual(['acl', 'memclnt']);
    expect(r.schema.messages.get('acl_add_replace')?.crc).toBe('ee5c2f18');
  });

  it('keeps one name index per directory, whether the path is given relative or absolute', async () => {
    const dir = tree(true);
    const cache = mkdtempSync(join(tmpdir(), 'vppapi-idx-'));
    loadSchemaFor(dir, ['show_version'], { indexDir: cache });
    const [file] = readdirSync(cache).filter((f) => f.startsWith('names-'));
    expect(file).toBeDefined();
    const before = statSync(join(cache, file!)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const r = loadSchemaFor(relative(process.cwd(), dir), ['sw_interface_dump'], { indexDir: cache });
    expect(r.notFound).toEqual([]);
    expect(readdirSync(cache).filter((f) => f.startsWith('names-'))).toEqual([file]);
    expect(statSync(join(cache, file!)).mtimeMs).toBe(before);
    // A change to any file invalidates the index: it is rebuilt, and the new message is found.
    writeFileSync(join(dir, 'core', 'extra.api.json'), JSON.stringify({ module: 'extra', messages: [['extra_ping', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], { crc: '0x51077d14' }]] }));
    expect(loadSchemaFor(dir, ['extra_ping'], { indexDir: cache }).notFound).toEqual([]);
    expect(statSync(join(cache, file!)).mtimeMs).not.toBe(before);
  });
});
