/**
 * `vppapi watch <want_message> [flags] [--count N] [--timeout S] [--json|--jsonl]`:
 * registers for the events a want_* request enables, prints each as it arrives, and
 * unregisters when done: after N events, S seconds, or Ctrl-C.
 *
 * | mode            | one line per event                                             |
 * |-----------------|----------------------------------------------------------------|
 * | human           | `12:00:01.123 sw_interface_event sw_if_index=1 flags=ADMIN_UP …` (local time; pid left out) |
 * | --json, --jsonl | `{"_timestamp":"2025-…Z","_msgname":"sw_interface_event",…}` (one compact object each: a stream) |
 *
 * Events are subscribed to before the registration is sent, so none between its reply
 * and the loop is lost. The registration is undone with the same message and
 * enable_disable (or enable) 0; on Ctrl-C that message is written at once, without
 * waiting for its reply. A connection registered already (-31, e.g. by hand in the
 * shell) is watched as it is and left registered.
 *
 * | how it ends                                  | exit | stderr                                          |
 * |----------------------------------------------|------|-------------------------------------------------|
 * | --count events came                          | 0    |                                                 |
 * | --timeout, no --count                        | 0    |                                                 |
 * | --timeout before --count events came         | 6    | `watch: 2 of 3 events came within --timeout 10s` |
 * | Ctrl-C                                       | 130  | with --count: `watch: stopped after 2 of 3 events` |
 * | the connection closed                        | 4    | the error                                       |
 *
 * VPP answered the registration in every case, so a --timeout that ends the watch is the
 * user's limit, not VPP failing to answer (exit 4 is kept for that).
 */
import type { MessageDef } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { retvalInfo } from '../../client/session/retvals.js';
import { RetvalError } from '../../client/session/errors.js';
import { stringifyJson } from '../../format/json/lossless-json.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { unalias } from '../../client/schema/model.js';
import { planFor } from '../plan/plan.js';
import { readArgsWaiting } from '../plan/read.js';
import { messageHelp } from '../request/message-help.js';
import { unknownCommand } from '../request/suggest.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { parseTimeout } from '../runtime/globals.js';
import { helpWidth } from '../runtime/help-text.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';

type Msg = Record<string, unknown>;

/** VPP's answer to enabling a want_* registration that is on already. */
const INVALID_REGISTRATION = -31;

/** `HH:MM:SS.mmm`, local time. */
function clock(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v === '' || /\s/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'object' && v !== null) return stringifyJson(v);
  return String(v);
}

