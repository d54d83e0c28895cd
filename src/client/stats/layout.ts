/**
 * Facts of VPP's statistics segment layout (docs/stats.md, release 26.06; host order, 8-byte
 * pointers).
 *
 * Shared header at offset 0 (40 bytes):
 *
 * | offset | size | field              |
 * |--------|------|--------------------|
 * | 0      | 8    | version (2)        |
 * | 8      | 8    | base: VPP's address of the mapping; pointers minus base are offsets |
 * | 16     | 8    | epoch              |
 * | 24     | 8    | in_progress        |
 * | 32     | 8    | directory vector   |
 * | 40     | 8    | pre-22.06 only: error vector (non-zero); 22.06+: zero |
 *
 * Directory entry (144 bytes): type u32 (0), padding (4, not always zero), union u64 (8:
 * value, pointer, or index1 u32 at 8 + index2 u32 at 12), name[128] NUL-terminated (16).
 */
import type { EntryType } from '../types/stat-entries.js';
export const HDR_VERSION = 0;
export const HDR_BASE = 8;
export const HDR_EPOCH = 16;
export const HDR_IN_PROGRESS = 24;
export const HDR_DIRECTORY = 32;
export const HDR_OLD_ERROR_VECTOR = 40;
export const HEADER_SIZE = 48;
export const LAYOUT_VERSION = 2n;

/** VPP's allocator starts one page in; no vector data lies below. */
export const FIRST_DATA_OFFSET = 4096;
export const VEC_HEADER = 8;

export const ENTRY_SIZE = 144;
export const ENTRY_UNION = 8;
export const ENTRY_NAME = 16;
export const NAME_SIZE = 128;

/** Entry types from 22.06 on. */
export const TYPE_CODES = {
  illegal: 0,
  scalar: 1,
  simple: 2,
  combined: 3,
  names: 4,
  empty: 5,
  symlink: 6,
  histogram: 7,
  ring: 8,
  gauge: 9,
} as const satisfies Record<Exclude<EntryType, 'unknown'>, number>;

// The names are the types module's, so the format layer can know them without this file.
export type { EntryType };

const BY_CODE: EntryType[] = ['illegal', 'scalar', 'simple', 'combined', 'names', 'empty', 'symlink', 'histogram', 'ring', 'gauge'];

export function typeOfCode(code: number): EntryType {
  return BY_CODE[code] ?? 'unknown';
}

/** VPP's own names for the types, as `vpp_get_stats` and the C headers spell them. */
export const VPP_TYPE_NAMES: Record<EntryType, string> = {
  illegal: 'ILLEGAL',
  scalar: 'SCALAR_INDEX',
  simple: 'COUNTER_VECTOR_SIMPLE',
  combined: 'COUNTER_VECTOR_COMBINED',
  names: 'NAME_VECTOR',
  empty: 'EMPTY',
  symlink: 'SYMLINK',
  histogram: 'HISTOGRAM_LOG2',
  ring: 'RING_BUFFER',
  gauge: 'GAUGE',
  unknown: 'UNKNOWN',
};
