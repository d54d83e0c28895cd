/**
 * The targets file (docs/fleets.md): named targets, groups of them, and a default.
 *
 * ```yaml
 * default: lab
 * targets:
 *   lab: /run/vpp/api.sock
 *   edge1: ssh://ops@edge1.example.net
 *   edge2: { url: ssh://edge2.example.net/run/vpp/api.sock, api_dir: /usr/share/vpp/api, timeout: 10 }
 * groups:
 *   edge: [edge1, edge2]
 * ```
 *
 * | key                    | value                                                          |
 * |------------------------|----------------------------------------------------------------|
 * | `default`              | a target or group used when none is given                      |
 * | `targets.NAME`         | a target string, or a map: `url` (required), `api_dir` (local definitions for it), `timeout` (seconds), `stats_socket` (a local target's statistics socket) |
 * | `groups.NAME`          | a list of target names                                         |
 *
 * The file can name commands (`exec:`), so, as OpenSSH does with its own files, it is
 * refused when someone other than its owner (us or root) can write it or its directory.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { TargetError } from './errors.js';
import { NAME_RE, type ReachableTarget, parseTarget } from './parse.js';
import { fsReason } from '../fs-reason.js';

export interface TargetEntry {
  name: string;
  url: string;
  target: ReachableTarget;
  /** Definitions for this target from a local directory instead of asking it. */
  apiDir?: string;
  /** Per-target answer timeout in ms. */
  timeoutMs?: number;
  /** A local or ssh:// target's statistics socket (a path on its host), where it is not `stats.sock` beside the API socket. */
  statsSocket?: string;
}

export interface TargetsFile {
  /** Where it was read from. */
  path: string;
  default?: string;
  targets: Map<string, TargetEntry>;
  groups: Map<string, string[]>;
}

export { defaultTargetsFile } from './paths.js';

/**
 * Reads the targets file at `path`; undefined when it does not exist and `optional`.
 * @throws TargetError: unreadable, writable by others, not YAML, or a key with a bad
 *   value (the message names the key).
 */
export function readTargetsFile(path: string, optional: boolean): TargetsFile | undefined {
  let text: string;
  try {
    checkOwnership(path);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && optional) return undefined;
    if (e instanceof TargetError) throw e;
    throw new TargetError(`cannot read the targets file ${path}: ${fsReason(e)}`, undefined, { cause: e });
  }
  return parseTargetsFile(text, path);
}

/**
 * @throws TargetError when another user can write `path` or its directory, or the file
 *   belongs to someone else; the OS error when it cannot be stat'ed.
 */
function checkOwnership(path: string): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  for (const [p, what] of [[path, 'file'], [dirname(path), 'directory']] as const) {
    const s = statSync(p);
    if (s.uid !== uid && s.uid !== 0) {
      throw new TargetError(`refusing the targets file ${path}: its ${what} ${p} belongs to another user (uid ${s.uid})`, 'the file can name commands to run: keep it and its directory your own');
    }
    if ((s.mode & 0o022) !== 0) {
      throw new TargetError(`refusing the targets file ${path}: its ${what} ${p} can be written by others (mode ${(s.mode & 0o777).toString(8)})`, `the file can name commands to run: chmod go-w ${p}`);
    }
  }
}

/**
 * Parses the text of a targets file (`path` names it in errors).
 * @throws TargetError naming the key and value at fault.
 */
