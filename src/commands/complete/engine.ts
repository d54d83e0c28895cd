/**
 * The completion engine shared by the REPL and the shells (`vppapi __complete`): given
 * the words before the cursor and the word being typed, the candidates for that word.
 *
 * | position                        | candidates                                         |
 * |---------------------------------|----------------------------------------------------|
 * | leading `-…`                    | global options                                     |
 * | after `--socket`, `--api-dir`   | file names (the shell's own completion)            |
 * | after `--target`                | the targets file's targets and groups (after `a,`: the next name) |
 * | `--option=…` (any option above) | that option's values, each as the whole word `--option=value` |
 * | command word                    | built-in commands, requests (REPL: its `.commands`) |
 * | after a request                 | its flags and their values (message-args.ts)       |
 * | after a built-in                | its options, and its argument: messages, want_* requests, modules, shells, files |
 * | after `watch <want_*>`          | that request's flags, `--count`, `--timeout`       |
 *
 * It reads definitions (defs.ts) and nothing else; live interfaces only through
 * `opts.interfaces`. A built-in's options, arguments and subcommands come from its entry
 * in registry.ts: no command module and no commander is loaded to learn them.
 */
import { BUILTINS, type BuiltinCommand, type CommandSpec, builtin, subcommand } from '../registry.js';
import { GLOBAL_OPTIONS, commandIndex, globalSpec } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';
import type { CompletionDefs } from './defs.js';
import { globalValue, startingWith } from './global-values.js';
import { NONE, completeMessageArgs } from './message-args.js';
import type { Candidate, CompleteOptions, Completion } from './types.js';

export type { Candidate, CompleteOptions, Completion, LiveInterface } from './types.js';

/** Options of `watch` beside the message's own flags, each taking a value. */
export const WATCH_OPTIONS: readonly string[] = (builtin('watch')!.options ?? []).map((o) => o.long);

const FILE_NAMES: Completion = Object.freeze({ candidates: [], noSpace: false, files: true }) as Completion;
const SHELLS = ['bash', 'fish', 'zsh'];

function globalNames(partial: string): Completion {
  const c = GLOBAL_OPTIONS.map((g) => ({ value: `--${g.long}`, description: g.description })).filter((x) => x.value.startsWith(partial));
  return { candidates: c, noSpace: false, files: false };
}

const visible = (): BuiltinCommand[] => BUILTINS.filter((b) => !b.hidden);

interface Shape {
  options: { long: string; value: boolean; description: string }[];
  args: { name: string; variadic: boolean }[];
  subcommands: readonly CommandSpec[];
}

/** A command's options and arguments as completion reads them, from its registry entry. */
function shapeOf(c: CommandSpec): Shape {
  return {
    options: (c.options ?? []).map((o) => ({ long: `--${o.long}`, value: o.value !== undefined, description: o.description })),
    args: (c.args ?? []).map((a) => ({ name: a.name, variadic: a.variadic === true })),
    subcommands: c.subcommands ?? [],
  };
}

/**
 * Entry names from the live directory, one `/`-part at a time: `/err/` offers
 * `/err/ip4-input/` (no space after it), `/if/` offers `/if/rx`, `/if/tx`, ….
 */
export function statNameCandidates(names: readonly string[], partial: string): Completion {
  const out = new Set<string>();
  let parts = false;
  for (const n of names) {
    if (!n.startsWith(partial)) continue;
    const slash = n.indexOf('/', partial.length);
    if (slash >= 0 && slash < n.length - 1) {
      out.add(n.slice(0, slash + 1));
      parts = true;
    } else out.add(n);
  }
  return { candidates: [...out].sort().map((value) => ({ value })), noSpace: parts, files: false };
}

/**
 * `--name=value` being typed: the option's values, each as the whole word. `own` are the
 * command's own options (which complete no values); a global option completes its own.
 */
function inlineValue(partial: string, own: readonly { long: string }[], opts: CompleteOptions): Promise<Completion> | undefined {
  const o = optionWord(partial);
  if (o?.inline === undefined) return undefined;
  if (own.some((x) => x.long === o.flag)) return Promise.resolve(NONE);
  const g = globalSpec(o.flag);
  return g?.value !== undefined ? globalValue(g.long, o.inline, `${o.flag}=`, opts) : Promise.resolve(NONE);
}

