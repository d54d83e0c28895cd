/**
 * A real OpenSSH server for the tests and bench:fleet, on 127.0.0.1 and a free port
 * (host names `fleethost1`, `fleethost2`, … in its client config all lead there: each is a
 * host of its own to ssh, with its own connection, standing for many hosts), with everything in
 * one temporary directory: host and user keys made by ssh-keygen, its own sshd_config,
 * and an ssh client config whose known_hosts file holds the host key already (host-key
 * checking stays on). Run as root, it logs in as root (`PermitRootLogin yes`); otherwise
 * as the current user. `available()` says why a machine cannot run it (then the tests
 * skip, counted, with that reason).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** Why sshd cannot be had here, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian: apt-get install openssh-server)`;
  for (const bin of ['ssh', 'ssh-keygen']) {
    try {
      execFileSync(bin, ['-V'], { stdio: 'ignore' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return `${bin} is not installed`;
    }
  }
  return undefined;
}

export interface TestSshd {
  dir: string;
  port: number;
  user: string;
  /** The ssh client config for VPPAPI_SSH="ssh -F <this>". */
  clientConfig: string;
  /** `ssh -F CONFIG`, as VPPAPI_SSH. */
  sshCommand: string;
  /** ssh://user@127.0.0.1:port + path, or with `host` K ssh://user@fleethostK:port + path */
  url(path: string, host?: number): string;
  /** What sshd logged. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts sshd; resolves once it accepts TCP connections. */
export async function startSshd(): Promise<TestSshd> {
  // sshd started by root checks for its privilege separation directory (Debian's service makes it).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-sshd-'));
  chmodSync(dir, 0o700);
  const user = userInfo().username;
  const root = process.getuid?.() === 0;
  const keygen = (file: string): void => void execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vppapi-test', '-f', file], { stdio: 'ignore' });
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'user_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')), { mode: 0o600 });
  const port = await freePort();
  const sshdConfig = join(dir, 'sshd_config');
  writeFileSync(
    sshdConfig,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      // The temp directory's parents (/tmp: sticky, world-writable) fail StrictModes' checks.
      'StrictModes no',
      `PermitRootLogin ${root ? 'yes' : 'no'}`,
      `AllowUsers ${user}`,
      'AllowStreamLocalForwarding yes',
      'X11Forwarding no',
      'PermitTTY no',
      'MaxSessions 100',
      'MaxStartups 100:30:200',
      'LogLevel INFO',
      '',
    ].join('\n'),
  );
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPub}\n`);
  const clientConfig = join(dir, 'ssh_config');
  writeFileSync(
    clientConfig,
    [
      'Host fleethost*',
      '  HostName 127.0.0.1',
      'Host *',
      `  IdentityFile ${join(dir, 'user_key')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const logFile = join(dir, 'sshd.log');
  const proc: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', sshdConfig, '-E', logFile], { stdio: 'ignore' });
  try {
    await waitForPort(port, proc, logFile);
  } catch (e) {
    // A server that did not come up leaves nothing behind either.
    proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir, port, user, clientConfig,
    sshCommand: `ssh -F ${clientConfig}`,
    url: (path, host) => `ssh://${user}@${host === undefined ? '127.0.0.1' : `fleethost${host}`}:${port}${path}`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      if (proc.exitCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, proc: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`sshd exited (${proc.exitCode}): ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('sshd did not start listening within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
