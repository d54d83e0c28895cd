/**
 * What a command runs with: its streams, the global options, the definitions and the
 * session, each obtained only when the command asks for it.
 *
 * Definitions, first found wins:
 *
 * | source                                   | when                                      |
 * |------------------------------------------|-------------------------------------------|
 * | `--api-dir DIR`, `$VPP_API_DIR`, /usr/share/vpp/api | the directory exists / is given  |
 * | VPP itself (get_api_json, cached on disk) | no directory, a VPP to connect to         |
 * | the built-in set (memclnt, vpe, vlib, interface, ip) | --emulator, or VPP unreachable for help |
 *
 * A single call parses only the files defining the message it sends (lazy.ts); listing
 * commands load everything. With --emulator the built-in emulator serves the same
 * definitions on a socket in a private temporary directory and the command connects to
 * it as to VPP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaError } from '../../client/errors.js';
import { defaultCacheDir } from '../../client/cache.js';
import { loadSchemaFor } from '../../client/schema/lazy.js';
import { findApiDir, listApiFiles, loadSchema, readApiDir } from '../../client/schema/load.js';
import { memclntModule } from '../../client/schema/builtin/memclnt.js';
import type { Schema } from '../../client/schema/model.js';
import type { RawSource } from '../../client/schema/raw.js';
import { Session, type SessionWarning } from '../../client/session.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';
import type { GlobalOptions } from './globals.js';
import { type Io, readStdin } from './io.js';
import { Printer, outputSettings } from './output.js';

export type DefinitionsOrigin = 'dir' | 'built-in' | 'vpp' | 'session';

export interface Runtime {
  readonly io: Io;
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
  /** Disconnects and stops what was started. Throws nothing. */
  close(): Promise<void>;
}

const CLIENT_NAME = 'vppapi';

abstract class BaseRuntime implements Runtime {
  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
  ) {}

  printer(): Printer {
    return new Printer(this.io.stdout, this.io.stderr, outputSettings(this.globals, this.io));
  }

  readStdin(): Promise<string> {
    return readStdin(this.io);
  }

  protected onWarning = (w: SessionWarning): void => {
    // Unknown ids and stray contexts are normal with partial definitions; decode
    // failures of what was asked for surface as errors anyway.
    if (this.io.env.VPPAPI_DEBUG) this.printer().warn(`${w.code}: ${w.message}`);
  };

  abstract definitions(names?: readonly string[], opts?: { offline?: boolean }): Promise<Schema>;
  abstract originText(): string;
  abstract session(names?: readonly string[]): Promise<Session>;
  abstract close(): Promise<void>;
}

interface Started {
  stop(): Promise<void>;
}

/** The runtime of one `vppapi …` invocation. */
export class CliRuntime extends BaseRuntime {
  private readonly dir: string | undefined;
  private schema: Schema | undefined;
  private sources: RawSource[] | undefined;
  private full = false;
  private origin: DefinitionsOrigin | undefined;
  private sess: Session | undefined;
  private emulator: Started | undefined;
  private tempDir: string | undefined;

  constructor(io: Io, globals: GlobalOptions) {
    super(io, globals);
    this.dir = findApiDir(globals.apiDir, io.env as NodeJS.ProcessEnv);
  }

  originText(): string {
    switch (this.origin) {
      case 'dir': return this.dir!;
      case 'vpp': return 'VPP (get_api_json)';
      case 'built-in': return 'built-in (VPP 26.06: memclnt, vpe, vlib, interface, ip)';
      default: return 'none loaded';
    }
  }

  private has(names: readonly string[] | undefined): boolean {
    if (!this.schema) return false;
    if (this.full) return true;
    return names !== undefined && names.every((n) => this.schema!.messages.has(n));
  }

