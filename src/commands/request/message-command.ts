/**
 * `vppapi <request> [flags]`: the request's plan on the definitions in use, run with the
 * command's runtime as its host (plan/run.ts: read every value, check it, then connect,
 * send and print).
 */
import { planFor } from '../plan/plan.js';
import { type RequestHost, runRequest } from '../plan/run.js';
import type { Runtime } from '../runtime/runtime.js';

/** The runtime as a request's host: global options after the name apply to the whole command. */
function runtimeHost(rt: Runtime): RequestHost {
  return {
    io: rt.io,
    globals: rt.globals,
    writableGlobals: () => rt.globals,
    printer: () => rt.printer(),
    session: (names) => rt.session(names),
    connected: false,
    readStdin: () => rt.readStdin(),
  };
}

/**
 * Runs request `name` with its flags `tokens`; returns the exit code.
 * @throws CliError (2) for an unknown name (with suggestions), bad flags or values,
 *   before anything is sent; the session's errors (connection 3, no answer 4,
 *   unavailable 5, aborted 130) for main to report.
 */
export async function runMessage(rt: Runtime, name: string, tokens: readonly string[]): Promise<number> {
  const schema = await rt.definitions([name], { offline: false });
  // Suggestions are off the path of a call: loaded only when wanted.
  const plan = planFor(schema, name);
  if (!plan) return (await import('./suggest.js')).unknownCommand(rt, name);
  return runRequest(runtimeHost(rt), plan, tokens, 0);
}
