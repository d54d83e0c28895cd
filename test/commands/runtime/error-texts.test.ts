/**
 * Errors that read raw: commander's own texts, Node's error codes and system-call names
 * (ENOENT, EISDIR, "scandir '/x'"), a regular file given as a socket, --timeout 0. Every
 * case is a bad input (exit 2) or an unreachable VPP (exit 3) said in vppapi's words, and
 * no stderr line carries an error code, a system call or a second "error:".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, cleanup, run, tempDir } from '../../support/cli.js';

const env = baseEnv({ NO_COLOR: '1' });
afterAll(() => cleanup());

const dir = tempDir('vppapi-errtexts-');
const file = join(dir, 'plain.txt');
writeFileSync(file, 'x\n');
const sub = join(dir, 'a-dir');
mkdirSync(sub);
const missing = join(dir, 'missing');

/** No Node error code, errno name, system call or doubled prefix may reach the user. */
const LEAK = /\bE[A-Z]{3,}\b|\b(?:scandir|open|read|lstat|stat|connect|mkdir|syscall|errno)\b '|error: error:|Error: /;

const CASES: [string, string[], number, RegExp][] = [
  ['commander: missing argument', ['api-trace', 'show'], 2, /^error: api-trace show: FILE is missing\nhint: vppapi api-trace show --help shows its usage\n$/],
  ['commander: too many arguments', ['api-trace', 'show', 'a', 'b'], 2, /^error: api-trace show: too many arguments: it takes 1, got 2\n/],
  ['commander: unknown subcommand', ['api-trace', 'bogus'], 2, /^error: api-trace: no subcommand "bogus"\nhint: vppapi api-trace --help lists them\n$/],
  ['commander: unknown flag', ['emulate', '--bogus'], 2, /^error: emulate: unknown flag --bogus/],
  ['exec: no such file', ['exec', missing], 2, /^error: exec: cannot read .*missing: no such file or directory\n/],
  ['exec: a directory', ['exec', sub], 2, /^error: exec: cannot read .*a-dir: it is a directory, not a file\n/],
  ['api-trace: a directory', ['api-trace', 'show', sub], 2, /^error: api-trace: cannot read .*a-dir: it is a directory, not a file\n/],
  ['--api-dir: no such directory', ['--api-dir', missing, 'show_version'], 2, /^error: cannot read definitions directory .*missing: no such file or directory\n/],
  ['--api-dir: a file', ['--api-dir', file, 'show_version'], 2, /^error: cannot read definitions directory .*plain\.txt: it is not a directory/],
  ['--record into a directory', ['--emulator', '--record', sub, 'show_version'], 2, /^error: --record: cannot write .*a-dir: it is a directory, not a file\n/],
  ['--args @ a directory', ['--emulator', 'show_version', '--args', `@${sub}`], 2, /cannot read .*a-dir: it is a directory, not a file\n/],
  ['--timeout 0', ['--timeout', '0', 'show_version'], 2, /^error: --timeout: "0" is no time to wait: the timeout must be more than 0\n/],
  ['--stats-socket a regular file', ['--stats-socket', file, 'stats', 'ls'], 3, /^error: cannot connect: .*plain\.txt is a regular file, not a socket: pass the path of VPP's stats socket/],
  ['--socket a regular file', ['--socket', file, 'show_version'], 3, /plain\.txt is a regular file, not a socket/],
];

describe('errors in vppapi\'s words', () => {
  for (const [name, argv, code, said] of CASES) {
    it(name, async () => {
      const r = await run(argv, { env });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(said);
      expect(r.stderr, 'a Node error code or system call leaked').not.toMatch(LEAK);
      expect(r.stderr.match(/^error:/gm)).toHaveLength(1);
    });
  }
});
