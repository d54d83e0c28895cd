/**
 * The CLI's entry: `vppapi [global options] <message|command> [flags]`. Takes its
 * arguments and streams from the caller (bin/vppctl-api.ts hands in the process's), so
 * it never touches process.argv, process.stdout or process.exit itself. What runs is
 * dispatch.ts's to decide and load.
 */
import { runArgv, runComplete } from './dispatch.js';
import { type GlobalOptions, defaultGlobals } from './runtime/globals.js';
import type { Io } from './runtime/io.js';

/**
 * Runs one command line and returns the exit code (runtime/exit-codes.ts). Errors are
 * printed to io.stderr, never thrown; whatever was opened (session, emulator) is closed.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const g = defaultGlobals(io.env);
  if (argv[0] === '__complete') return complete(argv.slice(1), io, g);
  return runArgv(argv, io, g);
}

/**
 * `__complete [--shell S] [--live] [--] words…`: the completion scripts' call, answered
 * without the CLI runtime or commander. Prints nothing on an internal error (a Tab press
 * must never spill a stack trace into the user's command line; VPPAPI_DEBUG=1 shows it).
 */
async function complete(args: readonly string[], io: Io, g: GlobalOptions): Promise<number> {
  try {
    return await runComplete(args, io, g);
  } catch (e) {
    if (io.env.VPPAPI_DEBUG) io.stderr.write(`__complete: ${(e as Error)?.stack ?? String(e)}\n`);
    return 0;
  }
}

export type { Io, Writer } from './runtime/io.js';
/** Ends the ssh and exec: children still running (for the process's exit handler). Throws nothing. */
export { endAllChildren } from '../client/targets/children.js';
