/**
 * What reading the segment gives. Counters are u64 and stay exact (bigint); rows are
 * indexed [row][element]: a row is a thread as a rule (VPP's `/sys/*_per_worker` entries
 * have one row whose columns are the threads), an element the object (sw_if_index, error
 * index, node index, …).
 */

/**
 * An entry's type by name (docs/stats.md §4: codes 0..9 in that order; `unknown` for any
 * other code). Types only, so the format layer may import this module; the codes are
 * client/stats/layout.ts's TYPE_CODES.
 */
export type EntryType = 'illegal' | 'scalar' | 'simple' | 'combined' | 'names' | 'empty' | 'symlink' | 'histogram' | 'ring' | 'gauge' | 'unknown';

/** Per-second rates of one counter entry, summed as the entry is (client/stats/sampler.ts). */
export type EntryRates = { readonly kind: 'simple'; readonly rows: Float64Array[] } | { readonly kind: 'combined'; readonly packets: Float64Array[]; readonly bytes: Float64Array[] };

/** One entry of the directory, as it stood at `epoch`. */
export interface DirEntry {
  /** Position in the directory: what VPP and every reader key on. */
  readonly index: number;
  readonly name: string;
  readonly type: EntryType;
  /** The type number as found (kept for unknown types). */
  readonly code: number;
  /** Symlinks: directory index of the target and the column taken from its rows. */
  readonly index1: number;
  readonly index2: number;
}

/**
 * One row of counters: a BigUint64Array for a vector, a plain one-element array for a
 * symlink's column (cheaper than a typed array when there are thousands of links).
 */
export type Counts = ArrayLike<bigint> & Iterable<bigint>;

export interface CombinedRow {
  readonly packets: Counts;
  readonly bytes: Counts;
}

/** A log2 histogram row: bin j (0-based here) counts values v with ⌊log2 v⌋ = minExp + j (bin 0 also counts v ≤ 1). */
export interface HistogramRow {
  readonly minExp: number;
  readonly bins: BigUint64Array;
}

export interface RingThread {
  /** The slot written next. */
  readonly head: number;
  /** Entries produced so far on this thread. */
  readonly sequence: bigint;
  readonly schemaVersion: number;
  /** The latest entries, oldest first; entry k has sequence number `firstSequence + k`. */
  readonly entries: Uint8Array[];
  readonly firstSequence: bigint;
}

export interface RingValue {
  readonly entrySize: number;
  readonly ringSize: number;
  readonly schemaVersion: number;
  /** The schema bytes (CBOR for the sasc plugin), or null without one. */
  readonly schema: Uint8Array | null;
  readonly threads: RingThread[];
}

export type StatValue =
  | { readonly kind: 'scalar'; readonly value: bigint }
  | { readonly kind: 'gauge'; readonly value: bigint }
  | { readonly kind: 'simple'; readonly rows: Counts[] }
  | { readonly kind: 'combined'; readonly rows: CombinedRow[] }
  | { readonly kind: 'names'; readonly names: (string | null)[] }
  | { readonly kind: 'histogram'; readonly rows: HistogramRow[] }
  | { readonly kind: 'ring'; readonly ring: RingValue };

/** One entry read from the segment: its value, or why it could not be read. */
export interface StatEntry {
  readonly index: number;
  readonly name: string;
  /** The directory type; a symlink's value has its target's kind (one column per row). */
  readonly type: EntryType;
  readonly symlink?: { readonly target: string; readonly targetIndex: number; readonly column: number };
  readonly value?: StatValue;
  /** Set instead of `value` when the entry's bytes are bad (a pointer or length out of bounds, …). */
  readonly error?: string;
}

/** What StatsSegment.readRaw reads: entries of one directory epoch, by directory index. */
export interface RawRequest {
  /** The directory's epoch the indices belong to: another epoch, and nothing is read. */
  readonly epoch: bigint;
  /** Counter and histogram vectors: each row's elements. */
  readonly vectors: readonly { readonly index: number; readonly type: 'simple' | 'combined' | 'histogram' }[];
  /** Scalars and gauges: the word. */
  readonly words: readonly number[];
}

/**
 * The request's values as the segment holds them, without a bigint or an object per
 * value: each row as u32 words in host order (a u64 is its low then high half; a
 * combined element is packets then bytes, 4 words; a histogram row's element 0 is
 * min_exp), copied out of the segment. The rows may be views of memory the next read of
 * the same request reads into again (StatsSegment.readRaw).
 */
export interface RawValues {
  /** rows[j][t]: row t of vectors[j]. */
  readonly rows: readonly (readonly Uint32Array[])[];
  /** words[j]: the value of words[j]. */
  readonly words: readonly bigint[];
}
