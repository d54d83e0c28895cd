/**
 * The shell completion scripts, run by the real shells against the built program: bash
 * (always there) with COMP_WORDS/COMP_CWORD set, zsh with the completion system's
 * functions stubbed, fish with its own `complete -C`; and the hidden `__complete` command
 * itself: it never connects unless --live, and loads neither chalk nor the table code.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiTree, baseEnv, cleanup, run, runChild, tempDir, useCliEmulator } from '../../support/cli.js';

const bin = inject('cliDist');
const root = resolve(import.meta.dirname, '..', '..', '..');
const scripts = join(root, 'completions');

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

let env: Record<string, string>;
let cwd: string;

beforeAll(() => {
  // Definitions from a directory (the built-in modules as files): the same on every machine.
  env = { ...baseEnv(), VPP_API_DIR: apiTree(), PATH: process.env.PATH ?? '', HOME: tempDir(), BIN: bin, NODE: process.execPath };
  cwd = tempDir();
  writeFileSync(join(cwd, 'script.vpp'), 'show_version\n');
});
afterAll(cleanup);

function shell(cmd: string, args: string[], script: string): string {
  const r = spawnSync(cmd, [...args, script], { cwd, env, encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!bin)('bash', () => {
  it('completes messages, flags, values (also after =), built-in arguments and files', () => {
    const cases: [string[], number][] = [
      [['sw_interface_set_fl'], 1],
      [['sw_interface_set_flags', '--'], 2],
      [['sw_interface_set_flags', '--flags', 'ad'], 3],
      [['sw_interface_set_flags', '--flags', '=', 'l'], 4],
      [['sw_interface_set_flags', '--flags', '='], 3],
      [['completion', ''], 2],
      [['exec', 'scr'], 2],
      [['--json', 'show_ve'], 2],
    ];
    const body = cases
      .map(([words, cword]) => {
        const w = ['vppapi', ...words].map((x) => `'${x}'`).join(' ');
        return `COMP_WORDS=(${w}); COMP_CWORD=${cword}; COMPREPLY=(); _vppapi; printf '%s\\n' "\${COMPREPLY[@]}"; echo ---`;
      })
      .join('\n');
    const out = shell('bash', ['--norc', '--noprofile', '-c'], `vppapi() { "$NODE" "$BIN" "$@"; }\nsource '${join(scripts, 'vppapi.bash')}'\n${body}`);
    const results = out.split('---\n').slice(0, -1).map((s) => s.split('\n').filter(Boolean));
    expect(results).toEqual([
      ['sw_interface_set_flags'],
      ['--sw-if-index', '--flags', '--args', '--dry-run', '--help'],
      ['ADMIN_UP'],
      ['LINK_UP'],
      ['ADMIN_UP', 'LINK_UP'],
      ['bash', 'fish', 'zsh'],
      ['script.vpp'],
      ['show_version'],
    ]);
  });

  /** COMPREPLY for each COMP_WORDS (the last word is the one completed), COMP_WORDBREAKS as given. */
  function bashReplies(cases: string[][], opts: { noEquals?: boolean } = {}): string[][] {
    const body = cases
      .map((words) => {
        const w = ['vppapi', ...words].map((x) => `'${x.replace(/'/g, "'\\''")}'`).join(' ');
        return `COMP_WORDS=(${w}); COMP_CWORD=${words.length}; COMPREPLY=(); _vppapi; printf '%s\\n' "\${COMPREPLY[@]}"; echo ---`;
      })
      .join('\n');
    const set = opts.noEquals ? 'COMP_WORDBREAKS=${COMP_WORDBREAKS//=/}\n' : '';
    const out = shell('bash', ['--norc', '--noprofile', '-c'], `vppapi() { "$NODE" "$BIN" "$@"; }\n${set}source '${join(scripts, 'vppapi.bash')}'\n${body}`);
    return out.split('---\n').slice(0, -1).map((x) => x.split('\n').filter(Boolean));
  }

  it('--name=<Tab> and --name=partial<Tab>: only what readline replaces, = a word of its own or not', () => {
    // Default COMP_WORDBREAKS: bash passes `=` as a word; readline replaces the text after it.
    expect(
      bashReplies([
        ['sw_interface_set_flags', '--flags', '='],
        ['sw_interface_set_flags', '--flags', '=', 'li'],
        ['sw_interface_set_flags', '--sw_if_index', '='],
        ['exec', '--api-dir', '='],
        ['--socket', '=', 'scr'],
        ['watch', 'want_interface_events', '--enable-disable', '=', ''],
      ]),
    ).toEqual([['ADMIN_UP', 'LINK_UP'], ['LINK_UP'], [], ['script.vpp'], ['script.vpp'], []]);
    // `=` taken out of COMP_WORDBREAKS: the word is whole, and so is each candidate.
    expect(
      bashReplies(
        [
          ['sw_interface_set_flags', '--flags='],
          ['sw_interface_set_flags', '--flags=li'],
          ['--socket=scr'],
          ['exec', '--api-dir=scr'],
        ],
        { noEquals: true },
      ),
    ).toEqual([['--flags=ADMIN_UP', '--flags=LINK_UP'], ['--flags=LINK_UP'], ['--socket=script.vpp'], ['--api-dir=script.vpp']]);
  });

  it('inside FIB path text: the next word, quoted as typed (open quote, backslashes, = split or not)', () => {
    expect(
      bashReplies([
        ['ip_route_add_del', '--route.paths', '=', "'via 10.0.0.2 we"],
        ['ip_route_add_del', '--route.paths', '"via 10.0.0.2 resolve-via-'],
        ['ip_route_add_del', '--route.paths', '=', 'via\\ 10.0.0.2\\ we'],
        ['ip_route_add_del', '--route.paths', "'dr"],
      ]),
    ).toEqual([['via 10.0.0.2 weight'], ['via 10.0.0.2 resolve-via-attached', 'via 10.0.0.2 resolve-via-host'], ['via\\ 10.0.0.2\\ weight'], ['drop']]);
    expect(bashReplies([['ip_route_add_del', "--route.paths='via 10.0.0.2 we"]], { noEquals: true })).toEqual([['via 10.0.0.2 weight']]);
  });

  it('is registered for vppapi', () => {
    const out = shell('bash', ['--norc', '--noprofile', '-c'], `source '${join(scripts, 'vppapi.bash')}'; complete -p vppapi`);
    expect(out.trim()).toBe('complete -F _vppapi vppapi');
  });
});

