/**
 * The cursor over bytes that every compiled reader and writer shares. Plain objects with
 * public fields: the compiled closures touch `pos` directly on the hot path.
 */

/** Reads within [pos, end): `end` is the frame's payload end, never the buffer's. */
export interface Reader {
  buf: Buffer;
  pos: number;
  end: number;
}

/**
 * Writes into a buffer sized exactly by the size pass; the buffer comes zero-filled, so
 * padding and omitted fields are written by skipping.
 */
export interface Writer {
  buf: Buffer;
  pos: number;
}

/** Wraps a Uint8Array as a Buffer without copying (decoders copy what they hand out). */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
