/**
 * A connected session with definitions, wherever they come from:
 *
 * | given                | definitions                                         | origin         |
 * |----------------------|-----------------------------------------------------|----------------|
 * | `schema`             | as given                                            | 'schema'       |
 * | `apiDir` and/or `files` | those files (+ built-in memclnt when they lack it) | 'dir'          |
 * | nothing              | `<cacheDir>/<table digest>.json` when present       | 'cache'        |
 * | nothing, not cached  | get_api_json from the running VPP, then cached      | 'get_api_json' |
 *
 * Without definitions the session first connects knowing only the built-in memclnt
 * (enough for the handshake and get_api_json), then switches to the full set and
 * classifies VPP's table against it again.
 */
import { cacheFile as cachePath, defaultCacheDir, readCache, writeCache } from '../schema/definitions-cache.js';
import type { SchemaError } from '../errors.js';
import { bootstrapSchema } from './handshake.js';
import { loadSchema, parseApiJsonArray, readApiDir, readApiFile } from '../schema/load.js';
import { withMemclnt } from '../schema/builtin/memclnt.js';
import type { Schema } from '../schema/model.js';
import type { RawSource } from '../schema/raw.js';
import { Session, type SessionOptions } from './session.js';
import { NoDefinitionsError } from './errors.js';

export type DefinitionsOrigin = 'schema' | 'dir' | 'cache' | 'get_api_json';

export interface OpenSessionOptions extends Omit<SessionOptions, 'schema'> {
  /** Definitions already loaded. */
  schema?: Schema;
  /** A directory tree of `*.api.json` (as /usr/share/vpp/api). */
  apiDir?: string;
  /** Single `*.api.json` files, alone or beside apiDir. */
  files?: string[];
  /** Default `$XDG_CACHE_HOME/vppapi` or `~/.cache/vppapi`. */
  cacheDir?: string;
  /** Read and write the cache (default true). */
  useCache?: boolean;
  /**
   * Leave bad definitions out (reported in `schemaErrors`) instead of failing. Default:
   * false for apiDir/files, true for definitions from VPP (one odd plugin must not make
   * the whole VPP unusable).
   */
  tolerant?: boolean;
  /** Timeout of the get_api_json call (a 3 MB reply), default 30000 ms. */
  fetchTimeoutMs?: number;
}

export interface OpenedSession {
  session: Session;
  schema: Schema;
  origin: DefinitionsOrigin;
  /** Definitions left out (tolerant loading). */
  schemaErrors: SchemaError[];
  /** The cache file read or written, if any. */
  cacheFile?: string;
}


/**
 * Loads definitions, connects, and (without local definitions) learns them from VPP.
 * @throws SchemaError when local definitions cannot be read or resolved (not tolerant).
 * @throws TransportError, TimeoutError, ProtocolError, ClosedError as Session.connect().
 * @throws NoDefinitionsError when nothing was given and VPP has no get_api_json.
 * @throws RetvalError, TimeoutError from get_api_json. The session is closed on any failure.
 */
export async function openSession(opts: OpenSessionOptions): Promise<OpenedSession> {
  const { apiDir, files, cacheDir, useCache, tolerant, fetchTimeoutMs, schema: given, ...sessionOpts } = opts;
  if (given || apiDir || files?.length) {
    let schema = given;
    let schemaErrors: SchemaError[] = [];
    if (!schema) {
      const sources: RawSource[] = [];
      if (apiDir) {
        const r = readApiDir(apiDir, { tolerant });
        sources.push(...r.sources);
        schemaErrors.push(...r.errors);
      }
      for (const f of files ?? []) sources.push(readApiFile(f));
      const loaded = loadSchema(withMemclnt(sources), { tolerant });
      schema = loaded.schema;
      schemaErrors = [...schemaErrors, ...loaded.errors];
    }
    const session = new Session({ ...sessionOpts, schema });
    await session.connect();
    return { session, schema, origin: given ? 'schema' : 'dir', schemaErrors };
  }

  const session = new Session({ ...sessionOpts, schema: bootstrapSchema() });
  await session.connect();
  try {
    return await learnDefinitions(session, {
      dir: cacheDir ?? defaultCacheDir(),
      useCache: useCache ?? true,
      tolerant: tolerant ?? true,
      timeoutMs: fetchTimeoutMs ?? 30_000,
      warn: (code, message, detail) => sessionOpts.onWarning?.({ code, message, detail }),
    });
  } catch (e) {
    await session.disconnect();
    throw e;
  }
}

interface LearnOptions {
  dir: string;
  useCache: boolean;
  tolerant: boolean;
  timeoutMs: number;
  warn: (code: string, message: string, detail?: unknown) => void;
}

async function learnDefinitions(session: Session, o: LearnOptions): Promise<OpenedSession> {
  const key = session.table.digestKey;
  if (o.useCache) {
    let text: string | undefined;
    try {
      text = readCache(o.dir, key);
    } catch (e) {
      o.warn('ECACHE', `cannot read the definitions cache in ${o.dir}: ${(e as Error).message}; fetching from VPP`, e);
    }
    if (text !== undefined) {
      try {
        const { schema, errors } = loadSchema(withMemclnt(parseApiJsonArray(text, 'cache')), { tolerant: o.tolerant });
        session.setSchema(schema);
        return { session, schema, origin: 'cache', schemaErrors: errors, cacheFile: cachePath(o.dir, key) };
      } catch (e) {
        o.warn('ECACHE', `the cached definitions for this VPP are unusable (${(e as Error).message}); fetching them again`, e);
      }
    }
  }

  if (session.availability('get_api_json').status !== 'available') {
    throw new NoDefinitionsError(
      'no API definitions were given and this VPP cannot send them (get_api_json needs VPP 24.06 or later): ' +
        'give the definitions of this VPP version with --api-dir (apiDir), usually /usr/share/vpp/api',
    );
  }
  const reply = (await session.call('get_api_json', {}, { timeoutMs: o.timeoutMs })) as { json: string };
  const { schema, errors } = loadSchema(withMemclnt(parseApiJsonArray(reply.json, 'get_api_json')), { tolerant: o.tolerant });
  session.setSchema(schema);
  let cacheFile: string | undefined;
  if (o.useCache) {
    try {
      cacheFile = writeCache(o.dir, key, reply.json);
    } catch (e) {
      o.warn('ECACHE', `cannot write the definitions cache in ${o.dir}: ${(e as Error).message}`, e);
    }
  }
  return { session, schema, origin: 'get_api_json', schemaErrors: errors, cacheFile };
}
