/**
 * `vppapi exec --pipeline[=N]` against the emulator, in-process through main(): replies
 * in script order, the stop after a failure (and which lines were already sent), every
 * failure with --continue-on-error, lines that run alone; and BatchWriter's order.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter, BufferWriter } from '../../../src/commands/runtime/io.js';
import { type Run, type TestEmulator, baseEnv, cleanup, run, startTestEmulator, tempDir } from '../../support/cli.js';

let emu: TestEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startTestEmulator();
  env = baseEnv({ NO_COLOR: '1' });
});
afterAll(async () => {
  await emu.stop();
  cleanup();
});

function script(text: string): string {
  const f = join(tempDir(), 'script.vpp');
  writeFileSync(f, text);
  return f;
}

const exec = (args: string[], signal?: AbortSignal): Promise<Run> => run(['--socket', emu.socket, 'exec', ...args], { env, signal });
/** What the script sent: the emulator's requests without the definitions fetch. */
const requests = (): string[] => emu.requests().map((r) => r.name).filter((n) => n !== 'get_api_json');
const sent = (name: string): number => requests().filter((n) => n === name).length;
/** The sw_if_index values printed by create_loopback replies, in the order printed. */
const indexes = (out: string): number[] => [...out.matchAll(/^sw_if_index: +(\d+)$/gm)].map((m) => Number(m[1]));

