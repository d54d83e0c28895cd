/**
 * Who may reach `vppapi serve`: loopback by default; another address only with a bearer
 * token (a private file) or TLS; the token checked on every route; HTTPS with a
 * self-signed certificate made here by openssl; a Unix socket.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from '../../support/cli.js';
import { serve, serveFails, startVpp, until, type Vpp } from './harness.js';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;
const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10ZXN0cw';

let vpp: Vpp;
let dir: string;
let tokenFile: string;

beforeAll(async () => {
  vpp = await startVpp();
  dir = tempDir('vppapi-serve-sec-');
  tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await vpp?.emu.stop();
  cleanup();
});

describe('listening', () => {
  it('refuses an address other machines can reach without a token or TLS (exit 2), naming the ways out', async () => {
    const r = await serveFails(vpp, ['--listen', '0.0.0.0:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/0\.0\.0\.0:0 is reachable from other machines: give --token-file FILE .* or --tls-cert\/--tls-key/);
  });

  it('refuses a bad --listen, a token file others can read, a short token, half a TLS pair', async () => {
    expect((await serveFails(vpp, ['--listen', 'nowhere'])).stderr).toMatch(/--listen "nowhere" is not an address/);
    const open = join(dir, 'open-token');
    writeFileSync(open, TOKEN);
    chmodSync(open, 0o644);
    const r = await serveFails(vpp, ['--token-file', open]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/may be read by other users: chmod 600 it/);
    const short = join(dir, 'short');
    writeFileSync(short, 'abc', { mode: 0o600 });
    expect((await serveFails(vpp, ['--token-file', short])).stderr).toMatch(/at least 16 characters/);
    expect((await serveFails(vpp, ['--tls-cert', tokenFile])).stderr).toMatch(/needs both --tls-cert and --tls-key/);
  });

  it('serves on a Unix socket readable by its owner only', async () => {
    const path = join(dir, 'serve.sock');
    const s = await serve(vpp, ['--listen', `unix:${path}`]);
    try {
      expect(statSync(path).mode & 0o077).toBe(0);
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ socketPath: path, path: '/api/show_version', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let t = '';
          res.on('data', (c) => (t += c));
          res.on('end', () => resolve(t));
        });
        req.on('error', reject);
        req.end('{}');
      });
      expect(JSON.parse(body)).toMatchObject({ _msgname: 'show_version_reply' });
    } finally {
      await s.stop();
    }
  });
});

describe('a bearer token', () => {
  it('is required on every route when given; the right one is let through', async () => {
    const s = await serve(vpp, ['--listen', '0.0.0.0:0', '--token-file', tokenFile]);
    try {
      const url = s.url.replace('0.0.0.0', '127.0.0.1');
      for (const path of ['/metrics', '/openapi.json', '/']) {
        const none = await fetch(`${url}${path}`);
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toBe('Bearer');
        expect((await fetch(`${url}${path}`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
        expect((await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      }
      const api = await fetch(`${url}/api/show_version`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' });
      expect(api.status).toBe(200);
      await until('the log line', () => /GET \/metrics 401 /.test(s.log()));
    } finally {
      await s.stop();
    }
  });
});

describe.skipIf(!OPENSSL)('TLS', () => {
  it('serves HTTPS with the given certificate, also on an address others can reach', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    chmodSync(key, 0o600);
    const s = await serve(vpp, ['--listen', '0.0.0.0:0', '--tls-cert', cert, '--tls-key', key]);
    try {
      expect(s.url).toMatch(/^https:\/\//);
      const port = Number(new URL(s.url).port);
      const get = (ca?: Buffer) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest({ host: '127.0.0.1', port, path: '/metrics', ca, rejectUnauthorized: true }, (res) => {
            let t = '';
            res.on('data', (c) => (t += c));
            res.on('end', () => resolve({ status: res.statusCode!, body: t }));
          });
          req.on('error', reject);
          req.end();
        });
      const ok = await get(readFileSync(cert));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatch(/^vpp_up 1$/m);
      await expect(get()).rejects.toThrow(/self.signed|unable to verify/i);
      const plain = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.status, (e: Error) => e.message);
      expect(plain).not.toBe(200);
    } finally {
      await s.stop();
    }
  });
});
