/**
 * HTTP statuses for the exit-code classes (runtime/exit-codes.ts), so that a gateway
 * client reads the same outcomes a shell script does. The README has this table.
 *
 * | exit | class                                    | status |
 * |------|------------------------------------------|--------|
 * | 0    | done                                     | 200    |
 * | 1    | VPP answered with a non-zero retval      | 422    |
 * | 2    | bad input (JSON, field, value), nothing sent | 400 |
 * | 3    | cannot connect to VPP                    | 503    |
 * | 4    | VPP did not answer in time               | 504 (a broken answer or lost connection: 502) |
 * | 5    | message missing or changed in this VPP   | 501 (unknown to the loaded definitions: 404) |
 * | 70   | a bug                                    | 500    |
 *
 * Others of the server's own: 401 no or wrong token, 403 refused (read-only, or a request
 * known to harm VPP), 404 no such route, 405 wrong method, 413 body too large, 415 body
 * not JSON, 429 too many requests at once, 408 body not received in time.
 */
import { retvalInfo } from '../../client/session/retvals.js';
import { exitCodeFor } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';

/** An HTTP error with its JSON body's fields. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const BY_EXIT: Record<number, number> = {
  [EXIT.OK]: 200,
  [EXIT.RETVAL]: 422,
  [EXIT.USAGE]: 400,
  [EXIT.CONNECT]: 503,
  [EXIT.NO_ANSWER]: 504,
  [EXIT.UNAVAILABLE]: 501,
  [EXIT.INTERNAL]: 500,
};

/** The status and JSON body for an error thrown while serving. Throws nothing. */
export function errorResponse(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message, ...err.extra } };
  const exit = exitCodeFor(err);
  const code = (err as { code?: unknown }).code;
  let status = BY_EXIT[exit] ?? 500;
  // A lost connection or an unreadable answer is a bad gateway, not a slow one.
  if (exit === EXIT.NO_ANSWER && code !== 'ETIMEDOUT') status = 502;
  const message = err instanceof Error ? err.message : String(err);
  return { status, body: { error: message, exit, ...(typeof code === 'string' ? { code } : {}) } };
}

/** The body of a 422: the retval, its name and the reply. Throws nothing. */
export function retvalBody(request: string, retval: number, reply: Record<string, unknown>): Record<string, unknown> {
  const info = retvalInfo(retval);
  return { error: `${request} failed: retval ${retval}${info ? ` (${info.name}: ${info.description})` : ''}`, exit: EXIT.RETVAL, retval, retval_name: info?.name ?? null, reply };
}