  async definitions(names?: readonly string[], opts: { offline?: boolean } = {}): Promise<Schema> {
    if (this.has(names)) return this.schema!;
    if (this.origin === 'vpp') return this.schema!; // VPP's own set is all there is
    if (this.dir) {
      if (names && !this.sess) {
        const r = loadSchemaFor(this.dir, [...names], { indexDir: defaultCacheDir(this.io.env) });
        // Not found: tell "no definitions at all" from "no such message".
        if (r.notFound.length > 0 && listApiFiles(this.dir).length === 0) throw emptyDir(this.dir);
        this.use(r.schema, r.sources, 'dir', false);
      } else {
        const r = readApiDir(this.dir, { tolerant: true });
        if (r.sources.length === 0 && r.errors.length === 0) throw emptyDir(this.dir);
        const loaded = loadSchema(withMemclnt(r.sources), { tolerant: true });
        this.report([...r.errors, ...loaded.errors]);
        this.use(loaded.schema, withMemclnt(r.sources), 'dir', true);
        this.sess?.setSchema(loaded.schema);
      }
      return this.schema!;
    }
    if (!this.globals.emulator) {
      try {
        await this.session();
        return this.schema!;
      } catch (e) {
        if (!opts.offline || exitCodeFor(e) !== EXIT.CONNECT) throw e;
      }
    }
    const { builtinModules } = await import('../../client/schema/builtin/index.js');
    const sources = builtinModules().map((module) => ({ origin: 'built-in', module }));
    this.use(loadSchema(sources).schema, sources, 'built-in', true);
    return this.schema!;
  }

  private use(schema: Schema, sources: RawSource[], origin: DefinitionsOrigin, full: boolean): void {
    this.schema = schema;
    this.sources = sources;
    this.origin = origin;
    this.full = full;
  }

  private report(errors: readonly SchemaError[]): void {
    const p = this.printer();
    for (const e of errors.slice(0, 5)) p.warn(`definitions: ${e.message} (left out)`);
    if (errors.length > 5) p.warn(`definitions: ${errors.length - 5} more left out`);
  }

  async session(names?: readonly string[]): Promise<Session> {
    if (this.sess) {
      if (!this.has(names) && this.origin !== 'vpp') await this.definitions(names);
      return this.sess;
    }
    const g = this.globals;
    const timeouts = { timeoutMs: g.timeoutMs, connectTimeoutMs: g.timeoutMs, clientName: CLIENT_NAME, onWarning: this.onWarning };
    if (g.emulator) {
      const schema = await this.definitions(names);
      const socketPath = await this.startEmulator();
      this.sess = new Session({ socketPath, schema, ...timeouts });
    } else if (this.dir) {
      const schema = await this.definitions(names);
      this.sess = new Session({ socketPath: g.socket, schema, ...timeouts });
    } else {
      const { openSession } = await import('../../client/connect.js');
      const opened = await openSession({ socketPath: g.socket, cacheDir: defaultCacheDir(this.io.env as NodeJS.ProcessEnv), ...timeouts });
      this.sess = opened.session;
      this.use(opened.schema, [], 'vpp', true);
      this.report(opened.schemaErrors);
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
    this.emulator = await startEmulator({ socketPath, sources: this.sources });
    return socketPath;
  }

  async close(): Promise<void> {
    const s = this.sess;
    this.sess = undefined;
    try {
      await s?.disconnect();
    } catch {
      /* closing anyway */
    }
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
  constructor(
    io: Io,
    globals: GlobalOptions,
    private readonly sess: Session,
    private readonly origin = 'the session',
  ) {
    super(io, globals);
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

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A definitions directory without a single `*.api.json`: a wrong path, or VPP's dev package missing. */
function emptyDir(dir: string): CliError {
  return new CliError(
    `no API definitions in ${dir}: it holds no *.api.json files`,
    EXIT.USAGE,
    "point --api-dir (or $VPP_API_DIR) at VPP's definitions, usually /usr/share/vpp/api, or leave it out to fetch them from VPP",
  );
}

function withMemclnt(sources: RawSource[]): RawSource[] {
  return sources.some((s) => s.module.module === 'memclnt') ? sources : [{ origin: 'built-in', module: memclntModule() }, ...sources];
}

