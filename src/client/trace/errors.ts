import { VppApiError } from '../errors.js';

/**
 * A trace file (binary or JSON) or a recorded session stops being readable at `offset`
 * (bytes from the start of the file; for a session, the line number is in the message).
 * Everything before that point was already handed out by the reader.
 */
export class TraceFormatError extends VppApiError {
  declare readonly code: 'ETRACE';
  constructor(
    message: string,
    /** Byte offset in the file where the problem starts. */
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super('ETRACE', message, options);
  }
}
