/**
 * The requests an exec script would send, one per command line, with the fields each
 * sets (from its flags, `name=value` pairs and `--args` JSON), read with the shell's own
 * tokenizer and pair rewriting so a line means here what it means to `vppapi exec`.
 *
 * | line                                   | request                                  |
 * |----------------------------------------|------------------------------------------|
 * | `<message> [flags]`                    | that message                             |
 * | `cli <words>`                          | cli_inband (cmd)                         |
 * | `watch <want_message> [flags]`         | that want_ message                       |
 * | other built-ins, `.json on`, `--dry-run`/`--help` lines | none (nothing is sent)  |
 */
import type { MessageDef, Schema } from '../../client/schema/model.js';
import { parseJson } from '../../format/json/lossless-json.js';
import { builtin } from '../registry.js';
import { toCliWords } from '../repl/pairs.js';
import { defaultGlobals, globalSpec, scanLeadingGlobals } from '../runtime/globals.js';
import { scriptLines } from '../syntax/script.js';
import { END_OF_OPTIONS, optionWord, tokenize } from '../syntax/tokenizer.js';
import type { FileRequest } from './kinds.js';
import { flagPath, jsonPaths } from './paths.js';

const NONE: ReadonlySet<string> = new Set();

/** `watch`'s own options (--count N, --timeout T), each taking a value. */
const WATCH_OWN: ReadonlySet<string> = new Set((builtin('watch')?.options ?? []).map((o) => o.long.replace(/-/g, '_')));

/** Options of every request that are not fields (commands/plan/read-words.ts). */
const REQUEST_OPTIONS = new Set(['help', 'h', 'args', 'args_json', 'dry_run', 'force']);

interface Flags {
  paths: string[][];
  /** The line sends nothing (--dry-run, --help). */
  sendsNothing: boolean;
  /** Fields given where this reader cannot see them (--args -, --args @file). */
  unseen?: string;
}

function isField(def: MessageDef | undefined, name: string): boolean {
  return def?.bodyFields.some((f) => f.name === name) ?? false;
}

function isBool(def: MessageDef | undefined, path: readonly string[]): boolean {
  if (!def || path.length !== 1) return false;
  const f = def.bodyFields.find((x) => x.name === path[0]);
  return f !== undefined && f.type.kind === 'base' && f.type.name === 'bool' && f.shape.kind === 'scalar';
}

/** Whether the word after a flag is its value (commands/plan/read-words.ts valueAfter: anything but another `--flag`). */
const isValue = (v: string | undefined): boolean => v !== undefined && !(v.startsWith('--') && v.length > 2);

/**
 * The fields a message's flags set. `def` (the local definition, when there is one)
 * tells a bool switch from a flag that takes the next word, and a field from a global
 * option of the same name.
 * @throws FormatError for `--args` text that is not JSON.
 */
function readFlags(tokens: readonly string[], def: MessageDef | undefined, own: ReadonlySet<string> = NONE): Flags {
  const out: Flags = { paths: [], sendsNothing: false };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === END_OF_OPTIONS) break;
    const w = optionWord(t, { numbers: true });
    if (!w) continue;
    const bare = w.flag.replace(/^-+/, '').toLowerCase().replace(/-/g, '_');
    const takeValue = (): string | undefined => (w.inline !== undefined ? w.inline : isValue(tokens[i + 1]) ? tokens[++i] : undefined);
    if (own.has(bare) && !isField(def, bare)) {
      // The command's own option (watch --count N): not a field.
      if (w.inline === undefined && isValue(tokens[i + 1])) i++;
      continue;
    }
    if (REQUEST_OPTIONS.has(bare) && !isField(def, bare)) {
      if (bare === 'help' || bare === 'h' || bare === 'dry_run') out.sendsNothing = true;
      if (bare === 'args' || bare === 'args_json') {
        const v = takeValue() ?? '';
        if (v === '-' || v.startsWith('@')) out.unseen = `--args ${v}`;
        else {
          const o = parseJson(v, '--args');
          if (o && typeof o === 'object' && !Array.isArray(o)) out.paths.push(...jsonPaths(o as Record<string, unknown>).map((p) => [...p]));
        }
      }
      continue;
    }
    const spec = globalSpec(w.flag);
    if (spec && !isField(def, bare)) {
      if (spec.value && w.inline === undefined) i++;
      continue;
    }
    let path = flagPath(bare);
    if (path.length === 1 && path[0]!.startsWith('no_') && !isField(def, path[0]!)) path = [path[0]!.slice(3)];
    out.paths.push(path);
    if (w.inline === undefined && !isBool(def, path) && !w.flag.startsWith('--no-') && isValue(tokens[i + 1])) i++;
  }
  return out;
}

/** Whether `word` can be a message name (a typo of one is still reported, as missing). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ScriptRead {
  requests: FileRequest[];
  /** Lines that name a built-in or a message: 0 means this is no script. */
  commands: number;
  notes: string[];
}

/**
 * The requests of script `text`; `local` (the definitions the script is written for)
 * supplies CRCs and field kinds, `target` helps tell a message name from anything else.
 * Throws nothing: a line that cannot be read is a note and a failing request.
 */
export function readScript(text: string, local: Schema, target: Schema): ScriptRead {
  const out: ScriptRead = { requests: [], commands: 0, notes: [] };
  for (const { no, text: line } of scriptLines(text)) {
    if (line.startsWith('.')) continue;
    let words: readonly string[];
    try {
      words = scanLeadingGlobals(tokenize(line), defaultGlobals({}));
      words = toCliWords(words, local);
    } catch (e) {
      out.notes.push(`line ${no}: cannot be read: ${(e as Error).message}`);
      out.requests.push({ at: { line: no }, name: '', unreadable: (e as Error).message });
      continue;
    }
    const [word, ...rest] = words;
    if (word === undefined) continue;
    let name = word;
    let flags = rest;
    if (builtin(word)) {
      out.commands++;
      if (word === 'exec' && rest[0] !== undefined) out.notes.push(`line ${no}: exec ${rest[0]}: that script is not read; check it on its own`);
      if (word === 'cli') out.requests.push({ at: { line: no }, name: 'cli_inband', crc: local.messages.get('cli_inband')?.crc, old: local.messages.get('cli_inband'), set: [['cmd']] });
      if (word !== 'watch' || rest[0] === undefined) continue;
      [name, ...flags] = rest as [string, ...string[]];
    } else if (!NAME.test(word)) {
      out.notes.push(`line ${no}: ${JSON.stringify(word)} is neither a command nor a message name`);
      continue;
    }
    const def = local.messages.get(name);
    if (def || target.messages.has(name)) out.commands++;
    let f: Flags;
    try {
      f = readFlags(flags, def, word === 'watch' ? WATCH_OWN : NONE);
    } catch (e) {
      out.requests.push({ at: { line: no }, name, unreadable: (e as Error).message });
      continue;
    }
    if (f.sendsNothing) continue;
    if (f.unseen) out.notes.push(`line ${no}: ${name}: fields given with ${f.unseen} are not checked`);
    out.requests.push({ at: { line: no }, name, crc: def?.crc, old: def, set: f.paths });
  }
  return out;
}
