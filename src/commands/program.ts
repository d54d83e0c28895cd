/**
 * The commander side of the CLI: the program (global options, built-in commands, the
 * top-level help with the messages grouped by module) and one Command per built-in,
 * built only when needed. Messages are not commander commands: 2,000 of them would cost
 * startup time for nothing (request/message-command.ts reads their flags).
 */
import { Command, CommanderError } from 'commander';
import type { Schema } from '../client/schema/model.js';
import { type ArgSpec, BUILTINS, type CommandSpec } from './registry.js';
import { commanderText } from './runtime/commander-text.js';
import { CliError } from './runtime/errors.js';
import { EXIT, EXIT_CODES_HELP } from './runtime/exit-codes.js';
import { GLOBAL_OPTIONS } from './runtime/globals.js';
import { fitList, helpWidth, wrapWords } from './runtime/help-text.js';
import type { BuiltinModule, CommandRun, Runtime } from './runtime/runtime.js';

function configureIo(cmd: Command, rt: Runtime, width: number): Command {
  return cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.io.stdout.write(s),
      writeErr: (s) => rt.io.stderr.write(s),
      getOutHelpWidth: () => width,
      getErrHelpWidth: () => width,
      outputError: (s) => {
        const t = commanderText(s, commandPath(cmd));
        const p = rt.printer();
        p.error(t.message);
        if (t.hint) p.hint(t.hint);
      },
    })
    .showSuggestionAfterError(true);
}

/** `api-trace show`: the command's words below the program. Throws nothing. */
function commandPath(cmd: Command): string {
  const words: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) if (c.name() !== 'vppapi') words.unshift(c.name());
  return words.join(' ') || 'vppapi';
}

