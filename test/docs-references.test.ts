/**
 * Every file or folder of this repository named in a comment under src/, bench/, bin/ or
 * test/, in README.md or in docs/ exists (the rules of a reference are in
 * test/support/path-references.ts). A rename that leaves a comment behind fails here,
 * naming the file, the line and the name.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentsOf, exists, namesIn, referencesIn } from './support/path-references.js';

const ROOT = join(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/'));
const basenames = new Set(tracked.map((f) => basename(f)));
const sources = tracked.filter((f) => /^(src|bench|bin|test)\/.*\.(ts|cts)$/.test(f));
const docs = tracked.filter((f) => f === 'README.md' || /^docs\/.*\.md$/.test(f));

describe('paths named in comments and docs', () => {
  const refs = [...sources, ...docs].flatMap((f) => referencesIn(f, readFileSync(join(ROOT, f), 'utf8')));

  it('are found (a scan that found nothing would pass vacuously)', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(docs).toContain('docs/protocol.md');
    expect(refs.length).toBeGreaterThan(200);
  });

  it('all exist', () => {
    const missing = refs.filter((r) => !exists(ROOT, r.file, r.name, basenames)).map((r) => `${r.file}:${r.line}: ${r.name}`);
    expect(missing).toEqual([]);
  });
});

describe('the reference finder', () => {
  it('reads comments, not strings or regular expressions', () => {
    const text = "const a = '// src/not-a-comment.ts';\nconst r = /src\\/x\\.ts/; // see src/client/index.ts\n/** and format/values/bytes.ts */";
    const found = commentsOf(text).flatMap((c) => namesIn(c.text, c.line));
    expect(found).toEqual([{ name: 'src/client/index.ts', line: 2 }, { name: 'format/values/bytes.ts', line: 3 }]);
  });

  it('takes folders, relative and bare names; leaves URLs, absolute paths, dist/ and ../shared alone', () => {
    const names = namesIn('src/client/ ./x.ts ../y/z.md table.ts https://a.b/src/c.ts /run/vpp/api.sock dist/bin/v.ts ../shared/PROTOCOL.md').map((n) => n.name);
    expect(names).toEqual(['src/client/', './x.ts', '../y/z.md', 'table.ts']);
  });

  it('fails a name that does not exist, by each rule', () => {
    const b = new Set(['index.ts']);
    expect(exists(ROOT, 'src/client/index.ts', 'src/client/', b)).toBe(true);
    expect(exists(ROOT, 'src/client/index.ts', 'src/client/nope/', b)).toBe(false);
    expect(exists(ROOT, 'src/client/index.ts', 'session/session.ts', b)).toBe(true);
    expect(exists(ROOT, 'src/client/index.ts', 'session/nope.ts', b)).toBe(false);
    expect(exists(ROOT, 'src/client/index.ts', 'index.ts', b)).toBe(true);
    expect(exists(ROOT, 'src/client/index.ts', 'nope.ts', b)).toBe(false);
  });
});

describe("README's layout map", () => {
  it('has a line for every folder under src/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const folders = [...new Set(sources.filter((f) => f.startsWith('src/')).map((f) => `${f.slice(0, f.lastIndexOf('/'))}/`))];
    expect(folders.length).toBeGreaterThan(20);
    expect(folders.filter((d) => !readme.includes(`| \`${d}\` |`))).toEqual([]);
  });
});
