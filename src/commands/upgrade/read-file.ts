/**
 * One FILE of `check --against`: its kind (kinds.ts) and the requests it would send.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Schema } from '../../client/schema/model.js';
import { looksLikeSessionLog } from '../../client/trace/session-record-reader.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { type FileKind, type FileRequest, kindOf } from './kinds.js';
import { readBinaryTrace, readJsonTraceFile, readSession } from './recorded.js';
import { readScript } from './script.js';
import { fsReason } from '../../client/fs-reason.js';

export interface ReadFile {
  file: string;
  kind: FileKind;
  requests: FileRequest[];
  notes: string[];
}

const WHAT = 'check --against reads exec scripts, sessions recorded with --record, and API traces (api trace save / save-json)';

function notOne(file: string, why: string, cause?: unknown): CliError {
  return new CliError(`${file}: not an exec script, a recorded session or an API trace: ${why}`, EXIT.USAGE, WHAT, cause ? { cause } : undefined);
}

function head(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4096);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `file`; `local` are the definitions it was written for, `target` the ones it is
 * checked against (a script line naming a message of either is a command).
 * @throws CliError (exit 2) for a file that cannot be read, is empty, or is none of the kinds.
 */
export function readCheckedFile(file: string, local: Schema, target: Schema): ReadFile {
  let first: Buffer;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    first = head(file);
  } catch (e) {
    throw new CliError(`${file}: cannot be read: ${fsReason(e)}`, EXIT.USAGE, WHAT, { cause: e });
  }
  if (first.length === 0) throw notOne(file, 'it is empty');
  const kind = kindOf(first, looksLikeSessionLog);
  try {
    if (kind === 'binary') return { file, kind, ...readBinaryTrace(file, local) };
    const bytes = readFileSync(file);
    if (kind === 'json') return { file, kind, ...readJsonTraceFile(bytes, local) };
    if (kind === 'session') return { file, kind, ...readSession(bytes.toString('utf8'), local) };
    const s = readScript(bytes.toString('utf8'), local, target);
    if (s.commands === 0) throw notOne(file, `no line names a command or a message${s.notes[0] ? ` (${s.notes[0]})` : ''}`);
    return { file, kind, requests: s.requests, notes: s.notes };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw notOne(file, (e as Error).message, e);
  }
}
