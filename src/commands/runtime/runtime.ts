/**
 * What a command runs with: its streams, the global options, the definitions and the
 * session, each obtained only when the command asks for it. Where definitions come from
 * is definitions.ts's policy. With --emulator the built-in emulator serves the same
 * definitions on a socket in a private temporary directory and the command connects to
 * it as to VPP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaError } from '../../client/errors.js';
import type { Schema } from '../../client/schema/model.js';
import { Session, type SessionOptions, type SessionWarning } from '../../client/session/session.js';
import type { OpenSessionOptions } from '../../client/session/connect.js';
import type { TargetEntry } from '../../client/targets/config.js';
import { Connector, type Endpoint } from '../../client/targets/connector.js';
import { splitCommand } from '../../client/targets/argv.js';
import { LoadedDefinitions, openFromVpp } from './definitions.js';
import { exitCodeFor } from './errors.js';
import { EXIT } from './exit-codes.js';
import { DEFAULT_TIMEOUT_MS, type GlobalOptions } from './globals.js';
import { type Io, readStdin } from './io.js';
import { Printer, outputSettings } from './output.js';
import { type Recorder, openRecorder } from './record.js';
import { lazy } from '../lazy-modules.js';

/** What a built-in command's module runs: with commander's parsed arguments and options, to an exit code. */
export type CommandRun = (rt: Runtime, args: string[], opts: Record<string, unknown>) => Promise<number>;

/** A built-in command's module (builtins/<name>.ts): `run`, or one function per subcommand. */
export interface BuiltinModule {
  run?: CommandRun;
  subcommands?: Readonly<Record<string, CommandRun>>;
}

/**
 * How commands that run other command lines (help, exec, the REPL) reach the dispatcher
 * without importing it: dispatch.ts makes one and hands it to every runtime.
 */
export interface CommandRunner {
  /**
   * Runs `words` (command word first) on `rt`; returns the exit code.
   * @throws what the command throws, as dispatch's runCommand.
   */
  run(rt: Runtime, words: readonly string[]): Promise<number>;
  /** Prints the --help of built-in `name`, also of one that runs only as its own process. */
  help(rt: Runtime, name: string): Promise<number>;
  /**
   * Runs one line on a session that is already open, its global options for this line
   * only (`base`: the session's defaults). Errors are printed to io.stderr, never thrown.
   */
  line(argv: readonly string[], session: Session, io: Io, base?: Partial<GlobalOptions>): Promise<number>;
}

export interface Runtime {
  readonly io: Io;
  /** The dispatcher, for commands that run other commands. */
  readonly runner: CommandRunner;
  /** The session is someone else's (the REPL's): commands that need their own process refuse. */
  readonly borrowed: boolean;
  /** Options in force; a command may change them (flags after its name). */
  readonly globals: GlobalOptions;
  /** A printer for the options in force now. */
  printer(): Printer;
  /**
   * Definitions holding at least `names` when they exist (every local definition when
   * `names` is omitted). Without a directory they come from VPP; when `offline` and VPP
   * cannot be reached, the built-in set is used instead.
   * @throws SchemaError for bad files; the connection errors of session() when the
   *   definitions must come from VPP.
   */
  definitions(names?: readonly string[], opts?: { offline?: boolean }): Promise<Schema>;
  /** Where the definitions came from: `/usr/share/vpp/api`, `VPP (get_api_json)`, `built-in`. */
  originText(): string;
  /**
   * A connected session whose definitions hold `names`.
   * @throws TransportError, TimeoutError, ProtocolError, ClosedError (cannot connect);
   *   NoDefinitionsError; SchemaError.
   */
  session(names?: readonly string[]): Promise<Session>;
  /** Reads standard input whole. */
  readStdin(): Promise<string>;
  /**
   * The observer that --record asks for, for a session a command opens itself (the
   * shell's reconnect); undefined when this runtime does not record.
   * @throws CliError when the --record file cannot be opened.
   */
  frameObserver(): SessionOptions['onFrame'];
  /**
   * The stats socket to read: --stats-socket, or with --emulator the emulator's (started
   * here if it is not running yet). No API connection is needed for stats otherwise.
   * @throws as session() when the emulator must be started.
   */
  statsSocket(): Promise<string>;
  /** Disconnects and stops what was started. Throws nothing. */
  close(): Promise<void>;
}

const CLIENT_NAME = 'vppapi';

