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
import { dirname, join } from 'node:path';
import type { Server } from 'node:http';
import type { Schema } from '../../client/schema/model.js';
import type { OpenSessionOptions } from '../../client/session/connect.js';
import { Connector } from '../../client/targets/connector.js';
import type { TargetEntry } from '../../client/targets/config.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { packageVersion } from '../runtime/package-version.js';
import { CliRuntime, type Runtime, sshCommand } from '../runtime/runtime.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { type AccessPolicy, compile } from './access.js';
import { loadCounterHelp } from './counter-help.js';
import { EventHub } from './events.js';
import { DEFAULT_LISTEN, isLoopback, type ListenAt, listenText, parseListen } from './listen.js';
import { MetricsSource, type ScrapeSource } from './metrics.js';
import { REMOTE_MAX_BYTES, RemoteMetricsSource, remoteStatsSocket } from './remote-metrics.js';
import type { SshTarget } from '../../client/targets/parse.js';
import { remoteVppapi } from '../fleet/remote-stats.js';
import { buildOpenApi } from './openapi.js';
import { Keeper, servedVpp } from './keeper.js';
import { createGateway, type TargetServices } from './server.js';
import { fullCollection, idleCollector, whenGrown } from './idle-collect.js';
import { capYoungGeneration } from './young-space.js';
import { fsReason } from '../../client/fs-reason.js';

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
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(`serve: --token-file ${path} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}: give the file that holds the token`);
    if ((st.mode & 0o077) !== 0) throw new CliError(`serve: --token-file ${path} may be read by other users: chmod 600 it`);
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`serve: cannot read --token-file ${path}: ${fsReason(e)}`);
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
    throw new CliError(`serve: cannot read the TLS files: ${fsReason(e)}`);
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

/** The log: lines in, written in batches; flush() writes what is pending now. */
interface BatchedLog {
  (line: string): void;
  flush(): void;
}

/**
 * One log line per request, written in batches: at most one write per LOG_EVERY_MS (or
 * when LOG_MAX_PENDING characters wait), in the order the lines came. stderr on a pipe or
 * file is written synchronously, and under load even one write per event-loop turn was a
 * tenth of the server's CPU. Nothing is lost: the server flushes when it stops, and the
 * process on exit (an uncaught error included).
 */
function batchedLog(out: { write(s: string): unknown }): BatchedLog {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  const log = (line: string) => {
    pending += `${line}\n`;
    if (pending.length >= LOG_MAX_PENDING) flush();
    else timer ??= setTimeout(flush, LOG_EVERY_MS);
  };
  return Object.assign(log, { flush });
}

/** A person watching the log sees a line within this; a burst of requests shares one write. */
const LOG_EVERY_MS = 20;
const LOG_MAX_PENDING = 64 * 1024;

interface Common {
  g: GlobalOptions;
  policy: AccessPolicy;
  allowMatchers: ((name: string) => boolean)[];
  maxBody: number;
  timeoutMs: number;
  log: (line: string) => void;
  help: ReadonlyMap<string, string>;
  opts: Opts;
  env: Readonly<Record<string, string | undefined>>;
}

interface Served extends TargetServices {
  keeper: Keeper;
  closeRuntime?: () => Promise<void>;
}

type StatsAt = string | { ssh: SshTarget; socket: string } | { none: string };

/**
 * Where a target's statistics segment is read, or why it has none here: the segment is
 * shared memory handed over a local socket (docs/fleets.md), so a local target's is read
 * here (its `stats_socket` from the targets file, else `stats.sock` beside the API socket,
 * VPP's own layout, /run/vpp/), an ssh:// target's by vppapi on its host
 * (remote-metrics.ts); an exec: target is a command carrying the API stream, with no host
 * to run vppapi on.
 */
function statsAt(entry: TargetEntry): StatsAt {
  const t = entry.target;
  if (t.kind === 'unix') return entry.statsSocket ?? join(dirname(t.path), 'stats.sock');
  if (t.kind === 'ssh') return { ssh: t, socket: remoteStatsSocket(t, entry.statsSocket) };
  return { none: `target ${entry.name} (${entry.url}) is not on this host: its statistics segment is shared memory that only a process on VPP's own host can map; run vppapi serve there and scrape that` };
}

/** The reader of `at`'s statistics (or why there is none). @throws TargetError for a $VPPAPI_SSH / $VPPAPI_REMOTE that cannot be split. */
function metricsOf(c: Common, at: StatsAt, timeoutMs: number): ScrapeSource | { none: string } {
  const naming = c.opts.v2 ? 'v2' : 'v1';
  const noInterfaceLinks = c.opts.interfaceLinks === false;
  if (typeof at === 'string') return new MetricsSource({ socketPath: at, timeoutMs, naming, noInterfaceLinks, help: c.help });
  if ('none' in at) return at;
  const words = ['--stats-socket', at.socket, 'stats', 'show', '--prometheus', ...(naming === 'v2' ? ['--v2'] : []), ...(noInterfaceLinks ? ['--no-interface-links'] : [])];
  return new RemoteMetricsSource({ argv: remoteVppapi(c.env, at.ssh, words), env: c.env as NodeJS.ProcessEnv, host: at.ssh.host, timeoutMs, maxBytes: REMOTE_MAX_BYTES });
}

