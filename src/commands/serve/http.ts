/**
 * Small HTTP helpers of the gateway: JSON answers, the request body read with a bound on
 * its size and time, the bearer token check, CORS headers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deadlinesOf } from './deadlines.js';
import { HttpError } from './status.js';

/** bigint → digits, bytes → 0x hex: what JSON.stringify cannot write or would write as an object of indexes. */
const gatewayValue = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? `0x${Buffer.from(x).toString('hex')}` : x);

/** Does `v` hold a bigint or a byte array anywhere? Throws nothing (values are trees: no cycles). */
function needsReplacer(v: unknown): boolean {
  if (typeof v === 'bigint') return true;
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Uint8Array) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (needsReplacer(x)) return true;
    return false;
  }
  for (const k in v) if (needsReplacer((v as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * The gateway's JSON: as `--json` writes it, except that 64-bit integers (bigint) are
 * strings of digits, so that no JSON reader (JavaScript's among them) rounds them.
 * A value without bigints or bytes is written without a replacer (JSON.stringify calls a
 * replacer once per key and value, which was most of this function's time). Throws
 * nothing for the values the format layer gives.
 */
export function gatewayJson(v: unknown): string {
  return needsReplacer(v) ? JSON.stringify(v, gatewayValue) : JSON.stringify(v);
}

/** Writes `body` as JSON with `status`. Throws nothing. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = `${gatewayJson(body)}\n`;
  // A flat array: node:http takes it as it is, with no object's keys to list.
  res.writeHead(status, ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}

/** UTF-8, refusing bad bytes; decode() without { stream } keeps no state between calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as text. @throws HttpError 400 (not UTF-8). */
function utf8Text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'the body is not UTF-8 text');
  }
}

/**
 * The body as text, at most `maxBytes`, within `timeoutMs`. A body already received whole
 * is taken as it is, with no listener (a string). Over plain HTTP none is at the call: the
 * handler runs once the headers are parsed, and the body of the same packet is parsed after
 * the microtasks that follow, so it is waited for at once (with a shared deadline,
 * deadlines.ts, not a timer per request).
 * @throws HttpError 413 (too large), 408 (too slow), 415 (a content type other than JSON), 400 (not UTF-8).
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): string | Promise<string> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(json|[\w.+-]+\+json)\s*(;|$)/i.test(type)) {
    throw new HttpError(415, `the body must be JSON (content-type application/json), not ${type}`);
  }
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) throw new HttpError(413, `the body is ${declared} bytes; at most ${maxBytes} are taken (--max-body)`);
  if (req.complete && !req.readableFlowing) return receivedBody(req, maxBytes);
  return streamedBody(req, maxBytes, timeoutMs);
}

/** The body as it arrives. @throws as readBody. */
function streamedBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const deadline = deadlinesOf(timeoutMs).add(() => fail(new HttpError(408, `the body did not arrive within ${timeoutMs} ms`)));
    const fail = (e: Error) => {
      deadline.cancel();
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
      deadline.cancel();
      if (size > maxBytes) return;
      try {
        resolve(utf8Text(Buffer.concat(chunks)));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/**
 * The body of a request node:http has read to its end, from the stream's buffer (read()
 * in paused mode hands over all of it; the stream then ends as usual). A body sent
 * chunked has no declared length: its size is checked here. @throws as readBody.
 */
function receivedBody(req: IncomingMessage, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let size = 0;
  for (let c = req.read() as Buffer | null; c !== null; c = req.read() as Buffer | null) {
    size += c.length;
    chunks.push(c);
  }
  // Nothing is left unread: the stream reaches its end and the socket serves the next request.
  req.resume();
  if (size > maxBytes) throw new HttpError(413, `the body is over ${maxBytes} bytes (--max-body)`);
  return utf8Text(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
}

/** Does the request carry `Authorization: Bearer <token>`? Compared in constant time. Throws nothing. */
export function hasToken(req: IncomingMessage, token: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === token.length && timingSafeEqual(given, token);
}

/** No headers (shared: not an object per request). */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** CORS headers for `origin` when it is the one allowed (or `*`); none otherwise. Throws nothing. */
export function corsHeaders(req: IncomingMessage, allowed: string | undefined): Readonly<Record<string, string>> {
  const origin = req.headers.origin;
  if (!allowed || !origin || (allowed !== '*' && origin !== allowed)) return NO_HEADERS;
  return { 'access-control-allow-origin': allowed === '*' ? '*' : origin, 'access-control-allow-headers': 'authorization, content-type, accept', 'access-control-allow-methods': 'GET, POST, OPTIONS', vary: 'Origin' };
}
