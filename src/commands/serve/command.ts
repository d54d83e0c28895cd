/**
 * `vppapi serve`: one long-running process that serves VPP's statistics as Prometheus
 * metrics and its binary API as HTTP/JSON (server.ts lists the routes). It runs until
 * stopped (Ctrl-C, SIGTERM), reconnects to the API socket when VPP restarts (the same
 * connection keeper as the shell, registrations included) and reopens the statistics
 * segment when its socket is replaced.
 *
 * Safe by default: loopback or a Unix socket unless --token-file or TLS; read-only unless
 * --allow-write / --allow; bounded body, time and concurrency; no CORS unless --cors.
 */
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { ReplConnection } from '../repl/connection.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { packageVersion } from '../runtime/package-version.js';
import type { Runtime } from '../runtime/runtime.js';
import { compile } from './access.js';
import { loadCounterHelp } from './counter-help.js';
import { EventHub } from './events.js';
import { DEFAULT_LISTEN, isLoopback, type ListenAt, listenText, parseListen } from './listen.js';
import { MetricsSource } from './metrics.js';
import { buildOpenApi } from './openapi.js';
import { createGateway } from './server.js';

type Opts = Record<string, unknown>;

function positive(v: unknown, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`serve: ${flag} ${JSON.stringify(v)} is not a positive whole number`);
  return n;
}

/** The token of --token-file: refused when others may read the file (as ssh does with keys). */
function readToken(path: string): Buffer {
  let text: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) throw new CliError(`serve: --token-file ${path} may be read by other users: chmod 600 it`);
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`serve: cannot read --token-file ${path}: ${(e as Error).message}`);
  }
  if (text.length < 16 || /\s/.test(text)) throw new CliError(`serve: the token in ${path} must be one word of at least 16 characters`);
  return Buffer.from(text);
}

function readTls(opts: Opts): { cert: Buffer; key: Buffer } | undefined {
  const cert = opts.tlsCert as string | undefined;
  const key = opts.tlsKey as string | undefined;
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new CliError('serve: TLS needs both --tls-cert and --tls-key');
  try {
    return { cert: readFileSync(cert), key: readFileSync(key) };
  } catch (e) {
    throw new CliError(`serve: cannot read the TLS files: ${(e as Error).message}`);
  }
}

function listen(server: Server, at: ListenAt): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new CliError(`serve: cannot listen on ${listenText(at)}: ${e.message}`, EXIT.CONNECT)));
    const done = () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : undefined);
    };
    if (at.kind === 'unix') {
      rmSync(at.path, { force: true });
      // Connecting needs write permission: made with the umask (others lack it as a rule), then the owner's alone.
      server.listen({ path: at.path }, () => {
        chmodSync(at.path, 0o600);
        done();
      });
    } else server.listen({ host: at.host, port: at.port }, done);
  });
}

/**
 * One log line per request, written once per turn of the event loop: stderr on a pipe or
 * file is written synchronously, and a write per request cost more than the request.
 */
function batchedLog(out: { write(s: string): unknown }): (line: string) => void {
  let pending = '';
  return (line) => {
    if (pending === '') {
      setImmediate(() => {
        const text = pending;
        pending = '';
        out.write(text);
      });
    }
    pending += `${line}\n`;
  };
}

export async function run(rt: Runtime, _args: string[], opts: Opts): Promise<number> {
  const at = parseListen(String(opts.listen ?? DEFAULT_LISTEN));
  const token = opts.tokenFile ? readToken(String(opts.tokenFile)) : undefined;
  const tls = readTls(opts);
  if (!isLoopback(at) && !token && !tls) {
    throw new CliError(`serve: ${listenText(at)} is reachable from other machines: give --token-file FILE (a bearer token) or --tls-cert/--tls-key, or listen on 127.0.0.1`);
  }
  const g = rt.globals;
  const timeoutMs = g.timeoutMs;
  const maxBody = positive(opts.maxBody, '--max-body', 1 << 20);
  const maxConcurrent = positive(opts.maxConcurrent, '--max-concurrent', 64);
  const allow = ([] as string[]).concat((opts.allow as string[] | string | undefined) ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
  const policy = { allowWrite: opts.allowWrite === true, allow };
  const log = batchedLog(rt.io.stderr);

  // The API: definitions and a session kept across VPP restarts. A VPP not there yet is
  // no reason not to serve metrics: the API answers 503 until it is.
  let conn: ReplConnection | undefined;
  let schema: Schema | undefined;
  let connecting: Promise<Session> | undefined;
  const session = async (): Promise<Session> => {
    if (conn) {
      // While the keeper reconnects, say so (503) rather than let a call fail on a closed session.
      if (conn.reconnecting || conn.session.state !== 'running') throw new CliError(`VPP is not connected (VPP restarted or stopped?); reconnecting to ${g.socket}`, EXIT.CONNECT);
      return conn.session;
    }
    connecting ??= rt.session().then((s) => {
      conn = new ReplConnection(s, { notify: (t) => log(`api: ${t}`) });
      schema = s.schema;
      return s;
    }).finally(() => (connecting = undefined));
    return connecting;
  };
  try {
    await session();
  } catch (e) {
    log(`api: not connected yet (${(e as Error).message}); metrics are served, API requests get 503 until VPP is there`);
  }
  const currentSchema = (): Schema => schema ?? conn?.session.schema ?? (() => { throw new CliError('VPP has not been reached yet, so no definitions are loaded', EXIT.CONNECT); })();
  let openapiText: string | undefined;
  let openapiFor: Schema | undefined;

  const metrics = new MetricsSource({
    socketPath: await rt.statsSocket().catch(() => g.statsSocket),
    timeoutMs,
    naming: opts.v2 ? 'v2' : 'v1',
    noInterfaceLinks: opts.interfaceLinks === false,
    help: await loadCounterHelp(g, rt.io.env),
  });
  const events = new EventHub(currentSchema, session, timeoutMs, log);
  const server = createGateway({
    api: { schema: currentSchema, session, globals: g, policy, allowMatchers: compile(policy), maxBody, timeoutMs },
    metrics,
    events,
    openapi: () => {
      const s = currentSchema();
      if (openapiFor !== s) {
        openapiText = buildOpenApi(s, packageVersion());
        openapiFor = s;
      }
      return openapiText!;
    },
    token,
    tls,
    cors: opts.cors as string | undefined,
    maxConcurrent,
    log,
  });
  const port = await listen(server, at);
  log(`serving on ${tls ? 'https' : 'http'}://${listenText(at, port)} (${policy.allowWrite ? 'read-write' : allow.length ? `read-only, also ${allow.join(',')}` : 'read-only'}${token ? ', token required' : ''})`);
  await new Promise<void>((resolve) => {
    if (rt.io.signal?.aborted) return resolve();
    rt.io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  log('stopping');
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  metrics.close();
  await conn?.close();
  if (at.kind === 'unix') rmSync(at.path, { force: true });
  return EXIT.OK;
}