/** The requests of each module, modules sorted by name. Throws nothing. */
export function requestsByModule(schema: Schema): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const svc of schema.services.values()) {
    let l = by.get(svc.module);
    if (!l) by.set(svc.module, (l = []));
    l.push(svc.request);
  }
  for (const l of by.values()) l.sort();
  return new Map([...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** The "Messages" section of the top-level help: one line per module. */
export function modulesSection(schema: Schema, origin: string, width: number): string {
  const by = requestsByModule(schema);
  let n = 0;
  for (const l of by.values()) n += l.length;
  const nameW = Math.min(24, Math.max(0, ...[...by.keys()].map((m) => m.length)));
  const lines = wrapWords(
    `Messages: ${n} requests in ${by.size} modules (definitions: ${origin}). Every request is a command: ` +
      'vppapi <message> --help shows its flags, vppapi help <module> lists a module.',
    width,
  );
  for (const [m, reqs] of by) lines.push(fitList(`  ${m.padEnd(nameW)}  `, reqs, width));
  return lines.join('\n');
}

const EXAMPLES = `Examples:
  vppapi --emulator show_version             try it without VPP
  vppapi show_version
  vppapi sw_interface_dump
  vppapi sw_interface_set_flags --sw-if-index 1 --flags ADMIN_UP
  vppapi sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24
  vppapi ip_route_dump --table.table-id 0 --json | jq '.[].route.prefix'
  vppapi cli show interface`;

/**
 * The program as commander sees it, for the top-level help. `schema` adds the list of
 * modules (left out when undefined).
 */
export function buildProgram(rt: Runtime, version: string, schema?: Schema): Command {
  const width = helpWidth(rt.printer().settings.width);
  const program = configureIo(new Command('vppapi'), rt, width)
    .usage('[options] <message|command> [flags]')
    .description("A shell for VPP's binary API: every API request is a command, with flags from its fields.")
    .version(version, '-V, --version', 'print the version of vppapi')
    .helpOption('-h, --help', 'show help (for a command: vppapi <command> --help)');
  for (const g of GLOBAL_OPTIONS) {
    if (g.long === 'help' || g.long === 'version') continue;
    program.option(`--${g.long}${g.value ? ` <${g.value}>` : ''}`, g.description);
  }
  for (const b of BUILTINS) program.command(`${b.name}${b.usage ? ` ${b.usage}` : ''}`, { hidden: b.hidden }).description(b.summary);
  const sections = [EXAMPLES];
  if (schema) sections.push(modulesSection(schema, rt.originText(), width));
  sections.push(EXIT_CODES_HELP);
  program.addHelpText('after', `\n${sections.join('\n\n')}\n`);
  return program;
}

const argText = (a: ArgSpec): string => {
  const inner = `${a.name}${a.variadic ? '...' : ''}`;
  return a.required ? `<${inner}>` : `[${inner}]`;
};

/** Declares `spec`'s arguments, options and help text on `cmd`, in that order. */
function declare(cmd: Command, spec: CommandSpec): Command {
  for (const a of spec.args ?? []) cmd.argument(argText(a), a.description);
  for (const o of spec.options ?? []) {
    const value = o.value === undefined ? '' : o.optionalValue ? ` [${o.value}]` : ` <${o.value}>`;
    if (o.default === undefined) cmd.option(`--${o.long}${value}`, o.description);
    else cmd.option(`--${o.long}${value}`, o.description, o.default);
  }
  if (spec.allowUnknownOptions) cmd.allowUnknownOption();
  if (spec.helpAfter) cmd.addHelpText('after', spec.helpAfter);
  return cmd;
}

/** commander's parsed arguments as the words a command runs with (variadic ones spread). */
function argWords(c: Command): string[] {
  return c.processedArgs.flatMap((x) => (x === undefined ? [] : Array.isArray(x) ? x : [x])) as string[];
}

/**
 * The Command of built-in `spec`, configured from the registry, for parsing its arguments
 * or printing its help. With `mod`, parsing runs it (a subcommand runs its own function)
 * and `done` receives the exit code.
 */
export function builtinCommand(rt: Runtime, spec: CommandSpec, mod?: BuiltinModule, done?: (code: number) => void): Command {
  const width = helpWidth(rt.printer().settings.width);
  const make = (s: CommandSpec, run: CommandRun | undefined): Command => {
    const cmd = declare(configureIo(new Command(s.name), rt, width).description(s.summary).helpOption('-h, --help', 'show this help'), s);
    if (s.aliases) cmd.aliases([...s.aliases]);
    if (run) {
      cmd.action(async (...a: unknown[]) => {
        const c = a[a.length - 1] as Command;
        done?.(await run(rt, argWords(c), c.optsWithGlobals()));
      });
    }
    return cmd;
  };
  const cmd = make(spec, mod?.run);
  for (const sub of spec.subcommands ?? []) cmd.addCommand(make(sub, mod?.subcommands?.[sub.name]));
  cmd.addHelpText('after', '\nGlobal options (--socket, --stats-socket, --api-dir, --timeout, --json, --no-color, --emulator) apply too: see vppapi --help.');
  return cmd;
}

/**
 * Parses `args` for built-in `spec` and runs it with `mod`; prints its help instead when
 * `help` (the module is not needed for that).
 * @throws CliError (exit 2) for a command of subcommands given none; the command's own
 *   errors; commander's usage errors come back as exit 2 after they were printed.
 */
export async function runBuiltin(rt: Runtime, spec: CommandSpec, mod: BuiltinModule | undefined, args: readonly string[], help: boolean): Promise<number> {
  let code: number = EXIT.OK;
  const cmd = builtinCommand(rt, spec, help ? undefined : mod, (c) => (code = c));
  if (help) {
    // `stats show --help`: the help of the subcommand named first (or by an alias).
    const first = args.find((a) => !a.startsWith('-'));
    const sub = first === undefined ? undefined : cmd.commands.find((c) => c.name() === first || c.aliases().includes(first));
    (sub ?? cmd).outputHelp();
    return EXIT.OK;
  }
  const subs = (spec.subcommands ?? []).map((s) => s.name);
  if (subs.length && !args.some((a) => !a.startsWith('-')) && !args.some((a) => a === '-h' || a === '--help')) {
    // commander would print the whole help to stderr under its own "Usage: stats …".
    const list = subs.length === 1 ? subs[0] : `${subs.slice(0, -1).join(', ')} or ${subs.at(-1)}`;
    throw new CliError(`${spec.name}: the subcommand is missing: ${list}`, EXIT.USAGE, `vppapi ${spec.name} --help says what each does`);
  }
  try {
    await cmd.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    throw e;
  }
  return code;
}