describe.skipIf(!bin || !has('zsh'))('zsh', () => {
  it('hands value:description pairs to _describe, and files to _files', () => {
    const script = [
      'vppapi() { "$NODE" "$BIN" "$@" }',
      'compdef() { print -r -- "compdef $*" }',
      '_describe() { print -rl -- "${(@P)4}"; print -r -- "extra:${(j: :)@[5,-1]}" }',
      '_files() { print FILES }',
      `source '${join(scripts, '_vppapi')}'`,
      'words=(vppapi sw_interface_set_flags --); CURRENT=3; _vppapi; print -r -- ---',
      'words=(vppapi sw_interface_set_flags --flags=ad); CURRENT=3; _vppapi; print -r -- ---',
      'words=(vppapi exec ""); CURRENT=3; _vppapi; print -r -- ---',
      'words=(vppapi nothing_like_this); CURRENT=2; _vppapi || print none; print -r -- ---',
      // After --socket=, file names for what follows the = (compset moves the option out of the prefix).
      'compset() { print -r -- "compset $*" }',
      'words=(vppapi --socket=scr); CURRENT=2; PREFIX=--socket=scr; _vppapi',
    ].join('\n');
    const out = shell('zsh', ['-f', '-c'], script);
    expect(out.split('---\n')).toEqual([
      'compdef _vppapi vppapi\n--sw-if-index:interface_index (u32)\n--flags:if_status_flags\n--args\n--dry-run\n--help\nextra:-M m:{a-zA-Z}={A-Za-z}\n',
      "--flags=ADMIN_UP\nextra:-M m:{a-zA-Z}={A-Za-z}\n",
      'FILES\n',
      'none\n',
      'compset -P *=\nFILES\n',
    ]);
  });
});

describe.skipIf(!bin || !has('fish'))('fish', () => {
  it('answers complete -C with values and their descriptions', () => {
    const script = [
      'function vppapi; $NODE $BIN $argv; end',
      `source '${join(scripts, 'vppapi.fish')}'`,
      'complete -C "vppapi sw_interface_set_fl"; echo ---',
      'complete -C "vppapi sw_interface_set_flags --sw"; echo ---',
      'complete -C "vppapi sw_interface_set_flags --flags=li"; echo ---',
      'complete -C "vppapi exec scr"',
    ].join('\n');
    const out = shell('fish', ['--no-config', '-c'], script);
    expect(out.split('---\n')).toEqual(['sw_interface_set_flags\n', '--sw-if-index\tinterface_index (u32)\n', '--flags=LINK_UP\n', 'script.vpp\n']);
  });

  it('completes inside FIB path text typed quoted or escaped: the value unquoted, fish quotes it back', () => {
    const script = [
      'function vppapi; $NODE $BIN $argv; end',
      `source '${join(scripts, 'vppapi.fish')}'`,
      `complete -C "vppapi ip_route_add_del --route.paths 'via 10.0.0.2 we"; echo ---`,
      'complete -C "vppapi ip_route_add_del --route.paths via\\\\ 10.0.0.2\\\\ resolve-via-h"; echo ---',
      `complete -C "vppapi ip_route_add_del --route.paths='via 10.0.0.2 we"`,
    ].join('\n');
    const out = shell('fish', ['--no-config', '-c'], script);
    expect(out.split('---\n')).toEqual(['via 10.0.0.2 weight\n', 'via 10.0.0.2 resolve-via-host\n', '--route.paths=via 10.0.0.2 weight\n']);
  });
});

