/**
 * The socket handshake (docs/protocol.md §2). Its two messages have fixed ids, so the client
 * can speak them before it knows the table:
 *
 * sockclnt_create (70 bytes), reply-shaped: no client_index
 * | bytes | field                  |
 * |-------|------------------------|
 * | 0..2  | u16 id = 15            |
 * | 2..6  | u32 context            |
 * | 6..70 | char name[64], NUL-padded |
 *
 * sockclnt_create_reply (20 + 66·count bytes), request-shaped: context at 6..10
 * | bytes  | field                                          |
 * |--------|------------------------------------------------|
 * | 0..2   | u16 id = 16                                    |
 * | 2..6   | u32 client_index (unused)                      |
 * | 6..10  | u32 context                                    |
 * | 10..14 | i32 response (0: registered)                   |
 * | 14..18 | u32 index: this client's handle (bit 31 set)   |
 * | 18..20 | u16 count                                      |
 * | 20..   | count × { u16 id; char name[64] "<name>_<crc>" } |
 */
import { getCodec } from '../codec/index.js';
import { loadSchema } from '../schema/load.js';
import { memclntModule } from '../schema/builtin/memclnt.js';
import type { Schema } from '../schema/model.js';
import { ProtocolError } from './errors.js';
import { MessageTable } from './message-table.js';
import { FRAME_HEADER_SIZE, writeFrameHeader } from '../transport/framing.js';

export const SOCKCLNT_CREATE_ID = 15;
export const SOCKCLNT_CREATE_REPLY_ID = 16;

let bootstrap: Schema | undefined;

/**
 * The built-in memclnt module, resolved once: enough to register, ping, answer
 * keepalives, disconnect and fetch every other definition with get_api_json. Every
 * connection's start builds sockclnt_create (and its reply) from it; its other messages
 * are built when first asked for.
 * Throws nothing (the built-in definitions are tested to resolve).
 */
export function bootstrapSchema(): Schema {
  bootstrap ??= loadSchema([{ origin: 'built-in', module: memclntModule() }], { now: ['sockclnt_create'] }).schema;
  return bootstrap;
}

/**
 * The framed sockclnt_create.
 * @throws EncodeError when `name` does not fit in 63 bytes.
 */
export function sockclntCreateFrame(context: number, name: string): Buffer {
  const frame = getCodec(bootstrapSchema(), 'sockclnt_create').encode(SOCKCLNT_CREATE_ID, { context, name }, FRAME_HEADER_SIZE);
  writeFrameHeader(frame, frame.length - FRAME_HEADER_SIZE);
  return frame;
}

export interface Registration {
  /** This client's handle: goes into client_index of every request. */
  clientIndex: number;
  table: MessageTable;
}

/**
 * Reads the handshake reply.
 * @throws ProtocolError when the payload is not sockclnt_create_reply for `context`, does
 *   not decode, or VPP refused the registration (response ≠ 0).
 */
export function parseSockclntCreateReply(payload: Buffer, context: number): Registration {
  const id = payload.length >= 2 ? payload.readUInt16BE(0) : -1;
  if (id !== SOCKCLNT_CREATE_REPLY_ID) {
    throw new ProtocolError(`expected sockclnt_create_reply (id ${SOCKCLNT_CREATE_REPLY_ID}) first, got message id ${id}: is this a VPP API socket?`);
  }
  if (payload.length < TABLE_AT) {
    throw new ProtocolError(`sockclnt_create_reply does not decode: ${payload.length} bytes, at least ${TABLE_AT} expected`);
  }
  const ctx = payload.readUInt32BE(6);
  if (ctx !== context) throw new ProtocolError(`sockclnt_create_reply carries context ${ctx}, expected ${context}`);
  const response = payload.readInt32BE(10);
  if (response !== 0) throw new ProtocolError(`VPP refused the registration (sockclnt_create_reply response ${response})`);
  return { clientIndex: payload.readUInt32BE(14), table: new MessageTable(readTable(payload)) };
}

const TABLE_AT = 20;
const ENTRY_SIZE = 66;
const NAME_SIZE = 64;

/**
 * The message table of the reply, read in place: the generic decoder, cold at start-up,
 * took ~10 ms for VPP's ~2,000 entries. Names read as the codec reads a NUL-padded
 * `string[64]` (UTF-8 up to the first NUL within the 64 bytes); bytes past the last entry
 * are ignored, as the codec ignores them.
 * @throws ProtocolError when the payload holds fewer entries than its count says.
 */
function readTable(payload: Buffer): { id: number; key: string }[] {
  const count = payload.readUInt16BE(18);
  const need = TABLE_AT + count * ENTRY_SIZE;
  if (payload.length < need) {
    throw new ProtocolError(
      `sockclnt_create_reply does not decode: message_table: ${count} entries need ${need} bytes, the payload has ${payload.length}`,
    );
  }
  // One latin1 string for the whole table, cut per entry: a byte loop per name, or a
  // Buffer call per field, runs ~2,000 times in the interpreter at start-up (~5 ms).
  // Latin1 keeps byte positions (NULs, ids); where every byte is ASCII it is UTF-8 too.
  const text = payload.toString('latin1', TABLE_AT, need);
  const ascii = !/[^\x00-\x7f]/.test(text);
  const entries = new Array<{ id: number; key: string }>(count);
  // The next NUL at or after the current name (-1: none left), so the text is scanned once.
  let nul = -2;
  for (let i = 0, at = 0; i < count; i++, at += ENTRY_SIZE) {
    const start = at + 2;
    if (nul !== -1 && nul < start) nul = text.indexOf('\0', start);
    const end = nul === -1 || nul > start + NAME_SIZE ? start + NAME_SIZE : nul;
    const key = ascii ? text.slice(start, end) : payload.toString('utf8', TABLE_AT + start, TABLE_AT + end);
    entries[i] = { id: (text.charCodeAt(at) << 8) | text.charCodeAt(at + 1), key };
  }
  return entries;
}
