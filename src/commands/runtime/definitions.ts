/**
 * Where the CLI's definitions come from: the one policy, used by every command (through
 * the runtime), by the REPL when VPP comes back, and by completion. First found wins:
 *
 * | source                                               | when                              |
 * |------------------------------------------------------|-----------------------------------|
 * | `--api-dir DIR`, `$VPP_API_DIR`, /usr/share/vpp/api  | the directory is given / exists   |
 * | VPP itself (get_api_json, cached on disk by its message table) | no directory, a VPP to connect to |
 * | the built-in set (memclnt, vpe, vlib, interface, ip) | --emulator; VPP unreachable for help; completion with nothing else |
 *
 * With a directory, a single call parses only the files defining the message it sends
 * (client/schema/lazy.ts, with a name index in the cache directory); listing commands load
 * everything. Completion never connects: in place of VPP it reads the newest cache file
 * (complete/source.ts). This file loads nothing heavy at import: the built-in modules and
 * the get_api_json client are imported when used.
 */
import { defaultCacheDir } from '../../client/schema/definitions-cache.js';
import type { SchemaError } from '../../client/errors.js';
import { loadSchemaFor } from '../../client/schema/lazy.js';
import { findApiDir, listApiFiles, loadApiDir, loadSchema, readApiDir } from '../../client/schema/load.js';
import { withMemclnt } from '../../client/schema/builtin/memclnt.js';
import type { Schema } from '../../client/schema/model.js';
import type { RawSource } from '../../client/schema/raw.js';
import type { OpenedSession } from '../../client/session/connect.js';
import type { SessionOptions } from '../../client/session/session.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Which of the policy's sources the definitions in use came from. Not client/connect.ts's
 * DefinitionsOrigin: that one tells the cache from get_api_json, which are one source here.
 */
export type DefinitionsSource = 'dir' | 'built-in' | 'vpp';

export const BUILTIN_ORIGIN_TEXT = 'built-in (VPP 26.06: memclnt, vpe, vlib, interface, ip)';
export const VPP_ORIGIN_TEXT = 'VPP (get_api_json)';

/** The definitions directory for `--api-dir` (or none given) and `env`, if any. Throws nothing. */
export function definitionsDir(apiDir: string | undefined, env: Env): string | undefined {
  return findApiDir(apiDir, env as NodeJS.ProcessEnv);
}

/** The cache directory: VPP's definitions by message table, the name index of a directory. Throws nothing. */
export function cacheDir(env: Env): string {
  return defaultCacheDir(env as NodeJS.ProcessEnv);
}

/** The built-in set as sources. Throws nothing. */
export async function builtinDefinitions(): Promise<RawSource[]> {
  const { builtinSources } = await import('../../client/schema/builtin/index.js');
  return builtinSources();
}

/**
 * Connects to the VPP on `socketPath` and learns its definitions (the cache first, then
 * get_api_json, written to the cache).
 * @throws as client/connect.ts openSession.
 */
export async function openFromVpp(env: Env, opts: Omit<SessionOptions, 'schema'>): Promise<OpenedSession> {
  const { openSession } = await import('../../client/session/connect.js');
  return openSession({ ...opts, cacheDir: cacheDir(env) });
}

/** A definitions directory without a single `*.api.json`: a wrong path, or VPP's dev package missing. */
function emptyDir(dir: string): CliError {
  return new CliError(
    `no API definitions in ${dir}: it holds no *.api.json files`,
    EXIT.USAGE,
    "point --api-dir (or $VPP_API_DIR) at VPP's definitions, usually /usr/share/vpp/api, or leave it out to fetch them from VPP",
  );
}

/**
 * The definitions one process has loaded and where from, grown on demand: a few
 * messages first (a single call), everything when a command lists them.
 */
export class LoadedDefinitions {
  /** The definitions directory, when there is one: then VPP is never asked. */
  readonly dir: string | undefined;
  schema: Schema | undefined;
  sources: RawSource[] | undefined;
  origin: DefinitionsSource | undefined;
  /** Every definition of the source is loaded (not only some messages'). */
  private full = false;

  constructor(
    apiDir: string | undefined,
    private readonly env: Env,
    /** Told of definitions left out (tolerant loading). */
    private readonly report: (errors: readonly SchemaError[]) => void,
  ) {
    this.dir = definitionsDir(apiDir, env);
  }

  originText(): string {
    switch (this.origin) {
      case 'dir': return this.dir!;
      case 'vpp': return VPP_ORIGIN_TEXT;
      case 'built-in': return BUILTIN_ORIGIN_TEXT;
      default: return 'none loaded';
    }
  }

  /** The loaded definitions hold `names` (all of them, when `names` is undefined). Throws nothing. */
  has(names: readonly string[] | undefined): boolean {
    if (!this.schema) return false;
    if (this.full) return true;
    return names !== undefined && names.every((n) => this.schema!.messages.has(n));
  }

  /**
   * Loads from the directory: the files defining `names` alone when `lazy`, else all of
   * it (bad files reported and left out).
   * @throws CliError (2) for a directory without definitions; SchemaError from a lazy load.
   */
  fromDir(names: readonly string[] | undefined, lazy: boolean): Schema {
    const dir = this.dir!;
    if (names && lazy) {
      const r = loadSchemaFor(dir, [...names], { indexDir: cacheDir(this.env) });
      // Not found: tell "no definitions at all" from "no such message".
      if (r.notFound.length > 0 && listApiFiles(dir).length === 0) throw emptyDir(dir);
      return this.use(r.schema, r.sources, 'dir', false);
    }
    // File by file, keeping no raw JSON: the shell's resident memory is this load's peak.
    const loaded = loadApiDir(dir, { tolerant: true, memclnt: true });
    if (loaded.files === 0) throw emptyDir(dir);
    this.report(loaded.errors);
    return this.use(loaded.schema, undefined, 'dir', true);
  }

  /**
   * The raw sources of what is loaded, for an emulator to serve: read again from the
   * directory after a full load (which keeps none); bad files are left out, as the load
   * left them out.
   * @throws SchemaError when the directory cannot be read any more.
   */
  emulatorSources(): RawSource[] | undefined {
    if (this.sources === undefined && this.origin === 'dir' && this.dir) this.sources = withMemclnt(readApiDir(this.dir, { tolerant: true }).sources);
    return this.sources;
  }

  /** Loads the built-in set. Throws nothing. */
  async fromBuiltin(): Promise<Schema> {
    const sources = await builtinDefinitions();
    return this.use(loadSchema(sources).schema, sources, 'built-in', true);
  }

  /** Takes what VPP sent (get_api_json or its cache): all there is. */
  fromVpp(opened: OpenedSession): Schema {
    this.report(opened.schemaErrors);
    return this.use(opened.schema, [], 'vpp', true);
  }

  private use(schema: Schema, sources: RawSource[] | undefined, origin: DefinitionsSource, full: boolean): Schema {
    this.schema = schema;
    this.sources = sources;
    this.origin = origin;
    this.full = full;
    return schema;
  }
}
