/**
 * What the tests that run the built program as another user (uid 65534) need: a place
 * that user can enter, and a copy of the program there. $TMPDIR may be private (0700, as
 * a careful CI sets it), and the checkout may sit under a directory the user cannot
 * enter; what these tests check is a socket's permission, so everything else the user
 * touches must be reachable.
 */
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Whether every directory from the root down to `dir` lets others pass (o+x). Throws nothing. */
function othersCanEnter(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    for (let d = dir; ; d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) return false;
      if (d === parse(d).root) return true;
    }
  } catch {
    return false;
  }
}

/**
 * A fresh directory (mode 0755) under the first of $TMPDIR, /tmp and /var/tmp that any
 * user can reach, removed after the file's tests.
 * @throws Error when none of them can be reached by others.
 */
export function reachableDir(prefix: string): string {
  const base = [tmpdir(), '/tmp', '/var/tmp'].find(othersCanEnter);
  if (!base) throw new Error('no temporary directory that another user can enter ($TMPDIR, /tmp, /var/tmp)');
  const d = mkdtempSync(join(base, prefix));
  chmodSync(d, 0o755);
  made.push(d);
  return d;
}

/**
 * A copy of the built program (dist/, package.json and the production packages of
 * package-lock.json, `without` left out) in a reachable directory; returns its
 * dist/bin/vppctl-api.js. Throws what copying throws.
 */
export function programCopy(root: string, without: readonly string[] = []): string {
  const base = reachableDir('vppapi-prog-');
  cpSync(join(root, 'dist'), join(base, 'dist'), { recursive: true });
  writeFileSync(join(base, 'package.json'), readFileSync(join(root, 'package.json')));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, meta] of Object.entries(lock.packages)) {
    if (!path || meta.dev || without.some((w) => path.includes(w)) || !existsSync(join(root, path))) continue;
    mkdirSync(dirname(join(base, path)), { recursive: true });
    cpSync(join(root, path), join(base, path), { recursive: true, dereference: true });
  }
  return join(base, 'dist', 'bin', 'vppctl-api.js');
}
