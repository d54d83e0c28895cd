/**
 * The CLI's pieces, for the REPL, completion and other front ends built on it. Import
 * from the files themselves on a startup-sensitive path (this index loads them all).
 */
export { main } from './main.js';
export { runCommand, runLine, interruptible } from './run.js';
export { type Io, type Writer, BufferWriter, readStdin } from './io.js';
export { CliError, EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
export { reportError } from './report.js';
export {
  DEFAULT_SOCKET, DEFAULT_TIMEOUT_MS, GLOBAL_OPTIONS, type GlobalOptions, type GlobalSpec, type OutputMode,
  defaultGlobals, extractGlobals, globalSpec, parseTimeout, scanLeadingGlobals, takeGlobal,
} from './globals.js';
export { type MessageArgs, type ParseArgsOptions, parseMessageArgs } from './args.js';
export {
  type FlagKind, type FlagLookup, type FlagSpec, type FlagTarget, inputFields, isList, kebab, messageFlags, resolveFlag,
  suggestFlag, typeLabel,
} from './flags.js';
export { type BuiltinCommand, type BuiltinModule, BUILTINS, builtin } from './builtins.js';
export { type OutputSettings, Printer, outputSettings } from './output.js';
export { CliRuntime, type Runtime, SessionRuntime } from './runtime.js';
export { runMessage } from './message-command.js';
export { callShape, messageHelp } from './message-help.js';
export { messageTemplate } from './template.js';
export { parseDocComment, type DocComment } from './doc-comment.js';
export { type CompatRow, type CompatStatus, compare, namePattern } from './compat.js';
