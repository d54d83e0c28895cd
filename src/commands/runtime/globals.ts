/**
 * Options that apply to every command. One table drives the scanner below and the
 * global section of `vppapi --help`. They may be given before the command word or
 * anywhere after it; after a message name, a field of the same name wins (see plan/read.ts).
 */
import { END_OF_OPTIONS, leadingOptions, optionWord } from '../syntax/tokenizer.js';
import { DEFAULT_API_SOCKET, DEFAULT_STATS_SOCKET } from '../../client/defaults.js';
import { CliError } from './errors.js';

// Defined once in client/defaults.ts; re-exported under the names the CLI has used.
export { DEFAULT_API_SOCKET as DEFAULT_SOCKET, DEFAULT_STATS_SOCKET };
export const DEFAULT_TIMEOUT_MS = 5000;

export type OutputMode = 'human' | 'json' | 'jsonl';

export interface GlobalOptions {
  socket: string;
  /** VPP's stats socket (`vppapi stats`); with --emulator, the emulator's once it runs. */
  statsSocket: string;
  apiDir?: string;
  timeoutMs: number;
  output: OutputMode;
  /** false after --no-color; undefined: colour on a terminal unless NO_COLOR is set. */
  color?: boolean;
  emulator: boolean;
  /** --record FILE: append every message of the connection to FILE (runtime/record.ts). */
  record?: string;
  help: boolean;
  version: boolean;
  /** Tables: these columns, in this order (`--columns a,b.c`). */
  columns?: string[];
  /** Tables on a terminal: every column. */
  wide: boolean;
  /** Tables as tab-separated values. */
  tsv: boolean;
  /** --target (repeatable, comma lists) or $VPPAPI_TARGET: where VPP is (fleet/select.ts). */
  target?: string[];
  /** The targets came from the command line (not $VPPAPI_TARGET): a new --target replaces the env's. */
  targetGiven?: boolean;
  /** --socket was given on the command line. */
  socketGiven?: boolean;
  /** --config FILE: the targets file instead of the default one. */
  config?: string;
  /** --parallel N: targets run at once in a fan-out. */
  parallel?: number;
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
    description: `VPP's API socket (default ${DEFAULT_API_SOCKET}, or $VPP_API_SOCKET)`,
    apply: (g, v) => {
      g.socket = v!;
      g.socketGiven = true;
    },
  },
  {
    long: 'target', value: 'target',
    description: 'where VPP is: a socket path, unix:PATH, ssh://[user@]host[:port][/path], exec:COMMAND, or a name or group from the targets file; several (a,b or repeated) run the command on each ($VPPAPI_TARGET)',
    apply: (g, v) => {
      g.target = g.targetGiven ? [...(g.target ?? []), v!] : [v!];
      g.targetGiven = true;
    },
  },
  {
    long: 'config', value: 'file',
    description: 'the targets file (default $XDG_CONFIG_HOME/vppapi/config.yaml, else ~/.config/vppapi/config.yaml)',
    apply: (g, v) => (g.config = v!),
  },
  {
    long: 'parallel', value: 'n',
    description: 'with several targets: how many run at once (default 16)',
    apply: (g, v) => (g.parallel = parseParallel(v!)),
  },
  {
    long: 'stats-socket', value: 'path',
    description: `VPP's stats socket, for vppapi stats (default ${DEFAULT_STATS_SOCKET}, or $VPP_STATS_SOCKET)`,
    apply: (g, v) => (g.statsSocket = v!),
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
  {
    long: 'columns', value: 'a,b,c',
    description: 'table columns to show, in this order (field names; dots reach into structs: route.prefix)',
    apply: (g, v) => (g.columns = parseColumns(v!)),
  },
  { long: 'wide', description: 'tables on a terminal: every column, none hidden or left out for width', apply: (g) => (g.wide = true) },
  { long: 'tsv', description: 'tables as tab-separated values with a header row, for scripts', apply: (g) => (g.tsv = true) },
  { long: 'no-color', description: 'no colours (also when $NO_COLOR is set or output is not a terminal)', apply: (g) => (g.color = false) },
  {
    long: 'emulator',
    description: 'run the command against a built-in VPP emulator started just for it',
    apply: (g) => (g.emulator = true),
  },
  {
    long: 'record', value: 'file',
    description: 'append every message sent and received on the connection to FILE, one JSON line each (replay it with api-trace replay)',
    apply: (g, v) => (g.record = v!),
  },
  { long: 'help', short: 'h', description: 'show help (for a command: vppapi <command> --help)', apply: (g) => (g.help = true) },
  { long: 'version', short: 'V', description: 'print the version of vppapi', apply: (g) => (g.version = true) },
];