export function parseTargetsFile(text: string, path: string): TargetsFile {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new TargetError(`${path}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  const root: unknown = doc.toJS() ?? {};
  const at = (key: string, why: string, hint?: string): TargetError => new TargetError(`${path}: ${key}: ${why}`, hint);
  if (!isMap(root)) throw at('(top level)', 'expected a map with targets, groups and default');
  for (const k of Object.keys(root)) {
    if (!['default', 'targets', 'groups'].includes(k)) throw at(k, 'unknown key', 'the keys are default, targets and groups');
  }
  const targets = new Map<string, TargetEntry>();
  const rawTargets = root.targets ?? {};
  if (!isMap(rawTargets)) throw at('targets', `expected a map of names to targets, got ${show(rawTargets)}`);
  for (const [name, v] of Object.entries(rawTargets)) targets.set(name, readEntry(name, v, at));

  const groups = new Map<string, string[]>();
  const rawGroups = root.groups ?? {};
  if (!isMap(rawGroups)) throw at('groups', `expected a map of names to lists of target names, got ${show(rawGroups)}`);
  for (const [name, v] of Object.entries(rawGroups)) {
    const key = `groups.${name}`;
    if (!NAME_RE.test(name)) throw at(key, 'a group name is letters, digits, . _ - (not starting with - or .)');
    if (targets.has(name)) throw at(key, `"${name}" is also a target's name`);
    if (!Array.isArray(v) || v.length === 0) throw at(key, `expected a non-empty list of target names, got ${show(v)}`);
    for (const [i, member] of v.entries()) {
      if (typeof member !== 'string' || !targets.has(member)) throw at(`${key}[${i}]`, `${show(member)} is not a target in this file`);
    }
    groups.set(name, [...new Set(v as string[])]);
  }
  const def = root.default;
  if (def !== undefined && (typeof def !== 'string' || (!targets.has(def) && !groups.has(def)))) {
    throw at('default', `${show(def)} is neither a target nor a group in this file`);
  }
  return { path, default: def as string | undefined, targets, groups };
}

type At = (key: string, why: string, hint?: string) => TargetError;

function readEntry(name: string, v: unknown, at: At): TargetEntry {
  const key = `targets.${name}`;
  if (!NAME_RE.test(name)) throw at(key, 'a target name is letters, digits, . _ - (not starting with - or .)');
  const map = typeof v === 'string' ? { url: v } : v;
  if (!isMap(map)) throw at(key, `expected a target string or a map with url, got ${show(v)}`);
  for (const k of Object.keys(map)) {
    if (!['url', 'api_dir', 'timeout', 'stats_socket'].includes(k)) throw at(`${key}.${k}`, 'unknown setting', 'a target has url, api_dir, timeout and stats_socket');
  }
  const { url, api_dir: apiDir, timeout, stats_socket: statsSocket } = map;
  if (typeof url !== 'string' || url === '') throw at(`${key}.url`, `expected a target string, got ${show(url)}`);
  let target;
  try {
    target = parseTarget(url, { allowExec: true });
  } catch (e) {
    throw at(`${key}.url`, (e as Error).message, (e as TargetError).hint);
  }
  if (target.kind === 'name') throw at(`${key}.url`, `${show(url)} is a name; a target here is a socket path, unix:, ssh:// or exec:`);
  if (apiDir !== undefined && (typeof apiDir !== 'string' || apiDir === '')) throw at(`${key}.api_dir`, `expected a directory path, got ${show(apiDir)}`);
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw at(`${key}.timeout`, `expected a positive number of seconds, got ${show(timeout)}`);
  }
  if (statsSocket !== undefined) {
    if (typeof statsSocket !== 'string' || statsSocket === '') throw at(`${key}.stats_socket`, `expected a socket path, got ${show(statsSocket)}`);
    // The segment is shared memory handed over a local socket: read here for a local target,
    // by vppapi on the host of an ssh:// one (a path there); an exec: command has no host to name.
    if (target.kind === 'exec') throw at(`${key}.stats_socket`, `${show(url)} is not on this host: its statistics segment cannot be read from here`, 'give stats_socket only to a local target (a socket path or unix:) or an ssh:// one (a path on that host)');
    if (target.kind === 'ssh' && !statsSocket.startsWith('/')) throw at(`${key}.stats_socket`, `expected an absolute path on ${target.host}, got ${show(statsSocket)}`);
  }
  return {
    name, url, target,
    ...(apiDir !== undefined && { apiDir: apiDir as string }),
    ...(statsSocket !== undefined && { statsSocket: statsSocket as string }),
    ...(timeout !== undefined && { timeoutMs: Math.round((timeout as number) * 1000) }),
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
