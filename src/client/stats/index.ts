/**
 * VPP's statistics segment as a library: open (socket → memfd → positioned reads), the
 * directory, consistent reads of entries by name predicate, a sampler yielding rates.
 * No CLI dependencies.
 */
export { DEFAULT_STATS_SOCKET } from '../defaults.js';
export { openStats, socketIdentity, type OpenStatsOptions } from './open.js';
export { StatsSegment, type SegmentHeader, type SegmentOptions, type Selection } from './segment.js';
export { BufferSource, FdSource, type SegmentSource } from './segment-bytes.js';
export { nameMatcher, type PatternOptions } from './patterns.js';
export { entryRates, sample, type EntryRates, type SamplerEvent, type SamplerOptions } from './sampler.js';
export { SegmentError, StatsError, type StatsErrorCode } from './errors.js';
export { VPP_TYPE_NAMES, TYPE_CODES, type EntryType } from './layout.js';
export type { CombinedRow, DirEntry, HistogramRow, RawRequest, RawValues, RingThread, RingValue, StatEntry, StatValue } from '../types/stat-entries.js';
export type { Counts } from '../types/stat-entries.js';
