/**
 * Bytes of the wire written out longhand for the test-side peers (the emulator's raw
 * client, the fake and hostile VPPs): it imports nothing from src/, so the codec and the
 * framing under test never build their own expected bytes. Big-endian throughout.
 *
 * Frame header (docs/protocol.md §1):
 *
 * | bytes  | field                              |
 * |--------|------------------------------------|
 * | 0..8   | queue pointer: zeros               |
 * | 8..12  | payload length, u32 BE             |
 * | 12..16 | timestamp: zeros                   |
 * | 16..   | payload: u16 BE id, then the fields |
 */

export const u8 = (n: number): Buffer => Buffer.from([n & 0xff]);

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** `string x[n]`: NUL-padded. */
export const fstr = (s: string, n: number): Buffer => { const b = Buffer.alloc(n); b.write(s, 'utf8'); return b; };
/** `string x[]`: u32 BE length, then the bytes. */
export const vstr = (s: string): Buffer => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
/** An `address` (17 bytes): af, then the 16-byte union. */
export const ip4addr = (a: string): Buffer => Buffer.concat([u8(0), Buffer.from(a.split('.').map(Number)), Buffer.alloc(12)]);

/** The 16-byte header announcing `announced` payload bytes (default: the payload's length), then the payload. */
export function frame(payload: Buffer, announced = payload.length): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32BE(announced >>> 0, 8);
  return Buffer.concat([h, payload]);
}
