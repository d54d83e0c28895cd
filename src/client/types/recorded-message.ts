/**
 * One message a session sent or received, decoded where the local definitions allow: what
 * `--record` writes (format/trace/session-record-lines.ts) and what the frame decoder
 * (client/trace/frame-decoder.ts) gives. Types only, so the format layer may import it.
 */
import type { MessageDef } from '../schema/model.js';

/** Which way a frame went: `send` to VPP, `receive` from it. */
export type FrameDirection = 'send' | 'receive';

export interface RecordedMessage {
  time: Date;
  direction: FrameDirection;
  /** VPP's id (-1 when the frame was shorter than an id). */
  id: number;
  /** From the table ('' when the id is not in it). */
  name: string;
  crc: string;
  /** The message's context, when its definition has one. */
  context?: number;
  /** Decoded (header fields included), when a local definition with the table's CRC exists. */
  value?: Record<string, unknown>;
  def?: MessageDef;
  /** A copy of the bytes, when not decoded. */
  bytes?: Uint8Array;
  /** Why it was not decoded. */
  error?: string;
  /** vppapi's own lookup (an interface table for a name), not a request of the user: `"own":true`. */
  own?: boolean;
}
