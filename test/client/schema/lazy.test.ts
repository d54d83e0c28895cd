import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchemaFor } from '../../../src/client/schema/lazy.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

const made: string[] = [];
afterAll(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};

/** A definitions tree written from the built-in modules, so the test needs no ../shared. */
function tree(withMemclnt: boolean): string {
  const dir = temp('vppapi-lazy-');
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
    const cache = temp('vppapi-idx-');
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

/** A message of module `module` with one u32 field per name in `fields` (VPP's JSON form). */
function messageModule(module: string, msgs: Record<string, string[]>): string {
  const messages = Object.entries(msgs).map(([name, fields]) => [name, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ...fields.map((f) => ['u32', f]), { crc: '0x51077d14' }]);
  return JSON.stringify({ module, messages });
}

/** The fields of `name` in a load of `dir` through the index in `cache`, or undefined when not found. */
function fieldsOf(dir: string, cache: string, name: string): string[] | undefined {
  const r = loadSchemaFor(dir, [name], { indexDir: cache });
  return r.notFound.includes(name) ? undefined : r.schema.messages.get(name)!.fields.map((f) => f.name);
}

const indexFile = (cache: string): string => join(cache, readdirSync(cache).find((f) => f.startsWith('names-'))!);
let tick = 1_700_000_000;
/** Sets a file's mtime to a time no other write of this test used (the stamp holds it). */
const touch = (file: string): void => utimesSync(file, ++tick, ++tick);

describe('the name index (one file per definitions directory, in the cache directory)', () => {
  it('a file changed, added or removed: the next load uses what is on disk now', () => {
    const dir = tree(true);
    const cache = temp('vppapi-idx-');
    const extra = join(dir, 'core', 'extra.api.json');
    writeFileSync(extra, messageModule('extra', { extra_ping: ['a'] }));
    expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'a']);
    // Changed (another field, so another size too).
    writeFileSync(extra, messageModule('extra', { extra_ping: ['a', 'b'] }));
    touch(extra);
    expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'a', 'b']);
    // Changed in place to the same size: only the mtime tells.
    writeFileSync(extra, messageModule('extra', { extra_ping: ['c', 'd'] }));
    touch(extra);
    expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'c', 'd']);
    // Added: a message the index has never seen.
    writeFileSync(join(dir, 'core', 'more.api.json'), messageModule('more', { more_ping: ['x'] }));
    expect(fieldsOf(dir, cache, 'more_ping')).toEqual(['client_index', 'context', 'x']);
    // Moved from one file to another, and the old file removed.
    rmSync(extra);
    writeFileSync(join(dir, 'core', 'more.api.json'), messageModule('more', { more_ping: ['x'], extra_ping: ['e'] }));
    touch(join(dir, 'core', 'more.api.json'));
    expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'e']);
    // Removed altogether.
    rmSync(join(dir, 'core', 'more.api.json'));
    expect(fieldsOf(dir, cache, 'more_ping')).toBeUndefined();
    expect(fieldsOf(dir, cache, 'show_version')).toEqual(['client_index', 'context']);
  });

  it('a damaged index file (garbage, truncated, another shape, a wrong file for a name) is not trusted: the load works and the index is written anew', () => {
    const dir = tree(true);
    const cache = temp('vppapi-idx-');
    writeFileSync(join(dir, 'core', 'extra.api.json'), messageModule('extra', { extra_ping: ['a'] }));
    expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'a']);
    const file = indexFile(cache);
    const good = readFileSync(file, 'utf8');
    const parsed = JSON.parse(good) as { format: number; stamp: string; names: Record<string, number> };
    // Every file of this tree is in core/: the listing is core/'s names in order.
    const listing = readdirSync(join(dir, 'core')).filter((f) => f.endsWith('.api.json')).sort();
    expect(listing[parsed.names.extra_ping!]).toBe('extra.api.json');
    const withNames = (names: Record<string, unknown>): string => JSON.stringify({ ...parsed, names: { ...parsed.names, ...names } });
    const damaged: (string | Buffer)[] = [
      Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]),
      good.slice(0, Math.floor(good.length / 2)),
      good.slice(0, good.length - 1),
      '',
      JSON.stringify({ stamp: parsed.stamp, files: 'x', names: [] }),
      withNames({ extra_ping: 1e9 }),
      withNames({ extra_ping: -1 }),
      withNames({ extra_ping: 'extra.api.json' }),
      withNames({ extra_ping: listing.indexOf('vpe.api.json') }),
      good.replace('"extra_ping":', '"extra_pong":'),
    ];
    for (const bytes of damaged) {
      writeFileSync(file, bytes);
      expect(fieldsOf(dir, cache, 'extra_ping')).toEqual(['client_index', 'context', 'a']);
      expect(fieldsOf(dir, cache, 'show_version')).toEqual(['client_index', 'context']);
      const now = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
      expect(listing[now.names.extra_ping!]).toBe('extra.api.json');
    }
    expect(readdirSync(cache).filter((f) => !f.startsWith('names-'))).toEqual([]);
  });

  it('an index directory that cannot be made or written: loads still work, nothing thrown', () => {
    const dir = tree(true);
    const base = temp('vppapi-idx-');
    const blocker = join(base, 'a-file');
    writeFileSync(blocker, 'not a directory');
    for (let i = 0; i < 2; i++) expect(fieldsOf(dir, join(blocker, 'cache'), 'show_version')).toEqual(['client_index', 'context']);
    expect(readdirSync(base)).toEqual(['a-file']);
  });
});
