/**
 * Where a VPP is, as the user writes it (docs/fleets.md):
 *
 * | text                                  | target                                              |
 * |---------------------------------------|-----------------------------------------------------|
 * | `/run/vpp/api.sock`, `./api.sock`     | a local API socket                                  |
 * | `unix:PATH`                           | the same, said explicitly                           |
 * | `ssh://[user@]host[:port][/path]`     | the API socket at path (default /run/vpp/api.sock) on host, through OpenSSH |
 * | `exec:COMMAND ARGS…`                  | a command whose stdin/stdout is the API socket      |
 * | `name` (no `/`, no `:`)               | a target of that name in the targets file           |
 *
 * Nothing is percent-decoded in `ssh://`; the path must be absolute and hold no `:`
 * (ssh's `-L` uses `:` as its separator).
 */
import { splitCommand } from './argv.js';
import { TargetError, refuseControlChars } from './errors.js';

export const DEFAULT_REMOTE_SOCKET = '/run/vpp/api.sock';

export interface UnixTarget {
  kind: 'unix';
  path: string;
}

export interface SshTarget {
  kind: 'ssh';
  user?: string;
  host: string;
  port?: number;
  /** The API socket's path on the remote host. */
  socket: string;
}

export interface ExecTarget {
  kind: 'exec';
  argv: string[];
}

export interface NamedTarget {
  kind: 'name';
  name: string;
}

export type Target = UnixTarget | SshTarget | ExecTarget | NamedTarget;
export type ReachableTarget = UnixTarget | SshTarget | ExecTarget;

export interface ParseOptions {
  /**
   * Whether `exec:` is accepted. Only the command line and the targets file may name a
   * command: a target read from a recording, a trace or a remote answer must not.
   */
  allowExec: boolean;
}

/** A config-file name: letters, digits, `.`, `_`, `-`, not starting with `-` or `.`. */
export const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads one target.
 * @throws TargetError for control characters, an `exec:` not allowed here or empty, a
 *   malformed `ssh://` (host starting with `-`, bad port, relative path, `:` in the path),
 *   an unknown scheme, or a word that is neither a path nor a name.
 */
export function parseTarget(text: string, opts: ParseOptions): Target {
  refuseControlChars(text, 'target');
  if (text.startsWith('exec:')) {
    if (!opts.allowExec) {
      throw new TargetError(`target ${JSON.stringify(text)}: an exec: target runs a command, so it is taken only from the command line or the targets file`);
    }
    return { kind: 'exec', argv: splitCommand(text.slice(5), 'exec: target') };
  }
  if (text.startsWith('unix:')) return unixTarget(text.slice(5), text);
  if (text.startsWith('ssh://')) return parseSsh(text);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (scheme && !text.includes('/')) {
    throw new TargetError(`target ${JSON.stringify(text)}: unknown kind "${scheme[1]}:"`, 'write a socket path, unix:PATH, ssh://[user@]host[:port][/path], exec:COMMAND or a name from the targets file');
  }
  if (scheme && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    throw new TargetError(`target ${JSON.stringify(text)}: unknown scheme "${scheme[1]}://"`, 'only ssh:// reaches a remote VPP');
  }
  if (text.includes('/')) return unixTarget(text, text);
  if (NAME_RE.test(text)) return { kind: 'name', name: text };
  throw new TargetError(`target ${JSON.stringify(text)} is neither a socket path nor a target name`, 'a relative socket path needs ./ in front; names are letters, digits, . _ -');
}

function unixTarget(path: string, text: string): UnixTarget {
  if (path === '') throw new TargetError(`target ${JSON.stringify(text)}: no socket path after unix:`);
  return { kind: 'unix', path };
}

const SSH_RE = /^ssh:\/\/(?:([^@/]*)@)?(\[[^\]/]*\]|[^:/]*)(?::([^/]*))?(\/.*)?$/;

function parseSsh(text: string): SshTarget {
  const m = SSH_RE.exec(text);
  const bad = (why: string, hint?: string): TargetError => new TargetError(`target ${JSON.stringify(text)}: ${why}`, hint ?? 'write ssh://[user@]host[:port][/path/to/api.sock]');
  if (!m) throw bad('not an ssh:// address');
  const [, user, rawHost, portText, path] = m;
  const host = rawHost!.startsWith('[') ? rawHost!.slice(1, -1) : rawHost!;
  if (host === '') throw bad('no host');
  // ssh would read a host (or user) starting with '-' as an option: refused outright.
  if (host.startsWith('-')) throw bad(`the host "${host}" starts with "-"`, 'a host name never starts with "-"');
  if (!/^[A-Za-z0-9_.:%-]+$/.test(host)) throw bad(`the host "${host}" holds characters a host name cannot`);
  if (user !== undefined) {
    if (user === '') throw bad('an empty user before "@"');
    if (user.startsWith('-')) throw bad(`the user "${user}" starts with "-"`);
    if (/[\s:@]/.test(user)) throw bad(`the user "${user}" holds a space, ":" or "@"`);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw bad(`the port "${portText}" is not a number from 1 to 65535`);
  }
  const socket = path === undefined || path === '/' ? DEFAULT_REMOTE_SOCKET : path;
  if (socket.includes(':')) throw bad(`the socket path "${socket}" holds ":", which ssh's -L cannot carry`);
  return { kind: 'ssh', ...(user !== undefined && { user }), host, ...(port !== undefined && { port }), socket };
}

/** The target written back as text (for listings and `_target` when no name is known). Throws nothing. */
export function targetText(t: Target): string {
  switch (t.kind) {
    case 'unix':
      return t.path;
    case 'name':
      return t.name;
    case 'exec':
      return `exec:${t.argv.map(quoteWord).join(' ')}`;
    case 'ssh': {
      const host = t.host.includes(':') ? `[${t.host}]` : t.host;
      return `ssh://${t.user ? `${t.user}@` : ''}${host}${t.port ? `:${t.port}` : ''}${t.socket}`;
    }
  }
}

/** A word quoted so that splitCommand gives it back. Throws nothing. */
export function quoteWord(w: string): string {
  return w !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
