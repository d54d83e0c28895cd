/**
 * `GET /metrics?target=NAME` for an ssh:// target (docs/fleets.md, "stats on a remote
 * target"): the statistics segment is shared memory that cannot cross SSH, so each scrape
 * runs `vppapi --stats-socket S stats show --prometheus [--v2] [--no-interface-links]` on
 * the target's host (an argument vector: ssh, its destination, one line of shell-quoted
 * words) and passes its text on, followed by the exporter's health series (metrics.ts).
 *
 * The remote's answer is passed on only when it is whole and sound; otherwise the scrape
 * is the down answer the local path gives (status 200, vpp_up 0, nothing else):
 *
 * | remote                                   | why logged                                 |
 * |------------------------------------------|--------------------------------------------|
 * | no exit within the time limit            | no answer within N ms (ssh is ended)       |
 * | more than `maxBytes` of output           | more than N bytes (ssh is ended)           |
 * | exit 127 / 255 / other non-zero          | not installed / ssh failed / exit N, with its stderr |
 * | not UTF-8, a line not exposition text, or its own `vpp_up` | not Prometheus text, line N |
 *
 * Scrapes of one target that overlap share one remote run.
 */
import { posix } from 'node:path';
import { lastLines } from '../../client/targets/child-stream.js';
import { type Child, startChild } from '../../client/targets/children.js';
import type { SshTarget } from '../../client/targets/parse.js';
import { healthSeries, type ScrapeSource } from './metrics.js';

/** The most output taken from the remote: several times a 1,000-interface scrape with its links. */
export const REMOTE_MAX_BYTES = 256 << 20;

export interface RemoteMetricsOptions {
  /** The whole argument vector to run (fleet/remote-stats.ts remoteVppapi()). */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  host: string;
  timeoutMs: number;
  maxBytes: number;
}

/** A sample line: name, optional labels, value, optional timestamp (exposition format 0.0.4). */
const SAMPLE = /^[A-Za-z_:][A-Za-z0-9_:]*(\{.*\})? [^ ]+( -?[0-9]+)?$/;
const OWN = /^(# (HELP|TYPE) )?(vpp_up|vpp_scrape_duration_seconds)[ {]/;

/**
 * Why `buf` is not Prometheus text exposition, or undefined when it is: UTF-8, ending
 * in a newline (or empty), each line empty, a `#` comment or a sample line, and none of
 * the series this exporter adds itself. Throws nothing.
 */
export function notExposition(buf: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return 'not UTF-8';
  }
  if (text !== '' && !text.endsWith('\n')) return 'its last line does not end';
  const lines = text.split('\n');
  lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const bad = /[\0-\x08\x0b-\x1f\x7f]/.test(l) || (l.startsWith('#') ? OWN.test(l) : !SAMPLE.test(l) || OWN.test(l));
    if (bad) return `line ${i + 1} is not exposition text: ${JSON.stringify(l.slice(0, 80))}`;
  }
  return undefined;
}

export class RemoteMetricsSource implements ScrapeSource {
  private running: Promise<{ body: Buffer[]; error?: string }> | undefined;
  private readonly children = new Set<Child>();

  constructor(private readonly opts: RemoteMetricsOptions) {}

  /** The remote's text and the health series, or the health series alone (vpp_up 0) and why. Throws nothing. */
  scrape(): Promise<{ body: Buffer[]; error?: string }> {
    this.running ??= this.once().finally(() => (this.running = undefined));
    return this.running;
  }

  private async once(): Promise<{ body: Buffer[]; error?: string }> {
    const t0 = process.hrtime.bigint();
    let body: Buffer = Buffer.alloc(0);
    let error: string | undefined;
    try {
      body = await this.run();
      const why = notExposition(body);
      if (why) throw new Error(`the output of vppapi on ${this.opts.host} is not Prometheus text: ${why}`);
    } catch (e) {
      error = (e as Error).message;
      body = Buffer.alloc(0);
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    return { body: [body, healthSeries(error === undefined, secs)], error };
  }

  /** The remote's whole stdout. @throws Error saying why it is not to be used (time, size, exit). */
  private async run(): Promise<Buffer> {
    const { host, timeoutMs, maxBytes } = this.opts;
    const child = startChild(this.opts.argv, ['ignore', 'pipe', 'pipe'], this.opts.env);
    this.children.add(child);
    const chunks: Buffer[] = [];
    let size = 0;
    let stop: string | undefined;
    const end = (why: string): void => {
      stop ??= why;
      void child.end();
    };
    child.process.stdout!.on('data', (b: Buffer) => {
      size += b.length;
      if (size > maxBytes) return end(`the output of vppapi on ${host} is more than ${maxBytes} bytes`);
      if (stop === undefined) chunks.push(b);
    });
    const timer = setTimeout(() => end(`no answer from vppapi on ${host} within ${timeoutMs} ms`), timeoutMs);
    try {
      const status = await child.exited;
      if (stop) throw new Error(stop);
      const err = lastLines(child.stderr());
      if (status === 127) throw new Error(`vppapi is not installed on ${host}${err ? `: ${err}` : ''}`);
      if (status === 255 || typeof status === 'string') throw new Error(`ssh to ${host} failed${err ? `: ${err}` : ''}`);
      if (status !== 0) throw new Error(`vppapi on ${host} exited ${status}${err ? `: ${err}` : ''}`);
      return Buffer.concat(chunks, size);
    } finally {
      clearTimeout(timer);
      this.children.delete(child);
    }
  }

  /** Ends a remote run still going. Throws nothing. */
  close(): void {
    for (const c of this.children) void c.end();
  }
}

/** The statistics socket named to the remote vppapi: the targets file's, else `stats.sock` beside the API socket. Throws nothing. */
export function remoteStatsSocket(t: SshTarget, statsSocket: string | undefined): string {
  return statsSocket ?? posix.join(posix.dirname(t.socket), 'stats.sock');
}
