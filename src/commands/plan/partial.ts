/**
 * A dump or stream cut off after some details had come: the connection closed, VPP
 * stopped answering (the call's timeout), or a details message did not decode. What came
 * is printed, marked partial, and the command ends with the exit code of the error that
 * cut it off (docs/fleets.md, "Partial results").
 */
import { VppApiError } from '../../client/errors.js';

/**
 * Carries the error that cut a dump off and how many details had come. Its `code` is the
 * cause's, so it maps to the cause's exit code (runtime/errors.ts) and hint (report.ts).
 */
export class PartialError extends VppApiError {
  constructor(
    /** Details received (and printed) before `error`. */
    readonly received: number,
    /** The error that ended the call. */
    readonly error: VppApiError,
  ) {
    super(error.code, `partial: ${received} details, then ${error.message}`, { cause: error });
  }
}

/**
 * Whether `e`, ending a call after `received` details, makes them a partial result:
 * a failure of the connection or of VPP, not the caller's interrupt nor a stream's final
 * retval (VPP answered in full then). Throws nothing.
 */
export function cutsOff(e: unknown, received: number): e is VppApiError {
  return received > 0 && e instanceof VppApiError && e.code !== 'EABORTED' && e.code !== 'ERETVAL';
}
