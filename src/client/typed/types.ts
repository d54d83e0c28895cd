/**
 * The compile-time side of typed bindings: what an `Api` type (the `VppApi` that
 * `vppapi generate ts` writes, or `vppapi/core`'s) must look like, and the typed view's
 * methods derived from it. Types only: nothing here exists at run time.
 */
import type { CallOptions } from '../session/calls.js';

export type CallPatternName = 'single' | 'dump' | 'stream' | 'none';

/** One request of an Api type. */
export interface ApiEntry {
  request: object;
  reply: unknown;
  details: unknown;
  events: object;
  pattern: CallPatternName;
  crc: string;
}

/** Any Api type: request name → entry (an interface, so checked per key rather than by index signature). */
export type ApiShape<Api> = { [K in keyof Api]: ApiEntry };

/** What a generated index.ts exports as the value `VppApi`: the CRCs, the Api type riding along. */
export interface ApiBindings<Api> {
  readonly crcs: { readonly [message: string]: string };
  readonly api?: Api;
}

/** The arguments after the name: the request may be left out when none of its fields is required. */
export type RequestArgs<E extends ApiEntry> = {} extends E['request']
  ? [args?: E['request'], opts?: CallOptions]
  : [args: E['request'], opts?: CallOptions];

/** What call() resolves with, by the request's pattern. */
export type CallResult<E extends ApiEntry> = E['pattern'] extends 'single'
  ? E['reply']
  : E['pattern'] extends 'dump'
    ? E['details'][]
    : E['pattern'] extends 'stream'
      ? { details: E['details'][]; reply: E['reply'] }
      : undefined;

/** Requests of a dump or a stream: the ones dump() and iterate() take. */
export type StreamRequest<Api extends ApiShape<Api>> = {
  [K in keyof Api]: Api[K]['pattern'] extends 'dump' | 'stream' ? K : never;
}[keyof Api] & string;

/** Every event some request registers for. */
export type EventName<Api extends ApiShape<Api>> = { [K in keyof Api]: keyof Api[K]['events'] }[keyof Api] & string;

/** The message type of event `E`. */
export type EventOf<Api extends ApiShape<Api>, E extends string> = {
  [K in keyof Api]: E extends keyof Api[K]['events'] ? Api[K]['events'][E] : never;
}[keyof Api];

/** A typed event handler: the event's name and its message (header fields left out). */
export type TypedEventHandler<Api extends ApiShape<Api>, E extends EventName<Api>> = (name: E, msg: EventOf<Api, E>) => void;
