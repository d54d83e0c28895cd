/**
 * What a handler sees: the decoded request, the client it came from, the emulator's
 * state, and ways to answer. Handlers answer by writing in order on the client's socket,
 * so "reply, then event" or "details, then reply" is simply the order of the calls.
 */
import type { RawModule } from '../client/schema/raw.js';
import type { Schema, ServiceDef } from '../client/schema/model.js';
import type { ApiTrace } from './api-trace-rings.js';
import type { MessageIds } from './ids.js';
import type { VppState } from './state.js';

export type Fields = Record<string, unknown>;

/** One connected client, as handlers see it. */
export interface ClientInfo {
  /** Pool index with bit 31 set: what sockclnt_create_reply's `index` carries. */
  readonly handle: number;
  /** The name given in sockclnt_create ('' before it). */
  name: string;
  /** want_* registrations by request name, with the pid the client gave. */
  readonly registrations: Map<string, { pid: number }>;
  /** Encodes `name` (fields the definition lacks are left out) and writes it. */
  send(name: string, fields: Fields): void;
  /** Closes once everything written so far is flushed. */
  end(): void;
}

/** The emulator as handlers see it. */
export interface Core {
  readonly schema: Schema;
  readonly ids: MessageIds;
  readonly state: VppState;
  /** `api trace …` (cli_inband) and the RX ring it fills. */
  readonly apiTrace: ApiTrace;
  /** The modules served, as loaded (get_api_json's answer, api_versions' list). */
  readonly modules: readonly RawModule[];
  readonly version: string;
  readonly pageSize: number;
  /** When this emulator (re)started: its "build date". */
  readonly started: Date;
  /** The connected clients, in order of their handles' allocation. */
  clientList(): ClientInfo[];
  /** sw_interface_clear_stats: zeroes the interface counters of the statistics segment, when one is served. */
  clearCounters(swIfIndex?: number): void;
  /** Sends event `name` to every client registered for it; returns how many got it. */
  emit(name: string, fields: Fields): number;
  log(line: string): void;
}

export interface Call {
  /** Request name. */
  readonly name: string;
  readonly svc: ServiceDef;
  readonly msg: Fields;
  readonly client: ClientInfo;
  readonly core: Core;
  /** Sends the service's reply with the request's context. */
  reply(fields?: Fields): void;
  /** Sends one details message (classic dump or modern stream) with the request's context. */
  detail(fields: Fields): void;
  /** Whether reply() was called. */
  readonly replied: boolean;
}

export type Handler = (call: Call) => void;

/** A retval for a reply field that may be i32 or (f64 probes) u32. */
export const u32Retval = (rv: number): number => rv >>> 0;
