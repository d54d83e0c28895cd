/**
 * Errors of the session layer. Like every VppApiError they carry a stable `code`, keep
 * their cause, and say what failed and what to do.
 *
 * | class            | code         | when                                                        |
 * |------------------|--------------|-------------------------------------------------------------|
 * | RetvalError      | ERETVAL      | a reply carried a non-zero retval                           |
 * | TimeoutError     | ETIMEDOUT    | no (complete) answer within the call's timeout              |
 * | StateError       | ESTATE       | the session is not in a state that allows the operation     |
 * | UnavailableError | EUNAVAILABLE | VPP lacks the message, or knows it with another CRC         |
 * | ClosedError      | ECLOSED      | the connection closed (or was closed) with the call pending |
 * | AbortedError     | EABORTED     | the caller's AbortSignal fired                              |
 * | ProtocolError    | EPROTO       | VPP answered something a client cannot work with            |
 * | UsageError       | EUSAGE       | the call itself is wrong (unknown name, no service, ...)    |
 * | NoDefinitionsError | ENODEFS    | no local definitions, and VPP cannot send its own           |
 */
import { VppApiError } from '../errors.js';
import type { RetvalInfo } from './retvals.js';

/** A reply's retval was not 0. `retvalName`/`description` come from VPP's error table. */
export class RetvalError extends VppApiError {
  declare readonly code: 'ERETVAL';
  constructor(
    /** The request that failed. */
    readonly request: string,
    readonly retval: number,
    /** e.g. `INVALID_SW_IF_INDEX`; undefined for a value the table does not define. */
    readonly retvalName: string | undefined,
    /** e.g. `Invalid sw_if_index`. */
    readonly description: string | undefined,
    /** The decoded reply (header fields removed). */
    readonly reply: Record<string, unknown>,
  ) {
    const what = retvalName ? ` ${retvalName}${description ? ` (${description})` : ''}` : ' (not in VPP\'s error table)';
    super('ERETVAL', `${request}: retval ${retval}${what}`);
  }

  static from(request: string, retval: number, info: RetvalInfo | undefined, reply: Record<string, unknown>): RetvalError {
    return new RetvalError(request, retval, info?.name, info?.description, reply);
  }
}

export class TimeoutError extends VppApiError {
  declare readonly code: 'ETIMEDOUT';
  constructor(
    readonly request: string,
    readonly timeoutMs: number,
    /** What had arrived: e.g. "3 details, no control_ping_reply". */
    progress?: string,
  ) {
    super(
      'ETIMEDOUT',
      `${request}: no answer within ${timeoutMs} ms${progress ? ` (${progress})` : ''}. ` +
        'VPP drops a message it cannot parse without answering: check the arguments and that the ' +
        'definitions match this VPP, or raise the timeout for slow calls',
    );
  }
}

export class StateError extends VppApiError {
  declare readonly code: 'ESTATE';
  constructor(
    readonly operation: string,
    readonly state: string,
    hint: string,
  ) {
    super('ESTATE', `cannot ${operation} while the session is ${state}: ${hint}`);
  }
}

export type Availability = 'available' | 'changed' | 'missing';

/** Why VPP may lack a message, by the kind of module its local definition is in. */
function missingWhy(m: { module: string; kind?: 'plugin' | 'core' } | undefined): string {
  if (!m) return 'is the plugin that defines it loaded, and are the definitions of this VPP\'s release?';
  if (m.kind === 'plugin') return `module ${m.module} is a plugin's: is that plugin loaded?`;
  if (m.kind === 'core') return `module ${m.module} is VPP's core: are the local definitions of this VPP's release?`;
  return `module ${m.module}: a plugin not loaded, or definitions of another VPP release?`;
}

/** Raised before anything is sent. */
export class UnavailableError extends VppApiError {
  declare readonly code: 'EUNAVAILABLE';
  constructor(
    /** The message VPP cannot take or give (the request, its reply, details or control_ping). */
    readonly msgName: string,
    readonly status: Exclude<Availability, 'available'>,
    /** `<name>_<crc>` of the local definition. */
    readonly localKey: string,
    /** `<name>_<crc>` VPP knows, for `changed`. */
    readonly remoteKey?: string,
    /** The request being called, when it is not the message itself. */
    readonly request?: string,
    /** For `missing`: what kind of module the local definition is in (client/schema/module-kind.ts). */
    readonly moduleKind?: { module: string; kind?: 'plugin' | 'core' },
  ) {
    const via = request && request !== msgName ? ` (needed by ${request})` : '';
    const text =
      status === 'changed'
        ? `${msgName}${via}: this VPP has it as ${remoteKey} but the local definition is ${localKey}: ` +
          'the local definitions do not match this VPP; use --api-dir with the definitions of this VPP version, ' +
          'or leave it out to let vppapi fetch them with get_api_json'
        : `${msgName}${via}: this VPP has no message of that name (${missingWhy(moduleKind)})`;
    super('EUNAVAILABLE', text);
  }
}

export class ClosedError extends VppApiError {
  declare readonly code: 'ECLOSED';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ECLOSED', message, options);
  }
}

export class AbortedError extends VppApiError {
  declare readonly code: 'EABORTED';
  constructor(readonly request: string, options?: { cause?: unknown }) {
    super('EABORTED', `${request}: aborted by the caller (a reply that still comes is ignored)`, options);
  }
}

export class ProtocolError extends VppApiError {
  declare readonly code: 'EPROTO';
  constructor(message: string, options?: { cause?: unknown }) {
    super('EPROTO', message, options);
  }
}

export class UsageError extends VppApiError {
  declare readonly code: 'EUSAGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('EUSAGE', message, options);
  }
}

/** No definitions were given and the running VPP cannot send them (get_api_json is VPP ≥ 24.06). */
export class NoDefinitionsError extends VppApiError {
  declare readonly code: 'ENODEFS';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENODEFS', message, options);
  }
}
