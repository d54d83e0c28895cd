/**
 * `GET /metrics`: the statistics segment read at scrape time (never a cached sample),
 * formatted as `stats show --prometheus` prints it, followed by the exporter's own
 * health:
 *
 * | series                           | type  | value                                         |
 * |----------------------------------|-------|-----------------------------------------------|
 * | `vpp_up`                         | gauge | 1 when the segment was read, else 0 (and only the health series) |
 * | `vpp_scrape_duration_seconds`    | gauge | time to read and format this scrape |
 *
 * The text is kept in parts from scrape to scrape (segment-scrape.ts): a scrape writes
 * only the parts whose values moved and sends every part, with its Content-Length.
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
   * The exposition text in pieces, in order (the last is the health series), sent with
   * their Content-Length. `error` says why VPP is down when vpp_up is 0; `release`, when
   * given, is called once the pieces are written out or the answer is abandoned (their
   * memory is then written again by later scrapes). Throws nothing.
   */
  scrape(): Promise<{ body: Buffer[]; error?: string; release?: () => void }>;
  /** Throws nothing. */
  close(): void;
}

/**
 * Samples per part of the kept text: ~90 kB at 1,000 interfaces × 4 threads. A part with
 * no value that moved is sent again as it is; one with some is written again (in place
 * when no answer still holds it), so smaller parts write less, at the cost of a socket
 * write each.
 */
const PART_SAMPLES = 1024;

export class MetricsSource implements ScrapeSource {
  private seg: StatsSegment | undefined;
  private socketId: string | undefined;
  /** Keeps the text around the values from scrape to scrape while the segment's layout stays. */
  private renderer = new PrometheusRenderer();

  constructor(private readonly opts: MetricsOptions) {}

  /**
   * The whole exposition text (UTF-8): the segment's parts (segment-scrape.ts), then the
   * health series, whose duration covers the read and the making of every part. `error`
   * says why VPP is down when vpp_up is 0; `release` gives the parts back once they are
   * written out. Throws nothing.
   */
  async scrape(): Promise<{ body: Buffer[]; error?: string; release?: () => void }> {
    const t0 = process.hrtime.bigint();
    let parts: Buffer[] = [];
    let renderer: PrometheusRenderer | undefined;
    let error: string | undefined;
    try {
      ({ parts, renderer } = await this.read());
    } catch (e) {
      error = (e as Error).message;
      this.drop();
    }
    const last = parts.at(-1);
    const health = healthSeries(error === undefined, Number(process.hrtime.bigint() - t0) / 1e9);
    return { body: [...parts, health], error, release: () => last && renderer?.release(last) };
  }

  /** The parts, and the renderer that made them (the one they are given back to). */
  private async read(): Promise<{ parts: Buffer[]; renderer: PrometheusRenderer }> {
    const seg = await this.segment();
    try {
      return await this.partsOf(seg);
    } catch {
      // A segment left behind by a VPP that went away: try a fresh one once.
      this.drop();
      return this.partsOf(await this.segment());
    }
  }

  /** The parts of `seg` by the current renderer, and that renderer. */
  private async partsOf(seg: StatsSegment): Promise<{ parts: Buffer[]; renderer: PrometheusRenderer }> {
    const renderer = this.renderer;
    return { parts: (await scrapeSegmentParts(seg, renderer, this.options(), PART_SAMPLES)).parts, renderer };
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
