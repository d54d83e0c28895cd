/**
 * Request bodies as they come off a real socket: in the packet of the headers, in pieces,
 * chunked without a length, too large, not UTF-8, too slow; request targets the URL parser
 * changes (dot segments, a query); and the log, written in batches, keeping every line in
 * order. Requests are written as raw bytes (node:net), so that how the body arrives is the
 * test's choice.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../../support/cli.js';
import { serve, type Served, serveWith, startVpp, until, type Vpp } from './harness.js';

let vpp: Vpp;
let s: Served;
let slow: Served;

const received = (name: string) => vpp.emu.received.filter((r) => r.name === name);

beforeAll(async () => {
  vpp = await startVpp();
  s = await serve(vpp, ['--max-body', '64']);
  // --timeout bounds a body's arrival too.
  slow = await serveWithTimeout(vpp, '0.5');
});

afterAll(async () => {
  await s?.stop();
  await slow?.stop();
  await vpp?.emu.stop();
  cleanup();
});

function serveWithTimeout(v: Vpp, seconds: string): Promise<Served> {
  return serveWith(['--socket', v.api, '--stats-socket', v.stats, '--api-dir', v.defs, '--timeout', seconds]);
}

/** host:port of a served URL. */
function addr(srv: Served): { host: string; port: number } {
  const u = new URL(srv.url);
  return { host: u.hostname, port: Number(u.port) };
}

/**
 * Writes `parts` (with `gapMs` between them) on a new connection and reads until the
 * server closes it; the status and the body after the head. Throws on a socket error.
 */
function raw(srv: Served, parts: (string | Buffer)[], gapMs = 0): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(addr(srv));
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    sock.on('error', reject);
    sock.on('end', () => {
      const text = Buffer.concat(got).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), body: text.slice(head + 4) });
    });
    sock.on('connect', async () => {
      for (const [i, p] of parts.entries()) {
        if (i > 0 && gapMs) await new Promise((r) => setTimeout(r, gapMs));
        sock.write(p);
      }
    });
  });
}

const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\n${extra}\r\n`;

/** The JSON body of a chunked answer (the only kind with chunks here: 200/4xx JSON have a length). */
const json = (body: string) => JSON.parse(body);

describe('request bodies', () => {
  it('takes a body sent with its headers in one write', async () => {
    const r = await raw(s, [`${head('/api/show_version', 'content-length: 2\r\n')}{}`]);
    expect(r.status).toBe(200);
    expect(json(r.body)).toMatchObject({ _msgname: 'show_version_reply', retval: 0 });
  });

  it('takes an empty body and {} with white space as no field, and refuses {} followed by anything', async () => {
    for (const body of ['', ' ', '{}', ' {\n\t} \r\n']) {
      const r = await raw(s, [`${head('/api/show_version', `content-length: ${Buffer.byteLength(body)}\r\n`)}${body}`]);
      expect(r.status, JSON.stringify(body)).toBe(200);
    }
    vpp.emu.clearReceived();
    for (const body of ['{}}', '{} {}', '{}x', '{ ,}', '{']) {
      const r = await raw(s, [`${head('/api/show_version', `content-length: ${Buffer.byteLength(body)}\r\n`)}${body}`]);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(json(r.body).error, JSON.stringify(body)).toMatch(/^show_version: .*not valid JSON/);
    }
    expect(received('show_version')).toEqual([]);
  });

  it('waits for a body that comes after its headers, in pieces', async () => {
    const body = '{"name_filter_valid":false}';
    const r = await raw(s, [head('/api/sw_interface_dump', `content-length: ${body.length}\r\n`), body.slice(0, 5), body.slice(5)], 50);
    expect(r.status).toBe(200);
    expect(json(r.body)[0]).toMatchObject({ _msgname: 'sw_interface_details', interface_name: 'local0' });
  });

  it('refuses a chunked body over --max-body (no length declared), in one write or in pieces, sending nothing', async () => {
    vpp.emu.clearReceived();
    const big = JSON.stringify({ pad: 'x'.repeat(100) });
    const chunked = `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
    const one = await raw(s, [`${head('/api/show_version', 'transfer-encoding: chunked\r\n')}${chunked}`]);
    expect(one.status).toBe(413);
    expect(json(one.body).error).toBe('the body is over 64 bytes (--max-body)');
    const pieces = await raw(s, [head('/api/show_version', 'transfer-encoding: chunked\r\n'), chunked.slice(0, 40), chunked.slice(40)], 50);
    expect(pieces.status).toBe(413);
    expect(received('show_version')).toEqual([]);
  });

  it('takes a chunked body within the bound', async () => {
    const r = await raw(s, [`${head('/api/show_version', 'transfer-encoding: chunked\r\n')}2\r\n{}\r\n0\r\n\r\n`]);
    expect(r.status).toBe(200);
  });

  it('refuses bytes that are not UTF-8 with 400, sending nothing', async () => {
    vpp.emu.clearReceived();
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const r = await raw(s, [Buffer.concat([Buffer.from(head('/api/show_version', 'content-length: 4\r\n')), bad])]);
    expect(r.status).toBe(400);
    expect(json(r.body).error).toBe('the body is not UTF-8 text');
    expect(received('show_version')).toEqual([]);
  });

  it('answers 408 to a body that does not arrive within --timeout', async () => {
    const r = await raw(slow, [head('/api/show_version', 'content-length: 2\r\n'), '{', '}'], 1500);
    expect(r.status).toBe(408);
    expect(json(r.body).error).toBe('the body did not arrive within 500 ms');
  });
});

