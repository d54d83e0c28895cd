/**
 * `check --against TARGET|GROUP FILE…`: the DEFS argument names VPPs by target
 * (docs/fleets.md) rather than a definitions directory, and each target's live
 * definitions (get_api_json through it) are checked in turn.
 *
 * | DEFS                                   | read as                                            |
 * |----------------------------------------|----------------------------------------------------|
 * | `builtin`, `vpp`, an existing path     | upgrade/defs.ts (never a target)                   |
 * | `ssh://…`, `exec:…`, `unix:…`          | that one target                                    |
 * | a name of the targets file             | that target, or every target of that group         |
 *
 * A plain socket path keeps its defs.ts meaning (one VPP); a name that is also a file
 * in the current directory is the file (write `unix:` or use the targets file to mean
 * the target).
 */
import { existsSync } from 'node:fs';
import type { TargetEntry, TargetsFile } from '../../client/targets/config.js';
import { Connector } from '../../client/targets/connector.js';
import { parseTarget } from '../../client/targets/parse.js';
import { resolveTargets } from '../../client/targets/resolve.js';
import { bootstrapSchema } from '../../client/session/handshake.js';
import { parseApiJsonArray, loadSchema } from '../../client/schema/load.js';
import { Session } from '../../client/session/session.js';
import { sshCommand, targetsFile } from '../fleet/select.js';
import type { Runtime } from '../runtime/runtime.js';
import { apiJsonOf, type LoadedDefs } from './defs.js';

/** What a fleet DEFS names: the targets in order, and whether it was a group (or several). */
export interface AgainstTargets {
  entries: TargetEntry[];
  fleet: boolean;
}

/**
 * The targets `arg` names, or undefined when it is a DEFS of defs.ts (builtin, vpp, a path
 * that exists, or a name that no targets file defines: defs.ts then says what is wrong).
 * @throws TargetError for a bad target text (control characters, `ssh://-host`), a bad
 *   targets file.
 */
export function againstTargets(rt: Runtime, arg: string): AgainstTargets | undefined {
  if (arg === 'builtin' || arg === 'built-in' || arg === 'vpp' || existsSync(arg)) return undefined;
  const t = parseTarget(arg, { allowExec: true });
  if (t.kind === 'unix' && !arg.startsWith('unix:')) return undefined;
  let file: TargetsFile | undefined;
  if (t.kind === 'name') {
    file = targetsFile(rt.globals, rt.io.env);
    if (!file || (!file.targets.has(t.name) && !file.groups.has(t.name))) return undefined;
  }
  const entries = resolveTargets([arg], file);
  return { entries, fleet: entries.length > 1 || !!file?.groups.has(arg) };
}

/**
 * One target's live definitions, through `connector` (ssh forward, exec: child, socket).
 * @throws TransportError, TimeoutError, ProtocolError (cannot reach it, explained by the
 *   connector); CliError when that VPP has no get_api_json.
 */
export async function targetDefs(connector: Connector, entry: TargetEntry, timeoutMs: number): Promise<LoadedDefs> {
  const ms = entry.timeoutMs ?? timeoutMs;
  const ep = await connector.open(entry.target, ms, entry.name);
  const session = new Session({ socketPath: ep.socketPath, dial: ep.dial, schema: bootstrapSchema(), timeoutMs: ms, connectTimeoutMs: ms, clientName: 'vppapi-check' });
  let json: string;
  try {
    await session.connect();
  } catch (e) {
    throw await ep.explain(e);
  }
  try {
    json = await apiJsonOf(session);
  } finally {
    await session.disconnect();
  }
  const r = loadSchema(parseApiJsonArray(json, 'get_api_json'), { tolerant: true });
  return { kind: 'vpp', origin: `VPP at ${entry.name}`, schema: r.schema, errors: r.errors };
}

/** A connector for these checks: $VPPAPI_SSH, the environment. @throws TargetError for a bad $VPPAPI_SSH. */
export function newConnector(rt: Runtime): Connector {
  return new Connector({ ssh: sshCommand(rt.io.env), env: rt.io.env as NodeJS.ProcessEnv });
}

/**
 * The live definitions of one target, on a connector of its own (closed before returning).
 * @throws as targetDefs.
 */
export async function oneTargetDefs(rt: Runtime, entry: TargetEntry): Promise<LoadedDefs> {
  const connector = newConnector(rt);
  try {
    return await targetDefs(connector, entry, rt.globals.timeoutMs);
  } finally {
    await connector.close();
  }
}
