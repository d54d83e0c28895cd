/**
 * The gateway's HTTP(S) server: routes, the token check, CORS, bounds on concurrency,
 * and one log line per request (`<time> <client> <METHOD> <path> <status> <ms>ms[ <note>]`).
 *
 * | route                   | method | answer                                     |
 * |-------------------------|--------|--------------------------------------------|
 * | `/`                     | GET    | a small page linking the others            |
 * | `/metrics`              | GET    | Prometheus text (metrics.ts)               |
 * | `/api/<message>`        | POST   | the reply / details as JSON or NDJSON (api.ts) |
 * | `/events/<event>`       | GET    | server-sent events (events.ts)             |
 * | `/openapi.json`         | GET    | the OpenAPI 3.1 description (openapi.ts)   |
 *
 * With several targets (docs/fleets.md) every route but `/` takes `?target=NAME`, the
 * multi-target exporter convention (Prometheus' blackbox and snmp exporters): a name
 * not served → 404 naming those that are; none given → 400 naming them. With one
 * target the parameter is not needed (and not looked at).
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { type ApiContext, serveApi } from './api.js';
import type { EventHub } from './events.js';
import { corsHeaders, hasToken, sendJson } from './http.js';
import type { IdleWatch } from './idle-collect.js';
import type { ScrapeSource } from './metrics.js';
import { errorResponse, HttpError } from './status.js';

/** What the gateway serves for one target. */
export interface TargetServices {
  api: ApiContext;
  /** The statistics reader (local or over ssh), or why this target has none (an exec: target). */
  metrics: ScrapeSource | { none: string };
  events: EventHub;
  openapi: () => string;
  /** Connects to the target when it was never reached (its definitions are needed); undefined when it was. @throws the connection's errors. */
  ready: () => Promise<unknown> | undefined;
}

export interface ServerOptions {
  /** By name, in the order given; with one entry and `several` false, `?target=` is not needed. */
  targets: ReadonlyMap<string, TargetServices>;
  several: boolean;
  token?: Buffer;
  tls?: { cert: Buffer; key: Buffer };
  cors?: string;
  /** API requests at once; more get 429. */
  maxConcurrent: number;
  log: (line: string) => void;
  /** Told when each request begins and ends (an event stream ends once it is set up): serve collects when idle (idle-collect.ts). */
  idle?: Pick<IdleWatch, 'begin' | 'end'>;
}

const INDEX = '<!doctype html><title>vppapi serve</title><ul><li><a href="/metrics">metrics</a><li><a href="/openapi.json">openapi.json</a></ul>\n';

/** The index page with each target's links. Throws nothing. */
function indexOf(names: string[]): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const items = names.map((n) => {
    const q = `?target=${encodeURIComponent(n)}`;
    return `<li>${esc(n)}: <a href="/metrics${esc(q)}">metrics</a> <a href="/openapi.json${esc(q)}">openapi.json</a>`;
  });
  return `<!doctype html><title>vppapi serve</title><ul>${items.join('')}</ul>\n`;
}

/** A request's URL: its path and query. The URL parser only for what it changes (dot segments, escapes, a query, a leading //). Throws nothing (a URL error is the caller's). */
function requestUrl(target: string | undefined): { pathname: string; searchParams: URLSearchParams } {
  if (target !== undefined && /^\/(?!\/)[A-Za-z0-9_/]*$/.test(target)) return { pathname: target, searchParams: NO_QUERY };
  return new URL(target ?? '/', 'http://gateway');
}
const NO_QUERY = new URLSearchParams();

/**
 * The time now as ISO 8601 text (the log's first word), made once per millisecond: many
 * requests end within one. Throws nothing.
 */
const isoNow = (() => {
  let ms = 0;
  let text = '';
  return (): string => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      text = new Date(now).toISOString();
    }
    return text;
  };
})();

/** `/api/<message>` (the name is what follows `/api/`): tested, not matched, so that no match array is made per request. */
const API_PATH = /^\/api\/[A-Za-z0-9_]+$/;

/** Refuses a method other than `want` (HEAD goes with GET). @throws HttpError 405, with the Allow header set. */
function allowOnly(req: IncomingMessage, res: ServerResponse, path: string, want: string): void {
  if (req.method !== want && !(want === 'GET' && req.method === 'HEAD')) {
    res.setHeader('allow', want);
    throw new HttpError(405, `${path} takes ${want}, not ${req.method}`);
  }
}

