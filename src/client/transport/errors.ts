/**
 * Errors of the transport: the socket (TransportError) and the 16-byte framing
 * (FramingError). Both keep their cause and say what to do.
 */
import { VppApiError } from '../errors.js';

/**
 * | code           | when                                                              |
 * |----------------|-------------------------------------------------------------------|
 * | ENOENT         | no file at the socket path                                        |
 * | EACCES         | the socket (or a directory above it) is not accessible to us      |
 * | ECONNREFUSED   | a socket file with nobody listening (VPP stopped: stale file)     |
 * | ENOTSOCK       | the path exists but is not a socket (or not a stream socket)      |
 * | ETIMEDOUT      | connect did not finish within the timeout                         |
 * | EAGAIN         | the listener's backlog is full                                    |
 * | ENAMETOOLONG   | the path does not fit in a Unix socket address (107 bytes)        |
 * | ECONNECT       | any other failure to connect (the OS code is in the message/cause) |
 * | EADDRINUSE     | listen: another process is listening on the path                 |
 * | ELISTEN        | listen: any other failure to listen                              |
 * | ECONNLOST      | an established connection failed (reset, broken pipe, ...)       |
 * | ECLOSED        | write or wait on a connection that is already closed             |
 * | EHANDLER       | the frame handler threw; the connection was closed               |
 */
export type TransportErrorCode =
  | 'ENOENT'
  | 'EACCES'
  | 'ECONNREFUSED'
  | 'ENOTSOCK'
  | 'ETIMEDOUT'
  | 'EAGAIN'
  | 'ENAMETOOLONG'
  | 'ECONNECT'
  | 'EADDRINUSE'
  | 'ELISTEN'
  | 'ECONNLOST'
  | 'ECLOSED'
  | 'EHANDLER';

/** The socket could not be reached, or an established connection broke. */
export class TransportError extends VppApiError {
  declare readonly code: TransportErrorCode;
  constructor(
    code: TransportErrorCode,
    message: string,
    /** The socket path concerned, when there is one. */
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The byte stream cannot be cut into frames: a header announced a payload longer than
 * the limit or too short to hold a message id, or the stream ended inside a frame.
 * The stream is out of step after this; the connection must be dropped.
 */
export class FramingError extends VppApiError {
  declare readonly code: 'EFRAME';
  constructor(
    message: string,
    /** Stream offset of the offending frame's first header byte. */
    readonly streamOffset: number,
    /** The payload length the header announced, when a header was read. */
    readonly payloadLength?: number,
    options?: { cause?: unknown },
  ) {
    super('EFRAME', message, options);
  }
}
