/**
 * What the gateway answers, checked against the schemas its own /openapi.json publishes
 * (JSON Schema 2020-12, OpenAPI 3.1's dialect, by Ajv): every read-only request of the
 * loaded definitions with an empty body (replies, dumps as arrays and as NDJSON lines,
 * and whatever error each gets from the emulator), bad requests (400, 404, 403, 415), a
 * non-zero retval (422), VPP gone (503), and events delivered over SSE.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { cleanup } from '../../support/cli.js';
import { serve, type Served, startVpp, until, type Vpp } from './harness.js';

let vpp: Vpp;
let s: Served;
let doc: any;
const ajv = new Ajv2020({ strict: false, allErrors: true });

/** Checks `value` against the schema at `pointer` (a JSON pointer into the document); the errors, or ''. */
function check(pointer: string, value: unknown): string {
  const validate = ajv.getSchema(`openapi.json#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of the schema of `status`'s answer of POST `path` as `type`. */
function answerSchema(path: string, method: string, status: number, type = 'application/json'): string {
  const responses = doc.paths[path][method].responses;
  expect(responses[String(status)], `${path} ${status} is described`).toBeDefined();
  expect(responses[String(status)].content[type], `${path} ${status} ${type} is described`).toBeDefined();
  return `/paths/${esc(path)}/${method}/responses/${status}/content/${esc(type)}/schema`;
}

async function post(name: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${s.url}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

beforeAll(async () => {
  vpp = await startVpp({ threads: 2 });
  s = await serve(vpp, ['--allow', 'sw_interface_set_flags']);
  doc = await (await fetch(`${s.url}/openapi.json`)).json();
  ajv.addSchema(doc, 'openapi.json');
});

afterAll(async () => {
  await s?.stop();
  await vpp?.emu.stop().catch(() => {});
  cleanup();
});

describe('answers against the published OpenAPI schemas', () => {
  it('every read-only request with an empty body: its answer (reply, details or error) fits the schema of its status', async () => {
    const readOnly = Object.entries(doc.paths as Record<string, any>).filter(([p, v]) => p.startsWith('/api/') && /read-only/.test(v.post.summary));
    expect(readOnly.length).toBeGreaterThan(25);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const [path] of readOnly) {
      const r = await post(path.slice('/api/'.length), '{}');
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.type, path).toMatch(/^application\/json/);
      const why = check(answerSchema(path, 'post', r.status), JSON.parse(r.text));
      if (why) failures.push(`${path} ${r.status}: ${why}`);
    }
    expect(failures).toEqual([]);
    // Replies and details were among them, not only errors.
    expect(statuses.get(200)).toBeGreaterThan(10);
  }, 120_000);

  it('NDJSON lines of dumps and streams fit the line schema (details, then {"_end": …})', async () => {
    const { session } = await openSession({ socketPath: vpp.api });
    for (let i = 0; i < 3; i++) await session.call('create_loopback', {});
    await session.disconnect();
    const many = Object.entries(doc.paths as Record<string, any>).filter(([p, v]) => p.startsWith('/api/') && /read-only/.test(v.post.summary) && v.post.responses['200'].content['application/x-ndjson']);
    let lines = 0;
    for (const [path] of many) {
      const r = await post(path.slice('/api/'.length), '{}', { accept: 'application/x-ndjson' });
      if (r.status !== 200) continue;
      expect(r.type, path).toMatch(/^application\/x-ndjson/);
      for (const line of r.text.split('\n').filter((l) => l !== '')) {
        expect(check(answerSchema(path, 'post', 200, 'application/x-ndjson'), JSON.parse(line)), `${path}: ${line}`).toBe('');
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(10);
  }, 120_000);

  it('errors fit the Error schema: bad JSON, an unknown field, an unknown message, a refused write, a non-zero retval', async () => {
    const cases: [string, string, number][] = [
      ['sw_interface_dump', '{', 400],
      ['sw_interface_dump', '{"no_such_field": 1}', 400],
      ['sw_interface_dump', '{"sw_if_index": "x"}', 400],
      ['no_such_message', '{}', 404],
      ['create_loopback', '{}', 403],
      ['sw_interface_set_flags', '{"sw_if_index": 12345, "flags": "IF_STATUS_API_FLAG_ADMIN_UP"}', 422],
    ];
    for (const [name, body, status] of cases) {
      const r = await post(name, body);
      expect(r.status, `${name} ${body}`).toBe(status);
      const path = doc.paths[`/api/${name}`] ? `/api/${name}` : '/api/sw_interface_dump';
      expect(check(answerSchema(path, 'post', status), JSON.parse(r.text)), `${name} ${body}`).toBe('');
    }
    const r = await fetch(`${s.url}/api/show_version`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(r.status).toBe(415);
    expect(check('/components/schemas/Error', await r.json())).toBe('');
  });

  it('an event delivered over SSE fits the schema of its data', async () => {
    expect(doc.paths['/events/sw_interface_event'].get.responses['200'].content['text/event-stream']).toBeDefined();
    const ctl = new AbortController();
    const res = await fetch(`${s.url}/events/sw_interface_event`, { signal: ctl.signal });
    expect(res.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const dec = new TextDecoder();
      try {
        for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) text += dec.decode(c, { stream: true });
      } catch {
        /* aborted */
      }
    })();
    await until('the registration', () => vpp.emu.received.some((m) => m.name === 'want_interface_events'));
    const { session } = await openSession({ socketPath: vpp.api });
    const { sw_if_index } = (await session.call('create_loopback', {})) as { sw_if_index: number };
    await session.call('sw_interface_set_flags', { sw_if_index, flags: 1 });
    await session.call('sw_interface_set_flags', { sw_if_index, flags: 0 });
    await session.disconnect();
    const data = await until('two events', () => {
      const d = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice('data: '.length));
      return d.length >= 2 && d;
    });
    ctl.abort();
    await reading;
    for (const d of data) expect(check(answerSchema('/events/sw_interface_event', 'get', 200, 'text/event-stream'), JSON.parse(d)), d).toBe('');
  }, 30_000);

  it('VPP gone: the 503 fits the Error schema; back again, replies fit again', async () => {
    await vpp.emu.stop();
    const gone = await until('a 503', async () => {
      const r = await post('show_version', '{}');
      return r.status === 503 && r;
    });
    expect(check(answerSchema('/api/show_version', 'post', 503), JSON.parse(gone.text))).toBe('');
    vpp.emu = await startEmulator({ socketPath: vpp.api, statsSocketPath: vpp.stats, statsIntervalMs: 3_600_000 });
    const back = await until('the API back', async () => {
      const r = await post('show_version', '{}');
      return r.status === 200 && r;
    }, 20_000);
    expect(check(answerSchema('/api/show_version', 'post', 200), JSON.parse(back.text))).toBe('');
  }, 40_000);
});
