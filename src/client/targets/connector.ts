/**
 * From a target to what a Session connects with (docs/fleets.md):
 *
 * | target | Session gets                                   | started here                    |
 * |--------|------------------------------------------------|---------------------------------|
 * | unix   | `socketPath`                                   | nothing                         |
 * | ssh    | `socketPath`: the local end of the forward     | the host's ssh master (once)    |
 * | exec   | `dial`: a new child per connection, its stdio the stream | the command, on each connect |
 *
 * One Connector per process: it owns every child it starts, and close() ends them all.
 */
import type { Duplex } from 'node:stream';
import { TransportError } from '../transport/errors.js';
import { ChildStream } from './child-stream.js';
import { type Child, startChild } from './children.js';
import type { ExecTarget, ReachableTarget, SshTarget } from './parse.js';
import { targetText } from './parse.js';
import { SshHub, type SshOptions } from './ssh.js';

export interface Endpoint {
  /** The target as the user wrote it (its name when it has one), for messages. */
  readonly label: string;
  readonly target: ReachableTarget;
  /** For Session's `socketPath`: the socket to connect to, or (with `dial`) the target's text. */
  readonly socketPath: string;
  /** For Session's `dial`: exec targets only. */
  readonly dial?: (timeoutMs: number) => Promise<Duplex>;
  /**
   * A connect or handshake failure made clearer by what ssh said meanwhile (a refused
   * forward shows only as a closed connection otherwise): a TransportError ECONNECT
   * holding ssh's words, or `err` itself. Never rejects.
   */
  explain(err: unknown): Promise<unknown>;
}

/** How long explain() waits for ssh's stderr to say why a forwarded connection closed. */
const EXPLAIN_WAIT_MS = 150;

export class Connector {
  private readonly hub: SshHub;
  private readonly execChildren = new Set<Child>();

  constructor(private readonly opts: SshOptions = {}) {
    this.hub = new SshHub(opts);
  }

  /**
   * Makes `t` reachable: for ssh, the master and forward are set up now.
   * @throws TransportError (ECONNECT with ssh's stderr, ETIMEDOUT) for ssh; TargetError.
   */
  async open(t: ReachableTarget, timeoutMs: number, label = targetText(t)): Promise<Endpoint> {
    switch (t.kind) {
      case 'unix':
        return { label, target: t, socketPath: t.path, explain: async (e) => e };
      case 'ssh':
        return this.openSsh(t, timeoutMs, label);
      case 'exec':
        return { label, target: t, socketPath: label, dial: (ms) => this.dialExec(t, label, ms), explain: async (e) => commandError(e, label) ?? e };
    }
  }

  /** Master connections to ssh hosts that are up. Throws nothing. */
  get sshConnections(): number {
    return this.hub.connections;
  }

  /** Ends every child started (ssh masters, exec commands). Throws nothing. */
  async close(): Promise<void> {
    const execs = [...this.execChildren];
    this.execChildren.clear();
    await Promise.all([this.hub.close(), ...execs.map((c) => c.end())]);
  }

  private async openSsh(t: SshTarget, timeoutMs: number, label: string): Promise<Endpoint> {
    const socketPath = await this.hub.forward(t, timeoutMs);
    const seen = this.hub.stderrOf(t).length;
    // Only a connection the forward closed is explained: a timeout (a VPP that accepts
    // and never answers) is the session's own finding. ssh's lines do not name the socket,
    // so the socket is named here.
    const explain = async (e: unknown): Promise<unknown> => {
      const code = (e as { code?: string }).code;
      if (!(e instanceof Error) || (code !== 'ECLOSED' && code !== 'ECONNLOST')) return e;
      await new Promise((r) => setTimeout(r, EXPLAIN_WAIT_MS));
      const said = this.hub.stderrOf(t).slice(seen).trim().split('\n').filter((l) => /open failed|refused|denied|prohibited/i.test(l)).pop();
      const where = `${t.socket} on ${t.host}`;
      return new TransportError(
        'ECONNECT',
        said ? `${label}: cannot connect through ssh to ${where}: ${said.trim()}` : `${label}: the connection through ssh closed before VPP answered: is VPP running with its API socket at ${where}?`,
        label,
        { cause: e },
      );
    };
    return { label, target: t, socketPath, explain };
  }

  /**
   * Starts the command; its stdio is the stream.
   * @throws TransportError ECONNECT when the program cannot be started.
   */
  private async dialExec(t: ExecTarget, label: string, timeoutMs: number): Promise<Duplex> {
    const child = startChild(t.argv, ['pipe', 'pipe', 'pipe'], this.opts.env);
    this.execChildren.add(child);
    void child.exited.then(() => this.execChildren.delete(child));
    const started = await Promise.race([
      new Promise<boolean>((r) => child.process.once('spawn', () => r(true))),
      child.exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref()),
    ]);
    if (!started) throw new TransportError('ECONNECT', `${label}: ${child.stderr() || `cannot start ${t.argv[0]}`}`, label);
    return new ChildStream(child, label);
  }
}

/** The exec: command's own failure (its exit status and stderr) found in `e`'s causes. Throws nothing. */
function commandError(e: unknown, label: string): TransportError | undefined {
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (c instanceof TransportError && c.path === label && c.message.startsWith(`${label}: the command`)) return c;
  }
  return undefined;
}
