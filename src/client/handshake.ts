/**
 * The socket handshake (PROTOCOL.md §2). Its two messages have fixed ids, so the client
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
import { getCodec } from './codec/index.js';
import { loadSchema } from './schema/load.js';
import { memclntModule } from './schema/builtin/memclnt.js';
import type { Schema } from './schema/model.js';
import { ProtocolError } from './session-errors.js';
import { MessageTable } from './table.js';
import { FRAME_HEADER_SIZE, writeFrameHeader } from './transport/framing.js';

export const SOCKCLNT_CREATE_ID = 15;
export const SOCKCLNT_CREATE_REPLY_ID = 16;

let bootstrap: Schema | undefined;

/**
 * The built-in memclnt module, resolved once: enough to register, ping, answer
 * keepalives, disconnect and fetch every other definition with get_api_json.
 * Throws nothing (the built-in definitions are tested to resolve).
 */
export function bootstrapSchema(): Schema {
  bootstrap ??= loadSchema([{ origin: 'built-in', module: memclntModule() }]).schema;
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
  const codec = getCodec(bootstrapSchema(), 'sockclnt_create_reply');
  let r: Record<string, unknown>;
  try {
    r = codec.decode(payload);
  } catch (e) {
    throw new ProtocolError(`sockclnt_create_reply does not decode: ${(e as Error).message}`, { cause: e });
  }
  if (r.context !== context) {
    throw new ProtocolError(`sockclnt_create_reply carries context ${r.context as number}, expected ${context}`);
  }
  if (r.response !== 0) {
    throw new ProtocolError(`VPP refused the registration (sockclnt_create_reply response ${r.response as number})`);
  }
  const entries = (r.message_table as { index: number; name: string }[]).map((e) => ({ id: e.index, key: e.name }));
  return { clientIndex: r.index as number, table: new MessageTable(entries) };
}
