/**
 * `vppapi __complete [--shell bash|zsh|fish] [--live] -- <words…> <partial>`: what the
 * completion scripts call at each Tab press. The words are those after `vppapi`, the
 * last one being the word under the cursor ('' after a space).
 *
 * Output, one line each, then the directive:
 *
 * | shell  | line                              | notes                                     |
 * |--------|-----------------------------------|-------------------------------------------|
 * | (none) | `value`                           | no directive line                          |
 * | bash   | `value`, or `value (note)` when several | only what readline replaces: after bash's last `=`/`:` break or an open quote, quoted as typed |
 * | zsh    | `value:description` (`:` in value as `\:`) | for _describe                     |
 * | fish   | `value<TAB>description`           |                                           |
 * | last   | `:<n>`: 1 = no space after, 2 = complete file names instead |                |
 *
 * Nothing connects to VPP unless `--live` (interface names), with a short timeout.
 */
import type { Schema } from '../../client/schema/model.js';
import { EXIT } from '../runtime/exit-codes.js';
import { builtin } from '../registry.js';
import { DEFAULT_SOCKET, type GlobalOptions, globalSpec } from '../runtime/globals.js';
import { leadingOptions } from '../syntax/tokenizer.js';
import type { Io } from '../runtime/io.js';
import type { Runtime } from '../runtime/runtime.js';
import { splitLine } from '../syntax/tokenizer.js';
import { complete } from '../complete/engine.js';
import { completionSource } from '../complete/shell-definitions.js';
import type { Completion, LiveInterface } from '../complete/types.js';
import { lazy } from '../lazy-modules.js';
import { listInterfaces, listStatNames } from '../complete/live.js';

const LIVE_TIMEOUT_MS = 500;

/**
 * The words bash passed, and the part of the last one that readline replaces with a candidate.
 *
 * Bash cuts words at the characters of COMP_WORDBREAKS (`=` and `:` by default) and passes
 * each run of them as a word of its own: `--flags=ad` comes as `--flags`, `=`, `ad`. They
 * are glued back here, so that the engine sees the word as typed. Readline replaces only
 * the text after the last break (nothing of `--flags=`, all of `--flags=` when the user took
 * `=` out of COMP_WORDBREAKS), or, inside a quote left open, the text after that quote.
 */
export interface BashWords {
  /** The words, break characters glued back to their neighbours. */
  words: string[];
  /** The last word as typed up to the text readline replaces: `--flags=`, `--route.paths='`. */
  lead: string;
  /** The quote readline's text is inside, if one is open. */
  quote?: '"' | "'";
}

const BREAKS = /^[=:]+$/;

export function bashWords(words: readonly string[]): BashWords {
  const out: string[] = [];
  let glue = false;
  for (const w of words) {
    const isBreak = BREAKS.test(w);
    if ((isBreak || glue) && out.length > 0) out[out.length - 1] += w;
    else out.push(w);
    glue = isBreak;
  }
  const last = words[words.length - 1] ?? '';
  const joined = out[out.length - 1] ?? '';
  const open = openQuoteAt(joined);
  if (open >= 0) return { words: out, lead: joined.slice(0, open + 1), quote: joined[open] as '"' | "'" };
  // A word of breaks only (`--flags=` with the cursor after `=`): readline's text is empty.
  return { words: out, lead: joined.slice(0, BREAKS.test(last) ? joined.length : joined.length - last.length) };
}

/** Where the quote left open in `word` starts (shell rules: '…' literal, "…" and bare \ escape), or -1. */
function openQuoteAt(word: string): number {
  let quote = '';
  let at = -1;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') i++;
    else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
      at = i;
    }
  }
  return quote ? at : -1;
}

