/**
 * `vppapi emulate [--socket PATH]`: the built-in VPP emulator in the foreground, serving
 * the definitions vppapi would use (--api-dir, $VPP_API_DIR, /usr/share/vpp/api, else the
 * built-in set) until Ctrl-C. Log lines go to stderr. It serves a statistics segment too,
 * on --stats-socket when given, else on stats.sock beside the API socket (as VPP keeps
 * both in its runtime directory); without the FFI library, it serves the API alone.
 */
import { dirname, join } from 'node:path';
import { readApiDir } from '../../client/schema/load.js';
import { startEmulator } from '../../emulator/server.js';
import { definitionsDir } from '../runtime/definitions.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { DEFAULT_STATS_SOCKET } from '../runtime/globals.js';
import type { Runtime } from '../runtime/runtime.js';
import { fsReason } from '../../client/fs-reason.js';

/** Waits for `signal`; forever when there is none. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export async function run(rt: Runtime, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const pageSize = opts.pageSize === undefined ? undefined : Number(opts.pageSize);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new CliError(`--page-size: ${JSON.stringify(opts.pageSize)} is not a positive integer`);
  }
  const p = rt.printer();
  const log = opts.quiet ? undefined : (line: string): void => p.note(line);
  const dir = definitionsDir(rt.globals.apiDir, rt.io.env);
  const read = dir ? readApiDir(dir, { tolerant: true }) : undefined;
  for (const e of read?.errors ?? []) p.warn(`definitions: ${e.message} (left out)`);
  const socketPath = rt.globals.socket;
  const g = rt.globals;
  const statsSocketPath = g.statsSocket !== DEFAULT_STATS_SOCKET ? g.statsSocket : join(dirname(socketPath), 'stats.sock');
  const start = (stats: boolean) => startEmulator({ socketPath, sources: read?.sources, pageSize, version: opts.versionString as string | undefined, log, ...(stats && { statsSocketPath }) });
  let emu;
  try {
    try {
      emu = await start(true);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOLIB') throw e;
      p.warn(`no statistics segment: ${(e as Error).message}`);
      emu = await start(false);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === 'EACCES' || err.code === 'EPERM'
      ? `choose a socket you may create: vppapi emulate --socket /tmp/vpp-api.sock`
      : err.code === 'EADDRINUSE' ? 'stop the other server, or choose another --socket' : undefined;
    // A Node fs error (making the socket's directory) carries its code and system call: worded.
    const why = typeof err.syscall === 'string' ? fsReason(err) : err.message;
    throw new CliError(`emulate: cannot listen on ${socketPath}: ${why}`, EXIT.CONNECT, hint, { cause: e });
  }
  log?.(`definitions: ${dir ?? 'built-in'}; Ctrl-C stops the emulator`);
  await aborted(rt.io.signal);
  await emu.stop();
  return EXIT.OK;
}
