/**
 * An error as the user sees it: `error: …` on stderr, then `hint: …` saying what to do,
 * and the exit code (exit-codes.ts).
 */
import { lstatSync } from 'node:fs';
import { VppApiError } from '../../client/errors.js';
import { fsReason } from '../../client/fs-reason.js';
import { StatsError } from '../../client/stats/errors.js';
import { TargetError } from '../../client/targets/errors.js';
import { PartialError } from '../plan/partial.js';
import { CliError, exitCodeFor } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Printer } from './output.js';

const CONNECT_HINTS: Record<string, string> = {
  ENOENT: 'start VPP, or point --socket (or $VPP_API_SOCKET) at its API socket; to try vppapi without VPP: vppapi --emulator <command>',
  EACCES: "run with sudo, or join the socket's group (usually vpp: sudo usermod -aG vpp $USER, then log in again)",
  ECONNREFUSED: 'VPP is not running and left its socket file behind: start it (e.g. sudo systemctl start vpp)',
  ENOTSOCK: "--socket must name VPP's API socket (socksvr { socket-name … } in startup.conf; usually /run/vpp/api.sock)",
  ENAMETOOLONG: 'use a shorter socket path (at most 107 bytes)',
  EAGAIN: 'VPP is overloaded: try again in a moment',
};

/** The same failures on the stats socket (vppapi stats) call for other advice. */
const STATS_HINTS: Record<string, string> = {
  ENOENT: 'start VPP, or point --stats-socket (or $VPP_STATS_SOCKET) at its stats socket (statseg { socket-name … }); to try it without VPP: vppapi --emulator stats show',
  EACCES: "run with sudo, or join the stats socket's group (usually vpp: sudo usermod -aG vpp $USER, then log in again)",
  ECONNREFUSED: 'VPP is not running and left its stats socket behind: start it (e.g. sudo systemctl start vpp)',
  ENOTSOCK: "--stats-socket must name VPP's stats socket (usually /run/vpp/stats.sock), not its API socket",
  ENAMETOOLONG: 'use a shorter stats socket path (at most 107 bytes)',
  ENOLIB: 'vppapi stats needs the koffi package and its binary for this platform (npm install in the vppapi directory); everything else works without it',
  ETIMEDOUT: 'VPP accepted the connection but sent no segment: check that --stats-socket names its stats socket and that VPP is not stuck',
  EPROTO: "check that --stats-socket names VPP's stats socket",
  EBUSY: 'VPP is changing its counters (or died holding the segment lock): try again; if it persists, restart VPP',
  ESEGMENT: 'the statistics segment holds bytes that cannot be read: run again with VPPAPI_DEBUG=1 and report it',
  ELAYOUT: 'vppapi reads the statistics segment of VPP 22.06 and later',
};

function hintFor(e: VppApiError, code: number): string | undefined {
  if (e instanceof CliError || e instanceof TargetError) return e.hint;
  if (e.code === 'ECONNECT' && /\bssh\b/.test(e.message)) return 'try the same with ssh itself (ssh HOST true); keys, host keys and jump hosts come from your OpenSSH config ($VPPAPI_SSH names the command)';
  if (e instanceof StatsError) return STATS_HINTS[e.code];
  if (code === EXIT.CONNECT) return CONNECT_HINTS[e.code] ?? 'check that VPP is running and that --socket names its API socket';
  switch (e.code) {
    case 'ETIMEDOUT':
      return 'raise --timeout for slow calls; check that VPP is alive (vppapi show_version)';
    case 'EDECODE':
      return "VPP's answer does not fit the local definition: give the definitions of this VPP version with --api-dir, or leave it out to fetch them from VPP";
    case 'EPROTO':
      return "check that --socket names VPP's API socket; if it does, VPP answered what vppapi cannot read: run again with VPPAPI_DEBUG=1 and report it";
    case 'ECLOSED':
    case 'ECONNLOST':
      return (e.cause as { code?: string } | undefined)?.code === 'EFRAME'
        ? 'VPP may have crashed mid-message, or --socket is not VPP\'s API socket (journalctl -u vpp)'
        : 'VPP closed the connection: it may have restarted or crashed (journalctl -u vpp)';
    case 'EUNAVAILABLE':
      return (e as { status?: string }).status === 'changed'
        ? 'vppapi check lists every difference between the local definitions and this VPP'
        : 'vppapi message-table --filter <prefix> lists what this VPP has';
    case 'ENODEFS':
    case 'ESCHEMA':
      return 'give the definitions of this VPP with --api-dir (usually /usr/share/vpp/api)';
    default:
      return undefined;
  }
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return true; // gone meanwhile: keep what the connect said
  }
}

const READS = new Set(['read', 'stat', 'lstat', 'fstat', 'scandir', 'readdir', 'readlink', 'access', 'realpath']);

/**
 * A Node file-system error that no command put in words (code, system call, path), said
 * as a file the user named that cannot be used: a bad input (exit 2), never an internal
 * error with `ENOENT: …, open '…'` in it. Undefined for anything else.
 */
function fsErrorText(err: unknown): string | undefined {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (err instanceof VppApiError || typeof e?.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code) || typeof e.syscall !== 'string') return undefined;
  const verb = READS.has(e.syscall) ? 'read' : e.syscall === 'open' ? 'open' : 'write';
  // Some (EISDIR from a read) carry no path.
  return `cannot ${verb} ${typeof e.path === 'string' ? e.path : 'a file'}: ${fsReason(err)}`;
}

/**
 * Prints `err` and returns its exit code. Nothing is printed for an interruption.
 * Never throws.
 */
export function reportError(err: unknown, p: Printer, env: Readonly<Record<string, string | undefined>>): number {
  const code = exitCodeFor(err);
  if (code === EXIT.INTERRUPTED) return code;
  const fsText = fsErrorText(err);
  if (fsText) {
    p.error(fsText);
    if (env.VPPAPI_DEBUG && (err as Error).stack) p.note((err as Error).stack!);
    return EXIT.USAGE;
  }
  if (!(err instanceof VppApiError) || code === EXIT.INTERNAL) {
    const e = err as Error;
    p.error(`internal error: ${e?.message ?? String(err)}`);
    if (env.VPPAPI_DEBUG && e?.stack) p.note(e.stack);
    else p.hint('this is a bug in vppapi; run again with VPPAPI_DEBUG=1 for the stack trace and report it');
    return EXIT.INTERNAL;
  }
  let msg = err.message;
  // A partial result's advice is its cause's (e.g. what a close mid-frame means).
  let hint = hintFor(err instanceof PartialError ? err.error : err, code);
  if (code === EXIT.CONNECT && !(err instanceof CliError)) {
    // The transport's message already names the path and the cause (ECONNECT's starts
    // with "cannot connect to": not said twice).
    if (!msg.startsWith('cannot connect') && err.code !== 'ENOLIB') msg = `cannot connect: ${msg}`;
    // Linux refuses a connect to a regular file as to a stale socket: tell them apart.
    const path = (err as { path?: unknown }).path;
    if (err.code === 'ECONNREFUSED' && typeof path === 'string' && !isSocket(path)) {
      msg = `cannot connect: ${path} is not a socket`;
      hint = CONNECT_HINTS.ENOTSOCK;
    }
  }
  p.error(msg);
  if (hint) p.hint(hint);
  if (env.VPPAPI_DEBUG && err.stack) p.note(err.stack);
  return code;
}
