/**
 * commander's own usage errors in vppapi's words: the command named, what is wrong, and
 * a hint where the usage is, printed through the printer like every other error (its
 * `error:` styled, no second `error:`).
 *
 * | commander says                                   | vppapi says                              |
 * |--------------------------------------------------|------------------------------------------|
 * | missing required argument 'file'                 | api-trace show: FILE is missing          |
 * | too many arguments for 'show'. Expected 1 …got 2 | api-trace show: too many arguments: it takes 1, got 2 |
 * | unknown option '--x' (Did you mean --y?)         | api-trace show: unknown flag --x (did you mean --y?) |
 * | unknown command 'x' (Did you mean y?)            | api-trace: no subcommand "x" (did you mean y?) |
 * | option '--x <v>' argument missing                | api-trace show: --x needs a value        |
 */

export interface UsageText {
  message: string;
  hint?: string;
}

/** The text of one commander error for command `path` (e.g. `api-trace show`). Throws nothing. */
export function commanderText(raw: string, path: string, commandWord = 'vppapi'): UsageText {
  const text = raw.replace(/^error:\s*/, '').trim();
  const near = /\(Did you mean (.+?)\?\)/.exec(text)?.[1];
  const didYou = near ? ` (did you mean ${near}?)` : '';
  const usage = `${commandWord} ${path} --help shows its usage`;
  let m: RegExpExecArray | null;
  if ((m = /^missing required argument '([^']+)'/.exec(text))) return { message: `${path}: ${m[1]!.toUpperCase()} is missing`, hint: usage };
  if ((m = /^too many arguments(?: for '[^']*')?\. Expected (\d+) arguments? but got (\d+)/.exec(text))) {
    return { message: `${path}: too many arguments: it takes ${m[1]}, got ${m[2]}`, hint: usage };
  }
  if ((m = /^unknown option '([^']+)'/.exec(text))) return { message: `${path}: unknown flag ${m[1]}${didYou}`, hint: usage };
  if ((m = /^unknown command '([^']+)'/.exec(text))) return { message: `${path}: no subcommand "${m[1]}"${didYou}`, hint: `${commandWord} ${path} --help lists them` };
  if ((m = /^option '(--?[\w-]+)[^']*' argument missing/.exec(text))) return { message: `${path}: ${m[1]} needs a value`, hint: usage };
  return { message: `${path}: ${text.replace(/\s*\(Did you mean .+?\?\)/, '')}${didYou}`, hint: usage };
}
