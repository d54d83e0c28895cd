/**
 * The built-in commands: names and one-line summaries here (for help and dispatch, with
 * nothing loaded), the code in one module each, imported only when run.
 */
import type { Command } from 'commander';
import type { Runtime } from './runtime/runtime.js';

export interface BuiltinModule {
  /** Declares arguments and options on the command (parsing and its --help). */
  configure(cmd: Command): void;
  /** Runs with commander's parsed arguments and options; returns the exit code. */
  run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number>;
}

export interface BuiltinCommand {
  name: string;
  /** Arguments for the usage line: `<message>`, `[command...]`. */
  args: string;
  summary: string;
  /** Runs only as its own process (not on a session someone else opened, e.g. the REPL). */
  ownProcess?: boolean;
  /** Left out of help and of completion (`__complete`, called by the shell scripts). */
  hidden?: boolean;
  /** Global options this command reads itself (watch's --timeout), left among its arguments. */
  ownOptions?: readonly string[];
  load(): Promise<BuiltinModule>;
}

export const BUILTINS: readonly BuiltinCommand[] = [
  {
    name: 'message-table', args: '', summary: "VPP's live message table (id, name, CRC) beside the local definitions: available, changed, missing or unknown locally",
    load: () => import('./builtins/message-table.js'),
  },
  {
    name: 'describe', args: '<message>', summary: 'fields, types, defaults, reply and stream pattern, events and comment of a message; --template prints JSON for --args',
    load: () => import('./builtins/describe.js'),
  },
  {
    name: 'check', args: '[message...]', summary: 'compatibility of the local definitions with this VPP; exit 5 when a message used changed',
    load: () => import('./builtins/check.js'),
  },
  {
    name: 'cli', args: '<command...>', summary: 'run a VPP debug-CLI command (cli_inband), e.g. vppapi cli show interface',
    load: () => import('./builtins/cli-inband.js'),
  },
  {
    name: 'emulate', args: '', summary: 'run the built-in VPP emulator in the foreground on --socket (Ctrl-C stops it)', ownProcess: true,
    load: () => import('./builtins/emulate.js'),
  },
  {
    name: 'repl', args: '', summary: 'an interactive shell on one connection: the same commands, Tab completion, history; .exit quits', ownProcess: true,
    load: () => import('./builtins/repl.js'),
  },
  {
    name: 'exec', args: '<file>', summary: 'run the command lines of FILE (- for stdin) in the shell\'s syntax; stops at the first failure unless --continue-on-error',
    load: () => import('./builtins/exec.js'),
  },
  {
    name: 'watch', args: '<want_message> [flags]', summary: 'register for events (e.g. want_interface_events) and print each as it arrives until Ctrl-C, --count or --timeout',
    ownOptions: ['timeout'],
    load: () => import('./builtins/watch.js'),
  },
  {
    name: 'completion', args: '<shell>', summary: 'print the completion script for bash, zsh or fish (e.g. source <(vppapi completion bash))',
    load: () => import('./builtins/completion-script.js'),
  },
  {
    name: '__complete', args: '[words...]', summary: 'completion candidates for the words after vppapi (used by the completion scripts)', hidden: true,
    load: () => import('./builtins/complete.js'),
  },
  {
    name: 'help', args: '[module|message|command]', summary: 'this help, the messages of one module, or the help of a message or command',
    load: () => import('./builtins/help.js'),
  },
];

const BY_NAME = new Map(BUILTINS.map((b) => [b.name, b]));

/** The built-in command called `name`, if any. Throws nothing. */
export function builtin(name: string): BuiltinCommand | undefined {
  return BY_NAME.get(name);
}