describe('request targets', () => {
  it('resolves dot segments and ignores a query with one target, as a URL parser does', async () => {
    expect((await raw(s, [`${head('/metrics/../api/show_version', 'content-length: 2\r\n')}{}`])).status).toBe(200);
    expect((await raw(s, [`${head('/api/show_version?x=1', 'content-length: 2\r\n')}{}`])).status).toBe(200);
    expect((await raw(s, [`${head('/api/show%5Fversion', 'content-length: 2\r\n')}{}`])).status).toBe(404);
  });

  it('reads a target starting with // as a URL parser does (a host, then the path)', async () => {
    const r = await raw(s, [`${head('//api/show_version', 'content-length: 2\r\n')}{}`]);
    expect(r.status).toBe(404);
    expect(json(r.body).error).toMatch(/^no route \/show_version:/);
  });
});

describe('the log', () => {
  it('has every request\'s line, in the order they ended, once the server stops', async () => {
    const own = await serve(vpp);
    const n = 300;
    const paths = Array.from({ length: n }, (_, i) => `/api/show_version?i=${i}`);
    // In order, one at a time: each request's line must come after the one before it.
    for (const p of paths.slice(0, 50)) expect((await raw(own, [`${head(p, 'content-length: 2\r\n')}{}`])).status).toBe(200);
    // And many at once: all their lines, none lost.
    await Promise.all(paths.slice(50).map((p) => raw(own, [`${head(p, 'content-length: 2\r\n')}{}`])));
    await own.stop();
    const lines = own.log().split('\n').filter((l) => / POST \/api\/show_version\?i=\d+ 200 /.test(l));
    expect(lines).toHaveLength(n);
    const order = lines.map((l) => Number(/\?i=(\d+) /.exec(l)![1]));
    expect(order.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Set(order).size).toBe(n);
    expect(own.log().trimEnd().endsWith('stopping')).toBe(true);
  });

  it('shows a line soon after its request, without waiting for more', async () => {
    await raw(s, [`${head('/api/show_version?soon', 'content-length: 2\r\n')}{}`]);
    await until('the log line', () => /POST \/api\/show_version\?soon 200 /.test(s.log()), 2000);
  });
});
