/**
 * The CLI's pieces, for the REPL, completion and other front ends built on it. Import
 * from the files themselves on a startup-sensitive path (this index loads them all).
 */
export { main } from './main.js';
export { RUNNER, interruptible, runArgv, runCommand, runLine } from './dispatch.js';
export { type Io, type Writer, BufferWriter, readStdin } from './runtime/io.js';
export { EXIT } from './runtime/exit-codes.js';
export { CliError, exitCodeFor } from './runtime/errors.js';
export { reportError } from './runtime/report.js';
export {
  DEFAULT_SOCKET, DEFAULT_TIMEOUT_MS, GLOBAL_OPTIONS, type GlobalOptions, type GlobalSpec, type OutputMode,
  defaultGlobals, extractGlobals, globalSpec, parseTimeout, scanLeadingGlobals, takeGlobal,
} from './runtime/globals.js';
export { type PlanNeeds, type RequestPlan, planFor } from './plan/plan.js';
export { type Args, type Need, type ReadOptions, type Sources, readArgs, readArgsWaiting, readJson, supplied } from './plan/read.js';
export { type Answer, answerCode, answerValues, guard, printAnswer, send, sendAndPrint, wireValue } from './plan/send.js';
export { type RequestHost, runRequest, sendsAtOnce } from './plan/run.js';
export {
  type FlagKind, type FlagLookup, type FlagSpec, type FlagTarget, inputFields, isList, kebab, messageFlags, resolveFlag,
  suggestFlag, typeLabel,
} from './request/flags.js';
export { type ArgSpec, type BuiltinCommand, type BuiltinName, type CommandSpec, type OptionSpec, BUILTINS, builtin } from './registry.js';
export { type OutputSettings, Printer, outputSettings } from './runtime/output.js';
export { type BuiltinModule, CliRuntime, type CommandRun, type CommandRunner, type Runtime, SessionRuntime } from './runtime/runtime.js';
export { runMessage } from './request/message-command.js';
export { callShape, messageHelp } from './request/message-help.js';
export { messageTemplate } from './request/template.js';
export { parseDocComment, type DocComment } from './request/doc-comment.js';
export { type CompatRow, type CompatStatus, compare, namePattern } from './request/compat.js';
