/**
 * Files only their owner may read: the definitions cache, the name index, the shell's
 * history. Written to a temporary name and renamed, so a reader never sees half a file.
 * Depends on node:fs alone, so every layer may use it.
 */
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs } from './make-dirs.js';

/**
 * Writes `text` to `file` with mode 0600, creating its directory with mode 0700.
 * @throws Error (fs) when the directory or the file cannot be written; no temporary
 * file is left behind.
 */
export function writePrivateFile(file: string, text: string): void {
  makeDirs(dirname(file), 0o700);
  // node:crypto is taken when a file is written, not at import: loading it costs every start.
  const tmp = `${file}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    // The umask may have taken bits away, never added: make the mode exact.
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