const BY_LONG = new Map(GLOBAL_OPTIONS.map((s) => [s.long, s]));
const BY_SHORT = new Map(GLOBAL_OPTIONS.filter((s) => s.short).map((s) => [s.short!, s]));

/** Defaults, with the environment's VPP_API_SOCKET applied. Throws nothing. */
export function defaultGlobals(env: Readonly<Record<string, string | undefined>>): GlobalOptions {
  return {
    socket: env.VPP_API_SOCKET || DEFAULT_API_SOCKET,
    statsSocket: env.VPP_STATS_SOCKET || DEFAULT_STATS_SOCKET,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    output: 'human',
    emulator: false,
    help: false,
    version: false,
    wide: false,
    tsv: false,
    ...(env.VPPAPI_TARGET ? { target: [env.VPPAPI_TARGET] } : {}),
  };
}

/**
 * `--parallel N`: a whole number from 1 to 1000.
 * @throws CliError (exit 2) for anything else.
 */
export function parseParallel(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 1000)) throw new CliError(`--parallel: ${JSON.stringify(text)} is not a number of targets from 1 to 1000`);
  return n;
}

/**
 * `a, b.c` → ['a', 'b.c'].
 * @throws CliError (exit 2) for an empty list or an empty name.
 */
export function parseColumns(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) {
    throw new CliError(`--columns: ${JSON.stringify(text)} is not a list of column names`, undefined, 'write field names separated by commas, such as --columns sw_if_index,interface_name');
  }
  return names;
}

/**
 * `5`, `1.5`, `2s`, `500ms` → whole milliseconds, for option `flag` (named in errors:
 * --timeout, --interval).
 * @throws CliError (exit 2) for anything else, or a value under 1 ms (0 included: no time
 *   to wait, and timers count whole milliseconds).
 */
export function parseTimeout(text: string, flag = '--timeout'): number {
  const hint = 'write seconds (5, 0.5) or milliseconds (500ms)';
  const m = /^\s*(-?)(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?\s*$/.exec(text);
  const ms = m ? Number(m[2]) * (m[3] === 'ms' ? 1 : 1000) : NaN;
  const what = flag === '--interval' ? 'the interval' : 'the timeout';
  if (m && (m[1] === '-' || ms === 0)) {
    throw new CliError(`${flag}: ${JSON.stringify(text)} is no time to wait: ${what} must be more than 0`, undefined, hint);
  }
  if (!Number.isFinite(ms)) throw new CliError(`${flag}: ${JSON.stringify(text)} is not a duration`, undefined, hint);
  if (ms < 1) throw new CliError(`${flag}: ${JSON.stringify(text)} is less than a millisecond: ${what} must be at least 1ms`, undefined, hint);
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

/** The global options that decide where the definitions come from (files, the VPP asked, the emulator). */
const SOURCE_OPTIONS: ReadonlySet<string> = new Set(['api-dir', 'socket', 'emulator', 'target', 'config']);

/**
 * Applies to `g` the options among `words` (a command or message name first) that
 * decide where the definitions come from: --api-dir, --socket, --emulator. Those are
 * read again where they stand, with a message's flags or a command's options, but the
 * definitions are chosen before that (`vppapi describe acl_add_replace --api-dir D`
 * must read D). Stops at `--`; a missing or bad value is left for that later reading
 * to report. Throws nothing.
 */
export function applySourceGlobals(words: readonly string[], g: GlobalOptions): void {
  for (let i = 1; i < words.length; i++) {
    const t = words[i]!;
    if (t === END_OF_OPTIONS) return;
    const spec = t.startsWith('--') ? globalSpec(t) : undefined;
    if (!spec || !SOURCE_OPTIONS.has(spec.long)) continue;
    try {
      i += takeGlobal(words, i, g) - 1;
    } catch {
      // Reported where the option is read again.
    }
  }
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
