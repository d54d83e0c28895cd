/**
 * `stats` on an ssh:// target: the statistics segment is shared memory handed over a
 * local socket (docs/fleets.md) and cannot cross SSH, so the command runs on the remote
 * host: `SSH [-l U] [-p P] -- HOST vppapi stats WORDS… [--json|--jsonl] [--tsv] [--wide] [--columns …]`, its output
 * passed through. `$VPPAPI_REMOTE` names the remote command (default `vppapi`). ssh hands
 * the remote side one command line for its shell: every word is quoted for a POSIX shell
 * here, so nothing in them is expanded there.
 *
 * | remote exit | meaning                                                        |
 * |-------------|----------------------------------------------------------------|
 * | 127         | vppapi is not installed there: said plainly, pointing at `vppapi serve` |
 * | 255         | ssh itself failed (its stderr is shown): exit 3                |
 * | other       | the remote vppapi's own exit code                              |
 */
import { startChild } from '../../client/targets/children.js';
import { lastLines } from '../../client/targets/child-stream.js';
import { splitCommand } from '../../client/targets/argv.js';
import type { TargetEntry } from '../../client/targets/config.js';
import type { SshTarget } from '../../client/targets/parse.js';
import { CliError } from '../runtime/errors.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { EXIT } from '../runtime/exit-codes.js';
import { type Runtime, sshCommand } from '../runtime/runtime.js';

/** `w` quoted for a POSIX shell: inside single quotes, each `'` as `'\''`. Throws nothing. */
export function shellQuote(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `stats WORDS` on `entry`'s host and prints what it printed.
 * @throws CliError: vppapi missing there (exit 3), ssh failing (exit 3), an exec: target (exit 2).
 */
export async function runRemoteStats(rt: Runtime, entry: TargetEntry, words: readonly string[]): Promise<number> {
  const t = entry.target;
  if (t.kind !== 'ssh') {
    throw new CliError(`${entry.name}: stats reads VPP's statistics segment, shared memory that only a process on VPP's own host can map`, EXIT.USAGE, 'run vppapi stats on that host, or vppapi serve there to collect counters from many hosts over HTTP');
  }
  const child = startChild(remoteVppapi(rt.io.env, t, ['stats', ...words, ...forwardedOptions(rt.globals)]), ['ignore', 'pipe', 'pipe'], rt.io.env as NodeJS.ProcessEnv);
  child.process.stdio[1]!.setEncoding('utf8');
  child.process.stdio[1]!.on('data', (s: string) => rt.io.stdout.write(s));
  const onAbort = (): void => void child.end();
  rt.io.signal?.addEventListener('abort', onAbort, { once: true });
  const status = await child.exited;
  rt.io.signal?.removeEventListener('abort', onAbort);
  const err = child.stderr();
  if (status === 127) {
    throw new CliError(
      `${entry.name}: vppapi is not installed on ${t.host} (the statistics segment is shared memory handed over a local socket: it cannot cross SSH, so stats runs there)`,
      EXIT.CONNECT,
      `install vppapi on ${t.host} (or name it with $VPPAPI_REMOTE), or run vppapi serve there to collect counters from many hosts over HTTP`,
    );
  }
  if (status === 255 || typeof status === 'string') {
    throw new CliError(`${entry.name}: ssh to ${t.host} failed${err ? `: ${lastLines(err)}` : ''}`, EXIT.CONNECT);
  }
  if (err) rt.io.stderr.write(`${err}\n`);
  return status;
}

/**
 * The global options that shape what the remote stats prints: the output mode and the
 * table options (--tsv, --wide, --columns). The remote side's stdout is a pipe, so its
 * tables carry every column unless --columns picks. Throws nothing.
 */
export function forwardedOptions(g: Pick<GlobalOptions, 'output' | 'tsv' | 'wide' | 'columns'>): string[] {
  return [
    ...(g.output === 'human' ? [] : [`--${g.output}`]),
    ...(g.tsv ? ['--tsv'] : []),
    ...(g.wide ? ['--wide'] : []),
    ...(g.columns?.length ? ['--columns', g.columns.join(',')] : []),
  ];
}

/**
 * The argument vector that runs `vppapi WORDS` on `t`'s host (`$VPPAPI_REMOTE` names the
 * remote command): SSH, its destination, then one command line of shell-quoted words.
 * @throws TargetError when $VPPAPI_SSH or $VPPAPI_REMOTE cannot be split into words.
 */
export function remoteVppapi(env: Readonly<Record<string, string | undefined>>, t: SshTarget, words: readonly string[]): string[] {
  const remote = splitCommand(env.VPPAPI_REMOTE || 'vppapi', '$VPPAPI_REMOTE');
  return [...sshCommand(env), ...destination(t), [...remote, ...words].map(shellQuote).join(' ')];
}

function destination(t: SshTarget): string[] {
  return [...(t.user ? ['-l', t.user] : []), ...(t.port ? ['-p', String(t.port)] : []), '--', t.host];
}
