/**
 * Errors of the command line and the exit code each error leads to (the codes and what
 * they mean are exit-codes.ts's table).
 */
import { VppApiError } from '../../client/errors.js';
import { EXIT } from './exit-codes.js';

/**
 * An error of the command line itself (unknown command, bad flag, missing argument),
 * with the exit code to return and an optional hint line.
 */
export class CliError extends VppApiError {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super('ECLI', message, options);
  }
}

const BY_CODE: Record<string, number> = {
  // Nothing reached VPP: the input, the definitions or the command line are wrong.
  ECLI: EXIT.USAGE,
  EINPUT: EXIT.USAGE,
  // A trace file that cannot be read: nothing was sent.
  ETRACE: EXIT.USAGE,
  EENCODE: EXIT.USAGE,
  EUSAGE: EXIT.USAGE,
  ESCHEMA: EXIT.USAGE,
  ENODEFS: EXIT.USAGE,
  ERETVAL: EXIT.RETVAL,
  // The socket could not be reached (transport/errors.ts).
  ENOENT: EXIT.CONNECT,
  EACCES: EXIT.CONNECT,
  ECONNREFUSED: EXIT.CONNECT,
  ENOTSOCK: EXIT.CONNECT,
  ENAMETOOLONG: EXIT.CONNECT,
  EAGAIN: EXIT.CONNECT,
  ECONNECT: EXIT.CONNECT,
  // The statistics segment (client/stats/errors.ts): no FFI library is as good as no socket.
  ENOLIB: EXIT.CONNECT,
  ESEGMENT: EXIT.NO_ANSWER,
  ELAYOUT: EXIT.NO_ANSWER,
  EBUSY: EXIT.NO_ANSWER,
  // Connected, but VPP did not (properly) answer.
  ETIMEDOUT: EXIT.NO_ANSWER,
  ECLOSED: EXIT.NO_ANSWER,
  ECONNLOST: EXIT.NO_ANSWER,
  EPROTO: EXIT.NO_ANSWER,
  EFRAME: EXIT.NO_ANSWER,
  EDECODE: EXIT.NO_ANSWER,
  EUNAVAILABLE: EXIT.UNAVAILABLE,
  EABORTED: EXIT.INTERRUPTED,
};

/** The exit code for an error thrown while running a command. Throws nothing. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof VppApiError) return BY_CODE[err.code] ?? EXIT.INTERNAL;
  // commander's own errors (unknown option, missing argument) carry code 'commander.*'.
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.USAGE;
  return EXIT.INTERNAL;
}
