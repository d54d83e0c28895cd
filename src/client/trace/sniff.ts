/**
 * What a file that is not an API trace looks like, from its first bytes, so that a
 * reader can say "not an API trace: gzip-compressed data" instead of reading random
 * bytes as a trace header.
 *
 * | first bytes                      | said                                   |
 * |----------------------------------|----------------------------------------|
 * | a known magic number (table)     | its format                             |
 * | UTF-8 text, no control bytes     | text, with its first line              |
 * | anything else                    | binary data of an unknown format       |
 *
 * A known magic number wins over everything else. A binary trace is recognised by its message table: after the 9-byte header, a count
 * and a first entry `varint id, varint length, <name>_<8 hex digits>` (or no entry).
 */
import { readVarint } from './varint.js';

const MAGIC: readonly [number[], string][] = [
  [[0x1f, 0x8b], 'gzip-compressed data (decompress it first: gunzip -k FILE)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (decompress it first: unzstd FILE)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data (decompress it first: unxz -k FILE)'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data (decompress it first: bunzip2 -k FILE)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable or library'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0xd4, 0xc3, 0xb2, 0xa1], 'a pcap packet capture'],
  [[0xa1, 0xb2, 0xc3, 0xd4], 'a pcap packet capture'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'a pcapng packet capture'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

const TABLE_KEY = /^[A-Za-z0-9_]+_[0-9a-f]{8}$/;

/** A known format's name when `head` starts with its magic number. Throws nothing. */
export function magicFormat(head: Uint8Array): string | undefined {
  return MAGIC.find(([m]) => m.length <= head.length && m.every((b, i) => head[i] === b))?.[1];
}

/** `text (first line: "…")` when `head` is UTF-8 text without control bytes; else undefined. Throws nothing. */
export function textDescription(head: Buffer): string | undefined {
  if (head.length === 0) return undefined;
  // A multi-byte character cut at the end of the head is not a reason to call it binary.
  const text = head.toString('utf8').replace(/\uFFFD{1,3}$/, '');
  if (text.includes('\uFFFD') || /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) return undefined;
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  const shown = first.length > 60 ? `${first.slice(0, 57)}...` : first;
  return `text (first line: ${JSON.stringify(shown)})`;
}

/** Whether the bytes after a binary trace's 9-byte header start like its message table. Throws nothing. */
export function looksLikeBinaryTable(head: Uint8Array): boolean {
  if (head.length < 13) return false;
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const count = view.readUInt32BE(9);
  // An empty table is exactly its 4-byte count.
  if (count === 0) return view.readUInt32BE(4) === 4;
  if (count > 0xffff) return false;
  try {
    const id = readVarint(view, 13, view.length);
    const len = readVarint(view, 13 + id.size, view.length);
    const at = 13 + id.size + len.size;
    if (len.value < 10 || len.value > 256 || at + len.value > view.length) return false;
    return TABLE_KEY.test(view.toString('latin1', at, at + len.value));
  } catch {
    return false;
  }
}

/**
 * What a file that is not a binary trace looks like ("gzip-compressed data", "text
 * (first line: …)", "N bytes of binary data in no format vppapi knows"). Throws nothing.
 */
export function describeForeign(head: Buffer, size: number): string {
  if (size === 0) return 'empty';
  return magicFormat(head) ?? textDescription(head) ?? `${size} bytes of binary data in no format vppapi knows`;
}

/** What a parsed JSON value is, for "not an API trace: a JSON object with keys a, b". Throws nothing. */
export function describeJson(v: unknown, lines = 1): string {
  const what = (x: unknown): string => {
    if (Array.isArray(x)) return `a JSON array of ${x.length} element${x.length === 1 ? '' : 's'}`;
    if (x === null) return 'JSON null';
    if (typeof x !== 'object') return `a JSON ${typeof x}`;
    const keys = Object.keys(x);
    const shown = keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
    return keys.length ? `a JSON object with keys ${shown}${keys.length > 5 ? ', ...' : ''}` : 'an empty JSON object';
  };
  return lines > 1 ? `${lines} lines of JSON, the first ${what(v)}` : what(v);
}
