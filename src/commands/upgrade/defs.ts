/**
 * A DEFS argument of `api diff` and `check --against`: where one side's definitions
 * come from, told apart by what is there.
 *
 * | given                              | read as                                                |
 * |------------------------------------|--------------------------------------------------------|
 * | `builtin`                          | the built-in set (VPP 26.06: memclnt, vpe, vlib, interface, ip) |
 * | `vpp`                              | the VPP of this command (--socket, --emulator), via get_api_json |
 * | a directory                        | every `*.api.json` below it (/usr/share/vpp/api layout) |
 * | a file starting with gzip's magic  | a .tar.gz of such a directory (client/schema/tarball.ts) |
 * | a Unix socket                      | the VPP listening there, via get_api_json               |
 *
 * `check --against` also takes a target or group (ssh://, exec:, unix:, a name of the
 * targets file): upgrade/against-targets.ts, tried before this.
 *
 * The built-in memclnt is never added: a diff compares what each side holds.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { SchemaError } from '../../client/errors.js';
import { listApiFiles, loadApiDir, loadSchema, parseApiJsonArray } from '../../client/schema/load.js';
import type { Schema } from '../../client/schema/model.js';
import type { RawSource } from '../../client/schema/raw.js';
import { looksLikeGzip, readApiTarball } from '../../client/schema/tarball.js';
import { Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import { BUILTIN_ORIGIN_TEXT, builtinDefinitions } from '../runtime/definitions.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';
import { fsReason } from '../../client/fs-reason.js';

export type DefsKind = 'builtin' | 'dir' | 'tarball' | 'vpp';

export interface LoadedDefs {
  kind: DefsKind;
  /** What to call this side in reports: the path, the socket, `built-in (…)`. */
  origin: string;
  schema: Schema;
  /** Definitions left out (unreadable files, bad definitions). */
  errors: SchemaError[];
}

const DEFS_HINT = 'give a definitions directory (such as /usr/share/vpp/api), a .tar.gz of one, a VPP API socket, vpp (the VPP of --socket), builtin, or (check --against) a target or group of the targets file';

/** get_api_json's reply can be 3 MB: more time than an ordinary call. */
const FETCH_TIMEOUT_MS = 30_000;

/**
 * get_api_json's text from a connected session.
 * @throws CliError (exit 2) when this VPP has no get_api_json (before 24.06); the call's errors.
 */
export async function apiJsonOf(session: Session): Promise<string> {
  if (session.availability('get_api_json').status !== 'available') {
    throw new CliError(`the VPP on ${session.socketPath} cannot send its definitions: it has no get_api_json (VPP 24.06 or later has)`, EXIT.USAGE, 'give that VPP version\'s definitions directory (/usr/share/vpp/api on its machine) instead');
  }
  const reply = (await session.call('get_api_json', {}, { timeoutMs: Math.max(session.timeoutMs, FETCH_TIMEOUT_MS) })) as { json: string };
  return reply.json;
}

/**
 * get_api_json's text from the VPP on `socketPath`, on a connection of its own.
 * @throws TransportError, TimeoutError, ProtocolError (cannot connect); as apiJsonOf.
 */
export async function apiJsonAt(socketPath: string, timeoutMs: number): Promise<string> {
  return (await liveDefinitionsAt(socketPath, timeoutMs)).json;
}

/** A live VPP's definitions and its version text (undefined when it cannot be told). */
export interface LiveDefinitions {
  json: string;
  version: string | undefined;
}

/** get_api_json's text and VPP's version from a connected session. @throws as apiJsonOf. */
export async function liveDefinitionsOf(session: Session): Promise<LiveDefinitions> {
  return { json: await apiJsonOf(session), version: await vppVersion(session) };
}

/**
 * get_api_json's text and VPP's version from the VPP on `socketPath`, on a connection of
 * its own (the built-in definitions, so that show_version can be asked too).
 * @throws as apiJsonAt.
 */
export async function liveDefinitionsAt(socketPath: string, timeoutMs: number): Promise<LiveDefinitions> {
  const session = new Session({ socketPath, schema: loadSchema(await builtinDefinitions()).schema, timeoutMs, clientName: 'vppapi-diff' });
  await session.connect();
  try {
    return await liveDefinitionsOf(session);
  } finally {
    await session.disconnect();
  }
}

function fromSources(kind: DefsKind, origin: string, sources: RawSource[]): LoadedDefs {
  const r = loadSchema(sources, { tolerant: true });
  return { kind, origin, schema: r.schema, errors: r.errors };
}

/** The first bytes of a file, for telling a tarball from anything else. */
function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** A SchemaError (bad archive, bad file) as the CLI's bad-input error. */
function badInput(label: string, e: unknown): CliError {
  return new CliError(`${label}: ${(e as Error).message}`, EXIT.USAGE, DEFS_HINT, { cause: e });
}

/**
 * Loads one side. `label` names the argument in errors (`OLD`, `NEW`, `--against`).
 * @throws CliError (exit 2) for a path that does not exist or is none of the forms above, a
 *   directory without definitions, an archive that is not a .tar.gz of definitions; the
 *   connection errors of a live VPP.
 */
export async function loadDefs(rt: Runtime, arg: string, label: string): Promise<LoadedDefs> {
  if (arg === 'builtin' || arg === 'built-in') return fromSources('builtin', BUILTIN_ORIGIN_TEXT, await builtinDefinitions());
  if (arg === 'vpp') {
    const session = await rt.session();
    return fromSources('vpp', `VPP on ${session.socketPath}`, parseApiJsonArray(await apiJsonOf(session), 'get_api_json'));
  }
  let st;
  try {
    st = statSync(arg);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory, .tar.gz file or socket' : `cannot be read: ${fsReason(e)}`;
    throw new CliError(`${label}: ${arg}: ${why}`, EXIT.USAGE, DEFS_HINT, { cause: e });
  }
  if (st.isDirectory()) {
    if (listApiFiles(arg).length === 0) throw new CliError(`${label}: ${arg}: no *.api.json files in this directory`, EXIT.USAGE, DEFS_HINT);
    const r = loadApiDir(arg, { tolerant: true });
    return { kind: 'dir', origin: arg, schema: r.schema, errors: r.errors };
  }
  if (st.isSocket()) {
    return fromSources('vpp', `VPP on ${arg}`, parseApiJsonArray(await apiJsonAt(arg, rt.globals.timeoutMs), 'get_api_json'));
  }
  if (st.isFile() && looksLikeGzip(head(arg))) {
    try {
      return fromSources('tarball', arg, await readApiTarball(arg));
    } catch (e) {
      throw badInput(label, e);
    }
  }
  throw new CliError(`${label}: ${arg} is not a definitions directory, a .tar.gz of one, or a VPP API socket`, EXIT.USAGE, DEFS_HINT);
}
