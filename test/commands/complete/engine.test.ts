/**
 * The completion engine: candidates at each position of a command line, from the
 * definitions alone (the built-in set here; VPP 26.06's files when ../shared is there),
 * and the live interface list when one is given.
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { bashWords, formatCompletion } from '../../../src/commands/builtins/complete.js';
import { schemaDefs } from '../../../src/commands/complete/defs.js';
import { type CompleteOptions, complete } from '../../../src/commands/complete/engine.js';
import { completionSource } from '../../../src/commands/complete/shell-definitions.js';
import { builtinSources, cleanup, tempDir } from '../../support/cli.js';
import { SHARED } from '../../support/shared.js';

const defs = schemaDefs(loadSchema(builtinSources()).schema);
const values = async (words: string[], partial: string, opts?: CompleteOptions): Promise<string[]> =>
  (await complete(defs, words, partial, opts)).candidates.map((c) => c.value);

afterAll(cleanup);

describe('the command word', () => {
  it('offers requests and built-in commands that start with the word', async () => {
    expect(await values([], 'show_ve')).toEqual(['show_version']);
    const sw = await values([], 'sw_interface_set_');
    expect(sw).toContain('sw_interface_set_flags');
    expect(sw).toContain('sw_interface_set_mtu');
    expect(sw.every((c) => c.startsWith('sw_interface_set_'))).toBe(true);
    expect(await values([], 'wat')).toEqual(['watch']);
    expect(await values([], 'comp')).toEqual(['completion']);
  });

  it('leaves out replies, events and the hidden __complete', async () => {
    const all = await values([], '');
    expect(all).toContain('sw_interface_dump');
    expect(all).not.toContain('sw_interface_details');
    expect(all).not.toContain('sw_interface_event');
    expect(all).not.toContain('__complete');
  });

  it('completes global options first, and skips them with their values', async () => {
    expect(await values([], '--so')).toEqual(['--socket']);
    expect(await values(['--socket', '/tmp/a.sock', '--json'], 'show_ve')).toEqual(['show_version']);
    expect((await complete(defs, ['--socket'], '/tm')).files).toBe(true);
    expect((await complete(defs, ['--api-dir'], '')).files).toBe(true);
    expect(await values(['--timeout'], '')).toEqual([]);
  });

  it('adds the REPL commands given', async () => {
    expect(await values([], '.j', { repl: true, commands: ['.exit', '.json', '.jsonl'] })).toEqual(['.json', '.jsonl']);
  });
});

describe('after a request', () => {
  it('completes a global option given among its flags as before the command: target names, files', async () => {
    const targets = { targets: async () => ['edge1', 'edge2', 'core'] };
    expect(await values(['show_version', '--target'], 'ed', targets)).toEqual(['edge1', 'edge2']);
    expect(await values(['show_version'], '--target=ed', targets)).toEqual(['--target=edge1', '--target=edge2']);
    expect(await values(['sw_interface_dump', '--target'], 'edge1,c', targets)).toEqual(['edge1,core']);
    expect(await values(['sw_interface_dump', '--sw-if-index', '1'], '--target=', targets)).toEqual(['--target=edge1', '--target=edge2', '--target=core']);
    expect((await complete(defs, ['show_version', '--socket'], '/tm')).files).toBe(true);
    expect((await complete(defs, ['show_version'], '--api-dir=/tm')).files).toBe(true);
    expect(await values(['show_version', '--timeout'], '', targets)).toEqual([]);
  });

  it('lists its flags at the top level, with the options every request takes', async () => {
    expect(await values(['sw_interface_set_flags'], '--')).toEqual(['--sw-if-index', '--flags', '--args', '--dry-run', '--help']);
    expect(await values(['sw_interface_set_flags'], '--f')).toEqual(['--flags']);
    expect(await values(['sw_interface_set_flags', '--sw-if-index', '1'], '')).toContain('--flags');
  });

  it('lists the members of a struct once its name and a dot are typed', async () => {
    const top = await values(['ip_route_add_del'], '--rou');
    expect(top).toEqual(['--route']);
    const route = await values(['ip_route_add_del'], '--route.');
    expect(route).toEqual(['--route.table-id', '--route.stats-index', '--route.prefix', '--route.paths']);
    const path = await values(['ip_route_add_del'], '--route.paths[1].sw');
    expect(path).toEqual(['--route.paths[1].sw-if-index']);
  });

  it('keeps the spelling typed: snake case gives snake case', async () => {
    expect(await values(['sw_interface_set_flags'], '--sw_')).toEqual(['--sw_if_index']);
  });

  it('completes global options only once something of the name is typed', async () => {
    expect(await values(['show_version'], '--js')).toEqual(['--json', '--jsonl']);
    expect(await values(['show_version'], '--')).not.toContain('--json');
  });

  it('completes enum and flag values after their flag, and in --flag=value form', async () => {
    expect(await values(['sw_interface_set_flags', '--flags'], '')).toEqual(['ADMIN_UP', 'LINK_UP']);
    // Matched without regard to case, spelled as the definition does.
    expect(await values(['sw_interface_set_flags', '--flags'], 'ad')).toEqual(['ADMIN_UP']);
    expect(await values(['sw_interface_set_flags', '--flags'], 'AD')).toEqual(['ADMIN_UP']);
    expect(await values(['sw_interface_set_flags', '--flags'], 'Admin_U')).toEqual(['ADMIN_UP']);
    expect(await values(['sw_interface_set_flags', '--flags'], 'if_status')).toEqual(['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP']);
    expect(await values(['sw_interface_set_flags', '--flags'], 'admin_up|')).toEqual(['admin_up|ADMIN_UP', 'admin_up|LINK_UP']);
    expect(await values(['sw_interface_set_flags'], '--flags=li')).toEqual(['--flags=LINK_UP']);
    expect(await values(['sw_interface_add_del_address'], '--is-add=t')).toEqual(['--is-add=true']);
  });

  it('offers nothing after a bool flag, which takes no value', async () => {
    const next = await values(['sw_interface_add_del_address', '--is-add'], '--');
    expect(next).toContain('--prefix');
  });

  it('offers the live interfaces for an interface index, when there is a list', async () => {
    const interfaces = async () => [{ index: 0, name: 'local0' }, { index: 1, name: 'loop0' }, { index: 10, name: 'loop9' }];
    const c = await complete(defs, ['sw_interface_set_flags', '--sw-if-index'], '1', { interfaces });
    expect(c.candidates).toEqual([
      { value: '1', description: 'loop0', note: 'loop0' },
      { value: '10', description: 'loop9', note: 'loop9' },
    ]);
    expect(await values(['sw_interface_set_flags', '--sw-if-index'], '')).toEqual([]);
    const failing = async (): Promise<never> => {
      throw new Error('gone');
    };
    expect(await values(['sw_interface_set_flags', '--sw-if-index'], '', { interfaces: failing })).toEqual([]);
  });

  it('in the REPL, offers name= pairs and their values', async () => {
    const c = await complete(defs, ['sw_interface_set_flags'], 'fl', { repl: true });
    expect(c.candidates.map((x) => x.value)).toEqual(['flags=']);
    expect(c.noSpace).toBe(true);
    expect(await values(['sw_interface_set_flags', 'sw_if_index=1'], '', { repl: true })).toEqual(['sw_if_index=', 'flags=']);
    expect(await values(['sw_interface_set_flags'], 'flags=ad', { repl: true })).toEqual(['flags=ADMIN_UP']);
    expect(await values(['sw_interface_set_flags'], 'flags=AD', { repl: true })).toEqual(['flags=ADMIN_UP']);
    expect(await values(['ip_route_add_del'], 'route.pr', { repl: true })).toEqual(['route.prefix=']);
    // Outside the REPL a bare word is no flag.
    expect(await values(['sw_interface_set_flags'], 'fl')).toEqual([]);
  });

  it('in the REPL, name= offers exactly what --name offers: live interfaces, enum and flag names, booleans', async () => {
    const interfaces = async () => [{ index: 0, name: 'local0' }, { index: 1, name: 'loop0' }, { index: 10, name: 'loop9' }];
    const opts = { repl: true, interfaces };
    const pairs: [string[], string, string, string][] = [
      [['sw_interface_set_flags'], 'sw_if_index', '', ''],
      [['sw_interface_set_flags'], 'sw_if_index', '1', ''],
      [['sw_interface_set_flags'], 'flags', '', ''],
      [['sw_interface_set_flags'], 'flags', 'li', ''],
      [['sw_interface_set_flags', 'sw_if_index=1'], 'flags', 'AD', ''],
      [['sw_interface_add_del_address'], 'sw_if_index', '', ''],
    ];
    for (const [words, name, typed] of pairs) {
      const flag = (await complete(defs, [...words, `--${name.replace(/_/g, '-')}`], typed, opts)).candidates;
      const pair = (await complete(defs, words, `${name}=${typed}`, opts)).candidates;
      expect(pair.map((c) => c.value), `${name}=${typed}`).toEqual(flag.map((c) => `${name}=${c.value}`));
      expect(pair.map((c) => c.note)).toEqual(flag.map((c) => c.note));
    }
    const ifs = (await complete(defs, ['sw_interface_set_flags'], 'sw_if_index=', opts)).candidates;
    expect(ifs.map((c) => `${c.value} (${c.note})`)).toEqual(['sw_if_index=0 (local0)', 'sw_if_index=1 (loop0)', 'sw_if_index=10 (loop9)']);
    // Never the field names again after the `=`.
    expect(ifs.map((c) => c.value)).not.toContain('flags=');
  });

  it('gives nothing for an unknown message, and nothing after --', async () => {
    expect(await values(['no_such_message'], '--')).toEqual([]);
    expect(await values(['sw_interface_set_flags', '--'], '--')).toEqual([]);
  });
});

describe('after a built-in command', () => {
  it('completes its argument: messages, want_* requests, shells, files', async () => {
    expect(await values(['describe'], 'show_version')).toEqual(['show_version', 'show_version_reply']);
    expect(await values(['watch'], '')).toEqual(['want_interface_events']);
    expect(await values(['completion'], '')).toEqual(['bash', 'fish', 'zsh']);
    expect((await complete(defs, ['exec'], 'scr')).files).toBe(true);
    expect(await values(['help'], 'interf')).toEqual(['interface', 'interface_name_renumber']);
    expect(await values(['help'], 'show_version', { repl: true })).toEqual(['show_version', 'show_version_reply']);
  });

  it('completes its options from its own definition', async () => {
    expect(await values(['describe', 'show_version'], '--te')).toEqual(['--template']);
    expect(await values(['describe', 'show_version'], '--t')).toEqual(['--template', '--target', '--timeout', '--tsv']);
    expect(await values(['exec'], '--c')).toEqual(['--continue-on-error', '--config', '--columns']);
    expect(await values(['message-table'], '--')).toEqual(['--filter']);
  });

  it('completes the flags of the request watched, and watch\'s own options', async () => {
    const flags = await values(['watch', 'want_interface_events'], '--');
    expect(flags).toEqual(['--enable-disable', '--pid', '--args', '--dry-run', '--help', '--count', '--timeout']);
    expect(await values(['watch', 'want_interface_events', '--count'], '')).toEqual([]);
  });
});

describe('shell output', () => {
  it('bash: words split at = are joined; readline replaces what follows the last break or an open quote', () => {
    expect(bashWords(['sw_interface_set_flags', '--flags', '=', 'ad'])).toEqual({ words: ['sw_interface_set_flags', '--flags=ad'], lead: '--flags=' });
    expect(bashWords(['x', '--flags', '='])).toEqual({ words: ['x', '--flags='], lead: '--flags=' });
    expect(bashWords(['x', '--flags='])).toEqual({ words: ['x', '--flags='], lead: '' });
    expect(bashWords(['x', 'y'])).toEqual({ words: ['x', 'y'], lead: '' });
    expect(bashWords(['x', '--p', '=', "'via 1"])).toEqual({ words: ['x', "--p='via 1"], lead: "--p='", quote: "'" });
    expect(bashWords(['x', '--p="via 1'])).toEqual({ words: ['x', '--p="via 1'], lead: '--p="', quote: '"' });
    expect(bashWords(['x', "'a b'", "c\\'d"])).toEqual({ words: ['x', "'a b'", "c\\'d"], lead: '' });
    const c = { candidates: [{ value: '--flags=admin_up' }], noSpace: false, files: false };
    expect(formatCompletion(c, 'bash', { lead: '--flags=' })).toEqual(['admin_up', ':0']);
    const path = { candidates: [{ value: 'via 1 a$b' }], noSpace: true, files: false };
    expect(formatCompletion(path, 'bash')).toEqual(['via\\ 1\\ a\\$b', ':1']);
    expect(formatCompletion(path, 'bash', { lead: '', quote: '"' })).toEqual(['via 1 a\\$b', ':1']);
    expect(formatCompletion(path, 'bash', { lead: '', quote: "'" })).toEqual(['via 1 a$b', ':1']);
    expect(formatCompletion({ ...path, candidates: [{ value: "it's" }] }, 'bash', { lead: '', quote: "'" })).toEqual([':1']);
  });

  it('shows notes beside several values, not on a single one', () => {
    const two = { candidates: [{ value: '1', note: 'loop0', description: 'loop0' }, { value: '10', note: 'loop9', description: 'loop9' }], noSpace: false, files: false };
    expect(formatCompletion(two, 'bash')).toEqual(['1 (loop0)', '10 (loop9)', ':0']);
    expect(formatCompletion({ ...two, candidates: [two.candidates[0]!] }, 'bash')).toEqual(['1', ':0']);
    expect(formatCompletion(two, 'fish')).toEqual(['1\tloop0', '10\tloop9', ':0']);
    expect(formatCompletion(two, 'zsh')).toEqual(['1:loop0', '10:loop9', ':0']);
    expect(formatCompletion(two, undefined)).toEqual(['1', '10']);
  });

  it('zsh escapes colons in values; the directive says no-space and files', () => {
    expect(formatCompletion({ candidates: [{ value: 'a:b' }], noSpace: true, files: false }, 'zsh')).toEqual(['a\\:b', ':1']);
    expect(formatCompletion({ candidates: [], noSpace: false, files: true }, 'bash')).toEqual([':2']);
  });
});

describe('definitions for __complete, without a connection', () => {
  it('uses the newest cached get_api_json when there is no directory', async () => {
    const cache = tempDir();
    const dir = join(cache, 'vppapi');
    mkdirSync(dir);
    const mods = builtinModules().filter((m) => m.module !== 'ip');
    writeFileSync(join(dir, `${'a'.repeat(64)}.json`), JSON.stringify(builtinModules()));
    utimesSync(join(dir, `${'a'.repeat(64)}.json`), new Date(1000), new Date(1000));
    writeFileSync(join(dir, `${'b'.repeat(64)}.json`), JSON.stringify(mods));
    const src = await completionSource(undefined, { XDG_CACHE_HOME: cache });
    expect(src.origin).toBe(join(dir, `${'b'.repeat(64)}.json`));
    expect(src.requests()).toContain('sw_interface_dump');
    expect(src.requests()).not.toContain('ip_route_add_del');
    expect((await complete(src, ['sw_interface_set_flags', '--flags'], 'l')).candidates.map((c) => c.value)).toEqual(['LINK_UP']);
  });

  it('falls back to the built-in set', async () => {
    const src = await completionSource(undefined, { XDG_CACHE_HOME: tempDir() });
    expect(src.origin).toBe('built-in');
    expect(src.wants()).toEqual(['want_interface_events']);
  });
});

const shared = SHARED;
const apiDir = join(shared, 'vpp-api', 'v26.06');

describe.skipIf(!existsSync(apiDir))('VPP 26.06 definitions from a directory', () => {
  it('completes names of every module, and flags and values of a plugin message', async () => {
    const src = await completionSource(apiDir, {});
    expect(src.origin).toBe(apiDir);
    const names = (await complete(src, [], 'acl_')).candidates.map((c) => c.value);
    expect(names).toContain('acl_add_replace');
    expect(src.wants()).toContain('want_interface_events');
    expect(src.modules()).toContain('acl');
    const flags = (await complete(src, ['acl_interface_add_del'], '--')).candidates.map((c) => c.value);
    expect(flags).toEqual(expect.arrayContaining(['--is-add', '--is-input', '--sw-if-index', '--acl-index']));
    const rx = (await complete(src, ['sw_interface_set_rx_mode', '--mode'], '')).candidates.map((c) => c.value);
    expect(rx).toEqual(['UNKNOWN', 'POLLING', 'INTERRUPT', 'ADAPTIVE', 'DEFAULT']);
  });
});
