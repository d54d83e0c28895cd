/**
 * One target's connection keeper for `serve`: its session, opened on first use and kept
 * across VPP restarts (the shell's ReplConnection re-attaches it, registrations included),
 * and the definitions it brought. A VPP not there yet is no reason not to serve the
 * others: requests to it get 503 until it is.
 */
import type { Schema } from '../../client/schema/model.js';
import type { Session } from '../../client/session/session.js';
import { ReplConnection } from '../repl/connection.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';

/**
 * What a keeper's messages call the VPP it serves, as the server was started: the target's
 * name, the built-in emulator (--emulator: its socket is a private one, not --socket's),
 * or the API socket. Throws nothing.
 */
export function servedVpp(g: { emulator: boolean; socket: string }, targetName: string | undefined): string {
  if (targetName !== undefined) return targetName;
  return g.emulator ? 'the built-in emulator (--emulator)' : g.socket;
}

export class Keeper {
  private conn: ReplConnection | undefined;
  private loaded: Schema | undefined;
  private connecting: Promise<Session> | undefined;

  /**
   * @param open opens a connected session (a runtime's session()).
   * @param where the socket or target, for messages.
   */
  constructor(
    private readonly open: () => Promise<Session>,
    private readonly where: string,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * The session, connected now or on this call.
   * @throws CliError EXIT.CONNECT while the keeper reconnects; open()'s errors.
   */
  readonly session = async (): Promise<Session> => {
    const conn = this.conn;
    if (conn) {
      // While the keeper reconnects, say so (503) rather than let a call fail on a closed session.
      if (conn.reconnecting || conn.session.state !== 'running') throw new CliError(`VPP is not connected (VPP restarted or stopped?); reconnecting to ${this.where}`, EXIT.CONNECT);
      return conn.session;
    }
    this.connecting ??= this.open().then((s) => {
      // Many clients' requests arrive in separate callbacks: one write per turn, not per request.
      s.batchWrites('turn');
      this.conn = new ReplConnection(s, { notify: (t) => this.log(t) });
      this.loaded = s.schema;
      return s;
    }).finally(() => (this.connecting = undefined));
    return this.connecting;
  };

  /** The definitions of the session. @throws CliError EXIT.CONNECT before VPP was first reached. */
  readonly schema = (): Schema => {
    const s = this.loaded ?? this.conn?.session.schema;
    if (!s) throw new CliError(`VPP at ${this.where} has not been reached yet, so no definitions are loaded`, EXIT.CONNECT);
    return s;
  };

  /**
   * Connects when VPP was never reached (its definitions are needed first); undefined
   * once it was (nothing to wait for: no promise per request). @throws as session().
   */
  readonly ready = (): Promise<unknown> | undefined => (this.loaded ? undefined : this.session());

  /** The session when it is connected and running now, else undefined (session() says why). Throws nothing. */
  readonly current = (): Session | undefined => {
    const conn = this.conn;
    return conn && !conn.reconnecting && conn.session.state === 'running' ? conn.session : undefined;
  };

  /** Throws nothing. */
  async close(): Promise<void> {
    try {
      await this.conn?.close();
    } catch {
      /* closing anyway */
    }
  }
}
