/**
 * mkdir -p one level at a time: nested levels made, an existing directory fine, a file on
 * the way refused with ENOTDIR, and a pseudo file system that refuses new entries fails
 * with ENOENT instead of looping for ever (Node 20's recursive mkdir does, under /proc).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/client/make-dirs.js';

const root = mkdtempSync(join(tmpdir(), 'vppapi-mkdirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const codeOf = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return (e as { code?: unknown }).code;
  }
  return 'no error';
};

describe('makeDirs', () => {
  it('makes every missing level, with the mode asked for', () => {
    const d = join(root, 'a', 'b', 'c');
    makeDirs(d, 0o700);
    expect(statSync(d).isDirectory()).toBe(true);
    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    makeDirs(d);
    expect(statSync(d).isDirectory()).toBe(true);
  });

  it('refuses a file on the way, or as the directory itself, with ENOTDIR', () => {
    const f = join(root, 'file');
    writeFileSync(f, 'x');
    expect(codeOf(() => makeDirs(join(f, 'sub')))).toBe('ENOTDIR');
    expect(codeOf(() => makeDirs(f))).toBe('ENOTDIR');
  });

  it.skipIf(process.platform !== 'linux')('fails (ENOENT) under /proc rather than looping', () => {
    expect(codeOf(() => makeDirs('/proc/vppapi-no-such/x'))).toBe('ENOENT');
  });
});
