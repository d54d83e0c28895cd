/**
 * Stage 4 of resolving: services (request → reply, stream, events) over the resolved
 * messages, and the reverse map from each reply, detail or event to its requests.
 *
 * | service                        | pattern |
 * |--------------------------------|---------|
 * | reply "null"                   | none    |
 * | stream and stream_msg          | stream  |
 * | stream                         | dump    |
 * | otherwise                      | single  |
 */
import { SchemaError } from '../errors.js';
import type { CallPattern, MessageDef, ServiceDef } from './model.js';
import type { Collected } from './collect.js';

export interface Services {
  services: Map<string, ServiceDef>;
  replyOf: Map<string, string[]>;
}

/**
 * The services of `raw` whose messages all exist in `messages`; each one refused goes to
 * `fail`. Throws only what `fail` throws.
 */
export function buildServices(raw: Collected['services'], messages: ReadonlyMap<string, MessageDef>, fail: (e: SchemaError) => void): Services {
  const services = new Map<string, ServiceDef>();
  const replyOf = new Map<string, string[]>();
  const linkReply = (reply: string, req: string): void => {
    const l = replyOf.get(reply);
    if (l) { if (!l.includes(req)) l.push(req); } else replyOf.set(reply, [req]);
  };
  for (const { name, svc, origin, module } of raw) {
    if (services.has(name)) continue;
    if (!messages.has(name)) {
      fail(new SchemaError(`${origin}: service ${name}: no such request message`, origin, name));
      continue;
    }
    if (!svc || typeof svc.reply !== 'string') {
      fail(new SchemaError(`${origin}: service ${name}: "reply" missing`, origin, name, 'reply'));
      continue;
    }
    const events = Array.isArray(svc.events) ? svc.events.filter((x) => typeof x === 'string') : [];
    let pattern: CallPattern = 'single';
    if (svc.reply === 'null') pattern = 'none';
    else if (svc.stream && svc.stream_msg) pattern = 'stream';
    else if (svc.stream) pattern = 'dump';
    const missing = [pattern === 'none' ? undefined : svc.reply, pattern === 'stream' ? svc.stream_msg : undefined, ...events]
      .filter((m): m is string => m !== undefined && !messages.has(m));
    if (missing.length) {
      fail(new SchemaError(`${origin}: service ${name}: refers to undefined message(s) ${missing.join(', ')}`, origin, name));
      continue;
    }
    const def: ServiceDef = {
      request: name, pattern, module, events,
      reply: pattern === 'none' ? undefined : svc.reply,
      streamMsg: pattern === 'stream' ? svc.stream_msg : undefined,
    };
    services.set(name, def);
    if (def.reply) linkReply(def.reply, name);
    if (def.streamMsg) linkReply(def.streamMsg, name);
    for (const ev of events) linkReply(ev, name);
  }

  return { services, replyOf };
}
