/**
 * Errors that read raw: commander's own texts, Node's error codes and system-call names
 * (ENOENT, EISDIR, "scandir '/x'"), a regular file given as a socket, --timeout 0. Every
 * case is a bad input (exit 2) or an unreachable VPP (exit 3) said in vppapi's words, and
 * no stderr line carries an error code, a system call or a second "error:".
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError } from '../../../src/commands/runtime/report.js';
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
  ['api-trace replay of a directory, no VPP: the file first', ['--socket', missing, 'api-trace', 'replay', sub], 2, /^error: api-trace: cannot read .*a-dir: it is a directory, not a file\n/],
  ['stats with no subcommand', ['stats'], 2, /^error: stats: the subcommand is missing: ls, show or watch\nhint: vppapi stats --help says what each does\n$/],
  ['api-trace with no subcommand', ['api-trace'], 2, /^error: api-trace: the subcommand is missing: show or replay\n/],
  ['generate with no subcommand', ['generate'], 2, /^error: generate: the subcommand is missing: ts\n/],
  ['--timeout -1', ['--timeout', '-1', 'show_version'], 2, /^error: --timeout: "-1" is no time to wait: the timeout must be more than 0\n/],
  ['--timeout under a millisecond', ['--timeout', '0.0001', 'show_version'], 2, /^error: --timeout: "0\.0001" is less than a millisecond: the timeout must be at least 1ms\n/],
  ['stats watch --interval 0 names --interval', ['--emulator', 'stats', 'watch', '--interval', '0'], 2, /^error: --interval: "0" is no time to wait: the interval must be more than 0\n/],
  ['watch --timeout 0', ['--emulator', 'watch', 'want_interface_events', '--timeout', '0s'], 2, /^error: --timeout: "0s" is no time to wait/],
  ['--config: no such file', ['--config', missing, 'targets'], 2, /^error: cannot read the targets file .*missing: no such file or directory\n/],
  ['--config: a directory', ['--config', sub, 'targets'], 2, /^error: cannot read the targets file .*a-dir: it is a directory, not a file\n/],
  ['generate --out under a file', ['--emulator', 'generate', 'ts', '--out', join(file, 'sub')], 2, /^error: --out: cannot make directory .*plain\.txt\/sub: it is not a directory/],
  ['generate --out where no directory can be made (/proc)', ['--emulator', 'generate', 'ts', '--out', '/proc/vppapi-test-x'], 2, /^error: --out: cannot make directory \/proc\/vppapi-test-x: no such file or directory\n/],
  ['api export --out under a file', ['--emulator', 'api', 'export', '--out', join(file, 'sub')], 2, /^error: api export: cannot write to .*plain\.txt\/sub: it is not a directory/],
  ['api diff: no such path', ['api', 'diff', missing, 'builtin'], 2, /^error: OLD: .*missing: no such directory, \.tar\.gz file or socket\n/],
  ['check --against: a file that is missing', ['--emulator', 'check', '--against', 'builtin', missing], 2, /^error: .*missing: cannot be read: no such file or directory\n/],
  ['check --against: a directory as a file', ['--emulator', 'check', '--against', 'builtin', sub], 2, /^error: .*a-dir: cannot be read: it is a directory, not a file\n/],
  ['serve --token-file: no such file', ['serve', '--token-file', missing], 2, /^error: serve: cannot read --token-file .*missing: no such file or directory\n/],
  ['serve --token-file: a directory', ['serve', '--token-file', sub], 2, /^error: serve: --token-file .*a-dir is a directory: give the file that holds the token\n/],
  ['emulate --socket below a regular file', ['--socket', join(file, 'api.sock'), 'emulate'], 3, /^error: emulate: cannot listen on .*plain\.txt\/api\.sock: it is not a directory/],
  ['emulate --socket where no directory can be made (/proc)', ['--socket', '/proc/vppapi-test-x/api.sock', 'emulate'], 3, /^error: emulate: cannot listen on \/proc\/vppapi-test-x\/api\.sock: no such file or directory\n/],
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

describe('a Node file error no command worded', () => {
  it('reads as a file that cannot be used (exit 2), not as an internal error', () => {
    const said = (path: string): [number, string[]] => {
      let raw: unknown;
      try {
        readFileSync(path);
      } catch (e) {
        raw = e;
      }
      const lines: string[] = [];
      const p = { error: (t: string) => lines.push(`error: ${t}`), hint: (t: string) => lines.push(`hint: ${t}`), note: (t: string) => lines.push(t) };
      return [reportError(raw, p as never, {}), lines];
    };
    expect(said(missing)).toEqual([2, [`error: cannot open ${missing}: no such file or directory`]]);
    // Node's EISDIR from a read names no path.
    expect(said(sub)).toEqual([2, ['error: cannot read a file: it is a directory, not a file']]);
  });
});
