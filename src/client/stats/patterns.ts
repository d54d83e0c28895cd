/**
 * Entry-name patterns as `vpp_get_stats` takes them: regular expressions that may match
 * anywhere in the name, several ORed; no pattern selects everything. VPP compiles POSIX
 * basic regexes; these are JavaScript ones, which read the same for the usual patterns
 * (`/if/rx`, `^/err/`, `drops$`, `[0-9]`, `.*`). They differ in that BRE takes `+ ? | ( ) { }`
 * literally (write `\+` etc. here to mean the character) and knows `[[:alpha:]]` classes.
 * With `glob`, shell-style globs matched against the whole name instead (picomatch): `*`
 * stays inside one `/`-separated part, `**` crosses them, `?` one character, `[…]` a class.
 */
import picomatch from 'picomatch';
import { VppApiError } from '../errors.js';

export interface PatternOptions {
  glob?: boolean;
}

/**
 * A predicate over entry names.
 * @throws VppApiError EINPUT naming the pattern that does not compile.
 */
export function nameMatcher(patterns: readonly string[], opts: PatternOptions = {}): (name: string) => boolean {
  if (patterns.length === 0) return () => true;
  const tests = patterns.map((p) => (opts.glob ? compileGlob(p) : compileRegex(p)));
  if (tests.length === 1) return tests[0]!;
  return (name) => tests.some((t) => t(name));
}

function compileRegex(p: string): (name: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(p);
  } catch (e) {
    throw new VppApiError('EINPUT', `pattern ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')} (use --glob for shell-style patterns)`, { cause: e });
  }
  return (name) => re.test(name);
}

function compileGlob(p: string): (name: string) => boolean {
  try {
    const m = picomatch(p, { dot: true });
    // picomatch's matcher takes a second argument (return an object); never pass it one.
    return (name) => m(name);
  } catch (e) {
    throw new VppApiError('EINPUT', `glob ${JSON.stringify(p)} is not valid: ${(e as Error).message}`, { cause: e });
  }
}
