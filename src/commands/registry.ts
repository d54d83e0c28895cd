/**
 * The built-in commands as data: name, usage, summary, arguments, options, help text and
 * subcommands. Help, dispatch and completion read this table with nothing else loaded;
 * the code of each command is one file in builtins/, imported by dispatch.ts only when
 * the command runs. This file imports nothing.
 *
 * Adding a command: one entry here, one file builtins/<name>.ts exporting `run` (or
 * `subcommands`, one function per subcommand), and its loader in dispatch.ts (the
 * compiler asks for it: the loaders are keyed by BuiltinName).
 */

export interface ArgSpec {
  /** Also what completion offers for it: message, want_message, topic, shell, file. */
  name: string;
  required?: boolean;
  /** Takes every remaining word (`[words...]`). */
  variadic?: boolean;
  description: string;
}

export interface OptionSpec {
  /** Long name without the dashes: `count` is `--count`; `no-history` sets `history: false`. */
  long: string;
  /** Placeholder of the value (`n` in `--count <n>`); a switch has none. */
  value?: string;
  /**
   * The value may be left out (`--pipeline [n]`, so `--pipeline` or `--pipeline=8`):
   * commander then takes the next word as the value unless it starts with `-`.
   */
  optionalValue?: boolean;
  /** What the command sees when the option is not given (commander's default). */
  default?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** The arguments as the command list shows them: `<message>`, `[command...]`. */
  usage: string;
  summary: string;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** Words starting with `-` that are not its options are arguments (cli, watch). */
  allowUnknownOptions?: boolean;
  /** Printed after the options in its --help: examples, install lines. */
  helpAfter?: string;
  /**
   * Subcommands, each parsed with its own arguments and options (`stats ls|show|watch`);
   * the command's module then exports `subcommands` with one function per name.
   */
  subcommands?: readonly CommandSpec[];
}

export interface BuiltinCommand extends CommandSpec {
  /** Runs only as its own process (not on a session someone else opened, e.g. the REPL). */
  ownProcess?: boolean;
  /** Left out of help and of completion (`__complete`, called by the shell scripts). */
  hidden?: boolean;
  /** Global options this command reads itself (watch's --timeout), left among its arguments. */
  ownOptions?: readonly string[];
}