describe('exec --pipeline', () => {
  it('prints every reply in script order, dumps and single calls alike, and sends in that order', async () => {
    const f = script(`${'create_loopback\n'.repeat(30)}sw_interface_dump --sw-if-index 0\n${'create_loopback\n'.repeat(30)}show_version\n`);
    emu.emu.clearReceived();
    const r = await exec(['--pipeline=8', f]);
    expect(r.stderr).toBe('exec: 62 commands run, 62 ok, none failed\n');
    expect(r.code).toBe(0);
    const got = indexes(r.stdout);
    expect(got).toHaveLength(60);
    // VPP numbered the loopbacks in the order it got them; printed in that same order.
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expect(new Set(got).size).toBe(60);
    const table = r.stdout.indexOf('local0');
    expect(table).toBeGreaterThan(r.stdout.indexOf(`sw_if_index: ${got[29]}\n`));
    expect(table).toBeLessThan(r.stdout.indexOf(`sw_if_index: ${got[30]}\n`));
    expect(r.stdout.trimEnd()).toMatch(/version: +26\.06-emulated\n[\s\S]*build_directory:.*$/);
    const names = requests();
    expect(names).toEqual([...Array(30).fill('create_loopback'), 'sw_interface_dump', ...Array(30).fill('create_loopback'), 'show_version']);
  });

  it('stops sending once a failure is seen: the summary names the lines already sent, and only those ran', async () => {
    const f = script(`show_version\nsw_interface_set_flags sw_if_index=4000 flags=admin_up\n${'create_loopback\n'.repeat(100)}`);
    emu.emu.clearReceived();
    const r = await exec(['--pipeline=4', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX/m);
    expect(r.stderr).toMatch(/exec: line 2 failed \(exit 1\): sw_interface_set_flags sw_if_index=4000 flags=admin_up/);
    const m = /exec: (\d+) commands run, (\d+) ok, 1 failed \(line 2\)(?:; lines? ([\d, ]+) had been sent before the failure was seen)?; stopped, (\d+) lines not run\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const already = m![3] ? m![3].split(', ').map(Number) : [];
    // At most N-1 lines after the failing one were in flight; they ran, and nothing after them.
    expect(already.length).toBeLessThanOrEqual(3);
    expect(already).toEqual(already.map((_, i) => 3 + i));
    expect(sent('create_loopback')).toBe(already.length);
    expect(indexes(r.stdout)).toHaveLength(already.length);
    expect(Number(m![1])).toBe(2 + already.length);
    expect(Number(m![4])).toBe(100 - already.length);
  });

  it('--continue-on-error: every failure, bad flags included, reported with its line, in order; the first one sets the exit code', async () => {
    const f = script(
      'show_version\nsw_interface_set_flags sw_if_index=4000 flags=admin_up\nsw_interface_set_flags --sw-if-idx 1\n' +
        'create_loopback\nsw_interface_set_flags --sw-if-index 4001\ncreate_loopback\n',
    );
    emu.emu.clearReceived();
    const r = await exec(['--pipeline', '--continue-on-error', f]);
    expect(r.code).toBe(1);
    const notes = [...r.stderr.matchAll(/^exec: line (\d+) failed \(exit (\d)\)/gm)].map((x) => [Number(x[1]), Number(x[2])]);
    expect(notes).toEqual([[2, 1], [3, 2], [5, 1]]);
    expect(r.stderr).toMatch(/unknown flag --sw-if-idx \(did you mean --sw-if-index\?\)/);
    expect(r.stderr).toMatch(/exec: 6 commands run, 3 ok, 3 failed \(lines 2, 3, 5\)\n$/);
    // Each error precedes the note about its line: the output of a line stays together.
    expect(r.stderr.indexOf('--sw-if-idx')).toBeLessThan(r.stderr.indexOf('exec: line 3 failed'));
    expect(r.stderr.indexOf('exec: line 2 failed')).toBeLessThan(r.stderr.indexOf('--sw-if-idx'));
    // The line with a bad flag sent nothing; the others were all sent.
    expect(requests()).toEqual(['show_version', 'sw_interface_set_flags', 'create_loopback', 'sw_interface_set_flags', 'create_loopback']);
    expect(indexes(r.stdout)).toHaveLength(2);
  });

  it('a line that is not a plain request waits for the lines before it and runs alone; .json applies from its place on', async () => {
    const f = script(
      `${'create_loopback\n'.repeat(10)}cli show version\n.jsonl on\n${'create_loopback\n'.repeat(5)}want_interface_events enable_disable=1\nsw_interface_dump --dry-run\n.jsonl off\nshow_version\n`,
    );
    emu.emu.clearReceived();
    const r = await exec(['--pipeline=16', f]);
    expect(r.stderr).toMatch(/exec: 21 commands run, 21 ok, none failed\n$/);
    expect(r.code).toBe(0);
    const out = r.stdout;
    // Human blocks before .jsonl on, JSON lines after it, the cli text between them.
    expect(indexes(out)).toHaveLength(10);
    const cliAt = out.indexOf('vpp v26.06-emulated');
    expect(cliAt).toBeGreaterThan(out.lastIndexOf('sw_if_index: '));
    const jsonLines = out.split('\n').filter((l) => l.startsWith('{"_msgname":"create_loopback_reply"'));
    expect(jsonLines).toHaveLength(5);
    expect(out.indexOf(jsonLines[0]!)).toBeGreaterThan(cliAt);
    expect(out).toMatch(/\{"_msgname":"want_interface_events_reply"[^\n]*"retval":0/);
    // --dry-run printed the request and sent nothing; show_version printed as a block again.
    expect(out).toMatch(/"_msgname":"sw_interface_dump"/);
    expect(out.trimEnd()).toMatch(/program: +vpe[\s\S]*build_directory:.*$/);
    const names = requests();
    expect(names).toEqual([...Array(10).fill('create_loopback'), 'cli_inband', ...Array(5).fill('create_loopback'), 'want_interface_events', 'show_version']);
  });

  it('--pipeline FILE and --pipeline=N FILE; a depth that is not 1..65536 is a usage error before anything is sent', async () => {
    const f = script('show_version\nshow_version\n');
    expect((await exec(['--pipeline', f])).stderr).toBe('exec: 2 commands run, 2 ok, none failed\n');
    expect((await exec([f, '--pipeline=1'])).stderr).toBe('exec: 2 commands run, 2 ok, none failed\n');
    for (const bad of ['0', '70000', 'x2']) {
      emu.emu.clearReceived();
      const r = await exec([`--pipeline=${bad}`, f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`exec: --pipeline "${bad}" is not a number of requests in flight \\(1\\.\\.65536\\)`));
      expect(emu.names().filter((n) => n !== 'get_api_json' && n !== 'sockclnt_create' && n !== 'sockclnt_delete')).toEqual([]);
    }
  });

  it('without --pipeline: a line is sent only after the one before it was answered, and none after a failure', async () => {
    const f = script(`${'create_loopback\n'.repeat(5)}sw_interface_set_flags --sw-if-index 4000\n${'create_loopback\n'.repeat(5)}`);
    emu.emu.clearReceived();
    const r = await exec([f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exec: 6 commands run, 5 ok, 1 failed \(line 6\); stopped, 5 lines not run\n$/);
    expect(sent('create_loopback')).toBe(5);
  });
});

describe('exec and Ctrl-C', () => {
  for (const mode of [[], ['--pipeline']]) {
    it(`${mode.join(' ') || 'without --pipeline'}: exit 130 at once, no failure notes and no summary after it`, async () => {
      const f = script('show_version\n'.repeat(20_000));
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const r = await exec([...mode, f], ac.signal);
      expect(r.code).toBe(130);
      expect(r.stderr).not.toMatch(/exec:|error:/);
      // What was answered before stays printed, whole blocks only.
      expect(r.stdout.split('program:').length - 1).toBe(r.stdout.split('build_directory:').length - 1);
    });
  }
});

describe('BatchWriter', () => {
  it('gathers writes into one, flushes at its limit, and lets the other stream flush it first', () => {
    const seen: string[] = [];
    const target = { write: (s: string) => seen.push(`out:${s}`) };
    const other = { write: (s: string) => seen.push(`err:${s}`) };
    const b = new BatchWriter(target, 10);
    const err = b.beforeOther(other);
    b.write('ab');
    b.write('cd');
    expect(seen).toEqual([]);
    err.write('E');
    expect(seen).toEqual(['out:abcd', 'err:E']);
    b.write('0123456789');
    expect(seen).toEqual(['out:abcd', 'err:E', 'out:0123456789']);
    b.write('z');
    b.flush();
    b.flush();
    expect(seen).toEqual(['out:abcd', 'err:E', 'out:0123456789', 'out:z']);
  });

  it('writes out on its own once the event loop has moved on', async () => {
    const out = new BufferWriter();
    const b = new BatchWriter(out, 1024, 5);
    b.write('x');
    expect(out.text).toBe('');
    await new Promise((r) => setTimeout(r, 30));
    expect(out.text).toBe('x');
  });
});
