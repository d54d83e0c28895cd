/**
 * Definitions from a .tar.gz: archives made here by a naive ustar writer (test/support/
 * naive-tar.ts), well-formed and hostile: another layout depth, links, paths outside,
 * a header that lies about its size, a gzip bomb, something that is not a tar at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { readApiTarball } from '../../../src/client/schema/tarball.js';
import { REQ, moduleJson, msg } from '../../support/hand-defs.js';
import { naiveTar, type TarItem } from '../../support/naive-tar.js';

const dir = mkdtempSync(join(tmpdir(), 'vppapi-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mod = (name: string) => JSON.stringify(moduleJson({ module: name, version: '1.0.0', messages: [msg(`${name}_hello`, '0x0000abcd', [...REQ])] }));

function tgz(name: string, items: TarItem[]): string {
  const p = join(dir, name);
  writeFileSync(p, gzipSync(naiveTar(items)));
  return p;
}

describe('a .tar.gz of a definitions directory', () => {
  test('every *.api.json at any depth, in path order; other files, directories and links are left out', async () => {
    const p = tgz('ok.tar.gz', [
      { name: 'api/', type: '5' },
      { name: 'api/plugins/zeta.api.json', data: mod('zeta') },
      { name: 'api/core/alpha.api.json', data: mod('alpha') },
      { name: 'api/core/README', data: 'not a definition' },
      { name: 'api/core/link.api.json', type: '2', link: '/etc/passwd' },
    ]);
    const sources = await readApiTarball(p);
    expect(sources.map((s) => s.module.module)).toEqual(['alpha', 'zeta']);
    expect(sources[0]!.origin).toBe(`${p}:api/core/alpha.api.json`);
  });

  test('paths outside the archive (absolute, ..) are never read', async () => {
    const p = tgz('escape.tar.gz', [
      { name: '../outside.api.json', data: mod('outside') },
      { name: '/abs.api.json', data: mod('abs') },
      { name: 'core/../../up.api.json', data: mod('up') },
      { name: 'core/inside.api.json', data: mod('inside') },
    ]);
    expect((await readApiTarball(p)).map((s) => s.module.module)).toEqual(['inside']);
  });

  test('a tarball of something else: no *.api.json, named in the error', async () => {
    const p = tgz('other.tar.gz', [{ name: 'notes.txt', data: 'hello' }]);
    await expect(readApiTarball(p)).rejects.toThrow(/other\.tar\.gz: no \*\.api\.json files in this archive/);
  });

  test('gzip of something that is not a tar archive', async () => {
    const p = join(dir, 'plain.gz');
    writeFileSync(p, gzipSync(Buffer.from('just some text, no tar headers here\n'.repeat(40))));
    await expect(readApiTarball(p)).rejects.toThrow(/plain\.gz: (not a tar archive|no \*\.api\.json)/);
  });

  test('not gzip at all', async () => {
    const p = join(dir, 'plain.txt');
    writeFileSync(p, 'hello');
    await expect(readApiTarball(p)).rejects.toThrow(/plain\.txt: not a gzip file/);
  });

  test('a header claiming more bytes than the archive holds reads no further than the archive', async () => {
    const good = naiveTar([{ name: 'core/a.api.json', data: mod('a') }]);
    // One header claiming 1 MiB, then the archive ends.
    const lying = Buffer.concat([naiveTar([{ name: 'core/big.api.json', data: 'x', claimSize: 1 << 20 }]).subarray(0, 1024)]);
    const p = join(dir, 'lying.tar.gz');
    writeFileSync(p, gzipSync(Buffer.concat([good.subarray(0, good.length - 1024), lying])));
    await expect(readApiTarball(p)).rejects.toThrow(/lying\.tar\.gz/);
  });

  test('a gzip bomb stops at the unpacked-size bound', async () => {
    const p = join(dir, 'bomb.tar.gz');
    writeFileSync(p, gzipSync(Buffer.alloc(4 << 20)));
    await expect(readApiTarball(p, { maxUnpacked: 1 << 20, maxFile: 1 << 20, maxFiles: 10 })).rejects.toThrow(/bomb\.tar\.gz: unpacks to more than 1048576 bytes/);
  });

  test('a compressed file larger than the unpacked bound is refused before it is read', async () => {
    const p = tgz('large.tar.gz', [{ name: 'core/a.api.json', data: mod('a') }]);
    await expect(readApiTarball(p, { maxUnpacked: 100, maxFile: 100, maxFiles: 10 })).rejects.toThrow(/large\.tar\.gz: \d+ bytes, more than the 100 a definitions archive may unpack to/);
  });

  test('a definition file larger than the per-file bound, and too many files', async () => {
    const big = tgz('bigfile.tar.gz', [{ name: 'core/big.api.json', data: ' '.repeat(5000) + mod('big') }]);
    await expect(readApiTarball(big, { maxUnpacked: 1 << 20, maxFile: 4096, maxFiles: 10 })).rejects.toThrow(/core\/big\.api\.json is \d+ bytes, more than the 4096/);
    const many = tgz('many.tar.gz', ['a', 'b', 'c'].map((n) => ({ name: `core/${n}.api.json`, data: mod(n) })));
    await expect(readApiTarball(many, { maxUnpacked: 1 << 20, maxFile: 1 << 20, maxFiles: 2 })).rejects.toThrow(/more than 2 \*\.api\.json files/);
  });

  test('a definition that is not JSON is named by its path in the archive', async () => {
    const p = tgz('badjson.tar.gz', [{ name: 'core/broken.api.json', data: '{ not json' }]);
    await expect(readApiTarball(p)).rejects.toThrow(/badjson\.tar\.gz:core\/broken\.api\.json: not valid JSON/);
  });

  test('a missing file', async () => {
    await expect(readApiTarball(join(dir, 'nope.tar.gz'))).rejects.toThrow(/cannot read .*nope\.tar\.gz/);
  });
});
