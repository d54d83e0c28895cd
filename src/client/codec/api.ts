import type { MessageDef } from '../schema/model.js';

/**
 * A compiled message. Payloads start with the big-endian u16 message id; the 16-byte
 * frame header is the transport's business.
 */
export interface MessageCodec {
  readonly def: MessageDef;
  /** Payload size (id included) when the message has no variable part, else undefined. */
  readonly fixedSize: number | undefined;
  /**
   * Encodes `value` (fields by name, header fields included; missing fields take their
   * default or zero; count fields are filled from their arrays).
   * `headroom` zero bytes are reserved before the payload (the transport's 16-byte frame
   * header goes there without a second copy).
   * @throws EncodeError naming the field path, the value and what was expected.
   */
  encode(id: number, value: Record<string, unknown>, headroom?: number): Buffer;
  /**
   * Decodes a payload. Bytes beyond what the definition describes are ignored (VPP sends
   * its allocated size). The result never aliases `payload`.
   * @throws DecodeError naming the message, the field path and the offset.
   */
  decode(payload: Uint8Array): Record<string, unknown>;
  /**
   * decode() without the header fields (the definition's fields before its bodyFields:
   * `_vl_msg_id`, `context`, `client_index`), which are still read and checked; the
   * payload is `bytes[start, end)` (default all of `bytes`), so a caller holding many
   * payloads in one buffer needs no view per payload. Never aliases `bytes`.
   * @throws DecodeError as decode() (offsets from `start`).
   */
  decodeBody(bytes: Uint8Array, start?: number, end?: number): Record<string, unknown>;
}
