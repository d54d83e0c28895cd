/**
 * What `serve` lets through without `--allow-write`: requests that change nothing. Decided
 * from the definitions (a dump or a `_get` stream reads; so does a request named
 * `show_…`, `…_dump`, `get_…` or `…_get`) and from a short written list of single calls
 * that only read. A name holding a word that changes things (add, del, set, …) is never
 * taken as reading, whatever its pattern. `--allow GLOB` (comma-separated, repeatable)
 * lets more through by name; `--allow-write` lets everything through. want_* registrations
 * are made by `GET /events/…`, never by a POST.
 */
import picomatch from 'picomatch';
import type { ServiceDef } from '../../client/schema/model.js';

/** Single calls that only read, by name (none of the naming rules catches them). */
export const READ_ONLY_CALLS: readonly string[] = ['control_ping', 'api_versions', 'get_first_msg_id', 'show_threads', 'sw_interface_get_table', 'sw_interface_get_mac_address', 'want_interface_events_dump'];

const CHANGES = /(^|_)(add|del|delete|set|create|enable|disable|reset|clear|update|replace|bind|unbind|config|register|unregister|attach|detach|exec|inband|want|move|start|stop|flush|purge|apply)(_|$)/;
const READS = /^(show|get)_|_(dump|get)$/;

export interface AccessPolicy {
  allowWrite: boolean;
  /** Globs of request names let through besides the read-only ones. */
  allow: readonly string[];
}

/** Why `name` is refused under `policy`, or undefined when it may be sent. Throws nothing. */
export function refusal(name: string, svc: ServiceDef, policy: AccessPolicy, matchers = compile(policy)): string | undefined {
  if (policy.allowWrite || matchers.some((m) => m(name))) return undefined;
  if (isReadOnly(name, svc)) return undefined;
  return `${name} may change VPP's state and this server is read-only: start it with --allow-write or --allow '${name}'`;
}

/** Does request `name` change nothing (by the rules above)? Throws nothing. */
export function isReadOnly(name: string, svc: ServiceDef): boolean {
  if (svc.events.length > 0) return false;
  if (READ_ONLY_CALLS.includes(name)) return true;
  if (CHANGES.test(name.replace(/_(dump|get)$/, ''))) return false;
  return svc.pattern === 'dump' || (svc.pattern === 'stream' && name.endsWith('_get')) || READS.test(name);
}

/** The policy's globs as predicates. Throws nothing (picomatch accepts any text). */
export function compile(policy: AccessPolicy): ((name: string) => boolean)[] {
  return policy.allow.map((g) => picomatch(g));
}
