/**
 * Hints are written for the command line (`vppapi describe x`, `vppapi --help`); in the
 * interactive shell the user types the same commands without the program's name, and
 * `help` where the command line says `--help`. The printer hands each hint through
 * `hintFor` with where it prints, so no command needs to know where it runs.
 *
 * | command-line hint                                   | in the shell                          |
 * |-----------------------------------------------------|---------------------------------------|
 * | `vppapi --help lists …`                             | `help lists …`                        |
 * | `vppapi help <module>`, `vppapi describe x`, `vppapi x --help` | `help <module>`, `describe x`, `x --help` |
 * | `vppapi --record FILE repl` (any other flag first) | as it is: a command for the command line |
 * | `point --socket (or $VPP_API_SOCKET) at its API socket` | `switch to its API socket with use PATH` |
 * | a clause offering `vppapi --emulator …`             | left out (the shell is connected already) |
 */

/** Where output goes: the command line (also `exec` scripts, run from it) or the interactive shell. */
export type HintContext = 'cli' | 'shell';

/** `hint` as it reads where the user is. Throws nothing. */
export function hintFor(hint: string, where: HintContext | undefined): string {
  if (where !== 'shell') return hint;
  const clauses = hint
    .split(/;\s+/)
    .filter((c) => !/\bvppapi --emulator\b/.test(c))
    .map((c) =>
      c
        .replace(/point --socket \(or \$VPP_API_SOCKET\) at its API socket/g, 'switch to its API socket with use PATH')
        .replace(/\bvppapi --help\b/g, 'help')
        .replace(/\bvppapi (?=[a-z])/g, ''),
    );
  return clauses.join('; ');
}
