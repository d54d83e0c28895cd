/**
 * `GET /metrics`: the statistics segment read at scrape time (never a cached sample),
 * formatted as `stats show --prometheus` prints it, followed by the exporter's own
 * health:
 *
 * | series                           | type  | value                                         |
 * |----------------------------------|-------|-----------------------------------------------|
 * | `vpp_up`                         | gauge | 1 when the segment was read, else 0 (and only the health series) |
 * | `vpp_scrape_duration_seconds`    | gauge | time to read and format this scrape (its text is sent while it is made: this covers the sending up to its last piece) |
 *
 * A scrape of the kept text (segment-scrape.ts) is sent chunked, a piece while the next
 * is made; a whole text (the first, or a full read) with its Content-Length.
 *
 * The segment stays open between scrapes and is opened again when the stats socket file
 * was replaced or removed (VPP restarted), or when a read fails.
 */
import { openStats, socketIdentity, type StatsSegment } from '../../client/stats/index.js';
import { PrometheusRenderer, type PrometheusOptions } from '../../format/stats/stats-prometheus.js';
import { scrapeSegmentParts } from './segment-scrape.js';

export interface MetricsOptions {
  socketPath: string;
  timeoutMs: number;
  naming: 'v1' | 'v2';
  noInterfaceLinks: boolean;
  help: ReadonlyMap<string, string>;
}

/** The exporter's own series (the table above), also after a remote target's text (remote-metrics.ts). Throws nothing. */
export function healthSeries(up: boolean, secs: number): Buffer {
  return Buffer.from(
    `# HELP vpp_up Whether the statistics segment of VPP could be read (1) or not (0)\n# TYPE vpp_up gauge\nvpp_up ${up ? 1 : 0}\n` +
      `# HELP vpp_scrape_duration_seconds Time to read the statistics segment and format it\n# TYPE vpp_scrape_duration_seconds gauge\nvpp_scrape_duration_seconds ${secs.toFixed(6)}\n`,
  );
}

/** What /metrics asks of a target's statistics, local (MetricsSource) or remote (RemoteMetricsSource). */
export interface ScrapeSource {
  /**
   * The exposition text in pieces, in order, each made when it is taken (the last is the
   * health series); the caller takes every piece, to the end, whether or not it can
   * still send them (a local scrape makes its pieces from the text the last one left,
   * and the next waits for it). `error` says why VPP is down when vpp_up is 0;
   * `release`, when given, is called once the pieces are written out (their memory is
   * reused). Throws nothing; the pieces throw nothing.
   */
  scrape(): Promise<{ body: Iterable<Buffer>; error?: string; release?: () => void }>;
  /** Throws nothing. */
  close(): void;
}

/**
 * Samples per piece of a scrape made while it is sent: ~700 kB of text at 1,000
 * interfaces × 4 threads (~25 pieces), so that the first are on their way while the rest
 * are made, at a cost of one turn of the event loop each.
 */
const PART_SAMPLES = 8192;

export class MetricsSource implements ScrapeSource {
  private seg: StatsSegment | undefined;
  private socketId: string | undefined;
  /** Keeps the text around the values from scrape to scrape while the segment's layout stays. */
  private renderer = new PrometheusRenderer();
  /** Settles when the last scrape's pieces were all taken: the next starts after. */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly opts: MetricsOptions) {}

  /**
   * The whole exposition text (UTF-8): the segment's in pieces made while they are sent
   * (segment-scrape.ts), then the health series, whose duration covers the read and the
   * making of every piece. `error` says why VPP is down when vpp_up is 0. Throws nothing.
   */
  async scrape(): Promise<{ body: Iterable<Buffer>; error?: string; release?: () => void }> {
    const before = this.turn;
    let done = () => {};
    this.turn = new Promise<void>((r) => (done = r));
    await before;
    const t0 = process.hrtime.bigint();
    let parts: Iterable<Buffer> = [];
    let error: string | undefined;
    try {
      parts = await this.read();
    } catch (e) {
      error = (e as Error).message;
      this.drop();
    }
    const renderer = this.renderer;
    let text: Buffer | undefined;
    function* body(): Generator<Buffer, void, undefined> {
      try {
        for (const p of parts) yield (text = p);
      } finally {
        done();
      }
      yield healthSeries(error === undefined, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return { body: body(), error, release: () => text && renderer.release(text) };
  }

  private async read(): Promise<Iterable<Buffer>> {
    const seg = await this.segment();
    try {
      return (await scrapeSegmentParts(seg, this.renderer, this.options(), PART_SAMPLES)).parts;
    } catch {
      // A segment left behind by a VPP that went away: try a fresh one once.
      this.drop();
      return (await scrapeSegmentParts(await this.segment(), this.renderer, this.options(), PART_SAMPLES)).parts;
    }
  }

  private options(): PrometheusOptions {
    return { naming: this.opts.naming, noInterfaceLinks: this.opts.noInterfaceLinks, help: this.opts.help };
  }

  private async segment(): Promise<StatsSegment> {
    const id = socketIdentity(this.opts.socketPath);
    if (this.seg && id === this.socketId) return this.seg;
    this.drop();
    this.seg = await openStats({ socketPath: this.opts.socketPath, timeoutMs: this.opts.timeoutMs });
    this.socketId = id;
    return this.seg;
  }

  private drop(): void {
    try {
      this.seg?.close();
    } catch {
      /* closing anyway */
    }
    this.seg = undefined;
    // A plan holds for one segment's epoch: another segment (VPP restarted) starts at epoch 1 again.
    this.renderer = new PrometheusRenderer();
  }

  /** Throws nothing. */
  close(): void {
    this.drop();
  }
}
