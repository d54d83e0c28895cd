/**
 * Which targets a command runs on (docs/fleets.md), first found wins:
 *
 * | source                                  | gives                                     |
 * |-----------------------------------------|-------------------------------------------|
 * | `--target` (repeated, `a,b`, a group)   | those targets                             |
 * | `--socket PATH`                         | that socket (the plain-path form)         |
 * | `$VPPAPI_TARGET`                        | that target (or group)                    |
 * | `$VPP_API_SOCKET`                       | that socket                               |
 * | `default:` of the targets file          | that target or group                      |
 * | nothing                                 | /run/vpp/api.sock                         |
 *
 * The targets file is read only when a name must be looked up or a default may be
 * there; a missing default file is no error, a missing `--config FILE` is.
 */
import { existsSync } from 'node:fs';
import { type TargetEntry, type TargetsFile, defaultTargetsFile, readTargetsFile } from '../../client/targets/config.js';
import { TargetError } from '../../client/targets/errors.js';
import { parseTarget } from '../../client/targets/parse.js';
import { resolveTargets } from '../../client/targets/resolve.js';
import { splitCommand } from '../../client/targets/argv.js';
import type { GlobalOptions } from '../runtime/globals.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface Selection {
  /** The targets, in order; empty: the plain socket of `g.socket` (today's behaviour). */
  entries: TargetEntry[];
  /** More than one target, or a group: the command fans out. */
  fleet: boolean;
  file?: TargetsFile;
}

/**
 * The targets file in force: `--config FILE` (must exist) or the default one (may be absent).
 * @throws TargetError as readTargetsFile.
 */
export function targetsFile(g: GlobalOptions, env: Env): TargetsFile | undefined {
  if (g.config !== undefined) return readTargetsFile(g.config, false);
  const path = defaultTargetsFile(env);
  return existsSync(path) ? readTargetsFile(path, true) : undefined;
}

/**
 * Chooses the targets by the table above.
 * @throws TargetError for a bad target, an unknown name, a bad targets file; when both
 *   --target and --socket are given.
 */
export function selectTargets(g: GlobalOptions, env: Env): Selection {
  let specs: string[] | undefined;
  if (g.targetGiven) {
    if (g.socketGiven) throw new TargetError('--target and --socket both name where VPP is: give one', '--socket PATH is the same as --target PATH');
    specs = g.target!;
  } else if (g.socketGiven) {
    return { entries: [], fleet: false };
  } else if (g.target?.length) {
    specs = g.target;
  } else if (env.VPP_API_SOCKET) {
    return { entries: [], fleet: false };
  }
  // A plain path or URL needs no file, unless it is a name.
  const needFile = specs === undefined || specs.some((s) => !s.startsWith('exec:') && s.split(',').some((p) => parseTarget(p.trim(), { allowExec: true }).kind === 'name'));
  const file = needFile || g.config !== undefined ? targetsFile(g, env) : undefined;
  if (specs === undefined) {
    if (!file?.default) return { entries: [], fleet: false, file };
    specs = [file.default];
  }
  const entries = resolveTargets(specs, file);
  const fleet = entries.length > 1 || specs.some((s) => !!file?.groups.has(s));
  return { entries, fleet, file };
}

/**
 * The ssh command: $VPPAPI_SSH split into words (same rule as exec: targets), else ssh.
 * @throws TargetError for a bad $VPPAPI_SSH.
 */
export function sshCommand(env: Env): string[] {
  return env.VPPAPI_SSH ? splitCommand(env.VPPAPI_SSH, '$VPPAPI_SSH') : ['ssh'];
}

/** The names of the targets file's targets and groups, for completion; [] when there is no usable file. Throws nothing. */
export function targetNames(g: GlobalOptions, env: Env): string[] {
  try {
    const f = targetsFile(g, env);
    return f ? [...f.targets.keys(), ...f.groups.keys()] : [];
  } catch {
    return [];
  }
}
