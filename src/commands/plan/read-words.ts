/**
 * The argument reader's first half (plan/read.ts): a request's words sorted into field
 * flags (each spelling looked up once in the plan's flag table), request options
 * (`--help`, `--args`, `--dry-run`, `--force`) and global options.
 */
import { readFileSync } from 'node:fs';
import type { FlagTarget } from '../request/flags.js';
import { CliError } from '../runtime/errors.js';
import { type GlobalOptions, globalSpec, takeGlobal } from '../runtime/globals.js';
import { END_OF_OPTIONS, optionWord } from '../syntax/tokenizer.js';
import type { RequestPlan } from './plan.js';
import { type Fail, type Scanned, pathKey } from './read-tree.js';
import { isBoolWord } from '../../format/values/numbers.js';
import { fsReason } from '../../client/fs-reason.js';

/** Where a global option among the words is applied (ReadOptions of read.ts). */
interface GlobalsTarget {
  globals: () => GlobalOptions;
}

/** The options of every request (not fields): a field of the same name wins, except for -h/--help and --args-json. */
function requestOption(flag: string, bare: string, fieldNames: ReadonlySet<string>): 'help' | 'args' | 'dry-run' | 'force' | undefined {
  if (flag === '-h' || flag === '--help') return 'help';
  if ((bare === 'args' && !fieldNames.has('args')) || bare === 'args-json') return 'args';
  if (bare === 'dry-run' && !fieldNames.has('dry-run')) return 'dry-run';
  if (bare === 'force' && !fieldNames.has('force')) return 'force';
  return undefined;
}

/** Whether `v`, the word after a flag, is its value: there is one, and it is not a flag (`--x`; `--` alone is a value). */
function isValue(v: string | undefined): v is string {
  return v !== undefined && !(v.startsWith('--') && v.length > 2);
}

/**
 * The value after flag `flag` at `words[i]` (the caller steps over it).
 * @throws CliError when there is none, or it is a flag.
 */
function valueAfter(words: readonly string[], i: number, flag: string, fail: Fail): string {
  const v = words[i + 1];
  if (!isValue(v)) return fail(`${flag} needs a value`, v === undefined ? undefined : `a value that starts with -- is written ${flag}=${v}`);
  return v;
}

/**
 * What a bool flag typed without `=` sets: true, or false for its negation (`--no-x`).
 * The word after it is never taken (`--is-add 1` reads `1` as a stray word).
 */
/**
 * The word after boolean flag `words[i]` when it is a boolean word (`--is-add false`,
 * yes/no, on/off, 1/0), which then is the flag's value; undefined otherwise (the flag
 * alone means true). Throws nothing.
 */
function boolAfter(words: readonly string[], i: number): string | undefined {
  const v = words[i + 1];
  return isBoolWord(v) ? v : undefined;
}

function boolValue(negated: boolean): boolean {
  return !negated;
}

/** Records a flag's value; a list collects its values. @throws CliError for another field given twice. */
function given(s: Scanned, target: FlagTarget, key: string, top: boolean, value: unknown, flag: string, fail: Fail): void {
  if (top) {
    if (!Object.hasOwn(s.top, key)) {
      s.top[key] = value;
      s.topTyped.push(key, flag);
      return;
    }
    const prev = s.topTyped[s.topTyped.indexOf(key) + 1]!;
    twice(prev, flag, target, fail);
  }
  const g = (s.given ??= new Map());
  const prev = g.get(key);
  if (prev && target.kind !== 'list') twice(prev.typed, flag, target, fail);
  if (prev) prev.values.push(value);
  else g.set(key, { target, values: [value], typed: flag });
}

function twice(prev: string, flag: string, target: FlagTarget, fail: Fail): never {
  return fail(`${prev === flag ? flag : `${prev} and ${flag}`} given twice`, `a field takes one value${target.kind === 'object' ? '; give sub-fields as --' + target.name + '.<field>' : ''}`);
}

/**
 * Sorts the words into field flags, request options and global options.
 * @throws CliError for a stray word, an unknown flag, a missing or repeated value.
 */
