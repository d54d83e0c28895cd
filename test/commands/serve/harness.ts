/**
 * `vppapi serve` run in-process (main() with its own streams and an abort signal, as
 * Ctrl-C would end it) beside an emulator with a stats socket, and reached over a real
 * socket by real HTTP clients.
 */
import { join } from 'node:path';
import { main } from '../../../src/commands/main.js';
import { BufferWriter } from '../../../src/commands/runtime/io.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { apiTree, baseEnv, tempDir } from '../../support/cli.js';

export interface Served {
  url: string;
  /** What serve wrote on stderr so far (its log). */
  log(): string;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number>;
  done: Promise<number>;
}

export interface Vpp {
  dir: string;
  api: string;
  stats: string;
  defs: string;
  emu: Emulator;
}

/** An emulator (API and stats sockets) in a fresh temp dir, and the built-in definitions as files. */
export async function startVpp(opts: { threads?: number; intervalMs?: number } = {}): Promise<Vpp> {
  const dir = tempDir('vppapi-serve-');
  const api = join(dir, 'api.sock');
  const stats = join(dir, 'stats.sock');
  const emu = await startEmulator({ socketPath: api, statsSocketPath: stats, statsIntervalMs: opts.intervalMs ?? 3_600_000, statsThreads: opts.threads });
  return { dir, api, stats, defs: apiTree(), emu };
}

/** Polls `cond` every 20 ms for up to `ms`. @throws Error naming `what` when it never holds. */
export async function until<T>(what: string, cond: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts `vppapi --socket … --stats-socket … --api-dir … serve --listen 127.0.0.1:0 ARGS`
 * and waits for its "serving on" line. @throws when it exits first (with its stderr).
 */
export async function serve(vpp: Vpp, args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  return serveWith(['--socket', vpp.api, '--stats-socket', vpp.stats, '--api-dir', vpp.defs], args, env);
}

/** Starts `vppapi GLOBALS serve --listen 127.0.0.1:0 ARGS` and waits for its "serving on" line. @throws as serve(). */
export async function serveWith(globals: string[], args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const stderr = new BufferWriter();
  const stdout = new BufferWriter();
  const ctl = new AbortController();
  const listen = args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
  const done = main([...globals, 'serve', ...listen, ...args], { stdout, stderr, env: baseEnv(env), signal: ctl.signal });
  let exited: number | undefined;
  void done.then((c) => (exited = c));
  const m = await until('serve to listen', () => {
    if (exited !== undefined) throw new Error(`serve exited ${exited}: ${stderr.text}`);
    return /serving on (https?):\/\/(\S+) /.exec(stderr.text) ?? undefined;
  });
  const url = m[2]!.startsWith('unix:') ? m[2]! : `${m[1]}://${m[2]}`;
  return {
    url,
    log: () => stderr.text,
    done,
    stop: async () => {
      ctl.abort();
      const code = await done;
      // Its own cleanup (closing the listener) runs beside the exit code: wait for the line.
      await until('serve to stop', () => stderr.text.includes('stopping'));
      return code;
    },
  };
}

/** Runs serve expecting it to refuse to start; resolves with its exit code and stderr. */
export async function serveFails(vpp: Vpp, args: string[]): Promise<{ code: number; stderr: string }> {
  const stderr = new BufferWriter();
  const code = await main(['--socket', vpp.api, '--stats-socket', vpp.stats, '--api-dir', vpp.defs, 'serve', ...args], { stdout: new BufferWriter(), stderr, env: baseEnv() });
  return { code, stderr: stderr.text };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** POST /api/<name>[?query] with `body` (an object → JSON text). */
export async function post(s: Served, name: string, body: unknown = {}, headers: Record<string, string> = {}, query = ''): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(`${s.url}/api/${name}${query}`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, headers: r.headers };
}