describe('vppapi completion <shell>', () => {
  it('prints each script as kept in completions/', async () => {
    for (const [shellName, file] of [['bash', 'vppapi.bash'], ['zsh', '_vppapi'], ['fish', 'vppapi.fish']]) {
      const r = await run(['completion', shellName!]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(join(scripts, file!), 'utf8'));
    }
    expect((await run(['completion', 'bash'])).stdout).toMatch(/__complete --shell bash/);
  });

  it('refuses another shell', async () => {
    const r = await run(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no script for "tcsh"/);
  });

  it('__complete stays out of the help', async () => {
    const r = await run(['--emulator', '--help']);
    expect(r.stdout).toMatch(/completion <shell>/);
    expect(r.stdout).not.toMatch(/__complete/);
  });
});

describe.skipIf(!bin)('the hidden __complete command', () => {
  const fx = useCliEmulator({ clearEachTest: false });

  it('does not connect to VPP unless --live, which lists the interfaces', async () => {
    fx.emu.emu.clearReceived();
    const words = ['--', '--socket', fx.emu.socket, 'sw_interface_set_flags', '--sw-if-index', ''];
    const off = await runChild(bin, ['__complete', '--shell', 'fish', ...words], { env });
    expect(off.code).toBe(0);
    expect(off.stdout).toBe(':0\n');
    expect(fx.emu.names()).toEqual([]);
    const live = await runChild(bin, ['__complete', '--shell', 'fish', '--live', ...words], { env });
    expect(live.stdout).toBe('0\tlocal0\n:0\n');
    expect(fx.emu.names()).toContain('sw_interface_dump');
  });

  it('loads neither chalk nor the table code (a rendering command does)', () => {
    const dir = tempDir();
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TRACE, r.url + '\\n'); return r; }\n");
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const loaded = (args: string[]): string => {
      const trace = join(dir, `trace-${args[0]}`);
      const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), bin, ...args], { env: { ...env, TRACE: trace }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      return readFileSync(trace, 'utf8');
    };
    const complete = loaded(['__complete', '--', 'sw_interface_set_flags', '--flags', '']);
    expect(complete).toMatch(/complete\/engine\.js/);
    expect(complete).not.toMatch(/chalk|format\/rendering\/text-table\.js/);
    expect(loaded(['--emulator', 'sw_interface_dump'])).toMatch(/format\/rendering\/text-table\.js/);
  });
});

/** The module URLs a run of the built program resolves, in order (a resolve hook writes them down). */
function modulesLoaded(args: string[]): string {
  const dir = tempDir();
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TRACE, r.url + '\\n'); return r; }\n");
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
  const trace = join(dir, 'trace');
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), bin, ...args], { env: { ...env, TRACE: trace }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, 'utf8');
}

describe.skipIf(!bin)('what a call loads', () => {
  it("completes a built-in's options and arguments from the registry: no command module, no commander", () => {
    const trace = modulesLoaded(['__complete', '--', 'watch', '--c']);
    expect(trace).toMatch(/commands\/registry\.js/);
    expect(trace).not.toMatch(/commands\/builtins\/watch\.js|node_modules\/commander/);
    expect(modulesLoaded(['__complete', '--', 'describe', 'sw_interface_se'])).not.toMatch(/builtins\/describe\.js|node_modules\/commander/);
  });

  it('a single call loads neither commander nor chalk; a built-in loads commander and its own module only', () => {
    const call = modulesLoaded(['--emulator', 'show_version']);
    expect(call).toMatch(/request\/message-command\.js/);
    expect(call).not.toMatch(/node_modules\/(commander|chalk)/);
    expect(call).not.toMatch(/commands\/builtins\//);
    const builtin = modulesLoaded(['--emulator', 'describe', 'show_version']);
    expect(builtin).toMatch(/node_modules\/commander/);
    expect(builtin).toMatch(/builtins\/describe\.js/);
    expect(builtin.match(/commands\/builtins\/[a-z-]+\.js/g)?.filter((u, i, a) => a.indexOf(u) === i)).toEqual(['commands/builtins/describe.js']);
  });
});

