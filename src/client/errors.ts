/**
 * Errors of the client library. Each has a stable `code` for scripts and tests, keeps
 * its `cause`, and says what failed, with which value, and what to do.
 */
export class VppApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A definition file or source is malformed or inconsistent. */
export class SchemaError extends VppApiError {
  constructor(
    message: string,
    readonly origin?: string,
    readonly definition?: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super('ESCHEMA', message, options);
  }
}

/** A value cannot be encoded: names the message, the field path, the value and what was expected. */
export class EncodeError extends VppApiError {
  constructor(
    message: string,
    readonly path: string,
    readonly value: unknown,
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super('EENCODE', message, options);
  }
}

/** Bytes cannot be decoded: names the message, the field path and the offset. */
export class DecodeError extends VppApiError {
  constructor(
    message: string,
    readonly path: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super('EDECODE', message, options);
  }
}
