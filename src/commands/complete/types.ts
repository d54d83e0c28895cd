/** The completion engine's vocabulary, shared by the REPL, `__complete` and the tests. */

export interface Candidate {
  /** The word to insert. */
  value: string;
  /** Shown beside the value where the shell can (zsh, fish): a type, an interface's name. */
  description?: string;
  /** Shown in plain lists (REPL, bash) as `value (note)`: interface names. */
  note?: string;
}

export interface Completion {
  candidates: Candidate[];
  /** The candidates are unfinished words (`flags=`): no space after them. */
  noSpace: boolean;
  /** File names are wanted here (exec FILE, --api-dir DIR), not candidates. */
  files: boolean;
}

export interface LiveInterface {
  index: number;
  name: string;
}

export interface CompleteOptions {
  /** REPL syntax: `name=value` pairs, `help <message>`. */
  repl?: boolean;
  /** More words for the command position (the REPL's `.exit`, `.json`, …). */
  commands?: readonly string[];
  /** The live interfaces, for interface-index fields (a session is at hand). */
  interfaces?: () => Promise<readonly LiveInterface[]>;
  /** The names in VPP's statistics directory now, for `stats` patterns. */
  statEntries?: () => Promise<readonly string[]>;
  /** The targets file's target and group names, for `--target` (and the shell's `use`). */
  targets?: () => Promise<readonly string[]>;
}
