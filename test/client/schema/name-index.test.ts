/**
 * The name index read as bytes: a name's file from the position written after it, only
 * when the file was made of this very listing (its head, stamp included, as written;
 * a stamp with paths beyond ASCII too), and nothing for a position that is not 1 to 6
 * digits followed by `,` or `}`, or that lies outside the listing. The index files here
 * are written by hand in the documented layout, not by saveNames.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lookupNames, saveNames } from '../../../src/client/schema/name-index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vppapi-names-'));
  dirs.push(d);
  return d;
};

const files = ['/defs/a.api.json', '/defs/é/b.api.json'];
const stamp = '/defs/a.api.json:10:1|/defs/é/b.api.json:20:2';

/** Writes `names` (the text after `"names":{`) as the index for `/defs` and returns the cache dir. */
function index(names: string, head = `{"format":2,"stamp":${JSON.stringify(stamp)},"names":{`): string {
  const cache = temp();
  // The file's name is the index's own (a hash of the directory): made once by saveNames, then written over.
  saveNames(cache, '/defs', stamp, files, new Map());
  const [file] = readdirSync(cache);
  writeFileSync(join(cache, file!), `${head}${names}}}`, 'utf8');
  return cache;
}

describe('lookupNames', () => {
  it('gives the file at the position written after the name, for a stamp with paths beyond ASCII', () => {
    const cache = index('"show_version":0,"sw_interface_dump":1');
    const l = lookupNames(cache, '/defs', stamp, files)!;
    expect(l.get('show_version')).toBe('/defs/a.api.json');
    expect(l.get('sw_interface_dump')).toBe('/defs/é/b.api.json');
    expect(l.get('show')).toBeUndefined();
    expect(l.get('not a name')).toBeUndefined();
  });

  it('is no index for another listing, a damaged head or a file cut short', () => {
    const cache = index('"show_version":0');
    expect(lookupNames(cache, '/defs', stamp.replace('20', '21'), files)).toBeUndefined();
    expect(lookupNames(index('"show_version":0', '{"format":2,"stamp":"x","names":{'), '/defs', stamp, files)).toBeUndefined();
    const cut = temp();
    saveNames(cut, '/defs', stamp, files, new Map([[files[0]!, ['show_version']]]));
    const [file] = readdirSync(cut);
    writeFileSync(join(cut, file!), `{"format":2,"stamp":${JSON.stringify(stamp)},"names":{"show_version":0}`);
    expect(lookupNames(cut, '/defs', stamp, files)).toBeUndefined();
  });

  it('reads no file for a position that is not 1 to 6 digits before `,` or `}`, or lies outside the listing', () => {
    const l = lookupNames(index('"a":1234567,"b":-1,"c":1x,"d":,"e":2,"f":0001'), '/defs', stamp, files)!;
    for (const n of ['a', 'b', 'c', 'd', 'e']) expect(l.get(n)).toBeUndefined();
    // Leading zeros are digits: position 1.
    expect(l.get('f')).toBe('/defs/é/b.api.json');
  });
});