export function scan(plan: RequestPlan, words: readonly string[], from: number, opts: GlobalsTarget, fail: Fail): Scanned {
  const table = plan.flags;
  const s: Scanned = { top: {}, topTyped: [], given: undefined, stdin: false, help: false, dryRun: false, force: false };
  for (let i = from; i < words.length; i++) {
    const t = words[i]!;
    // A field flag met before on a line of this message (a script's usual case): no spelling to work out.
    const known = table.word(t);
    if (known) {
      const word = known.target.kind === 'bool' && !known.negated ? boolAfter(words, i) : undefined;
      if (word !== undefined) i++;
      const value = known.target.kind === 'bool' ? word ?? boolValue(known.negated) : valueAfter(words, i++, t, fail);
      given(s, known.target, known.key, known.top, value, t, fail);
      continue;
    }
    if (t === END_OF_OPTIONS) {
      if (i + 1 < words.length) fail(`unexpected argument ${JSON.stringify(words[i + 1])}`, 'fields are given as --field VALUE');
      break;
    }
    const word = optionWord(t, { numbers: true });
    if (!word) return fail(`unexpected argument ${JSON.stringify(t)}`, `fields are given as --field VALUE: vppapi ${plan.name} --help lists them`);
    const { flag, inline } = word;
    const bare = flag.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
    const next = (): string => (inline !== undefined ? inline : valueAfter(words, i++, flag, fail));
    const own = requestOption(flag, bare, table.fieldNames);
    if (own === 'help') s.help = true;
    else if (own === 'args') {
      const v = next();
      s.stdin = v === '-';
      s.json = s.stdin ? undefined : readJsonArg(v);
      s.file = v.startsWith('@');
    } else if (own === 'dry-run') s.dryRun = true;
    else if (own === 'force') s.force = true;
    else i = fieldOrGlobal(s, plan, words, i, flag, bare, inline, opts, fail);
  }
  return s;
}

/** A flag that names a field (a negation `--no-x` of a bool x included) or a global option; returns the index of its last word. */
function fieldOrGlobal(
  s: Scanned, plan: RequestPlan, words: readonly string[], i: number, flag: string, bare: string, inline: string | undefined, opts: GlobalsTarget, fail: Fail,
): number {
  const table = plan.flags;
  let r = table.lookup(bare);
  let negated = false;
  if (!r.ok && bare.startsWith('no-')) {
    const pos = table.lookup(bare.slice(3));
    if (pos.ok && pos.target.kind === 'bool') {
      if (inline !== undefined) fail(`${flag} takes no value`);
      r = pos;
      negated = true;
    }
  }
  if (!r.ok) {
    if (globalSpec(flag)) return i + takeGlobal(words, i, (s.globals ??= opts.globals())) - 1;
    return fail(r.error, r.hint);
  }
  const { target } = r;
  const key = pathKey(target.path);
  if (inline === undefined) table.remember(words[i]!, target, key, negated);
  let at = i;
  let value: unknown;
  const word = target.kind === 'bool' && inline === undefined && !negated ? boolAfter(words, i) : undefined;
  if (word !== undefined) value = words[++at];
  else if (target.kind === 'bool' && inline === undefined) value = boolValue(negated);
  else if (inline !== undefined) value = inline;
  else value = valueAfter(words, at++, flag, fail);
  given(s, target, key, target.path.length === 1 && target.kind !== 'list', value, flag, fail);
  return at;
}

/**
 * The text of `--args`: JSON itself, or `@path` for a file (`-`, standard input, is a Need).
 * @throws CliError (exit 2) when the file cannot be read.
 */
function readJsonArg(v: string): string {
  if (v.startsWith('@')) {
    try {
      return readFileSync(v.slice(1), 'utf8');
    } catch (e) {
      throw new CliError(`--args ${v}: cannot read ${v.slice(1)}: ${fsReason(e)}`, undefined, undefined, { cause: e });
    }
  }
  return v;
}
