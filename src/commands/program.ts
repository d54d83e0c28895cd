/**
 * The commander side of the CLI: the program (global options, built-in commands, the
 * top-level help with the messages grouped by module) and one Command per built-in,
 * built only when needed. Messages are not commander commands: 2,000 of them would cost
 * startup time for nothing (request/message-command.ts reads their flags).
 */
import { Command, CommanderError } from 'commander';
import type { Schema } from '../client/schema/model.js';
import { type BuiltinCommand, BUILTINS } from './registry.js';
import { EXIT, EXIT_CODES_HELP } from './runtime/exit-codes.js';
import { GLOBAL_OPTIONS } from './runtime/globals.js';
import { fitList, helpWidth, wrapWords } from './runtime/help-text.js';
import type { Runtime } from './runtime/runtime.js';

function configureIo(cmd: Command, rt: Runtime, width: number): Command {
  return cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.io.stdout.write(s),
      writeErr: (s) => rt.io.stderr.write(s),
      getOutHelpWidth: () => width,
      getErrHelpWidth: () => width,
      outputError: (s, write) => write(s.startsWith('error:') ? s : `error: ${s}`),
    })
    .showSuggestionAfterError(true);
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
  for (const b of BUILTINS) program.command(`${b.name}${b.args ? ` ${b.args}` : ''}`, { hidden: b.hidden }).description(b.summary);
  const sections = [EXAMPLES];
  if (schema) sections.push(modulesSection(schema, rt.originText(), width));
  sections.push(EXIT_CODES_HELP);
  program.addHelpText('after', `\n${sections.join('\n\n')}\n`);
  return program;
}

/** The Command of built-in `b`, configured, for parsing its arguments or its help. */
export async function builtinCommand(rt: Runtime, b: BuiltinCommand): Promise<{ cmd: Command; run: (a: string[], o: Record<string, unknown>) => Promise<number> }> {
  const mod = await b.load();
  const width = helpWidth(rt.printer().settings.width);
  const cmd = configureIo(new Command(b.name), rt, width).description(b.summary).helpOption('-h, --help', 'show this help');
  mod.configure(cmd);
  cmd.addHelpText('after', '\nGlobal options (--socket, --api-dir, --timeout, --json, --no-color, --emulator) apply too: see vppapi --help.');
  return { cmd, run: (a, o) => mod.run(rt, a, o) };
}

/**
 * Parses `args` for built-in `b` and runs it.
 * @throws CliError and the command's own errors; commander's usage errors come back as
 *   exit 2 after commander printed them.
 */
export async function runBuiltin(rt: Runtime, b: BuiltinCommand, args: readonly string[], help: boolean): Promise<number> {
  const { cmd, run } = await builtinCommand(rt, b);
  if (help) {
    cmd.outputHelp();
    return EXIT.OK;
  }
  let code: number = EXIT.OK;
  cmd.action(async (...a: unknown[]) => {
    const c = a[a.length - 1] as Command;
    code = await run(c.processedArgs.flatMap((x) => (x === undefined ? [] : Array.isArray(x) ? x : [x])) as string[], c.opts());
  });
  try {
    await cmd.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    throw e;
  }
  return code;
}
