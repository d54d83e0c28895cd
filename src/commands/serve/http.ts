/**
 * Small HTTP helpers of the gateway: JSON answers, the request body read with a bound on
 * its size and time, the bearer token check, CORS headers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './status.js';

/**
 * The gateway's JSON: as `--json` writes it, except that 64-bit integers (bigint) are
 * strings of digits, so that no JSON reader (JavaScript's among them) rounds them.
 * Throws nothing for the values the format layer gives.
 */
export function gatewayJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? `0x${Buffer.from(x).toString('hex')}` : x));
}

/** Writes `body` as JSON with `status`. Throws nothing. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = `${gatewayJson(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The body as text, at most `maxBytes`, within `timeoutMs`.
 * @throws HttpError 413 (too large), 408 (too slow), 415 (a content type other than JSON), 400 (not UTF-8).
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(json|[\w.+-]+\+json)\s*(;|$)/i.test(type)) {
    return Promise.reject(new HttpError(415, `the body must be JSON (content-type application/json), not ${type}`));
  }
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(new HttpError(413, `the body is ${declared} bytes; at most ${maxBytes} are taken (--max-body)`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => fail(new HttpError(408, `the body did not arrive within ${timeoutMs} ms`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume();
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) return fail(new HttpError(413, `the body is over ${maxBytes} bytes (--max-body)`));
      chunks.push(c);
    });
    req.on('error', (e) => fail(e));
    req.on('end', () => {
      clearTimeout(timer);
      if (size > maxBytes) return;
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpError(400, 'the body is not UTF-8 text'));
      }
    });
  });
}

/** Does the request carry `Authorization: Bearer <token>`? Compared in constant time. Throws nothing. */
export function hasToken(req: IncomingMessage, token: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === token.length && timingSafeEqual(given, token);
}

/** CORS headers for `origin` when it is the one allowed (or `*`); none otherwise. Throws nothing. */
export function corsHeaders(req: IncomingMessage, allowed: string | undefined): Record<string, string> {
  const origin = req.headers.origin;
  if (!allowed || !origin || (allowed !== '*' && origin !== allowed)) return {};
  return { 'access-control-allow-origin': allowed === '*' ? '*' : origin, 'access-control-allow-headers': 'authorization, content-type, accept', 'access-control-allow-methods': 'GET, POST, OPTIONS', vary: 'Origin' };
}