function argument(defs: CompletionDefs, name: string, partial: string, opts: CompleteOptions): Completion | Promise<Completion> {
  switch (name) {
    case 'entry':
      return opts.statEntries ? opts.statEntries().then((n) => statNameCandidates(n, partial), () => NONE) : NONE;
    case 'message':
      return startingWith(defs.messages(), partial);
    case 'want_message':
      return startingWith(defs.wants(), partial);
    case 'topic':
      return startingWith([...defs.modules(), ...(opts.repl ? defs.messages() : defs.requests()), ...visible().map((b) => b.name)].sort(), partial);
    case 'shell':
      return startingWith(SHELLS, partial);
    case 'file':
      return FILE_NAMES;
    default:
      return NONE;
  }
}

/**
 * The candidates for `partial` after command `b` and its words `rest`: its options, its
 * subcommands, or what its argument at that position takes. Throws nothing.
 */
export async function completeBuiltin(defs: CompletionDefs, b: CommandSpec, rest: readonly string[], partial: string, opts: CompleteOptions): Promise<Completion> {
  const shape = shapeOf(b);
  let pending: string | undefined;
  let positional = 0;
  let dashes = false;
  for (const [i, t] of rest.entries()) {
    if (pending !== undefined) {
      pending = undefined;
    } else if (t === END_OF_OPTIONS && !dashes) {
      dashes = true;
    } else if (!dashes && optionWord(t)) {
      const { flag, inline } = optionWord(t)!;
      const own = shape.options.find((o) => o.long === flag);
      if (inline === undefined && (own ? own.value : globalSpec(t)?.value !== undefined)) pending = flag;
    } else {
      // A subcommand's own words follow it: complete them with its shape.
      const sub = positional === 0 ? subcommand(b, t) : undefined;
      if (sub) return completeBuiltin(defs, sub, rest.slice(i + 1), partial, opts);
      positional++;
    }
  }
  if (pending !== undefined) return shape.options.some((o) => o.long === pending) ? NONE : globalValue(globalSpec(pending)?.long ?? '', partial, '', opts);
  const inline = dashes ? undefined : inlineValue(partial, shape.options, opts);
  if (inline) return inline;
  if (!dashes && partial.startsWith('-')) {
    // Global options only once something of the name is typed, as after a request.
    const all = [...shape.options.map((o) => ({ value: o.long, description: o.description })), ...(partial.length > 2 ? globalNames(partial).candidates : [])];
    const candidates = new Map<string, Candidate>();
    for (const c of all) if (c.value.startsWith(partial) && !candidates.has(c.value)) candidates.set(c.value, c);
    return { candidates: [...candidates.values()], noSpace: false, files: false };
  }
  if (shape.subcommands.length > 0) return positional === 0 ? startingWith(shape.subcommands.map((s) => s.name), partial) : NONE;
  const last = shape.args[shape.args.length - 1];
  const arg = shape.args[positional] ?? (last?.variadic ? last : undefined);
  return arg ? await argument(defs, arg.name, partial, opts) : NONE;
}

/**
 * The candidates for `partial`, the word being typed after `words` (the words after the
 * program's name; in the REPL, the line's words). Throws nothing: what cannot be
 * completed gives no candidates.
 */
export async function complete(defs: CompletionDefs, words: readonly string[], partial: string, opts: CompleteOptions = {}): Promise<Completion> {
  try {
    const at = commandIndex(words);
    if (at > words.length) {
      const g = globalSpec(words[words.length - 1]!);
      return g ? await globalValue(g.long, partial, '', opts) : NONE;
    }
    if (at === words.length) {
      const inline = inlineValue(partial, [], opts);
      if (inline) return await inline;
      if (partial.startsWith('-')) return globalNames(partial);
      const commands = [...(opts.commands ?? []), ...visible().map((b) => b.name)];
      if (partial.startsWith('.')) return startingWith(commands, partial);
      return startingWith([...commands, ...defs.requests()].sort(), partial);
    }
    const cmd = words[at]!;
    const rest = words.slice(at + 1);
    const b = builtin(cmd);
    if (!b) {
      const def = defs.message(cmd);
      return def ? await completeMessageArgs(def, rest, partial, opts) : NONE;
    }
    if (b.name === 'watch' && rest.length > 0 && !rest[0]!.startsWith('-')) {
      const def = defs.message(rest[0]!);
      return def ? await completeMessageArgs(def, rest.slice(1), partial, opts, WATCH_OPTIONS) : NONE;
    }
    if (b.name === 'help' && opts.repl && rest.length === 0) return argument(defs, 'topic', partial, opts);
    return await completeBuiltin(defs, b, rest, partial, opts);
  } catch {
    return NONE;
  }
}