abstract class BaseRuntime implements Runtime {
  abstract readonly borrowed: boolean;

  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
    readonly runner: CommandRunner,
  ) {}

  printer(): Printer {
    return new Printer(this.io.stdout, this.io.stderr, outputSettings(this.globals, this.io));
  }

  readStdin(): Promise<string> {
    return readStdin(this.io);
  }

  async statsSocket(): Promise<string> {
    return this.globals.statsSocket;
  }

  protected onWarning = (w: SessionWarning): void => {
    // Unknown ids and stray contexts are normal with partial definitions; decode
    // failures of what was asked for surface as errors anyway.
    if (this.io.env.VPPAPI_DEBUG) this.printer().warn(`${w.code}: ${w.message}`);
  };

  abstract definitions(names?: readonly string[], opts?: { offline?: boolean }): Promise<Schema>;
  abstract originText(): string;
  abstract session(names?: readonly string[]): Promise<Session>;
  abstract frameObserver(): SessionOptions['onFrame'];
  abstract close(): Promise<void>;
}

interface Started {
  stop(): Promise<void>;
}

/** The target a runtime talks to, chosen by the dispatcher (fleet/select.ts). */
export interface TargetBinding {
  /** The target; null: the plain socket of `--socket` / $VPP_API_SOCKET / the default. */
  entry: TargetEntry | null;
  /**
   * Shared by every target of a fan-out (one ssh connection per host) and closed by it;
   * without one the runtime makes its own and closes it.
   */
  connector?: Connector;
  /** Definitions learned by the fan-out's targets, by message table (one parse per release). */
  memo?: OpenSessionOptions['memo'];
  /** Several targets for a command that serves them all itself (serve), instead of a fan-out. */
  fleet?: readonly TargetEntry[];
}

/**
 * The ssh command: $VPPAPI_SSH split into words (the rule of exec: targets), else ssh.
 * @throws TargetError for a bad $VPPAPI_SSH.
 */
export function sshCommand(env: Readonly<Record<string, string | undefined>>): string[] {
  return env.VPPAPI_SSH ? splitCommand(env.VPPAPI_SSH, '$VPPAPI_SSH') : ['ssh'];
}

/** The runtime of one `vppapi …` invocation (or of one target of a fan-out). */
export class CliRuntime extends BaseRuntime {
  readonly borrowed = false;
  private _defs: LoadedDefinitions | undefined;
  private sess: Session | undefined;
  private connector: Connector | undefined;
  private emulator: Started | undefined;
  private tempDir: string | undefined;
  private recorder: Recorder | undefined;
  /** Why the emulator serves no statistics segment (the FFI library did not load). */
  private noStats: unknown;

  constructor(io: Io, globals: GlobalOptions, runner: CommandRunner, private readonly binding?: TargetBinding) {
    super(io, globals, runner);
    // A target's own timeout (targets file) unless --timeout said otherwise.
    const own = binding?.entry?.timeoutMs;
    if (own !== undefined && globals.timeoutMs === DEFAULT_TIMEOUT_MS) globals.timeoutMs = own;
  }

  /** The target (fleet/select.ts), or null for the plain socket. Throws nothing. */
  target(): TargetEntry | null {
    return this.binding?.entry ?? null;
  }

  /** The several targets handed whole to this command (serve); [] otherwise. Throws nothing. */
  fleet(): readonly TargetEntry[] {
    return this.binding?.fleet ?? [];
  }

  /** The definitions policy, set up for the target on first use. Throws nothing. */
  private get defs(): LoadedDefinitions {
    if (this._defs === undefined) {
      const t = this.globals.emulator ? null : this.target();
      const apiDir = this.globals.apiDir ?? t?.apiDir;
      const local = t === null || t.target.kind === 'unix';
      this._defs = new LoadedDefinitions(apiDir, this.io.env, (errors) => this.report(errors), local);
    }
    return this._defs;
  }

  /**
   * Where to connect: the target's socket, its ssh forward (set up now) or its exec:
   * command; undefined for the plain socket.
   * @throws TransportError when ssh cannot connect; TargetError for a bad $VPPAPI_SSH.
   */
  private async endpoint(): Promise<Endpoint | undefined> {
    const t = this.target();
    if (t === null) return undefined;
    const c = this.binding?.connector ?? (this.connector ??= new Connector({ ssh: sshCommand(this.io.env), env: this.io.env as NodeJS.ProcessEnv }));
    return c.open(t.target, t.timeoutMs ?? this.globals.timeoutMs, t.name);
  }

  originText(): string {
    return this.defs.originText();
  }

  async definitions(names?: readonly string[], opts: { offline?: boolean } = {}): Promise<Schema> {
    const d = this.defs;
    if (d.has(names)) return d.schema!;
    if (d.origin === 'vpp') return d.schema!; // VPP's own set is all there is
    if (d.dir) {
      // With a session open, everything: the session's schema is replaced whole.
      const schema = d.fromDir(names, !this.sess);
      this.sess?.setSchema(schema);
      return schema;
    }
    if (!this.globals.emulator) {
      try {
        await this.session();
        return d.schema!;
      } catch (e) {
        if (!opts.offline || exitCodeFor(e) !== EXIT.CONNECT) throw e;
      }
    }
    return d.fromBuiltin();
  }

