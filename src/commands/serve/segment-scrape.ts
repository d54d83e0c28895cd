/**
 * One scrape of a statistics segment as Prometheus text, the fast way when it can: while
 * the directory's epoch stays (docs/stats.md §7), only the counter rows and scalar words
 * the kept text needs are read, as raw words, and written into it (format/stats/
 * prometheus-raw.ts); on a new epoch, a changed vector size, or a kept read that had a
 * bad entry, the whole segment is read and rendered, which plans the next scrapes. Both
 * ways give the same bytes.
 */
import type { StatsSegment } from '../../client/stats/index.js';
import type { PrometheusOptions, PrometheusRenderer } from '../../format/stats/stats-prometheus.js';
import { wholeText } from '../../format/stats/prometheus-template.js';

const NAMES = '/if/names';

/**
 * The text of `seg` now; `fast` says whether the kept plan was used. `opts.names` is
 * taken from the segment's `/if/names`.
 * @throws StatsError / SegmentError when the segment cannot be read.
 */
export async function scrapeSegment(seg: StatsSegment, renderer: PrometheusRenderer, opts: PrometheusOptions): Promise<Buffer> {
  return (await scrapeSegmentHow(seg, renderer, opts)).text;
}

/** scrapeSegment, saying which way it went (for the tests). @throws as scrapeSegment. */
export async function scrapeSegmentHow(seg: StatsSegment, renderer: PrometheusRenderer, opts: PrometheusOptions): Promise<{ text: Buffer; fast: boolean }> {
  const { parts, fast } = await scrapeSegmentParts(seg, renderer, opts, Infinity);
  return { text: wholeText(parts), fast };
}

/**
 * scrapeSegment in parts of `chunk` samples (PrometheusRenderer.fillRawParts /
 * renderParts): between scrapes of one plan, most parts are those of the last scrape,
 * handed out again without a copy. Every value was read, in one consistent read, before
 * any part was written. Give the parts back with `renderer.release(the last part)` once
 * they are written out (their memory is then written again by later scrapes).
 * @throws as scrapeSegment.
 */
export async function scrapeSegmentParts(seg: StatsSegment, renderer: PrometheusRenderer, opts: PrometheusOptions, chunk: number): Promise<{ parts: Buffer[]; fast: boolean }> {
  const req = renderer.rawRequest(opts);
  if (req) {
    const raw = await seg.readRaw(req).catch(() => undefined);
    const parts = raw && renderer.fillRawParts(req, raw, opts, chunk);
    if (parts) return { parts, fast: true };
  }
  const { epoch, entries } = await seg.read();
  const n = entries.find((e) => e.name === NAMES)?.value;
  const good = entries.filter((e) => !e.error);
  // A bad entry may read well later within the same epoch (a link's column once its row
  // grew): only a read with none is planned from.
  const parts = renderer.renderParts(good, { ...opts, names: n?.kind === 'names' ? n.names : undefined }, good.length === entries.length ? epoch : undefined, chunk);
  return { parts, fast: false };
}
