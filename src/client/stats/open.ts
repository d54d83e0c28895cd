/**
 * Opening VPP's statistics segment: connect to its stats socket (SOCK_SEQPACKET), take
 * the one memfd it sends (SCM_RIGHTS), and read it through positioned reads.
 */
import { statSync } from 'node:fs';
import { StatsError } from './errors.js';
import { loadNative } from './native.js';
import { StatsSegment, type SegmentOptions } from './segment.js';
import { FdSource } from './segment-bytes.js';

/** Where VPP (as root) and every client look by default. */
export const DEFAULT_STATS_SOCKET = '/run/vpp/stats.sock';

export interface OpenStatsOptions extends SegmentOptions {
  socketPath?: string;
  /** For the connection and the descriptor to arrive; default 3000 ms. */
  timeoutMs?: number;
}

/**
 * @throws StatsError: ENOLIB (no FFI library on this platform), ENOENT, EACCES,
 *   ECONNREFUSED, ENOTSOCK, ENAMETOOLONG, ECONNECT, ETIMEDOUT, EPROTO (from the socket),
 *   ELAYOUT (a layout other than 22.06+), ESEGMENT (a segment too small for its header).
 */
export async function openStats(opts: OpenStatsOptions = {}): Promise<StatsSegment> {
  const path = opts.socketPath ?? DEFAULT_STATS_SOCKET;
  const native = loadNative();
  const fd = await native.receiveFd(path, opts.timeoutMs ?? 3000);
  let source: FdSource;
  try {
    source = new FdSource(fd);
  } catch (e) {
    native.close(fd);
    throw new StatsError('EPROTO', `the descriptor from ${path} cannot be read: ${(e as Error).message}`, path, { cause: e });
  }
  try {
    return new StatsSegment(source, opts);
  } catch (e) {
    source.close();
    throw e;
  }
}

/**
 * The socket file's identity, or undefined when there is none: a restarted VPP binds a new
 * file. The inode alone does not tell (a freed inode number is often the next one handed
 * out), so its birth time (change time where the filesystem keeps none) goes with it.
 */
export function socketIdentity(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}:${st.birthtimeNs || st.ctimeNs}`;
  } catch {
    return undefined;
  }
}
