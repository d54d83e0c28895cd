/**
 * `GET /events/<event>`: VPP's events as server-sent events (`event: <name>`, `data:` the
 * event in the `--json` form). The `want_*` request that registers for the event is
 * sent (enable) when the first subscriber of that request arrives and sent again
 * (disable) when the last one leaves; a comment line every 15 s keeps proxies from
 * closing an idle stream. Registrations follow the session across VPP restarts (the
 * connection keeper makes them again).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unalias } from '../../client/schema/model.js';
import type { MessageDef, Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { toJson } from './adapter.js';
import { gatewayJson } from './http.js';
import { HttpError } from './status.js';

type Msg = Record<string, unknown>;

const KEEPALIVE_MS = 15_000;

/** The request that registers for `event`, and its on/off values. @throws HttpError 404. */
function registrationFor(schema: Schema, event: string): { want: MessageDef; on: Msg; off: Msg } {
  if (!schema.messages.has(event)) throw new HttpError(404, `no message called ${JSON.stringify(event)} in the loaded definitions`);
  for (const svc of schema.services.values()) {
    if (!svc.events.includes(event)) continue;
    const want = schema.messages.get(svc.request)!;
    const f = want.bodyFields.find((x) => x.name === 'enable_disable' || x.name === 'enable');
    const bool = f !== undefined && (() => {
      const u = unalias(f.type);
      return u.kind === 'base' && u.name === 'bool';
    })();
    const on: Msg = f ? { [f.name]: bool ? true : 1, pid: process.pid } : { pid: process.pid };
    const off: Msg = f ? { [f.name]: bool ? false : 0, pid: process.pid } : { pid: process.pid };
    return { want, on, off };
  }
  throw new HttpError(404, `${event} is not an event any request registers for`);
}

export class EventHub {
  /** want_* name → subscribers now, and the registration in progress. */
  private readonly wants = new Map<string, { count: number; ready: Promise<void> }>();

  constructor(
    private readonly schema: () => Schema,
    private readonly session: () => Promise<Session>,
    private readonly timeoutMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Subscribers of the want_* request `name` now (tests, the log). Throws nothing. */
  subscribers(name: string): number {
    return this.wants.get(name)?.count ?? 0;
  }

  /**
   * Streams `event` to `res` until the client leaves.
   * @throws HttpError 404 for an unknown event; the session's errors when the first registration fails.
   */
  async serve(event: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
    const schema = this.schema();
    const { want, on, off } = registrationFor(schema, event);
    const session = await this.session();
    const evDef = schema.messages.get(event)!;
    await this.join(session, want.name, on);
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`: subscribed to ${event}\n\n`);
    let id = 0;
    const unsubscribe = session.subscribe(event, (_name: string, msg: Msg) => {
      res.write(`id: ${++id}\nevent: ${event}\ndata: ${gatewayJson(toJson(evDef, msg))}\n\n`);
    });
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    await new Promise<void>((resolve) => {
      req.on('close', resolve);
      res.on('close', resolve);
    });
    clearInterval(keepalive);
    unsubscribe();
    await this.leave(session, want.name, off);
  }

  private async join(session: Session, want: string, on: Msg): Promise<void> {
    const w = this.wants.get(want);
    if (w) {
      w.count++;
      return w.ready.catch((e: unknown) => {
        w.count--;
        throw e;
      });
    }
    const entry = { count: 1, ready: Promise.resolve() };
    entry.ready = (async () => {
      const reply = (await session.call(want, on, { timeoutMs: this.timeoutMs, checkRetval: true })) as Msg;
      this.log(`events: ${want} enabled (retval ${String(reply?.retval ?? 0)})`);
    })();
    this.wants.set(want, entry);
    try {
      await entry.ready;
    } catch (e) {
      this.wants.delete(want);
      throw e;
    }
  }

  private async leave(session: Session, want: string, off: Msg): Promise<void> {
    const w = this.wants.get(want);
    if (!w) return;
    if (--w.count > 0) return;
    this.wants.delete(want);
    if (session.state !== 'running') return;
    try {
      await session.call(want, off, { timeoutMs: this.timeoutMs, checkRetval: false });
      this.log(`events: ${want} disabled (no subscriber left)`);
    } catch (e) {
      this.log(`events: ${want} could not be disabled: ${(e as Error).message}`);
    }
  }
}