const TABLE = [
  {
    name: 'message-table', usage: '', summary: "VPP's live message table (id, name, CRC) beside the local definitions: available, changed, missing or unknown locally",
    options: [{ long: 'filter', value: 'pattern', description: 'only names starting with PATTERN, or matching it as a glob (*, ?, [..])' }],
  },
  {
    name: 'describe', usage: '<message>', summary: 'fields, types, defaults, reply and stream pattern, events and comment of a message; --template prints JSON for --args',
    args: [{ name: 'message', required: true, description: 'any message: request, reply, details or event' }],
    options: [{ long: 'template', description: 'print a JSON skeleton of the message for --args (defaults filled in)' }],
  },
  {
    name: 'check', usage: '[message...]', summary: 'compatibility of the local definitions with this VPP; exit 5 when a message used changed',
    args: [{ name: 'message', variadic: true, description: 'the messages a script uses (names or globs); default: every local definition' }],
  },
  {
    name: 'cli', usage: '<command...>', summary: 'run a VPP debug-CLI command (cli_inband), e.g. vppapi cli show interface',
    args: [{ name: 'command', variadic: true, description: 'the debug-CLI command, e.g. show interface' }],
    allowUnknownOptions: true,
    helpAfter: '\nExamples:\n  vppapi cli show version\n  vppapi cli "show ip fib"\n  vppapi cli -- show errors -v     (words starting with - after --)',
  },
  {
    name: 'emulate', usage: '', summary: 'run the built-in VPP emulator in the foreground on --socket (Ctrl-C stops it)', ownProcess: true,
    options: [
      { long: 'page-size', value: 'n', description: 'details per batch of a modern stream before the emulator pages with a cursor (default 2)' },
      { long: 'version-string', value: 'v', description: "what show_version answers as VPP's version (default 26.06-emulated)" },
      { long: 'quiet', description: 'no log lines' },
    ],
    helpAfter: '\nThe socket is the global --socket (default /run/vpp/api.sock, or $VPP_API_SOCKET); e.g.\n  vppapi emulate --socket /tmp/vpp-api.sock\n  VPP_API_SOCKET=/tmp/vpp-api.sock vppapi show_version',
  },
  {
    name: 'repl', usage: '', summary: 'an interactive shell on one connection: the same commands, Tab completion, history; .exit quits', ownProcess: true,
    options: [{ long: 'no-history', description: 'keep no history file' }],
    helpAfter:
      '\nIn the shell: the same commands as vppapi (sw_interface_dump, cli show interface), name=value pairs\n' +
      '(sw_interface_set_flags sw_if_index=1 flags=admin_up), Tab completion, help, help <message>,\n' +
      '.json on|off, .exit. History: $VPPAPI_HISTORY, $XDG_STATE_HOME/vppapi/history or ~/.vppapi_history (mode 0600).',
  },
  {
    name: 'exec', usage: '<file>', summary: 'run the command lines of FILE (- for stdin) in the shell\'s syntax; stops at the first failure unless --continue-on-error',
    // Not required for commander: `exec --pipeline FILE` hands the file over as the option's value (exec.ts sorts it out).
    args: [{ name: 'file', description: 'the script: one command per line, as typed in vppapi repl; - for standard input' }],
    options: [
      { long: 'continue-on-error', description: 'run every line even after one failed (the exit code is still the first failure\'s)' },
      {
        long: 'pipeline', value: 'n', optionalValue: true,
        description: 'keep up to N requests in flight (default 64; --pipeline=N) for scripts whose lines do not depend on each other. ' +
          'Replies print in script order. When a line fails, no line after it is sent once that is seen, but up to N-1 lines after it ' +
          'may have been sent already: they run and are reported. Lines that are not plain requests (built-in commands, help, want_*, ' +
          '.json on|off, --dry-run) wait for every line before them and run alone',
      },
    ],
    helpAfter:
      '\nExample script:\n' +
      '  # bring up a loopback\n' +
      '  create_loopback\n' +
      '  sw_interface_set_flags sw_if_index=1 flags=admin_up\n' +
      '  sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24\n' +
      '  cli show interface addr',
  },
  {
    name: 'watch', usage: '<want_message> [flags]', summary: 'register for events (e.g. want_interface_events) and print each as it arrives until Ctrl-C, --count or --timeout',
    ownOptions: ['timeout'],
    args: [
      { name: 'want_message', required: true, description: 'a request that registers for events, e.g. want_interface_events' },
      { name: 'flags', variadic: true, description: "the request's own flags, as for the request itself" },
    ],
    options: [
      { long: 'count', value: 'n', description: 'stop after N events' },
      { long: 'timeout', value: 'seconds', description: 'stop after this long (5, 0.5, 500ms)' },
    ],
    allowUnknownOptions: true,
    helpAfter: '\nExamples:\n  vppapi watch want_interface_events\n  vppapi watch want_interface_events --count 1 --timeout 10 --jsonl',
  },
  {
    name: 'completion', usage: '<shell>', summary: 'print the completion script for bash, zsh or fish (e.g. source <(vppapi completion bash))',
    args: [{ name: 'shell', required: true, description: 'bash, zsh or fish' }],
    helpAfter:
      '\nInstall:\n' +
      '  bash  source <(vppapi completion bash)     (or save it as ~/.local/share/bash-completion/completions/vppapi)\n' +
      '  zsh   vppapi completion zsh > "${fpath[1]}/_vppapi"   (then start a new shell)\n' +
      '  fish  vppapi completion fish > ~/.config/fish/completions/vppapi.fish',
  },
  {
    name: '__complete', usage: '[words...]', summary: 'completion candidates for the words after vppapi (used by the completion scripts)', hidden: true,
    args: [{ name: 'words', variadic: true, description: 'the words after vppapi; the last is the one being typed' }],
    options: [
      { long: 'shell', value: 'name', description: 'format for bash, zsh or fish (default: one candidate per line)' },
      { long: 'live', description: 'ask the VPP on --socket for the interfaces (interface-index fields)' },
    ],
  },
  {
    name: 'help', usage: '[module|message|command]', summary: 'this help, the messages of one module, or the help of a message or command',
    args: [{ name: 'topic', description: 'a module (e.g. interface), a message, or a command' }],
  },
] as const satisfies readonly BuiltinCommand[];

/** The name of a built-in command. */
export type BuiltinName = (typeof TABLE)[number]['name'];

/** Every built-in command, in the order help lists them. */
export const BUILTINS: readonly BuiltinCommand[] = TABLE;

const BY_NAME = new Map<string, BuiltinCommand>(BUILTINS.map((b) => [b.name, b]));

/** The built-in command called `name`, if any. Throws nothing. */
export function builtin(name: string): BuiltinCommand | undefined {
  return BY_NAME.get(name);
}

/** The subcommand `name` of `cmd`, if any. Throws nothing. */
export function subcommand(cmd: CommandSpec, name: string): CommandSpec | undefined {
  return cmd.subcommands?.find((s) => s.name === name);
}

/** The option `--long` of `cmd`, if it has one. Throws nothing. */
export function optionOf(cmd: CommandSpec, long: string): OptionSpec | undefined {
  return cmd.options?.find((o) => o.long === long);
}
