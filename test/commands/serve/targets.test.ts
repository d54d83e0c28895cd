/**
 * `vppapi serve` with several targets, over a real socket: each target answered by its
 * own VPP (two emulators), chosen by `?target=NAME` on /api, /metrics, /events and
 * /openapi.json; a name not served is a 404 naming those that are, no name a 400; a
 * target whose statistics segment is not on this host has no /metrics (404 saying why);
 * targets are connected on first use and each is kept apart (one down, the other served;
 * an event registration made on the named VPP only).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { cleanup, tempDir } from '../../support/cli.js';
import { parsePromText } from '../../support/oracle/prom-text.js';
import { post, type Served, serveWith, startVpp, until, type Vpp } from './harness.js';

let a: Vpp;
let b: Vpp;
let s: Served;
let configFile: string;

const q = (name: string) => `?target=${encodeURIComponent(name)}`;
const names = (rows: any[]) => rows.map((r) => r.interface_name as string);

async function get(srv: Served, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${srv.url}${path}`);
  return { status: r.status, text: await r.text() };
}

beforeAll(async () => {
  a = await startVpp();
  b = await startVpp();
  const dir = tempDir('vppapi-serve-targets-');
  const file = join(dir, 'targets.yaml');
  // a as unix:PATH, b as a plain path; far is not on this host (its command is never run for /metrics).
  configFile = file;
  writeFileSync(file, `targets:\n  a: unix:${a.api}\n  b: ${b.api}\n  b2: { url: ${b.api}, stats_socket: ${a.stats} }\n  far: "exec:/bin/false"\ngroups:\n  pair: [a, b, far]\n`, { mode: 0o600 });
  s = await serveWith(['--config', file, '--target', 'pair', '--api-dir', a.defs], ['--allow-write']);
});

afterAll(async () => {
  await s?.stop();
  await a?.emu.stop();
  await b?.emu.stop().catch(() => {});
  cleanup();
});

describe('serve with several targets', () => {
  it('names the targets it serves, and connects to none before it is asked', async () => {
    expect(s.log()).toMatch(/serving on http:\/\/127\.0\.0\.1:\d+ \(targets a, b, far; read-write\)/);
    expect(a.emu.received).toEqual([]);
    expect(b.emu.received).toEqual([]);
  });

  it('answers each target from its own VPP', async () => {
    const made = await post(s, 'create_loopback', { mac_address: 'de:ad:00:00:00:0a' }, {}, q('a'));
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ _msgname: 'create_loopback_reply', retval: 0 });
    expect(a.emu.received.filter((r) => r.name === 'create_loopback')).toHaveLength(1);
    expect(b.emu.received.filter((r) => r.name === 'create_loopback')).toEqual([]);
    const onA = await post(s, 'sw_interface_dump', { name_filter_valid: false }, {}, q('a'));
    const onB = await post(s, 'sw_interface_dump', { name_filter_valid: false }, {}, q('b'));
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(names(onA.json)).toEqual(['local0', 'loop0']);
    expect(names(onB.json)).toEqual(['local0']);
    expect(b.emu.received.some((r) => r.name === 'sw_interface_dump')).toBe(true);
  });

  it('refuses a missing ?target= with 400 and an unknown one with 404, naming the targets, and sends nothing', async () => {
    a.emu.clearReceived();
    b.emu.clearReceived();
    for (const path of ['/metrics', '/openapi.json', '/events/sw_interface_event']) {
      const none = await get(s, path);
      expect(none.status, path).toBe(400);
      expect(JSON.parse(none.text).error).toBe('several targets are served: add ?target=NAME, one of a, b, far');
      const other = await get(s, `${path}${q('c')}`);
      expect(other.status, path).toBe(404);
      expect(JSON.parse(other.text).error).toBe('no target "c" is served here; the targets are a, b, far');
    }
    const none = await post(s, 'create_loopback', {});
    expect(none.status).toBe(400);
    expect(none.json.error).toMatch(/one of a, b, far$/);
    const other = await post(s, 'create_loopback', {}, {}, q('A'));
    expect(other.status).toBe(404);
    expect(a.emu.received).toEqual([]);
    expect(b.emu.received).toEqual([]);
  });

  it('serves each local target its own statistics segment; a target not on this host has none (404 saying why)', async () => {
    for (const t of ['a', 'b']) {
      const r = await get(s, `/metrics${q(t)}`);
      expect(r.status, t).toBe(200);
      expect(parsePromText(r.text).series.get('vpp_up{}'), t).toBe(1);
    }
    // Each its own: loop0 was made on a only.
    const info = (t: string) => get(s, `/metrics${q(t)}`).then((r) => parsePromText(r.text).series.get('_if_names_info{index="1",name="loop0"}'));
    expect(await info('a')).toBe(1);
    expect(await info('b')).toBeUndefined();
    // b2 is b's API socket with a's statistics socket named in the targets file (stats_socket).
    const s2 = await serveWith(['--config', configFile, '--target', 'b,b2', '--api-dir', a.defs]);
    try {
      const on = (t: string) => get(s2, `/metrics${q(t)}`).then((r) => parsePromText(r.text).series.get('_if_names_info{index="1",name="loop0"}'));
      expect(await on('b2')).toBe(1);
      expect(await on('b')).toBeUndefined();
    } finally {
      await s2.stop();
    }
    const far = await get(s, `/metrics${q('far')}`);
    expect(far.status).toBe(404);
    expect(JSON.parse(far.text).error).toMatch(/^target far \(exec:\/bin\/false\) is not on this host: its statistics segment is shared memory .*run vppapi serve there/);
  });

  it('links each target\'s routes from the index page', async () => {
    const r = await get(s, '/');
    expect(r.status).toBe(200);
    for (const t of ['a', 'b', 'far']) expect(r.text).toContain(`<li>${t}: <a href="/metrics?target=${t}">metrics</a>`);
  });

  it('serves the OpenAPI document of the target named', async () => {
    const r = await get(s, `/openapi.json${q('b')}`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).paths['/api/show_version']).toBeDefined();
  });

  it('keeps the targets apart: one VPP gone is 503 and vpp_up 0 there, the other still served', async () => {
    await b.emu.stop();
    const gone = await post(s, 'show_version', {}, {}, q('b'));
    expect(gone.status).toBe(503);
    const m = await get(s, `/metrics${q('b')}`);
    expect(m.status).toBe(200);
    expect(parsePromText(m.text).series.get('vpp_up{}')).toBe(0);
    const here = await post(s, 'show_version', {}, {}, q('a'));
    expect(here.status).toBe(200);
    expect(here.json).toMatchObject({ _msgname: 'show_version_reply', retval: 0 });
    expect(parsePromText((await get(s, `/metrics${q('a')}`)).text).series.get('vpp_up{}')).toBe(1);

    // b back on the same sockets: its keeper reattaches and its segment is read again.
    b.emu = await startEmulator({ socketPath: b.api, statsSocketPath: b.stats, statsIntervalMs: 3_600_000 });
    const back = await until('b to answer again', async () => {
      const r = await post(s, 'show_version', {}, {}, q('b'));
      return r.status === 200 && r;
    });
    expect(back.json).toMatchObject({ _msgname: 'show_version_reply', retval: 0 });
    expect(parsePromText((await get(s, `/metrics${q('b')}`)).text).series.get('vpp_up{}')).toBe(1);
    await until('the reattach log lines', () => /api b: connection to VPP lost .*\n(.*\n)*.*api b: reconnected to /.test(s.log()));
  });
});

describe('serve with targets given as socket paths', () => {
  it('takes each path (plain or unix:) as the target name', async () => {
    const c = await startVpp();
    const d = await startVpp();
    const p = await serveWith(['--target', c.api, '--target', `unix:${d.api}`, '--api-dir', c.defs], ['--allow', 'create_loopback,sw_interface_set_flags']);
    try {
      expect((await post(p, 'create_loopback', {}, {}, q(`unix:${d.api}`))).status).toBe(200);
      const onC = await post(p, 'sw_interface_dump', { name_filter_valid: false }, {}, q(c.api));
      const onD = await post(p, 'sw_interface_dump', { name_filter_valid: false }, {}, q(`unix:${d.api}`));
      expect(names(onC.json)).toEqual(['local0']);
      expect(names(onD.json)).toEqual(['local0', 'loop0']);
      // Events: the registration is made on the named target's VPP, and its events come back.
      const wants = (v: Vpp) => v.emu.received.filter((r) => r.name === 'want_interface_events').length;
      const ctl = new AbortController();
      const sse = await fetch(`${p.url}/events/sw_interface_event${q(`unix:${d.api}`)}`, { signal: ctl.signal });
      expect(sse.status).toBe(200);
      let text = '';
      const reading = (async () => {
        const dec = new TextDecoder();
        try {
          for await (const chunk of sse.body as unknown as AsyncIterable<Uint8Array>) text += dec.decode(chunk, { stream: true });
        } catch {
          /* aborted */
        }
      })();
      await until('the registration on d', () => wants(d) === 1);
      expect(wants(c)).toBe(0);
      expect((await post(p, 'sw_interface_set_flags', { sw_if_index: 1, flags: 'IF_STATUS_API_FLAG_ADMIN_UP' }, {}, q(`unix:${d.api}`))).status).toBe(200);
      const data = await until('the event', () => /event: sw_interface_event\ndata: (.*)\n/.exec(text)?.[1]);
      expect(JSON.parse(data)).toMatchObject({ _msgname: 'sw_interface_event', sw_if_index: 1, flags: expect.arrayContaining(['IF_STATUS_API_FLAG_ADMIN_UP']) });
      ctl.abort();
      await reading;
      await until('the unregistration on d', () => wants(d) === 2);
      expect(wants(c)).toBe(0);

      const none = await post(p, 'show_version');
      expect(none.status).toBe(400);
      expect(none.json.error).toBe(`several targets are served: add ?target=NAME, one of ${c.api}, unix:${d.api}`);
    } finally {
      await p.stop();
      await c.emu.stop();
      await d.emu.stop();
    }
  });
});