/** The server, not yet listening. Throws nothing. */
export function createGateway(o: ServerOptions): Server {
  let inFlight = 0;
  const names = () => [...o.targets.keys()].join(', ');
  /** The target a request names. @throws HttpError 400 (none named), 404 (not served). */
  const pick = (url: { searchParams: URLSearchParams }): TargetServices => {
    if (!o.several) return o.targets.values().next().value!;
    const name = url.searchParams.get('target');
    if (name === null || name === '') throw new HttpError(400, `several targets are served: add ?target=NAME, one of ${names()}`);
    const t = o.targets.get(name);
    if (!t) throw new HttpError(404, `no target ${JSON.stringify(name)} is served here; the targets are ${names()}`);
    return t;
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const t0 = performance.now();
    // Made only for what streams (a dump, SSE), and aborted only when the client leaves
    // before the answer is complete: an AbortController per request cost more than the call.
    let ctl: AbortController | undefined;
    const signal = () => (ctl ??= new AbortController()).signal;
    let note = '';
    // In flight until its answer is done; an event stream only until it is set up (it may last for days).
    let busy = o.idle !== undefined;
    if (busy) o.idle!.begin(res);
    const quiet = () => {
      if (busy) o.idle!.end();
      busy = false;
    };
    res.on('close', () => {
      quiet();
      if (!res.writableFinished) ctl?.abort();
      o.log(`${isoNow()} ${req.socket.remoteAddress ?? 'local'} ${req.method} ${req.url} ${res.statusCode} ${(performance.now() - t0).toFixed(1)}ms${note ? ` ${note}` : ''}`);
    });
    const cors = corsHeaders(req, o.cors);
    for (const k in cors) res.setHeader(k, cors[k]!);
    route(req, res, signal, cors, (n) => (note = n), quiet).catch((e: unknown) => {
      const { status, body } = errorResponse(e);
      note = String(body.error).slice(0, 200);
      sendJson(res, status, body);
    });
  };

  async function route(req: IncomingMessage, res: ServerResponse, signal: () => AbortSignal, cors: Record<string, string>, setNote: (n: string) => void, quiet: () => void): Promise<void> {
    const url = requestUrl(req.url);
    const path = url.pathname;
    if (req.method === 'OPTIONS' && Object.keys(cors).length) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (o.token && !hasToken(req, o.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      throw new HttpError(401, 'a bearer token is needed: Authorization: Bearer <token>');
    }
    if (path === '/') {
      allowOnly(req, res, path, 'GET');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(o.several ? indexOf([...o.targets.keys()]) : INDEX);
      return;
    }
    if (path === '/metrics') {
      allowOnly(req, res, path, 'GET');
      const m = pick(url).metrics;
      if (!('scrape' in m)) throw new HttpError(404, m.none);
      const { body, error, release } = await m.scrape();
      // Once the response is done or abandoned, nothing reads the text any more: its memory is reused.
      if (release) res.once('close', release);
      if (error) setNote(`vpp_up 0: ${error}`);
      sendPieces(res, body);
      return;
    }
    if (path === '/openapi.json') {
      allowOnly(req, res, path, 'GET');
      const t = pick(url);
      await t.ready();
      const text = t.openapi();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (API_PATH.test(path)) {
      allowOnly(req, res, path, 'POST');
      const t = pick(url);
      if (inFlight >= o.maxConcurrent) {
        res.setHeader('retry-after', '1');
        throw new HttpError(429, `${o.maxConcurrent} requests are running (--max-concurrent); try again`);
      }
      inFlight++;
      try {
        // Once VPP was reached, nothing to wait for (no promise made per request).
        const ready = t.ready();
        if (ready) await ready;
        await serveApi(t.api, path.slice(5), req, res, signal, setNote);
      } finally {
        inFlight--;
      }
      return;
    }
    const ev = /^\/events\/([A-Za-z0-9_]+)$/.exec(path);
    if (ev) {
      allowOnly(req, res, path, 'GET');
      const t = pick(url);
      await t.ready();
      quiet();
      await t.events.serve(ev[1]!, req, res, cors);
      return;
    }
    throw new HttpError(404, `no route ${path}: try /metrics, POST /api/<message>, /events/<event>, /openapi.json`);
  }

  const server = o.tls ? createHttps({ cert: o.tls.cert, key: o.tls.key }, handler) : createHttp(handler);
  // Bounds on slow clients: headers within 10 s, a whole request within 60 s (SSE streams are responses, not requests).
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.maxHeadersCount = 100;
  return server;
}

/** A /metrics answer (200, Prometheus text): the pieces in order, with their Content-Length. Throws nothing. */
function sendPieces(res: ServerResponse, body: readonly Buffer[]): void {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': body.reduce((n, b) => n + b.length, 0) });
  for (const piece of body) if (!res.destroyed) res.write(piece);
  res.end();
}