/** `text` written so that bash reads it back as is, inside `quote` or bare. Undefined when it cannot be (a ' inside '…'). */
function bashQuote(text: string, quote: BashWords['quote']): string | undefined {
  if (quote === "'") return text.includes("'") ? undefined : text;
  if (quote === '"') return text.replace(/["\\$`]/g, (c) => `\\${c}`);
  return text.replace(/[\s'"\\$`&|;<>()]/g, (c) => `\\${c}`);
}

/** A word as the shell passed it, quotes and backslashes removed (an open quote is fine). */
function unquote(w: string): string {
  if (!/['"\\]/.test(w)) return w;
  const s = splitLine(w);
  return s.partial || s.words.join(' ');
}

/** `--api-dir`, `--socket` and `--stats-socket` typed before the command word. */
function typedGlobals(words: readonly string[]): { apiDir?: string; socket?: string; statsSocket?: string } {
  const out: { apiDir?: string; socket?: string; statsSocket?: string } = {};
  leadingOptions(words, (o, i) => {
    const spec = globalSpec(words[i]!);
    if (!spec?.value) return 1;
    const v = o.inline ?? words[i + 1];
    if (spec.long === 'api-dir') out.apiDir = v;
    if (spec.long === 'socket') out.socket = v;
    if (spec.long === 'stats-socket') out.statsSocket = v;
    return o.inline === undefined ? 2 : 1;
  });
  return out;
}

/** `--live` → `live`, `--no-history` → `history` (false): the keys commander would give. */
function optionKey(long: string): string {
  return long.replace(/^no-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * `__complete [--shell S] [--live] [--] words…` as main.ts receives it, read without
 * commander (a Tab press should not load it) but from the registry's options of
 * `__complete`, by the CLI's one reading of option words. An option it does not know
 * ends its options: that word is the first of the words to complete.
 */
export function completeArgv(io: Io, globals: GlobalOptions, argv: readonly string[]): Promise<number> {
  const spec = builtin('__complete')!;
  const opts: Record<string, unknown> = {};
  const end = leadingOptions(argv, (o, i) => {
    const opt = spec.options?.find((x) => `--${x.long}` === o.flag);
    if (!opt) return 0;
    if (!opt.value) {
      if (o.inline !== undefined) return 0;
      opts[optionKey(opt.long)] = !opt.long.startsWith('no-');
      return 1;
    }
    opts[optionKey(opt.long)] = o.inline ?? argv[i + 1];
    return o.inline === undefined ? 2 : 1;
  });
  return completeWords(io, globals, argv.slice(end), opts);
}

/**
 * The lines `__complete` prints for `shell`; for bash each candidate is what readline puts
 * in place of its text: the candidate without `bash.lead` (the unquoted part of the word
 * before that text), quoted as the text is. Throws nothing.
 */
export function formatCompletion(c: Completion, shell: string | undefined, bash: { lead: string; quote?: '"' | "'" } = { lead: '' }): string[] {
  const several = c.candidates.length > 1;
  const directive = `:${(c.noSpace ? 1 : 0) | (c.files ? 2 : 0)}`;
  switch (shell) {
    case 'bash': {
      const lines: string[] = [];
      for (const x of c.candidates) {
        const text = bashQuote(x.value.slice(bash.lead.length), bash.quote);
        if (text !== undefined) lines.push(`${text}${several && x.note ? ` (${x.note})` : ''}`);
      }
      return [...lines, directive];
    }
    case 'zsh':
      return [...c.candidates.map((x) => `${x.value.replace(/:/g, '\\:')}${x.description ? `:${oneLine(x.description)}` : ''}`), directive];
    case 'fish':
      return [...c.candidates.map((x) => `${x.value}${x.description ? `\t${oneLine(x.description)}` : ''}`), directive];
    default:
      return c.candidates.map((x) => x.value);
  }
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

async function liveInterfaces(schemaWith: (n: readonly string[]) => Schema | undefined, socket: string): Promise<LiveInterface[]> {
  const schema = schemaWith(['sw_interface_dump', 'sw_interface_details']);
  if (!schema) return [];
  // Only with --live: a Tab press otherwise loads neither the session nor its codec.
  const { Session } = await lazy.session();
  const s = new Session({ socketPath: socket, schema, connectTimeoutMs: LIVE_TIMEOUT_MS, timeoutMs: LIVE_TIMEOUT_MS });
  try {
    await s.connect();
    return await listInterfaces(s, LIVE_TIMEOUT_MS);
  } finally {
    await s.disconnect();
  }
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number> {
  return completeWords(rt.io, rt.globals, args, opts);
}

/**
 * Everything `__complete` does, on the caller's streams and global options: main.ts calls
 * it directly, before loading the CLI's runtime (a Tab press should not pay for it).
 */
export async function completeWords(io: Io, globals: GlobalOptions, args: string[], opts: Record<string, unknown>): Promise<number> {
  const shell = typeof opts.shell === 'string' ? opts.shell : undefined;
  let words = args.length > 0 ? args : [''];
  let bash: BashWords | undefined;
  if (shell === 'bash') ({ words } = bash = bashWords(words));
  if (shell === 'bash' || shell === 'zsh') words = words.map(unquote);
  // fish hands the finished words unquoted (commandline -o) and the word being typed as typed (-t).
  if (shell === 'fish') words[words.length - 1] = unquote(words[words.length - 1]!);
  const partial = words[words.length - 1]!;
  const before = words.slice(0, -1);
  const typed = typedGlobals(before);
  const source = await completionSource(typed.apiDir ?? globals.apiDir, io.env);
  const socket = typed.socket ?? (globals.socket || DEFAULT_SOCKET);
  const interfaces = opts.live ? () => liveInterfaces((n) => source.schemaWith(n), socket) : undefined;
  const statsSocket = typed.statsSocket ?? globals.statsSocket;
  // The stats client is loaded only when a stats pattern is being completed: a Tab press elsewhere does not pay for it.
  const statEntries = () => listStatNames(statsSocket);
  // The targets file (and its YAML reader) only when a --target value is being completed.
  const targets = () => lazy.fleetSelect().then((m) => m.targetNames(globals, io.env));
  const c = await complete(source, before, partial, { interfaces, statEntries, targets });
  const lines = formatCompletion(c, shell, bash && { lead: unquote(bash.lead), quote: bash.quote });
  if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}
