/**
 * OpenSSH carries the API socket (docs/fleets.md): one master connection per
 * (user, host, port), started as a child with `-M -N` and a control socket in a private
 * directory; each remote API socket is forwarded to a local socket in that directory
 * (`-L LOCAL:REMOTE`, streamlocal forwarding: nothing needs installing on the remote
 * host). The first socket rides on the master's own command line; more sockets on the
 * same host are added with `ssh -O forward`, so many calls and sockets cost one
 * handshake. Keys, agents, jump hosts, host-key checking: the user's OpenSSH config,
 * untouched (the options added here are only ControlMaster/ControlPath/ControlPersist,
 * ExitOnForwardFailure and StreamLocalBindUnlink).
 *
 * | step               | argv                                                                      |
 * |--------------------|---------------------------------------------------------------------------|
 * | master + 1st socket| SSH… -M -N -S DIR/cm -o ControlPersist=no -o ExitOnForwardFailure=yes -L DIR/1.sock:REMOTE [-l U] [-p P] -- HOST |
 * | ready when         | DIR/cm exists (ssh creates it after login and after setting up -L)        |
 * | more sockets       | SSH… -S DIR/cm -O forward -L DIR/N.sock:REMOTE … [-l U] [-p P] -- HOST: one request for all the sockets asked for meanwhile |
 * | end                | SIGTERM to the master (its forwards and control socket go with it)       |
 *
 * ControlPersist=no: the master is this process's child and ends with it, so nothing is
 * left running after vppapi exits (reuse spans one vppapi process: a shell, a script, a
 * fan-out).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransportError } from '../transport/errors.js';
import { MAX_SOCKET_PATH_BYTES } from '../transport/unix-socket.js';
import { type Child, startChild } from './children.js';
import { lastLines } from './child-stream.js';
import { TargetError } from './errors.js';
import type { SshTarget } from './parse.js';
import { targetText } from './parse.js';

export interface SshOptions {
  /** The ssh command as an argument vector (default ['ssh']; $VPPAPI_SSH split by splitCommand). */
  ssh?: readonly string[];
  /** Where the private directories go (default os.tmpdir()). */
  tmpDir?: string;
  /** Environment of the ssh children (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long a login (and a forward request) may take, in ms (default 20000). Not a
   * target's answer timeout: the master serves every target on its host, and a target
   * with a short timeout must not cut the login short for the others.
   */
  loginTimeoutMs?: number;
}

const LOGIN_TIMEOUT_MS = 20_000;

interface Master {
  child: Child;
  dir: string;
  /** Remote socket path → local forwarded socket (or its pending setup). */
  forwards: Map<string, Promise<string>>;
  ready: Promise<void>;
  n: number;
  /** Forwards asked for and not yet requested: requested together, by one `-O forward`. */
  batch: { remote: string; local: string; done: (err?: Error) => void }[];
}

/** How often the control socket's appearance is checked while the master logs in. */
const POLL_MS = 5;

export class SshHub {
  private readonly masters = new Map<string, Master>();
  private readonly ssh: readonly string[];

  constructor(private readonly opts: SshOptions = {}) {
    this.ssh = opts.ssh?.length ? opts.ssh : ['ssh'];
  }

  /**
   * A local socket forwarded to `t`'s remote API socket, set up on first use (the host's
   * master connection too) and kept until close().
   * @throws TransportError ECONNECT when ssh fails (login, host key, forwarding refused):
   *   the message carries ssh's own stderr; ETIMEDOUT after the login timeout (or
   *   `timeoutMs` when longer).
   * @throws TargetError when no usable private directory can be made.
   */
  forward(t: SshTarget, targetTimeoutMs: number): Promise<string> {
    const timeoutMs = Math.max(targetTimeoutMs, this.opts.loginTimeoutMs ?? LOGIN_TIMEOUT_MS);
    const key = hostKey(t);
    let m = this.masters.get(key);
    if (m === undefined || m.child.done) {
      m = this.startMaster(t, timeoutMs);
      this.masters.set(key, m);
      return m.forwards.get(t.socket)!;
    }
    let local = m.forwards.get(t.socket);
    if (local === undefined) {
      local = this.addForward(m, t, timeoutMs);
      m.forwards.set(t.socket, local);
      local.catch(() => m!.forwards.delete(t.socket));
    }
    return local;
  }

  /** ssh's stderr so far for `t`'s host (its master), trimmed; '' when none. Throws nothing. */
  stderrOf(t: SshTarget): string {
    return this.masters.get(hostKey(t))?.child.stderr() ?? '';
  }

  /** How many master connections are up. Throws nothing. */
  get connections(): number {
    return [...this.masters.values()].filter((m) => !m.child.done).length;
  }

  /** Ends every master (and so every forward) and removes the private directories. Throws nothing. */
  async close(): Promise<void> {
    const all = [...this.masters.values()];
    this.masters.clear();
    await Promise.all(all.map((m) => m.child.end()));
    for (const m of all) rmSync(m.dir, { recursive: true, force: true });
  }

