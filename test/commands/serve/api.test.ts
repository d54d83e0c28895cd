/**
 * POST /api/<message> over a real socket: replies and dumps in the --json form, NDJSON
 * streamed as VPP answers, statuses by exit-code class, read-only refusals with nothing
 * sent, bad bodies named by field, limits, routes and methods; and the OpenAPI document,
 * checked by an OpenAPI 3.1 validator.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { cleanup } from '../../support/cli.js';
import { JSON_HEADERS, post, serve, type Served, startVpp, until, type Vpp } from './harness.js';

let vpp: Vpp;
let ro: Served;
let rw: Served;

const received = (name: string) => vpp.emu.received.filter((r) => r.name === name);

beforeAll(async () => {
  vpp = await startVpp();
  ro = await serve(vpp);
  rw = await serve(vpp, ['--allow-write', '--max-body', '4096']);
});

afterAll(async () => {
  await ro?.stop();
  await rw?.stop();
  await vpp?.emu.stop();
  cleanup();
});

describe('POST /api/<message>', () => {
  it('answers a single call with the reply in the --json form', async () => {
    const r = await post(ro, 'show_version');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toMatchObject({ _msgname: 'show_version_reply', retval: 0, program: 'vpe', version: '26.06-emulated' });
    await until('the log line', () => / 127\.0\.0\.1 POST \/api\/show_version 200 [\d.]+ms\n/.test(ro.log()));
  });

  it('answers a dump with a JSON array, fields in the --json form', async () => {
    const r = await post(ro, 'sw_interface_dump', { name_filter_valid: false });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json[0]).toMatchObject({ _msgname: 'sw_interface_details', sw_if_index: 0, interface_name: 'local0', l2_address: '00:00:00:00:00:00', type: 'IF_API_TYPE_HARDWARE' });
  });

  it('refuses a request that changes VPP on a read-only server, sending nothing', async () => {
    vpp.emu.clearReceived();
    const r = await post(ro, 'create_loopback', {});
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/create_loopback may change VPP's state.*--allow-write or --allow 'create_loopback'/);
    expect(received('create_loopback')).toEqual([]);
    const want = await post(rw, 'want_interface_events', { enable_disable: true });
    expect(want.status).toBe(403);
    expect(want.json.error).toMatch(/GET \/events\/sw_interface_event/);
  });

  it('lets through what --allow names, and nothing else', async () => {
    const s = await serve(vpp, ['--allow', 'sw_interface_set_flags,ip_table_*']);
    try {
      expect((await post(s, 'sw_interface_set_flags', { sw_if_index: 0, flags: 'IF_STATUS_API_FLAG_ADMIN_UP' })).status).toBe(200);
      expect((await post(s, 'create_loopback')).status).toBe(403);
    } finally {
      await s.stop();
    }
  });

  it('serves writes with --allow-write; a non-zero retval is 422 with its name', async () => {
    const made = await post(rw, 'create_loopback', { mac_address: 'de:ad:00:00:00:01' });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ _msgname: 'create_loopback_reply', retval: 0, sw_if_index: expect.any(Number) });
    const bad = await post(rw, 'sw_interface_set_flags', { sw_if_index: 999, flags: 'IF_STATUS_API_FLAG_ADMIN_UP' });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ retval: -2, retval_name: 'INVALID_SW_IF_INDEX', exit: 1, reply: { _msgname: 'sw_interface_set_flags_reply', retval: -2 } });
  });

  it('names the field of a bad value or unknown field (400), and sends nothing', async () => {
    vpp.emu.clearReceived();
    const unknown = await post(ro, 'sw_interface_dump', { bogus: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(/bogus.*no field "bogus"/);
    const value = await post(ro, 'sw_interface_dump', { sw_if_index: 'x' });
    expect(value.status).toBe(400);
    expect(value.json.error).toMatch(/sw_if_index: "x" is not an integer/);
    const json = await post(ro, 'show_version', '{"a": ');
    expect(json.status).toBe(400);
    expect(json.json.error).toMatch(/not valid JSON/);
    const notObject = await post(ro, 'show_version', '[1]');
    expect(notObject.status).toBe(400);
    expect(received('sw_interface_dump')).toEqual([]);
  });

  it('refuses what is no request: unknown message 404, a reply 400, a form body 415, a large body 413', async () => {
    expect((await post(ro, 'no_such_message')).status).toBe(404);
    const reply = await post(ro, 'sw_interface_details');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/not a request: VPP sends it in answer to sw_interface_dump/);
    const form = await fetch(`${ro.url}/api/show_version`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
    const big = await post(rw, 'show_version', JSON.stringify({ pad: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(big.json.error).toMatch(/4096/);
  });

  it('answers routes and methods: / 200, unknown 404, GET on /api 405, POST on /metrics 405', async () => {
    expect((await fetch(`${ro.url}/`)).status).toBe(200);
    const nope = await fetch(`${ro.url}/nope`);
    expect(nope.status).toBe(404);
    expect(await nope.json()).toMatchObject({ error: expect.stringMatching(/no route \/nope/) });
    const get = await fetch(`${ro.url}/api/show_version`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${ro.url}/metrics`, { method: 'POST', headers: JSON_HEADERS, body: '{}' })).status).toBe(405);
  });

  it('sends no CORS header unless --cors; with it, the allowed origin only', async () => {
    const plain = await fetch(`${ro.url}/api/show_version`, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'http://example.test' }, body: '{}' });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const s = await serve(vpp, ['--cors', 'http://dash.test']);
    try {
      const pre = await fetch(`${s.url}/api/show_version`, { method: 'OPTIONS', headers: { origin: 'http://dash.test', 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('http://dash.test');
      const other = await fetch(`${s.url}/api/show_version`, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'http://evil.test' }, body: '{}' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await s.stop();
    }
  });
});

describe('NDJSON of a 10,000-entry dump', () => {
  beforeAll(async () => {
    const { session } = await openSession({ socketPath: vpp.api });
    // In batches, each call with room for a busy machine.
    for (let b = 0; b < 20; b++) {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 500; i++) calls.push(session.call('create_loopback', {}, { timeoutMs: 60_000 }));
      await Promise.all(calls);
    }
    await session.disconnect();
  }, 120_000);

  it('streams one line per detail as they come, chunked, without a length', async () => {
    const r = await fetch(`${ro.url}/api/sw_interface_dump`, { method: 'POST', headers: { ...JSON_HEADERS, accept: 'application/x-ndjson' }, body: '{}' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(r.headers.get('content-length')).toBeNull();
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += dec.decode(value, { stream: true });
    }
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { sw_if_index: number; _msgname: string });
    expect(lines.length).toBeGreaterThanOrEqual(10_001);
    expect(lines.every((l) => l._msgname === 'sw_interface_details')).toBe(true);
    expect(new Set(lines.map((l) => l.sw_if_index)).size).toBe(lines.length);
    expect(chunks).toBeGreaterThan(1);
  }, 60_000);

  it('holds a slot while the client does not read, and turns the next request away past --max-concurrent (429)', async () => {
    const s = await serve(vpp, ['--max-concurrent', '1']);
    try {
      const slow = await fetch(`${s.url}/api/sw_interface_dump`, { method: 'POST', headers: { ...JSON_HEADERS, accept: 'application/x-ndjson' }, body: '{}' });
      expect(slow.status).toBe(200);
      // Nothing of the body read: the server waits for the socket to drain.
      const busy = await post(s, 'show_version');
      expect(busy.status).toBe(429);
      expect(busy.headers.get('retry-after')).toBe('1');
      await slow.body!.cancel();
      await until('the slot to free', async () => (await post(s, 'show_version')).status === 200);
    } finally {
      await s.stop();
    }
  }, 60_000);
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with one operation per request', async () => {
    const r = await fetch(`${ro.url}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    const op = doc.paths['/api/sw_interface_dump'].post;
    expect(op.operationId).toBe('sw_interface_dump');
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'application/x-ndjson']);
    expect(doc.paths['/api/want_interface_events']).toBeUndefined();
    expect(doc.paths['/api/show_version'].post.summary).toMatch(/read-only/);
    expect(doc.paths['/api/create_loopback'].post.summary).toMatch(/needs --allow-write/);
  });

  it('describes values as the gateway writes them: 64-bit as strings, addresses with patterns, enums by name, unions', async () => {
    const doc = (await (await fetch(`${ro.url}/openapi.json`)).json()) as any;
    const s = doc.components.schemas;
    expect(s.ip_route_add_del.properties.route.$ref).toBe('#/components/schemas/ip_route');
    expect(s.interface_counters ?? s.vnet_combined_counter ?? s.sw_interface_details).toBeDefined();
    expect(s.sw_interface_details.properties.l2_address).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(new RegExp(s.sw_interface_details.properties.l2_address.pattern).test('de:ad:00:00:00:01')).toBe(true);
    expect(s.if_type.anyOf[0].enum).toContain('IF_API_TYPE_HARDWARE');
    expect(s.address_union).toMatchObject({ type: 'object', properties: { ip4: { type: 'string' }, ip6: { type: 'string' } } });
    const prefix = s.ip_route.properties.prefix;
    expect(new RegExp(prefix.pattern).test('10.0.0.0/24')).toBe(true);
    expect(new RegExp(prefix.pattern).test('2001:db8::/32')).toBe(true);
    expect(new RegExp(prefix.pattern).test('10.0.0.0')).toBe(false);
    const u64 = Object.values(doc.components.schemas as Record<string, any>).flatMap((c) => Object.values((c.properties ?? {}) as Record<string, any>)).find((p) => p.description === 'u64, as a string of digits');
    expect(u64).toMatchObject({ type: ['string', 'integer'], pattern: '^[0-9]+$' });
    expect(s.show_version_reply.properties.version).toEqual({ type: 'string', maxLength: 32 });
  });

  it('describes a flag set as the list of names the gateway writes, also for a plain enum named *_flags', async () => {
    const doc = (await (await fetch(`${ro.url}/openapi.json`)).json()) as any;
    const flags = doc.components.schemas.if_status_flags;
    expect(flags.anyOf[0]).toEqual({ type: 'array', items: { anyOf: [{ type: 'string', enum: ['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP'] }, { type: 'integer', minimum: 0 }] } });
    const pattern = new RegExp(flags.anyOf[1].pattern);
    expect(pattern.test('IF_STATUS_API_FLAG_ADMIN_UP|IF_STATUS_API_FLAG_LINK_UP')).toBe(true);
    expect(pattern.test('ADMIN_UP|')).toBe(false);
    const r = await post(ro, 'sw_interface_dump', {});
    const shown = (r.json as Array<Record<string, unknown>>)[0]!.flags;
    expect(Array.isArray(shown)).toBe(true);
    for (const x of shown as unknown[]) expect(['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP']).toContain(x);
  });
});
