/**
 * What `check --against` reads from a file: its kind, told apart by content, and the
 * requests it would send, each named by script line or record index.
 *
 * | kind    | told by                                                            |
 * |---------|--------------------------------------------------------------------|
 * | session | first line `{"t":…,"dir":…}` (a `--record` file)                    |
 * | json    | starts with `[` or `{` otherwise (`api trace save-json`)            |
 * | binary  | a NUL byte, or bytes that are not UTF-8, in the first 4 KiB (`api trace save`, post-mortem dumps) |
 * | script  | any other text whose lines name commands or messages                |
 */
import type { RequestUse } from '../../client/schema/diff/index.js';

export type FileKind = 'script' | 'session' | 'json' | 'binary';

export const KIND_TEXT: Record<FileKind, string> = {
  script: 'exec script',
  session: 'recorded session',
  json: 'API trace (JSON)',
  binary: 'API trace (binary)',
};

export interface FileRequest extends RequestUse {
  /** Script: 1-based line; recorded files: the 0-based record index `api-trace show` prints. */
  at: { line?: number; record?: number };
  /** The request could not be read at all (a broken line or record): it fails. */
  unreadable?: string;
}

/** Valid UTF-8, allowing a character cut at the end of a full 4 KiB head. */
function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length >= 4096 ? head.subarray(0, head.length - 3) : head);
    return true;
  } catch {
    return false;
  }
}

/** The kind of file whose first bytes are `head`. Throws nothing. */
export function kindOf(head: Buffer, looksLikeSession: (text: string) => boolean): FileKind {
  if (head.includes(0) || !isUtf8(head)) return 'binary';
  const lead = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (lead.startsWith('{') && looksLikeSession(lead)) return 'session';
  if (lead.startsWith('[') || lead.startsWith('{')) return 'json';
  return 'script';
}