/** One event as one line in the printer's mode. */
export function eventLine(p: Printer, def: MessageDef, msg: Msg, at: Date): string {
  if (p.mode !== 'human') return stringifyJson({ _timestamp: at.toISOString(), ...p.toJson(def, msg) });
  const human = defaultRegistry.forMessage(def).format(msg, { short: true });
  const fields = Object.entries(human).filter(([k]) => k !== 'pid').map(([k, v]) => `${k}=${text(v)}`);
  return [clock(at), def.name, ...fields].join(' ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`watch: ${flag} ${JSON.stringify(v)} is not a positive whole number`);
  return n;
}

/** The field that switches the registration on and off, with its two values (u32 or bool). */
function switchField(def: MessageDef): { name: string; on: unknown; off: unknown } | undefined {
  const f = def.bodyFields.find((x) => x.name === 'enable_disable' || x.name === 'enable');
  if (!f) return undefined;
  const u = unalias(f.type);
  return u.kind === 'base' && u.name === 'bool' ? { name: f.name, on: true, off: false } : { name: f.name, on: 1, off: 0 };
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number> {
  const [name, ...tokens] = args as [string, ...string[]];
  const count = positiveInt(opts.count, '--count');
  const duration = opts.timeout === undefined ? undefined : parseTimeout(String(opts.timeout));
  const schema = await rt.definitions([name], { offline: false });
  const def = schema.messages.get(name);
  if (!def) return unknownCommand(rt, name);
  const svc = schema.services.get(name);
  if (!svc || svc.events.length === 0) {
    const wants = [...schema.services.values()].filter((s) => s.events.length > 0).map((s) => s.request).sort();
    throw new CliError(`watch: ${name} registers for no events`, EXIT.USAGE, wants.length ? `requests that do: ${wants.slice(0, 6).join(', ')}${wants.length > 6 ? ', …' : ''}` : undefined);
  }
  const parsed = await readArgsWaiting(planFor(schema, name)!, tokens, 0, { globals: () => rt.globals }, { readStdin: () => rt.readStdin() });
  const p = rt.printer();
  if (parsed.help) {
    p.line(messageHelp(schema, def, helpWidth(p.settings.width)));
    return EXIT.OK;
  }
  const session = await rt.session([name, ...svc.events]);
  const events = svc.events.filter((e) => session.schema.messages.has(e));
  if (events.length === 0) throw new CliError(`watch: no local definition of ${svc.events.join(', ')}`, EXIT.USAGE, 'give the definitions of this VPP with --api-dir');
  return watch(rt, p, session, def, parsed.value, events, count, duration);
}

async function watch(rt: Runtime, p: Printer, session: Session, def: MessageDef, value: Msg, events: string[], count?: number, duration?: number): Promise<number> {
  const name = def.name;
  const sw = switchField(def);
  const on: Msg = sw ? { ...value, [sw.name]: sw.on } : value;
  const off: Msg | undefined = sw ? { ...value, [sw.name]: sw.off, pid: value.pid ?? process.pid } : undefined;
  const signal = rt.io.signal;
  const queue = session.events(events);
  // 'sending' from the moment the enable may be on the wire: a Ctrl-C then still undoes it
  // (VPP handles the two in order).
  let state: 'none' | 'sending' | 'registered' = 'none';
  let stop: (why: 'abort' | 'timeout') => void = () => {};
  const stopped = new Promise<'abort' | 'timeout'>((resolve) => (stop = resolve));
  const onAbort = (): void => {
    // Written now: the process (or the shell's line) ends without waiting for us.
    if (state !== 'none' && off) {
      try {
        session.send(name, off);
      } catch {
        /* the connection is gone, and the registration with it */
      }
    }
    state = 'none';
    stop('abort');
  };
  const timer = duration === undefined ? undefined : setTimeout(() => stop('timeout'), duration);
  try {
    if (signal?.aborted) return EXIT.INTERRUPTED;
    signal?.addEventListener('abort', onAbort, { once: true });
    state = 'sending';
    const interrupted = (seen: number): number => {
      if (count !== undefined) p.note(`watch: stopped after ${seen} of ${plural(count, 'event')}`);
      return EXIT.INTERRUPTED;
    };
    let reply: Msg;
    try {
      reply = (await session.call(name, on, { timeoutMs: rt.globals.timeoutMs, signal, checkRetval: false })) as Msg;
    } catch (e) {
      // Ctrl-C before VPP answered the registration: stopped like any other Ctrl-C (onAbort sent the undo).
      if (signal?.aborted) return interrupted(0);
      throw e;
    }
    const rv = typeof reply.retval === 'number' ? reply.retval : 0;
    state = rv === 0 ? 'registered' : 'none';
    if (rv === INVALID_REGISTRATION && sw) {
      // Registered before on this connection (in the shell, by hand): watch, and leave it so.
      p.note(`${name}: this connection was registered already; watching without registering again`);
    } else if (rv !== 0) {
      const info = retvalInfo(rv);
      throw new RetvalError(name, rv, info?.name, info?.description, reply);
    }
    if (p.mode === 'human') {
      const limits = [count ? `${count} event${count === 1 ? '' : 's'}` : '', duration !== undefined ? `${duration / 1000}s` : ''].filter(Boolean).join(' or ');
      p.note(`watching ${events.join(', ')}${limits ? ` (until ${limits})` : ''}; Ctrl-C stops`);
    }
    let seen = 0;
    while (count === undefined || seen < count) {
      const next = await Promise.race([queue.next(), stopped]);
      if (typeof next === 'string') {
        if (next === 'abort') return interrupted(seen);
        break;
      }
      if (next.done) throw new CliError(`watch: the connection to VPP closed after ${seen} event${seen === 1 ? '' : 's'}`, EXIT.NO_ANSWER);
      const evDef = session.schema.messages.get(next.value.name);
      if (evDef) p.out.write(`${eventLine(p, evDef, next.value.msg, new Date())}\n`);
      seen++;
    }
    if (count !== undefined && seen < count) {
      p.note(`watch: ${seen} of ${plural(count, 'event')} came within --timeout ${duration! / 1000}s`);
      return EXIT.FEWER_EVENTS;
    }
    return EXIT.OK;
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    queue.close();
    if (state === 'registered' && off && session.state === 'running') {
      await session.call(name, off, { timeoutMs: rt.globals.timeoutMs, checkRetval: false }).catch(() => {});
    }
  }
}
