/**
 * GET /events/<event>: server-sent events over a real socket; the want_* registration
 * is sent once for the first subscriber and undone after the last one leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { cleanup } from '../../support/cli.js';
import { serve, type Served, startVpp, until, type Vpp } from './harness.js';

let vpp: Vpp;
let s: Served;

/** enable_disable of each want_interface_events received: a u32 after the 10-byte request header (u16 id, u32 client_index, u32 context), big-endian. */
const wants = () => vpp.emu.received.filter((r) => r.name === 'want_interface_events').map((r) => r.payload.readUInt32BE(10) !== 0);

/** An SSE reader: the events as parsed, and a way to leave. */
async function subscribe(path: string): Promise<{ status: number; type: string | null; events: { event?: string; data?: string; id?: string }[]; text: () => string; close: () => void }> {
  const ctl = new AbortController();
  const r = await fetch(`${s.url}${path}`, { signal: ctl.signal });
  const events: { event?: string; data?: string; id?: string }[] = [];
  let text = '';
  if (r.body) {
    void (async () => {
      const dec = new TextDecoder();
      try {
        for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
          text += dec.decode(chunk, { stream: true });
          let cut;
          while ((cut = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, cut);
            text = text.slice(cut + 2);
            const ev: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const i = line.indexOf(':');
              ev[line.slice(0, i)] = line.slice(i + 1).trimStart();
            }
            if (Object.keys(ev).length) events.push(ev);
          }
        }
      } catch {
        /* aborted */
      }
    })();
  }
  return { status: r.status, type: r.headers.get('content-type'), events, text: () => text, close: () => ctl.abort() };
}

beforeAll(async () => {
  vpp = await startVpp();
  s = await serve(vpp, ['--allow-write']);
});

afterAll(async () => {
  await s?.stop();
  await vpp?.emu.stop();
  cleanup();
});

describe('GET /events/<event>', () => {
  it('registers for the first subscriber, delivers events to each, and unregisters after the last leaves', async () => {
    vpp.emu.clearReceived();
    const a = await subscribe('/events/sw_interface_event');
    expect(a.status).toBe(200);
    expect(a.type).toBe('text/event-stream; charset=utf-8');
    await until('the registration', () => wants().length === 1);
    const b = await subscribe('/events/sw_interface_event');
    expect(b.status).toBe(200);
    expect(wants()).toEqual([true]);

    // Another client brings loop0 up: VPP sends the event to the registered connection.
    const { session } = await openSession({ socketPath: vpp.api });
    const { sw_if_index } = (await session.call('create_loopback', {})) as { sw_if_index: number };
    await session.call('sw_interface_set_flags', { sw_if_index, flags: 1 });
    for (const sub of [a, b]) {
      const ev = await until('the event', () => sub.events[0]);
      expect(ev.event).toBe('sw_interface_event');
      expect(ev.id).toBe('1');
      expect(JSON.parse(ev.data!)).toMatchObject({ _msgname: 'sw_interface_event', sw_if_index, flags: expect.arrayContaining(['IF_STATUS_API_FLAG_ADMIN_UP']) });
    }
    a.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(wants()).toEqual([true]);
    b.close();
    await until('the unregistration', () => wants().length === 2);
    expect(wants()).toEqual([true, false]);
    await until('the log line', () => /events: want_interface_events disabled \(no subscriber left\)/.test(s.log()));

    // Registered again for a new first subscriber.
    const c = await subscribe('/events/sw_interface_event');
    await until('the second registration', () => wants().length === 3);
    c.close();
    await until('the second unregistration', () => wants().length === 4);
    await session.disconnect();
  }, 30_000);

  it('answers 404 for a message that is no event, and for an unknown one', async () => {
    const r = await fetch(`${s.url}/events/show_version`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: string }).error).toMatch(/not an event any request registers for/);
    expect((await fetch(`${s.url}/events/no_such_event`)).status).toBe(404);
  });
});
