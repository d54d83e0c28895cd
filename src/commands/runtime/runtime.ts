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
import { LoadedDefinitions, openFromVpp } from './definitions.js';
import { exitCodeFor } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { GlobalOptions } from './globals.js';
import { type Io, readStdin } from './io.js';
import { Printer, outputSettings } from './output.js';
import { type Recorder, openRecorder } from './record.js';

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

/** The runtime of one `vppapi …` invocation. */
export class CliRuntime extends BaseRuntime {
  readonly borrowed = false;
  private readonly defs: LoadedDefinitions;
  private sess: Session | undefined;
  private emulator: Started | undefined;
  private tempDir: string | undefined;
  private recorder: Recorder | undefined;
  /** Why the emulator serves no statistics segment (the FFI library did not load). */
  private noStats: unknown;

  constructor(io: Io, globals: GlobalOptions, runner: CommandRunner) {
    super(io, globals, runner);
    this.defs = new LoadedDefinitions(globals.apiDir, io.env, (errors) => this.report(errors));
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
    } else if (this.defs.dir) {
      const schema = await this.definitions(names);
      this.sess = new Session({ socketPath: g.socket, schema, ...timeouts });
    } else {
      const opened = await openFromVpp(this.io.env, { socketPath: g.socket, ...timeouts });
      this.sess = opened.session;
      this.defs.fromVpp(opened);
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
    const { startEmulator } = await import('../../emulator/server.js');
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