  private startMaster(t: SshTarget, timeoutMs: number): Master {
    const dir = privateDir(this.opts.tmpDir);
    const control = join(dir, 'cm');
    const first = join(dir, '1.sock');
    const argv = [
      ...this.ssh, '-M', '-N', '-S', control, '-o', 'ControlPersist=no', '-o', 'ExitOnForwardFailure=yes',
      '-o', 'StreamLocalBindUnlink=yes', '-L', `${first}:${t.socket}`, ...destination(t),
    ];
    const child = startChild(argv, ['ignore', 'ignore', 'pipe'], this.opts.env);
    const ready = waitForSocket(control, child, t, timeoutMs);
    ready.catch(() => void child.end());
    const m: Master = { child, dir, forwards: new Map(), ready, n: 1, batch: [] };
    const local = ready.then(() => first);
    local.catch(() => {});
    m.forwards.set(t.socket, local);
    return m;
  }

  /**
   * Adds a forward to `m`: queued, and requested with the others queued meanwhile (a
   * fan-out to many sockets on one host asks while the master logs in: one request then).
   */
  private addForward(m: Master, t: SshTarget, timeoutMs: number): Promise<string> {
    const local = join(m.dir, `${++m.n}.sock`);
    return new Promise<string>((resolve, reject) => {
      m.batch.push({ remote: t.socket, local, done: (err) => (err ? reject(err) : resolve(local)) });
      if (m.batch.length === 1) {
        void m.ready.then(
          () => setImmediate(() => void this.requestForwards(m, t, timeoutMs)),
          (err: Error) => this.failBatch(m, err),
        );
      }
    });
  }

  private failBatch(m: Master, err: Error): void {
    for (const f of m.batch.splice(0)) f.done(err);
  }

  private async requestForwards(m: Master, t: SshTarget, timeoutMs: number): Promise<void> {
    const batch = m.batch.splice(0);
    const forwards = batch.flatMap((f) => ['-L', `${f.local}:${f.remote}`]);
    const argv = [...this.ssh, '-S', join(m.dir, 'cm'), '-O', 'forward', '-o', 'StreamLocalBindUnlink=yes', ...forwards, ...destination(t)];
    const req = startChild(argv, ['ignore', 'ignore', 'pipe'], this.opts.env);
    const timer = setTimeout(() => void req.end(), timeoutMs);
    const status = await req.exited;
    clearTimeout(timer);
    const err =
      status === 0
        ? undefined
        : new TransportError('ECONNECT', `${targetText(t)}: ssh could not forward ${batch.map((f) => f.remote).join(', ')} (${statusText(status)})${why(req.stderr())}`, targetText(t));
    for (const f of batch) f.done(err);
  }
}

/** user@host:port, the key of one master connection. */
function hostKey(t: SshTarget): string {
  return `${t.user ?? ''}@${t.host}:${t.port ?? ''}`;
}

/** The destination part of an ssh argv; `--` so that nothing after it is read as an option. */
function destination(t: SshTarget): string[] {
  return [...(t.user ? ['-l', t.user] : []), ...(t.port ? ['-p', String(t.port)] : []), '--', t.host];
}

function statusText(status: number | string): string {
  return typeof status === 'number' ? `ssh exited with status ${status}` : status.startsWith('spawn:') ? 'ssh could not be started' : `ssh ended by ${status}`;
}

function why(stderr: string): string {
  return stderr ? `: ${lastLines(stderr)}` : '';
}

/**
 * A 0700 directory for the control and forwarded sockets. Its paths must fit a Unix
 * socket address with room for the suffix ssh adds while it binds the control socket.
 * @throws TargetError when it cannot be made or its paths would be too long.
 */
function privateDir(base = tmpdir()): string {
  let dir: string;
  try {
    dir = mkdtempSync(join(base, 'vppapi-ssh-'));
  } catch (e) {
    throw new TargetError(`cannot make a private directory for ssh's sockets in ${base}: ${(e as Error).message}`, 'set TMPDIR to a directory you can write', { cause: e });
  }
  // mkdtemp makes it 0700; ssh binds `cm.XXXXXXXXXXXXXXXX` (17 more bytes) before renaming.
  if (Buffer.byteLength(join(dir, 'cm')) + 17 > MAX_SOCKET_PATH_BYTES || dir.includes(':')) {
    rmSync(dir, { recursive: true, force: true });
    throw new TargetError(`the temporary directory ${base} has a path too long (or holding ":") for ssh's local sockets`, 'set TMPDIR to a short path such as /tmp');
  }
  return dir;
}

/**
 * Resolves once `path` exists as a socket (the master logged in and set up its first
 * forward).
 * @throws (rejects with) TransportError ECONNECT when ssh exits first (with its stderr),
 *   ETIMEDOUT after `timeoutMs`.
 */
function waitForSocket(path: string, child: Child, t: SshTarget, timeoutMs: number): Promise<void> {
  const name = targetText(t);
  return new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = (): void => {
      if (child.done) {
        void child.exited.then((s) => reject(new TransportError('ECONNECT', `${name}: ${statusText(s)} before the connection was up${why(child.stderr())}`, name)));
        return;
      }
      try {
        if (statSync(path).isSocket()) return resolve();
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) {
        reject(new TransportError('ETIMEDOUT', `${name}: ssh did not log in within ${timeoutMs} ms${why(child.stderr())}`, name));
        return;
      }
      setTimeout(tick, POLL_MS);
    };
    tick();
  });
}
