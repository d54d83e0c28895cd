/**
 * Errors of the statistics-segment client. Each has a stable `code` and says what to do.
 *
 * | code          | when                                                                  |
 * |---------------|-----------------------------------------------------------------------|
 * | ENOENT        | no file at the stats socket path (VPP not running, or another path)    |
 * | EACCES        | the socket is not accessible: VPP's group (usually `vpp`) or root      |
 * | ECONNREFUSED  | a socket file with nobody listening (VPP stopped: stale file)          |
 * | ENOTSOCK      | the path is not a SOCK_SEQPACKET socket (e.g. the API socket)          |
 * | ENAMETOOLONG  | the path does not fit in a Unix socket address (107 bytes)             |
 * | ECONNECT      | any other failure to connect or to receive the segment                 |
 * | ENOLIB        | the FFI library (koffi) or its binary cannot be loaded on this system  |
 * | ETIMEDOUT     | connected, but no segment descriptor arrived in time                   |
 * | EPROTO        | the peer closed without sending exactly one descriptor                 |
 * | ESEGMENT      | the segment is malformed (a pointer or length out of bounds, ...)      |
 * | ELAYOUT       | the segment is of a layout this reader refuses (pre-22.06, version ≠ 2) |
 * | EBUSY         | VPP held the segment's lock (in_progress) longer than the wait allowed |
 * | ELISTEN       | serving a segment (emulator): socket/bind/listen failed                |
 */
import { VppApiError } from '../errors.js';

export type StatsErrorCode =
  | 'ENOENT'
  | 'EACCES'
  | 'ECONNREFUSED'
  | 'ENOTSOCK'
  | 'ENAMETOOLONG'
  | 'ECONNECT'
  | 'ENOLIB'
  | 'ETIMEDOUT'
  | 'EPROTO'
  | 'ESEGMENT'
  | 'ELAYOUT'
  | 'EBUSY'
  | 'ELISTEN';

export class StatsError extends VppApiError {
  declare readonly code: StatsErrorCode;
  constructor(
    code: StatsErrorCode,
    message: string,
    /** The socket path or entry name concerned, when there is one. */
    readonly subject?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A bad pointer, length or value in one entry; `entry` names it (directory name and index). */
export class SegmentError extends StatsError {
  constructor(
    message: string,
    readonly entry?: string,
    options?: { cause?: unknown },
  ) {
    super('ESEGMENT', entry ? `${entry}: ${message}` : message, entry, options);
  }
}
