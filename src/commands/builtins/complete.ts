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
 * | bash   | `value`, or `value (note)` when several | the part of the word before bash's last `=`/`:` break is left out |
 * | zsh    | `value:description` (`:` in value as `\:`) | for _describe                     |
 * | fish   | `value<TAB>description`           |                                           |
 * | last   | `:<n>`: 1 = no space after, 2 = complete file names instead |                |
 *
 * Nothing connects to VPP unless `--live` (interface names), with a short timeout.
 */
import type { Schema } from '../../client/schema/model.js';
import { EXIT } from '../runtime/exit-codes.js';
import { DEFAULT_SOCKET, type GlobalOptions, commandIndex, globalSpec } from '../runtime/globals.js';
import type { Io } from '../runtime/io.js';
import type { Runtime } from '../runtime/runtime.js';
import { splitLine } from '../syntax/tokenizer.js';
import { complete } from '../complete/engine.js';
import { completionSource } from '../complete/source.js';
import type { Completion, LiveInterface } from '../complete/types.js';

const LIVE_TIMEOUT_MS = 500;

/** Bash splits `--flags=adm` into `--flags`, `=`, `adm` (COMP_WORDBREAKS): glue them back. */
export function joinBashWords(words: readonly string[]): { words: string[]; cut: number } {
  const out: string[] = [];
  let glue = false;
  for (const w of words) {
    const isBreak = /^[=:]+$/.test(w);
    if ((isBreak || glue) && out.length > 0) out[out.length - 1] += w;
    else out.push(w);
    glue = isBreak;
  }
  // Bash replaces only its own last word: candidates lose what comes before it.
  const last = words[words.length - 1] ?? '';
  const joined = out[out.length - 1] ?? '';
  return { words: out, cut: Math.max(0, joined.length - last.length) };
}

/** A word as the shell passed it, quotes and backslashes removed (an open quote is fine). */
function unquote(w: string): string {
  if (!/['"\\]/.test(w)) return w;
  const s = splitLine(w);
  return s.partial || s.words.join(' ');
}

/** `--api-dir` and `--socket` typed before the command word. */
function typedGlobals(words: readonly string[]): { apiDir?: string; socket?: string } {
  const end = Math.min(commandIndex(words), words.length);
  const out: { apiDir?: string; socket?: string } = {};
  for (let i = 0; i < end; i++) {
    const spec = globalSpec(words[i]!);
    if (!spec?.value) continue;
    const eq = words[i]!.indexOf('=');
    const v = eq >= 0 ? words[i]!.slice(eq + 1) : words[++i];
    if (spec.long === 'api-dir') out.apiDir = v;
    if (spec.long === 'socket') out.socket = v;
  }
  return out;
}

/** The lines `__complete` prints for `shell`. Throws nothing. */
export function formatCompletion(c: Completion, shell: string | undefined, cut = 0): string[] {
  const several = c.candidates.length > 1;
  const directive = `:${(c.noSpace ? 1 : 0) | (c.files ? 2 : 0)}`;
  switch (shell) {
    case 'bash':
      return [...c.candidates.map((x) => `${x.value.slice(cut)}${several && x.note ? ` (${x.note})` : ''}`), directive];
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
  const [{ Session }, { listInterfaces }] = await Promise.all([import('../../client/session.js'), import('../complete/live.js')]);
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
  let cut = 0;
  if (shell === 'bash') ({ words, cut } = joinBashWords(words));
  if (shell === 'bash' || shell === 'zsh') words = words.map(unquote);
  const partial = words[words.length - 1]!;
  const before = words.slice(0, -1);
  const typed = typedGlobals(before);
  const source = await completionSource(typed.apiDir ?? globals.apiDir, io.env);
  const socket = typed.socket ?? (globals.socket || DEFAULT_SOCKET);
  const interfaces = opts.live ? () => liveInterfaces((n) => source.schemaWith(n), socket) : undefined;
  const c = await complete(source, before, partial, { interfaces });
  const lines = formatCompletion(c, shell, cut);
  if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}
