/**
 * Options that apply to every command. One table drives the scanner below and the
 * global section of `vppapi --help`. They may be given before the command word or
 * anywhere after it; after a message name, a field of the same name wins (see request/args.ts).
 */
import { leadingOptions, optionWord } from '../syntax/tokenizer.js';
import { CliError } from './exit-codes.js';

export const DEFAULT_SOCKET = '/run/vpp/api.sock';
export const DEFAULT_TIMEOUT_MS = 5000;

export type OutputMode = 'human' | 'json' | 'jsonl';

export interface GlobalOptions {
  socket: string;
  apiDir?: string;
  timeoutMs: number;
  output: OutputMode;
  /** false after --no-color; undefined: colour on a terminal unless NO_COLOR is set. */
  color?: boolean;
  emulator: boolean;
  help: boolean;
  version: boolean;
}

export interface GlobalSpec {
  long: string;
  short?: string;
  /** Placeholder of the value, for options that take one. */
  value?: string;
  description: string;
  apply(g: GlobalOptions, value: string | undefined): void;
}

export const GLOBAL_OPTIONS: readonly GlobalSpec[] = [
  {
    long: 'socket', value: 'path',
    description: `VPP's API socket (default ${DEFAULT_SOCKET}, or $VPP_API_SOCKET)`,
    apply: (g, v) => (g.socket = v!),
  },
  {
    long: 'api-dir', value: 'dir',
    description: 'API definitions (*.api.json) to use (default $VPP_API_DIR, /usr/share/vpp/api when present, else fetched from VPP and cached)',
    apply: (g, v) => (g.apiDir = v!),
  },
  {
    long: 'timeout', value: 'seconds',
    description: `how long to wait for each answer (default ${DEFAULT_TIMEOUT_MS / 1000}; also 500ms, 2s)`,
    apply: (g, v) => (g.timeoutMs = parseTimeout(v!)),
  },
  { long: 'json', description: 'print JSON (lossless; a dump is an array)', apply: (g) => (g.output = 'json') },
  { long: 'jsonl', description: 'print one compact JSON object per line', apply: (g) => (g.output = 'jsonl') },
  { long: 'no-color', description: 'no colours (also when $NO_COLOR is set or output is not a terminal)', apply: (g) => (g.color = false) },
  {
    long: 'emulator',
    description: 'run the command against a built-in VPP emulator started just for it',
    apply: (g) => (g.emulator = true),
  },
  { long: 'help', short: 'h', description: 'show help (for a command: vppapi <command> --help)', apply: (g) => (g.help = true) },
  { long: 'version', short: 'V', description: 'print the version of vppapi', apply: (g) => (g.version = true) },
];

const BY_LONG = new Map(GLOBAL_OPTIONS.map((s) => [s.long, s]));
const BY_SHORT = new Map(GLOBAL_OPTIONS.filter((s) => s.short).map((s) => [s.short!, s]));

/** Defaults, with the environment's VPP_API_SOCKET applied. Throws nothing. */
export function defaultGlobals(env: Readonly<Record<string, string | undefined>>): GlobalOptions {
  return {
    socket: env.VPP_API_SOCKET || DEFAULT_SOCKET,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    output: 'human',
    emulator: false,
    help: false,
    version: false,
  };
}

/**
 * `5`, `1.5`, `2s`, `500ms` → milliseconds.
 * @throws CliError (exit 2) for anything else, or a value that is not positive.
 */
export function parseTimeout(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?\s*$/.exec(text);
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : NaN;
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new CliError(`--timeout: ${JSON.stringify(text)} is not a duration`, undefined, 'write seconds (5, 0.5) or milliseconds (500ms)');
  }
  return Math.round(ms);
}

/** The spec of a global option token (`--socket`, `--socket=x`, `-h`), if it is one. */
export function globalSpec(token: string): GlobalSpec | undefined {
  const o = optionWord(token);
  if (!o) return undefined;
  if (o.flag.startsWith('--')) return BY_LONG.get(o.flag.slice(2));
  return o.inline === undefined ? BY_SHORT.get(o.flag.slice(1)) : undefined;
}

/**
 * Applies the global option at `argv[i]` to `g` and returns how many tokens it used
 * (0 when `argv[i]` is not a global option).
 * @throws CliError (exit 2) when its value is missing or bad.
 */
export function takeGlobal(argv: readonly string[], i: number, g: GlobalOptions): number {
  const token = argv[i]!;
  const spec = globalSpec(token);
  if (!spec) return 0;
  const { inline } = optionWord(token)!;
  if (!spec.value) {
    if (inline !== undefined) throw new CliError(`--${spec.long} takes no value`);
    spec.apply(g, undefined);
    return 1;
  }
  if (inline !== undefined) {
    spec.apply(g, inline);
    return 1;
  }
  const v = argv[i + 1];
  if (v === undefined) throw new CliError(`--${spec.long} needs a value: --${spec.long} <${spec.value}>`);
  spec.apply(g, v);
  return 2;
}

/**
 * Splits a command line into the global options before the command word and the rest
 * (command word first). `--` ends the global options.
 * @throws CliError (exit 2) for an unknown option before the command, or a bad value.
 */
export function scanLeadingGlobals(argv: readonly string[], g: GlobalOptions): string[] {
  const end = leadingOptions(argv, (o, i) => {
    const n = takeGlobal(argv, i, g);
    if (n === 0) {
      throw new CliError(`unknown option ${o.flag}`, undefined, 'options of a message or command go after its name: vppapi <command> --help lists them');
    }
    return n;
  });
  return argv.slice(end);
}

/**
 * Takes every global option out of `argv` (a built-in command's arguments), leaving the
 * rest in order; tokens after `--`, and the options named in `keep` (long names the
 * command reads itself), are left alone.
 * @throws CliError (exit 2) for a bad value.
 */
export function extractGlobals(argv: readonly string[], g: GlobalOptions, keep: readonly string[] = []): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; ) {
    if (argv[i] === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const kept = keep.length > 0 ? globalSpec(argv[i]!) : undefined;
    if (kept && keep.includes(kept.long)) {
      rest.push(argv[i++]!);
      continue;
    }
    const n = takeGlobal(argv, i, g);
    if (n === 0) rest.push(argv[i++]!);
    else i += n;
  }
  return rest;
}

/** Index of the command word: the first word after the leading global options (and their values). Throws nothing. */
export function commandIndex(words: readonly string[]): number {
  // Unknown options are stepped over as one word: completion must not fail on them.
  return leadingOptions(words, (o, i) => (globalSpec(words[i]!)?.value && o.inline === undefined ? 2 : 1));
}
