/**
 * The real program, `node dist/bin/vppctl-api.js`, as a user runs it: exit codes, stdout
 * and stderr kept apart, stdin, Ctrl-C. dist/ is built once by test/support/global-setup.ts.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { baseEnv, runChild, tempDir, useCliEmulator } from '../support/cli.js';

const bin = inject('cliDist');

describe.skipIf(!bin)('vppapi as a process', () => {
  const fx = useCliEmulator();
  const vppapi = (argv: string[], stdin?: string) => runChild(bin, ['--socket', fx.emu.socket, '--api-dir', fx.defs, ...argv], { stdin });

  it('a reply: the block on stdout, nothing on stderr, exit 0', async () => {
    const r = await vppapi(['show_version']);
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^retval:\s+0\nprogram:\s+vpe\nversion:\s+26\.06-emulated\n/), stderr: '' });
    expect(fx.emu.requests()).toEqual([{ name: 'show_version', msg: {} }]);
  });

  it('a dump as JSON on stdout', async () => {
    const r = await vppapi(['sw_interface_dump', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ _msgname: 'sw_interface_details', interface_name: 'local0' });
  });

  it('--args - reads the request from stdin', async () => {
    const r = await vppapi(['sw_interface_set_flags', '--args', '-'], '{"sw_if_index": 0, "flags": "ADMIN_UP"}');
    expect(r.code).toBe(0);
    expect(fx.emu.requests()).toEqual([{ name: 'sw_interface_set_flags', msg: { sw_if_index: 0, flags: 1 } }]);
  });

  it('exit codes: 1 for a retval, 2 for a bad value (nothing sent), 3 without a socket', async () => {
    const rv = await vppapi(['sw_interface_set_flags', '--sw-if-index', '77']);
    expect(rv.code).toBe(1);
    expect(rv.stderr).toBe('error: sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX (Invalid sw_if_index)\n');
    fx.emu.emu.clearReceived();
    const bad = await vppapi(['sw_interface_set_flags', '--sw-if-index', 'x']);
    expect(bad.code).toBe(2);
    expect(fx.emu.names()).toEqual([]);
    const none = await runChild(bin, ['--socket', join(tempDir(), 'none.sock'), '--api-dir', fx.defs, 'show_version']);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^error: cannot connect: no socket at .*\nhint: /);
  });

  it('--emulator works on a machine with nothing installed', async () => {
    const r = await runChild(bin, ['--emulator', 'show_version', '--json'], { env: baseEnv() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ _msgname: 'show_version_reply', retval: 0 });
  });

  it('Ctrl-C while waiting for VPP exits 130', async () => {
    const path = join(tempDir(), 'mute.sock');
    // Its handshake arriving says the client is waiting for VPP; its SIGINT handler is set
    // before main() runs (bin/process.ts). A fixed wait was too short on a loaded machine.
    let handshake!: () => void;
    const waiting = new Promise<void>((r) => (handshake = r));
    const server = createServer((sock) => sock.once('data', () => handshake()));
    await new Promise<void>((res) => server.listen(path, res));
    try {
      const child = spawn(process.execPath, [bin, '--socket', path, '--api-dir', fx.defs, 'show_version'], { env: baseEnv(), stdio: 'ignore' });
      await waiting;
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).toBe(130);
    } finally {
      server.close();
    }
  });
});
