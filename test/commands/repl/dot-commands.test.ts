/**
 * The shell's own dot commands and hints: `.help` is the shell's help (not node's REPL
 * help), `.save FILE` writes the lines that succeeded and make sense in a script (not
 * failed lines, not watch or help), `.save` alone is a usage error in words, and hints
 * name what the user types in the shell (`help`, `describe x`), not `vppapi …`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintFor } from '../../../src/commands/runtime/hint-context.js';
import { run, tempDir, useCliEmulator } from '../../support/cli.js';
import { openTerminal, useTerminals } from '../../support/repl.js';

const fx = useCliEmulator({ clearEachTest: false });
useTerminals();

describe('.help', () => {
  it("prints the shell's help: its dot commands and how to get help on a message", async () => {
    const t = await openTerminal(fx.emu.socket);
    t.mark();
    t.type('.help\r');
    const s = await t.waitFor(/\.exit, Ctrl-D.*\n[\s\S]*vppapi> $/);
    expect(s).toMatch(/^help <message> +its fields, reply and events \(as describe\); <message> --help: its flags$/m);
    expect(s).toMatch(/^\.save FILE +the lines that succeeded/m);
    expect(s).toMatch(/^help, \.help +this help$/m);
    // node's REPL help lists .break, .clear, .editor and .load with "Print this help message".
    expect(s).not.toMatch(/\.break|\.editor|\.load|Print this help message/);
  });
});

describe('.save', () => {
  it('writes only the lines that succeeded and belong in a script; exec runs the file again', async () => {
    const file = join(tempDir('vppapi-save-'), 'session.vpp');
    const t = await openTerminal(fx.emu.socket);
    const lines = [
      'show_version',
      'sw_interface_set_flags --sw-if-index 4000 --flags ADMIN_UP', // retval -2
      'bogus_message',
      'create_loopback',
      'sw_interface_tag_add_del --is-add --sw-if-index 1 --tag saved',
      'sw_interface_dump --dry-run',
      'show_version --help',
      'watch want_interface_events --timeout 50ms',
      'help show_version',
      'describe show_version',
      '.json on',
      'cli show version',
      'sw_interface_dump sw_if_index=1',
    ];
    for (const l of lines) {
      t.mark();
      t.type(`${l}\r`);
      await t.waitFor(/vppapi> $/);
    }
    t.mark();
    t.type(`.save ${file}\r`);
    await t.waitFor(/saved 6 lines to .*session\.vpp; exec .*session\.vpp runs them again\n/);
    const saved = readFileSync(file, 'utf8').split('\n');
    expect(saved[0]).toMatch(/^# vppapi shell, \d{4}-\d\d-\d\dT.*: the 6 lines that succeeded$/);
    expect(saved.slice(1)).toEqual([
      'show_version',
      'create_loopback',
      'sw_interface_tag_add_del --is-add --sw-if-index 1 --tag saved',
      '.json on',
      'cli show version',
      'sw_interface_dump sw_if_index=1',
      '',
    ]);
    const again = await run(['--socket', fx.emu.socket, 'exec', file]);
    expect(again.code).toBe(0);
  });

  it('with no file name: a usage error in words, not a Node error', async () => {
    const t = await openTerminal(fx.emu.socket);
    t.mark();
    t.type('.save\r');
    const s = await t.waitFor(/vppapi> $/);
    expect(s).toMatch(/^error: \.save needs a file name\nhint: \.save FILE writes the lines that succeeded; exec FILE runs them again\n/m);
    expect(s).not.toMatch(/ERR_|TypeError|The "path" argument|ENOENT|EISDIR/);
  });

  it('into a directory: the reason in words', async () => {
    const dir = tempDir('vppapi-save-');
    const t = await openTerminal(fx.emu.socket);
    t.mark();
    t.type(`.save ${dir}\r`);
    const s = await t.waitFor(/vppapi> $/);
    expect(s).toContain(`error: .save: cannot write ${dir}: it is a directory, not a file\n`);
  });
});

describe('hints in the shell name what is typed there', () => {
  it('an unknown message, an extra argument, a missing argument', async () => {
    const t = await openTerminal(fx.emu.socket);
    const said = async (line: string): Promise<string> => {
      t.mark();
      t.type(`${line}\r`);
      return t.waitFor(/vppapi> $/);
    };
    expect(await said('bogus_message')).toMatch(/^hint: help lists the built-in commands and the modules; help <module> lists its messages$/m);
    expect(await said('show_version extra')).toMatch(/^hint: fields are given as --field VALUE: show_version --help lists them$/m);
    expect(await said('describe')).toMatch(/^hint: describe --help shows its usage$/m);
    expect(await said('api-trace bogus')).toMatch(/^hint: api-trace --help lists them$/m);
    expect(t.screen()).not.toMatch(/hint:.*vppapi /);
  });

  it('the command line keeps its own words', async () => {
    const r = await run(['--socket', fx.emu.socket, 'bogus_message']);
    expect(r.stderr).toMatch(/^hint: vppapi --help lists the built-in commands and the modules; vppapi help <module> lists its messages$/m);
  });

  it('hintFor: the rules one by one', () => {
    expect(hintFor('vppapi describe x --template prints one', 'shell')).toBe('describe x --template prints one');
    expect(hintFor('vppapi --help lists the modules', 'shell')).toBe('help lists the modules');
    expect(hintFor('start VPP, or point --socket (or $VPP_API_SOCKET) at its API socket; to try vppapi without VPP: vppapi --emulator <command>', 'shell'))
      .toBe('start VPP, or switch to its API socket with use PATH');
    expect(hintFor('give it when starting the shell or exec: vppapi --record FILE repl', 'shell')).toBe('give it when starting the shell or exec: vppapi --record FILE repl');
    expect(hintFor('vppapi describe x', 'cli')).toBe('vppapi describe x');
    expect(hintFor('vppapi describe x', undefined)).toBe('vppapi describe x');
  });
});
