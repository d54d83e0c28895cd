/**
 * From a received payload to a handler, with VPP's silences (docs/protocol.md §1, §2):
 *
 * | received                                          | VPP (and the emulator)          |
 * |---------------------------------------------------|---------------------------------|
 * | unknown message id                                | logged, dropped, no reply       |
 * | shorter than its definition (truncated)           | logged, dropped, no reply       |
 * | request whose client_index is not the sender's    | logged, no reply                |
 * | a message no service starts (a reply, an event)   | logged ("no handler"), dropped  |
 * | any other request                                 | its handler, else a default reply |
 *
 * A request the emulator does not carry out (docs/emulator.md lists those it does) never
 * gets a false success: a single call or a modern stream is answered with retval -9
 * (UNIMPLEMENTED, VPP's code for a call it cannot carry out); a classic dump has no retval
 * and sends no details (the control_ping after it is answered as usual). `want_*`
 * registrations are remembered so that events reach the client.
 */
import { getCodec } from '../client/codec/index.js';
import type { MessageDef, ServiceDef } from '../client/schema/model.js';
import type { Call, ClientInfo, Core, Fields, Handler } from './call.js';
import { NONE_U32, RV } from './handler-retvals.js';

export interface Received {
  /** The client's handle. */
  client: number;
  id: number;
  name: string;
  payload: Buffer;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

export class Dispatcher {
  constructor(
    private readonly core: Core,
    private readonly handlers: ReadonlyMap<string, Handler>,
    private readonly record: (r: Received) => void,
  ) {}

  /** Handles one payload (message id first). Throws nothing: failures are logged. */
  handle(client: ClientInfo, payload: Buffer): void {
    const { core } = this;
    const who = `client ${hex(client.handle)}${client.name ? ` (${client.name})` : ''}`;
    const id = payload.readUInt16BE(0);
    const def = core.ids.defOf(id);
    if (!def) {
      core.log(`${who}: unknown message id ${id} (${payload.length} bytes): dropped`);
      return;
    }
    // VPP traces before checking: a message with a handler is recorded even when too short.
    if (core.schema.services.has(def.name)) core.apiTrace.received(def.name, payload);
    let msg: Fields;
    try {
      msg = getCodec(core.schema, def.name).decode(payload);
    } catch (e) {
      core.log(`${who}: ${def.name} (${payload.length} bytes) does not decode, dropped: ${(e as Error).message}`);
      return;
    }
    this.record({ client: client.handle, id, name: def.name, payload });
    if (def.header === 'request' && msg.client_index !== client.handle) {
      core.log(`${who}: ${def.name} carries client_index ${hex(Number(msg.client_index))}, not this client's: no reply`);
      return;
    }
    const svc = core.schema.services.get(def.name);
    if (!svc) {
      core.log(`${who}: no handler for ${def.name} (id ${id}): dropped`);
      return;
    }
    const call = makeCall(core, client, def, svc, msg);
    const h = this.handlers.get(def.name) ?? defaultHandler(svc);
    try {
      h(call);
    } catch (e) {
      core.log(`${who}: the handler of ${def.name} failed: ${(e as Error).stack ?? String(e)}`);
      if (!call.replied && (svc.pattern === 'single' || svc.pattern === 'stream')) {
        try { call.reply({ retval: RV.UNSPECIFIED }); } catch { /* logged above */ }
      }
    }
  }
}

function makeCall(core: Core, client: ClientInfo, def: MessageDef, svc: ServiceDef, msg: Fields): Call {
  const context = def.contextOffset >= 0 ? Number(msg.context ?? 0) : 0;
  let replied = false;
  return {
    name: def.name,
    svc,
    msg,
    client,
    core,
    get replied() { return replied; },
    reply(fields = {}) {
      replied = true;
      if (svc.reply) client.send(svc.reply, { ...fields, context });
    },
    detail(fields) {
      const name = svc.pattern === 'stream' ? svc.streamMsg : svc.reply;
      if (name) client.send(name, { ...fields, context });
    },
  };
}

/** What VPP does for a request the emulator has no real handler for. Throws nothing. */
export function defaultHandler(svc: ServiceDef): Handler {
  if (svc.events.length > 0) return register;
  switch (svc.pattern) {
    case 'none':
    case 'dump':
      return () => {};
    case 'stream':
      return (c) => c.reply({ retval: RV.UNIMPLEMENTED, cursor: NONE_U32 });
    default:
      // memclnt's older replies carry their retval as `response`.
      return (c) => c.reply({ retval: RV.UNIMPLEMENTED, response: RV.UNIMPLEMENTED });
  }
}

/**
 * `want_*` with `enable_disable` as VPP's pub/sub registrations behave: enabling twice,
 * or disabling when not enabled, answers INVALID_REGISTRATION (-31). With an `enable`
 * field the flag is just set or cleared; without either, the call registers.
 */
export function register(call: Call): void {
  const { msg, client, name } = call;
  const regs = client.registrations;
  const pid = Number(msg.pid ?? 0);
  let on = true;
  if ('enable_disable' in msg) {
    on = Number(msg.enable_disable) !== 0;
    if (regs.has(name) === on) {
      call.reply({ retval: RV.INVALID_REGISTRATION });
      return;
    }
  } else if ('enable' in msg) {
    on = Boolean(msg.enable);
  }
  if (on) regs.set(name, { pid });
  else regs.delete(name);
  call.reply({});
}
