/**
 * The shell's connection to VPP, kept alive across VPP restarts: when VPP closes the
 * socket, the same session connects again (handshake and message table anew) after a
 * growing pause, and the user is told both when it went and when it is back. Should the
 * new table differ from the old one and the definitions have come from VPP, `reopen`
 * learns them again (a new session).
 *
 * | event                          | notice                                                    |
 * |--------------------------------|-----------------------------------------------------------|
 * | VPP closed the socket          | `connection to VPP lost (…); reconnecting to <socket>…`   |
 * | first retry failed             | `VPP is not back yet (…); still trying every Ns`          |
 * | connected again                | `reconnected to <socket>: message table reloaded (N messages[, changed])` |
 */
import type { Session } from '../../client/session/session.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';

export interface ConnectionOptions {
  /** Notices for the user (one line each, no newline). */
  notify(text: string): void;
  /** A new session with definitions learned again, for a VPP whose message table changed. */
  reopen?: () => Promise<Session>;
  /** Pauses before each attempt; the last repeats. Default 100, 250, 500, 1000, 2000, 5000 ms. */
  delaysMs?: readonly number[];
}

const DELAYS = [100, 250, 500, 1000, 2000, 5000];

export class ReplConnection {
  private current: Session;
  private retry: Promise<void> | undefined;
  private closing = false;
  private cancelSleep: (() => void) | undefined;
  private tableKey: string | undefined;
  /** want_* registrations the lost connection held, made again once reconnected. */
  private toRestore: [string, Record<string, unknown>][] = [];
  private readonly delays: readonly number[];
  private readonly onClose = (err?: Error): void => this.lost(err);

  constructor(
    session: Session,
    private readonly opts: ConnectionOptions,
  ) {
    this.current = session;
    this.delays = opts.delaysMs?.length ? opts.delaysMs : DELAYS;
    this.watch(session);
  }

  /** The session in use (it may be reconnecting). */
  get session(): Session {
    return this.current;
  }

  /** True while VPP is away and attempts go on. */
  get reconnecting(): boolean {
    return this.retry !== undefined;
  }

  private watch(s: Session): void {
    s.on('close', this.onClose);
    try {
      this.tableKey = s.table.digestKey;
    } catch {
      this.tableKey = undefined;
    }
  }

  private lost(err: Error | undefined): void {
    // No error: our own disconnect().
    if (this.closing || !err || this.retry) return;
    this.toRestore = [...this.current.registrations];
    this.opts.notify(`connection to VPP lost (${err.message}); reconnecting to ${this.current.socketPath}…`);
    this.retry = this.loop().finally(() => (this.retry = undefined));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.cancelSleep = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    for (let i = 0; !this.closing; i++) {
      await this.sleep(this.delays[Math.min(i, this.delays.length - 1)]!);
      if (this.closing) return;
      try {
        await this.current.connect();
      } catch (e) {
        if (i === 0) {
          const every = this.delays[this.delays.length - 1]! / 1000;
          this.opts.notify(`VPP is not back yet (${(e as Error).message}); still trying, at least every ${every}s`);
        }
        continue;
      }
      if (this.closing) {
        await this.current.disconnect();
        return;
      }
      const before = this.tableKey;
      const changed = before !== undefined && this.current.table.digestKey !== before;
      if (changed && this.opts.reopen) {
        try {
          const fresh = await this.opts.reopen();
          const old = this.current;
          old.off('close', this.onClose as (arg: never) => void);
          this.current = fresh;
          await old.disconnect();
        } catch (e) {
          this.opts.notify(`the definitions of the new VPP could not be loaded (${(e as Error).message}); keeping the old ones`);
        }
      }
      this.watch(this.current);
      const n = this.current.table.size;
      this.opts.notify(`reconnected to ${this.current.socketPath}: message table reloaded (${n} messages${changed ? ', changed since the last connection' : ''})`);
      await this.restore();
      return;
    }
  }

  /** VPP ended the registrations with the old connection: make each again, and say so. */
  private async restore(): Promise<void> {
    const regs = this.toRestore;
    this.toRestore = [];
    for (const [name, args] of regs) {
      try {
        await this.current.call(name, args);
        this.opts.notify(`registered again: ${name}`);
      } catch (e) {
        this.opts.notify(`${name} could not be registered again (${(e as Error).message}); its events no longer arrive`);
      }
    }
  }

  /**
   * The session once it is connected: at once, or after the reconnect under way, waiting
   * at most `timeoutMs`.
   * @throws CliError: exit 3 when VPP is not back in time; 130 when `signal` fires.
   */
  async ready(timeoutMs: number, signal?: AbortSignal): Promise<Session> {
    if (this.up()) return this.current;
    const retry = this.retry;
    if (retry) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const outcome = await Promise.race([
        retry.then(() => 'back' as const),
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
        new Promise<'abort'>((r) => {
          onAbort = () => r('abort');
          if (signal?.aborted) onAbort();
          else signal?.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (outcome === 'abort') throw new CliError('interrupted', EXIT.INTERRUPTED);
      if (this.up()) return this.current;
    }
    throw new CliError(
      `not connected: VPP at ${this.current.socketPath} is not back yet`,
      EXIT.CONNECT,
      this.retry ? 'the shell keeps trying in the background; .exit leaves' : 'leave with .exit and start vppapi repl again',
    );
  }

  private up(): boolean {
    return this.current.state === 'running';
  }

  /** Stops reconnecting and disconnects. Throws nothing. */
  async close(): Promise<void> {
    this.closing = true;
    this.cancelSleep?.();
    this.current.off('close', this.onClose as (arg: never) => void);
    await this.current.disconnect();
    await this.retry?.catch(() => {});
  }
}
