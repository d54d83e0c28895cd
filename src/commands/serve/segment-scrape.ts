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
 * scrapeSegment in parts of about `chunk` samples, made as they are taken (the kept plan's
 * way: PrometheusRenderer.fillRawParts), so that a server sends one while it makes the
 * next; one part on the full read's way. Every value was read, in one consistent read,
 * before this resolves: a part holds no value read later. Take the parts to their end
 * before the next scrape with `renderer`.
 * @throws as scrapeSegment; the parts throw nothing.
 */
export async function scrapeSegmentParts(seg: StatsSegment, renderer: PrometheusRenderer, opts: PrometheusOptions, chunk: number): Promise<{ parts: Iterable<Buffer>; fast: boolean }> {
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
  const text = renderer.render(good, { ...opts, names: n?.kind === 'names' ? n.names : undefined }, good.length === entries.length ? epoch : undefined);
  return { parts: [text], fast: false };
}
