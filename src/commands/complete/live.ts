/**
 * The live interfaces of the connected VPP, for completing interface-index fields as
 * `1 (loop0)`: read through the one interface cache (plan/interfaces.ts).
 */
import type { Session } from '../../client/session/session.js';
import { forgetInterfaces, interfaceTable } from '../plan/interfaces.js';
import type { LiveInterface } from './types.js';

/**
 * Every interface's index and name, by index, asked now.
 * @throws the session's errors (StateError when not connected, UnavailableError, TimeoutError).
 */
export async function listInterfaces(session: Session, timeoutMs: number): Promise<LiveInterface[]> {
  return (await interfaceTable(session, timeoutMs, 0)).entries().map(([index, name]) => ({ index, name }));
}

export interface InterfaceCache {
  /** The interfaces, asked again once the last answer is older than the time to live. */
  list(): Promise<LiveInterface[]>;
  /** Forgets the last answer (a command may have created or deleted interfaces). */
  invalidate(): void;
}

/**
 * The interfaces, asked of VPP at most once per `ttlMs` (completion asks at every Tab
 * press); `session()` gives the session in use now (it changes when the shell reconnects).
 * A session that is not connected gives [].
 */
export function cachedInterfaces(session: () => Session | undefined, timeoutMs = 1000, ttlMs = 2000): InterfaceCache {
  return {
    async list() {
      const s = session();
      if (!s || s.state !== 'running') return [];
      return (await interfaceTable(s, timeoutMs, ttlMs)).entries().map(([index, name]) => ({ index, name }));
    },
    invalidate() {
      forgetInterfaces(session());
    },
  };
}

/**
 * The entry names of the statistics directory behind `socketPath` (EMPTY entries left out).
 * @throws StatsError when the segment cannot be opened (completion then offers nothing).
 */
export async function listStatNames(socketPath: string, timeoutMs = 1000): Promise<string[]> {
  // Loaded only when a stats pattern is being completed, not at every Tab press.
  const { openStats } = await import('../../client/stats/index.js');
  const seg = await openStats({ socketPath, timeoutMs });
  try {
    return (await seg.ls()).entries.map((e) => e.name);
  } finally {
    seg.close();
  }
}
