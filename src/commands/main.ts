/**
 * The CLI's entry: `vppapi [global options] <message|command> [flags]`. Takes its
 * arguments and streams from the caller (bin/vppctl-api.ts hands in the process's), so
 * it never touches process.argv, process.stdout or process.exit itself.
 */
import { defaultGlobals, scanLeadingGlobals } from './globals.js';
import type { Io } from './io.js';
import { reportError } from './report.js';
import { interruptible, runCommand } from './run.js';
import { CliRuntime } from './runtime.js';
import { Printer, outputSettings } from './output.js';

/**
 * Runs one command line and returns the exit code (exit-codes.ts). Errors are printed
 * to io.stderr, never thrown; whatever was opened (session, emulator) is closed.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const g = defaultGlobals(io.env);
  let rt: CliRuntime | undefined;
  try {
    const words = scanLeadingGlobals(argv, g);
    rt = new CliRuntime(io, g);
    return await interruptible(runCommand(rt, words), io.signal);
  } catch (e) {
    return reportError(e, rt?.printer() ?? new Printer(io.stdout, io.stderr, outputSettings(g, io)), io.env);
  } finally {
    await rt?.close();
  }
}

export type { Io, Writer } from './io.js';
