/**
 * `vppapi completion bash|zsh|fish`: prints the completion script kept in completions/
 * (shipped with the package), with how to install it in a comment at its top.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';

/** The file of each shell's script in completions/. */
export const SCRIPTS: Readonly<Record<string, string>> = { bash: 'vppapi.bash', zsh: '_vppapi', fish: 'vppapi.fish' };

/**
 * The completions/ directory of this package (above src/ or dist/src/).
 * @throws CliError (exit 70) when the package was installed without it.
 */
export function completionsDir(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    const c = join(dir, 'completions');
    if (existsSync(join(c, SCRIPTS.bash!))) return c;
    dir = dirname(dir);
  }
  throw new CliError('the completion scripts are not installed beside vppapi (completions/ is missing)', EXIT.INTERNAL, 'reinstall vppapi');
}

export async function run(rt: Runtime, args: string[]): Promise<number> {
  const shell = args[0]!;
  const file = Object.hasOwn(SCRIPTS, shell) ? SCRIPTS[shell] : undefined;
  if (!file) throw new CliError(`completion: no script for "${shell}"`, EXIT.USAGE, 'vppapi completion bash, vppapi completion zsh or vppapi completion fish');
  rt.io.stdout.write(readFileSync(join(completionsDir(), file), 'utf8'));
  return EXIT.OK;
}
