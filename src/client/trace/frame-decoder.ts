/**
 * Turns the frames a Session sees (SessionOptions.onFrame) into decoded messages, for a
 * recorded session (session-log.ts). Ids are looked up in the connection's table; the
 * handshake's two messages have fixed ids and are read before the table is known.
 */
import { getCodec } from '../codec/index.js';
import { SOCKCLNT_CREATE_ID, SOCKCLNT_CREATE_REPLY_ID, bootstrapSchema } from '../session/handshake.js';
import type { MessageDef, Schema } from '../schema/model.js';
import type { FrameDirection } from '../session/session.js';
import type { MessageTable } from '../session/message-table.js';

export interface RecordedMessage {
  time: Date;
  direction: FrameDirection;
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
  bytes?: Buffer;
  /** Why it was not decoded. */
  error?: string;
}

export interface RecorderSource {
  /** The local definitions in use. */
  readonly schema: Schema;
  /** The connection's table, undefined before the handshake's reply. */
  table(): MessageTable | undefined;
}

/** Decodes one observed frame. Throws nothing. */
export function decodeFrame(src: RecorderSource, direction: FrameDirection, payload: Buffer, time = new Date()): RecordedMessage {
  const id = payload.length >= 2 ? payload.readUInt16BE(0) : -1;
  const base = { time, direction, id };
  if (id < 0) return { ...base, name: '', crc: '', bytes: Buffer.from(payload), error: 'shorter than a message id' };
  const table = src.table();
  let key = table?.byId(id)?.key;
  let entry = key ? table!.byKey(key) : undefined;
  if (!entry && (id === SOCKCLNT_CREATE_ID || id === SOCKCLNT_CREATE_REPLY_ID)) {
    const def = bootstrapSchema().messages.get(id === SOCKCLNT_CREATE_ID ? 'sockclnt_create' : 'sockclnt_create_reply')!;
    key = def.key;
    entry = { id, key, name: def.name, crc: def.crc };
  }
  if (!entry) return { ...base, name: '', crc: '', bytes: Buffer.from(payload), error: `id ${id} is not in VPP's message table` };
  const named = { ...base, name: entry.name, crc: entry.crc };
  const def = definition(src.schema, entry.name, entry.crc);
  if (!def) {
    const local = src.schema.messages.get(entry.name);
    const why = local ? `the local definition has CRC ${local.crc}, VPP's ${entry.crc}` : 'no local definition';
    return { ...named, bytes: Buffer.from(payload), error: why };
  }
  try {
    const value = getCodec(def.schema, def.def.name).decode(payload);
    const context = def.def.contextOffset >= 0 ? Number(value.context) : undefined;
    return { ...named, value, def: def.def, context };
  } catch (e) {
    return { ...named, bytes: Buffer.from(payload), error: (e as Error).message };
  }
}

/** The local definition with this name and CRC, else the built-in memclnt one. */
function definition(schema: Schema, name: string, crc: string): { schema: Schema; def: MessageDef } | undefined {
  for (const s of [schema, bootstrapSchema()]) {
    const def = s.messages.get(name);
    if (def && def.crc === crc) return { schema: s, def };
  }
  return undefined;
}