  private report(errors: readonly SchemaError[]): void {
    const p = this.printer();
    for (const e of errors.slice(0, 5)) p.warn(`definitions: ${e.message} (left out)`);
    if (errors.length > 5) p.warn(`definitions: ${errors.length - 5} more left out`);
  }

  override async statsSocket(): Promise<string> {
    if (this.globals.emulator && !this.emulator) await this.session();
    if (this.noStats) throw this.noStats;
    return this.globals.statsSocket;
  }

  async session(names?: readonly string[]): Promise<Session> {
    // --record after a message name is read once the session is open (its definitions
    // may come from it): open the file here, before anything is sent.
    this.frameObserver();
    if (this.sess) {
      if (!this.defs.has(names) && this.defs.origin !== 'vpp') await this.definitions(names);
      return this.sess;
    }
    const g = this.globals;
    const timeouts = { timeoutMs: g.timeoutMs, connectTimeoutMs: g.timeoutMs, clientName: CLIENT_NAME, onWarning: this.onWarning, onFrame: this.frameObserver() };
    if (g.emulator) {
      const schema = await this.definitions(names);
      const socketPath = await this.startEmulator();
      this.sess = new Session({ socketPath, schema, ...timeouts });
    } else {
      const ep = await this.endpoint();
      const where = ep ? { socketPath: ep.socketPath, dial: ep.dial } : { socketPath: g.socket };
      try {
        if (this.defs.dir) {
          const schema = await this.definitions(names);
          this.sess = new Session({ ...where, schema, ...timeouts });
        } else {
          const opened = await openFromVpp(this.io.env, { ...where, ...timeouts, memo: this.binding?.memo });
          this.sess = opened.session;
          this.defs.fromVpp(opened);
          return this.sess;
        }
      } catch (e) {
        throw ep ? await ep.explain(e) : e;
      }
      try {
        await this.sess.connect();
      } catch (e) {
        this.sess = undefined;
        throw ep ? await ep.explain(e) : e;
      }
      return this.sess;
    }
    try {
      await this.sess.connect();
    } catch (e) {
      this.sess = undefined;
      throw e;
    }
    return this.sess;
  }

  /** Serves the loaded definitions on a private socket; returns its path. */
  private async startEmulator(): Promise<string> {
    const { startEmulator } = await lazy.emulator();
    this.tempDir = mkdtempSync(join(tmpdir(), 'vppapi-emulator-'));
    const socketPath = join(this.tempDir, 'api.sock');
    // Its stats socket too, so that `vppapi --emulator stats …` (and the REPL's) read it;
    // where the FFI library cannot load, the emulator runs without (stats then says why).
    const statsSocketPath = join(this.tempDir, 'stats.sock');
    try {
      this.emulator = await startEmulator({ socketPath, sources: this.defs.emulatorSources(), statsSocketPath });
      this.globals.statsSocket = statsSocketPath;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOLIB') throw e;
      this.noStats = e;
      this.emulator = await startEmulator({ socketPath, sources: this.defs.emulatorSources() });
    }
    return socketPath;
  }

  /**
   * Always an observer (so a --record read later still catches what follows); it writes
   * once the file is open.
   */
  frameObserver(): SessionOptions['onFrame'] {
    if (this.globals.record !== undefined) this.recorder ??= openRecorder(this.globals.record);
    return this.observe;
  }

  private readonly observe: NonNullable<SessionOptions['onFrame']> = (d, p, s) => this.recorder?.onFrame(d, p, s);

  async close(): Promise<void> {
    const s = this.sess;
    this.sess = undefined;
    try {
      await s?.disconnect();
    } catch {
      /* closing anyway */
    }
    this.recorder?.close();
    this.recorder = undefined;
    try {
      await this.emulator?.stop();
    } catch {
      /* best effort */
    }
    this.emulator = undefined;
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
    await this.connector?.close();
    this.connector = undefined;
  }
}

/**
 * The runtime for a command run on a session someone else opened (the REPL): its
 * definitions are the session's, and closing leaves the session open.
 */
export class SessionRuntime extends BaseRuntime {
  readonly borrowed = true;

  constructor(
    io: Io,
    globals: GlobalOptions,
    runner: CommandRunner,
    private readonly sess: Session,
    private readonly origin = 'the session',
  ) {
    super(io, globals, runner);
  }

  definitions(): Promise<Schema> {
    return Promise.resolve(this.sess.schema);
  }

  originText(): string {
    return this.origin;
  }

  session(): Promise<Session> {
    return Promise.resolve(this.sess);
  }

  /** The session's owner records (or not): a line cannot start recording a connection midway. */
  frameObserver(): SessionOptions['onFrame'] {
    return undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
