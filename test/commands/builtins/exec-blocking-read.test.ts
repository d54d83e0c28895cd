/**
 * exec of a script long enough that the program reads answers in its own thread
 * (exec-pipeline.ts: 1,000 lines or more, a server in another process: here the test's
 * emulator, the program a child process). What it prints, its exit code and what VPP
 * received are the same as with the event loop reading (VPPAPI_NO_BLOCKING_READ=1), for
 * exec and exec --pipeline, with a failing line, a dump and a line that runs alone.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { baseEnv, runChild, tempDir, useCliEmulator } from '../../support/cli.js';

const bin = inject('cliDist');

describe.skipIf(!bin)('exec reading answers in its own thread', () => {
  const fx = useCliEmulator();

  function script(lines: string[]): string {
    const f = join(tempDir(), 'long.vpp');
    writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  }

  const plain = 'sw_interface_set_flags --sw-if-index 0 --flags 0';
  // 1,200 requests, a dump and a dot command (alone) between them, one failure near the end.
  const lines = [
    ...Array<string>(600).fill(plain),
    'sw_interface_dump --sw-if-index 0',
    '.json on',
    ...Array<string>(600).fill(plain),
    'sw_interface_set_flags --sw-if-index 4000 --flags 0',
    'show_version',
  ];

  const exec = async (extra: string[], env: Record<string, string>) => {
    fx.emu.emu.clearReceived();
    const r = await runChild(bin, ['--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', ...extra, script(lines)], { env: { NO_COLOR: '1', ...env } });
    return { ...r, sent: fx.emu.requests().map((q) => q.name) };
  };

  it('Ctrl-C while answers are read in its own thread: exit 130, the rest of the script not sent', async () => {
    fx.emu.emu.clearReceived();
    const f = script(Array<string>(50_000).fill(plain));
    const child = spawn(process.execPath, [bin, '--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', f], { env: baseEnv(), stdio: 'ignore' });
    const closed = new Promise<number | null>((r) => child.on('close', r));
    // Well into the script (the reader is in use from the first lines on), then Ctrl-C.
    while (fx.emu.names().length < 500) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(fx.emu.requests().length).toBeLessThan(50_000);
  }, 120_000);

  it('stdout, batched, is written out before each note on stderr: one file for both reads in script order', async () => {
    // 1,100 lines, two failing (1,001 and 1,050), --continue-on-error: each failure's error and
    // note must follow exactly the answers of the lines before it, though stdout goes out in batches.
    const bad = 'sw_interface_set_flags --sw-if-index 4000 --flags 0';
    const body = Array.from({ length: 1100 }, (_, i) => (i === 1000 || i === 1049 ? bad : plain));
    const out = join(tempDir(), 'both.txt');
    const fd = openSync(out, 'w');
    try {
      const child = spawn(process.execPath, [bin, '--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', '--continue-on-error', script(body)], {
        env: { ...baseEnv(), NO_COLOR: '1' },
        stdio: ['ignore', fd, fd],
      });
      expect(await new Promise<number | null>((r) => child.on('close', r))).toBe(1);
    } finally {
      closeSync(fd);
    }
    const text = readFileSync(out, 'utf8');
    const at = (s: string): number => {
      const i = text.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    const answersBefore = (i: number): number => text.slice(0, i).match(/^retval: +0$/gm)?.length ?? 0;
    const first = at('line 1001 failed');
    const second = at('line 1050 failed');
    expect(answersBefore(first)).toBe(1000);
    expect(answersBefore(second)).toBe(1048);
    expect(text.match(/^retval: +0$/gm)).toHaveLength(1098);
    // The summary comes last, after every answer.
    expect(answersBefore(at('exec: 1100 commands run'))).toBe(1098);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^exec: 1100 commands run, 1098 ok, 2 failed \(lines 1001, 1050\)/);
  }, 120_000);

  for (const extra of [[], ['--pipeline'], ['--continue-on-error']]) {
    it(`exec ${extra.join(' ') || '(sequential)'}: the same output, exit code and requests as when the event loop reads`, async () => {
      const own = await exec(extra, {});
      const loop = await exec(extra, { VPPAPI_NO_BLOCKING_READ: '1' });
      expect(own.code).toBe(1);
      expect(own.stderr).toMatch(/line 1203 failed \(exit 1\)/);
      // The replies as the script printed them, JSON after `.json on`.
      expect(own.stdout.match(/^retval: +0$/gm)).toHaveLength(600);
      expect(own.stdout).toMatch(/local0/);
      // show_version's reply too where it ran (after the failure: --pipeline had sent it, --continue-on-error goes on).
      expect(own.stdout.match(/"retval": 0/g)).toHaveLength(extra.length > 0 ? 601 : 600);
      const requests = [...Array<string>(600).fill('sw_interface_set_flags'), 'sw_interface_dump', ...Array<string>(601).fill('sw_interface_set_flags')];
      // exec --pipeline had sent the last line before the failure came back; --continue-on-error runs it.
      if (extra.length > 0) requests.push('show_version');
      expect(own.sent).toEqual(requests);
      expect(own).toEqual(loop);
    }, 120_000);
  }
});
