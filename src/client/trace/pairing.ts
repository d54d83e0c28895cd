/**
 * A recorded session's requests with what VPP answered them, found again by context and
 * by the request's service (PROTOCOL.md §4): single → its reply; dump → its details
 * (control_ping_reply with the same context ends them); stream → details, then its reply.
 * Events and anything without a pending request are not answers and are left aside.
 */
import type { Schema } from '../schema/model.js';
import type { TraceItem } from './load-messages.js';

export interface RecordedOutcome {
  /** single and stream: the reply's name and body. */
  replyName?: string;
  reply?: Record<string, unknown>;
  /** dump and stream: the details, in order. */
  detailsName?: string;
  details: Record<string, unknown>[];
}

export interface ReplayInput {
  item: TraceItem;
  /** Only from a recorded session: what VPP answered when it was recorded. */
  recorded?: RecordedOutcome;
}

/** Throws nothing. */
export function pairSession(items: Iterable<TraceItem>, schema: Schema): ReplayInput[] {
  const out: ReplayInput[] = [];
  const pending = new Map<number, { name: string; rec: RecordedOutcome }>();
  for (const item of items) {
    if (item.direction === 'send') {
      const input: ReplayInput = { item };
      out.push(input);
      if (item.context === undefined || item.def?.header !== 'request' || item.name === 'control_ping') continue;
      input.recorded = { details: [] };
      pending.set(item.context, { name: item.name, rec: input.recorded });
      continue;
    }
    if (item.context === undefined || !item.value) continue;
    const p = pending.get(item.context);
    const svc = p && schema.services.get(p.name);
    if (!p || !svc) continue;
    if (svc.pattern === 'dump') {
      if (item.name === svc.reply) {
        p.rec.detailsName = item.name;
        p.rec.details.push(item.value);
      } else if (item.name === 'control_ping_reply') pending.delete(item.context);
    } else if (svc.pattern === 'stream' && item.name === svc.streamMsg) {
      p.rec.detailsName = item.name;
      p.rec.details.push(item.value);
    } else if (item.name === svc.reply) {
      p.rec.replyName = item.name;
      p.rec.reply = item.value;
      pending.delete(item.context);
    }
  }
  return out;
}

/** Inputs of a VPP trace (no replies are stored there). Throws nothing. */
export function* unpaired(items: Iterable<TraceItem>): Generator<ReplayInput, void, undefined> {
  for (const item of items) yield { item };
}
