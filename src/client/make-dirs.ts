/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(path, { recursive: true })` never
 * returns for a path under a pseudo file system that refuses new entries with ENOENT
 * (`/proc/x`, `/sys/x`): it retries the parent for ever. Here each missing level is made
 * once, so such a path fails with ENOENT like any other. Depends on node: modules alone.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes directory `dir` and any missing parents (new ones with `mode`); a directory that
 * exists is fine.
 * @throws Error (fs, with `code`): ENOTDIR when `dir` or a part of its path is not a
 *   directory, or whatever mkdir says (EACCES, ENOENT, EROFS, …).
 */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(d).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (isDir === false) {
      throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir', path: d });
    }
    if (isDir) break;
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (e) {
      // Made meanwhile by someone else: as good as made here.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}