/** Connects `keeper`, logging (not throwing) why it cannot. Throws nothing. */
async function connectNow(c: Common, label: string, keeper: Keeper): Promise<void> {
  try {
    await keeper.session();
  } catch (e) {
    c.log(`api${label}: not connected yet (${(e as Error).message}); metrics are served, API requests get 503 until VPP is there`);
  }
}

/**
 * One target's services: API, metrics, events, OpenAPI. With `eager` it connects now (one
 * target: today's start); a VPP not there is logged, not fatal. Throws nothing.
 */
async function served(c: Common, label: string, keeper: Keeper, stats: StatsAt, eager: boolean, timeoutMs = c.timeoutMs): Promise<Served> {
  if (eager) await connectNow(c, label, keeper);
  let openapiText: string | undefined;
  let openapiFor: Schema | undefined;
  const metrics = metricsOf(c, stats, timeoutMs);
  return {
    keeper,
    ready: keeper.ready,
    api: { schema: keeper.schema, session: keeper.session, current: keeper.current, globals: c.g, policy: c.policy, allowMatchers: c.allowMatchers, maxBody: c.maxBody, timeoutMs: c.timeoutMs },
    metrics,
    events: new EventHub(keeper.schema, keeper.session, c.timeoutMs, c.log),
    openapi: () => {
      const s = keeper.schema();
      if (openapiFor !== s) {
        openapiText = buildOpenApi(s, packageVersion());
        openapiFor = s;
      }
      return openapiText!;
    },
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
  process.on('exit', log.flush);
  // The young generation grows to a cap, not to V8's maximum (young-space.ts).
  const release = capYoungGeneration();
  try {
    return await serveWith(rt, opts, { at, token, tls, timeoutMs, maxBody, maxConcurrent, policy, allow, log });
  } finally {
    release();
    log.flush();
    process.off('exit', log.flush);
  }
}

interface Settings {
  at: ListenAt;
  token: Buffer | undefined;
  tls: { cert: Buffer; key: Buffer } | undefined;
  timeoutMs: number;
  maxBody: number;
  maxConcurrent: number;
  policy: AccessPolicy;
  allow: string[];
  log: BatchedLog;
}

/** Serves until stopped. Throws nothing after listening; before it, CliError (EXIT.CONNECT) when it cannot listen. */
async function serveWith(rt: Runtime, opts: Opts, { at, token, tls, timeoutMs, maxBody, maxConcurrent, policy, allow, log }: Settings): Promise<number> {
  const g = rt.globals;

  const common = { g, policy, allowMatchers: compile(policy), maxBody, timeoutMs, log, help: await loadCounterHelp(g, rt.io.env), opts, env: rt.io.env };
  const fleet = (rt as { fleet?: () => readonly TargetEntry[] }).fleet?.() ?? [];
  const targets = new Map<string, Served>();
  // Shared by the targets (one ssh master per host); one target uses the runtime's own.
  const connector = fleet.length ? new Connector({ ssh: sshCommand(rt.io.env), env: rt.io.env as NodeJS.ProcessEnv }) : undefined;
  if (fleet.length === 0) {
    targets.set('', await served(common, '', new Keeper(() => rt.session(), servedVpp(g, (rt as { target?: () => TargetEntry | null }).target?.()?.name), (t) => log(`api: ${t}`)), await rt.statsSocket().catch(() => g.statsSocket), true));
  } else {
    // One runtime per target, connected on its first request (a target down at start stops nothing).
    const memo: OpenSessionOptions['memo'] = new Map();
    for (const entry of fleet) {
      const trt = new CliRuntime(rt.io, { ...g }, rt.runner, { entry, connector, memo });
      const keeper = new Keeper(() => trt.session(), entry.name, (t) => log(`api ${entry.name}: ${t}`));
      const svc = await served(common, ` ${entry.name}`, keeper, statsAt(entry), false, entry.timeoutMs ?? timeoutMs);
      svc.closeRuntime = () => trt.close();
      targets.set(entry.name, svc);
    }
  }
  // A burst's garbage and grown young generation given back once requests stop (idle-collect.ts).
  const idle = idleCollector(whenGrown(fullCollection()));
  const server = createGateway({
    targets,
    several: fleet.length > 0,
    token,
    tls,
    cors: opts.cors as string | undefined,
    maxConcurrent,
    log,
    idle,
  });
  const port = await listen(server, at);
  log(`serving on ${tls ? 'https' : 'http'}://${listenText(at, port)} (${fleet.length ? `targets ${[...targets.keys()].join(', ')}; ` : ''}${policy.allowWrite ? 'read-write' : allow.length ? `read-only, also ${allow.join(',')}` : 'read-only'}${token ? ', token required' : ''})`);
  await new Promise<void>((resolve) => {
    if (rt.io.signal?.aborted) return resolve();
    rt.io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  log('stopping');
  idle.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const t of targets.values()) {
    if ('close' in t.metrics) t.metrics.close();
    await t.keeper.close();
    await t.closeRuntime?.();
  }
  await connector?.close();
  if (at.kind === 'unix') rmSync(at.path, { force: true });
  return EXIT.OK;
}
