/**
 * Raw reads for a reader that keeps its own plan per directory epoch (the Prometheus
 * exporter's scrape): chosen vectors' rows copied as u32 words and chosen scalar words,
 * with no StatEntry, bigint or array per value. Every pointer and length is checked
 * through the Frame, as for any read (docs/stats.md §3).
 */
import { entryWord, type Directory } from './directory.js';
import type { Frame } from './frame.js';
import type { RawRequest, RawValues } from '../types/stat-entries.js';

/**
 * The values of `req` in `dir`, or undefined when the directory is not of `req.epoch` or
 * an entry's type is not the one asked for (the plan is stale: read the usual way).
 * @throws SegmentError for a pointer or length out of bounds.
 */
export function readRawValues(frame: Frame, dir: Directory, req: RawRequest): RawValues | undefined {
  if (dir.epoch !== req.epoch) return undefined;
  const rows: Uint32Array[][] = [];
  for (const { index, type } of req.vectors) {
    if (dir.entries[index]?.type !== type) return undefined;
    const what = `${dir.entries[index]!.name} (entry ${index})`;
    const ptrs = frame.u64Vector(entryWord(frame, dir, index), `${what} rows`);
    const size = type === 'combined' ? 16 : 8;
    const r: Uint32Array[] = new Array(ptrs.length);
    for (let t = 0; t < ptrs.length; t++) {
      const { len, bytes } = frame.vector(ptrs[t]!, size, `${what} row ${t}`);
      r[t] = new Uint32Array(bytes.buffer, bytes.byteOffset, (len * size) / 4);
    }
    rows.push(r);
  }
  const words: bigint[] = [];
  for (const index of req.words) {
    const type = dir.entries[index]?.type;
    if (type !== 'scalar' && type !== 'gauge') return undefined;
    words.push(entryWord(frame, dir, index));
  }
  return { rows, words };
}
