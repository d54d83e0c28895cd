/**
 * Listing a definitions directory (client/schema/definition-sources.ts scanApiFiles):
 * every `*.api.json` below it, by name within each directory, with the size and mtime
 * the name index stamps; paths spelled as path.join spells them.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listApiFiles, scanApiFiles } from '../../../src/client/schema/definition-sources.js';

const made: string[] = [];
afterAll(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-scan-'));
  made.push(dir);
  mkdirSync(join(dir, 'plugins'));
  mkdirSync(join(dir, 'core'));
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'core', 'vpe.api.json'), '{"module":"vpe"}');
  writeFileSync(join(dir, 'core', 'interface.api.json'), '{"module":"interface", "x": 1}');
  writeFileSync(join(dir, 'plugins', 'acl.api.json'), '{}');
  writeFileSync(join(dir, 'errors.json'), '{}');
  writeFileSync(join(dir, 'core', 'notes.txt'), 'x');
  writeFileSync(join(dir, 'elsewhere', 'hidden.api.json'), '{}');
  writeFileSync(join(dir, 'top.api.json'), '[]');
  // A symbolic link to a directory is not walked; one to a file is listed, stamped with its target.
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'linked-dir'));
  symlinkSync(join(dir, 'core', 'vpe.api.json'), join(dir, 'plugins', 'vpe-link.api.json'));
  utimesSync(join(dir, 'core', 'vpe.api.json'), 1_600_000_000, 1_600_000_000);
  return dir;
}

describe('scanApiFiles', () => {
  it('lists every *.api.json below the directory, sorted by name in each, with size and mtime', () => {
    const dir = tree();
    const r = scanApiFiles(dir);
    expect(r.map((f) => relative(dir, f.path))).toEqual([
      'core/interface.api.json', 'core/vpe.api.json',
      'elsewhere/hidden.api.json',
      'plugins/acl.api.json', 'plugins/vpe-link.api.json',
      'top.api.json',
    ]);
    const byName = new Map(r.map((f) => [relative(dir, f.path), f]));
    expect(byName.get('core/interface.api.json')!.size).toBe('{"module":"interface", "x": 1}'.length);
    expect(byName.get('core/vpe.api.json')!.mtimeMs).toBe(1_600_000_000_000);
    expect(byName.get('plugins/vpe-link.api.json')).toMatchObject({ size: 16, mtimeMs: 1_600_000_000_000 });
    expect(byName.get('top.api.json')!.mtimeMs).toBe(statSync(join(dir, 'top.api.json')).mtimeMs);
    expect(listApiFiles(dir)).toEqual(r.map((f) => f.path));
  });

  it('spells paths as path.join does, however the directory was written', () => {
    const dir = tree();
    const rel = relative(process.cwd(), dir);
    for (const spelled of [dir, `${dir}/`, `${dir}//`, rel, `./${rel}/`, join(dir, 'core', '..')]) {
      expect(listApiFiles(spelled)).toEqual(['core/interface.api.json', 'core/vpe.api.json', 'elsewhere/hidden.api.json', 'plugins/acl.api.json', 'plugins/vpe-link.api.json', 'top.api.json'].map((f) => join(spelled, f)));
    }
  });

  it('names the directory it cannot read', () => {
    expect(() => scanApiFiles('/nonexistent/vppapi-defs')).toThrow(/cannot read definitions directory \/nonexistent\/vppapi-defs/);
  });
});
