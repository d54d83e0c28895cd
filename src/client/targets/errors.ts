/**
 * A target string or the targets file is wrong (nothing was started or sent). Connection
 * failures of a valid target are the transport's TransportErrors.
 */
import { VppApiError } from '../errors.js';

/** A bad target (syntax, refused characters, unknown name) or a bad/unsafe targets file. */
export class TargetError extends VppApiError {
  declare readonly code: 'ETARGET';
  constructor(
    message: string,
    /** What to do about it, when there is something to say. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super('ETARGET', message, options);
  }
}

/** The first control character (C0, DEL) of `text`, as `\xNN`, or undefined. Throws nothing. */
export function controlCharIn(text: string): string | undefined {
  const m = /[\u0000-\u001f\u007f]/.exec(text);
  return m ? `\\x${m[0].charCodeAt(0).toString(16).padStart(2, '0')}` : undefined;
}

/**
 * Refuses `text` when it holds a control character: a target string never needs one,
 * and a newline or escape in it could forge log lines or terminal output.
 * @throws TargetError naming `what` and the character.
 */
export function refuseControlChars(text: string, what: string): void {
  const c = controlCharIn(text);
  if (c !== undefined) {
    throw new TargetError(`${what} ${JSON.stringify(text)} holds the control character ${c}`, 'a target is plain printable text');
  }
}
