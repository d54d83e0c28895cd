/**
 * A dump cut off midway (the peer closes after N details, or sends N and goes silent)
 * prints the details that came, marked partial, with the error and its exit code: for a
 * single target and for one target of a fan-out, whose other targets complete. The
 * peers are the hostile fake (frames cut by hand, payloads from the naive builder);
 * targets are local socket paths named in a targets file, so no sshd is needed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeVpp, type Handler, startHostile } from '../../support/hostile-server.js';
import { apiTree, run, tempDir } from '../../support/cli.js';

/** A handler answering sw_interface_dump with the interfaces `names` (sw_if_index = position). */
function details(names: readonly string[]): Handler {
  return (r, c) => names.forEach((n, i) => c.send('sw_interface_details', { context: r.context, sw_if_index: i, interface_name: n }));
}

// Exit code 4 is "connected, but no (complete) answer" (README, exit codes).
const NO_ANSWER = 4;

describe('a dump cut off midway prints what came, marked partial', () => {
  let good: FakeVpp;
  let closes: FakeVpp;
  let silent: FakeVpp;
  let env: Record<string, string>;
  let apiDir: string;

  beforeAll(async () => {
    good = await startHostile({ handlers: { sw_interface_dump: details(['good0', 'good1']) } });
    // Three details, then the connection ends where the control_ping_reply should be.
    closes = await startHostile({
      handlers: { sw_interface_dump: details(['cut0', 'cut1', 'cut2']), control_ping: (_r, c) => void c.socket.end() },
    });
    // Two details, then nothing: the call's timeout ends it.
    silent = await startHostile({ handlers: { sw_interface_dump: details(['mute0', 'mute1']), control_ping: () => {} } });
    apiDir = apiTree();
    const cfgDir = join(tempDir('vppapi-partial-cfg-'), 'vppapi');
    mkdirSync(cfgDir, { mode: 0o700 });
    writeFileSync(
      join(cfgDir, 'config.yaml'),
      [
        'targets:',
        `  edge1: ${good.socketPath}`,
        `  edge2: ${closes.socketPath}`,
        `  edge3: { url: "${silent.socketPath}", timeout: 0.3 }`,
        `  edge4: ${good.socketPath}`,
        'groups:',
        '  closing: [edge1, edge2, edge4]',
        '  silent: [edge3, edge1, edge4]',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    chmodSync(cfgDir, 0o700);
    env = { XDG_CONFIG_HOME: join(cfgDir, '..') };
  });
  afterAll(async () => {
    await Promise.all([good, closes, silent].map((v) => v?.close()));
  });

  const cli = (...argv: string[]) => run(['--api-dir', apiDir, ...argv], { env });
  const lines = (text: string) => text.split('\n').filter((l) => l !== '');

  test('single target, closed after 3 details: the 3 rows, then the error naming the count; exit 4', async () => {
    const r = await cli('--socket', closes.socketPath, 'sw_interface_dump');
    expect(r.stdout).toMatch(/cut0/);
    expect(r.stdout).toMatch(/cut1/);
    expect(r.stdout).toMatch(/cut2/);
    expect(r.stderr).toMatch(/^error: partial: 3 details, then /m);
    expect(r.code).toBe(NO_ANSWER);
  });

  test('single target, silent after 2 details: the 2 rows, then the timeout; exit 4', async () => {
    const r = await cli('--socket', silent.socketPath, '--timeout', '300ms', 'sw_interface_dump');
    expect(r.stdout).toMatch(/mute0/);
    expect(r.stdout).toMatch(/mute1/);
    expect(r.stderr).toMatch(/^error: partial: 2 details, then sw_interface_dump: no answer within 300 ms/m);
    expect(r.code).toBe(NO_ANSWER);
  });

  test('single target, --json: the details that came as the array; --jsonl: one line each', async () => {
    const j = await cli('--socket', closes.socketPath, 'sw_interface_dump', '--json');
    expect((JSON.parse(j.stdout) as { interface_name: string }[]).map((d) => d.interface_name)).toEqual(['cut0', 'cut1', 'cut2']);
    expect(j.stderr).toMatch(/partial: 3 details, then /);
    expect(j.code).toBe(NO_ANSWER);
    const l = await cli('--socket', closes.socketPath, 'sw_interface_dump', '--jsonl');
    expect(lines(l.stdout).map((x) => (JSON.parse(x) as { interface_name: string }).interface_name)).toEqual(['cut0', 'cut1', 'cut2']);
    expect(l.code).toBe(NO_ANSWER);
  });

  test('a dump that completes is not marked partial', async () => {
    const r = await cli('--socket', good.socketPath, 'sw_interface_dump');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/good1/);
  });

  test('fan-out, one target closing mid-dump: every row in one table, the cut target named partial; its exit code', async () => {
    const r = await cli('--target', 'closing', 'sw_interface_dump');
    const rows = lines(r.stdout);
    expect(rows[0]!.split(/\s+/)[0]).toBe('target');
    const byTarget = rows.slice(1).map((l) => l.split(/\s+/)[0]);
    expect(byTarget).toEqual(['edge1', 'edge1', 'edge2', 'edge2', 'edge2', 'edge4', 'edge4']);
    expect(r.stdout).toMatch(/edge2\s.*cut2/);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^edge2: partial: 3 details, then /)]);
    expect(r.code).toBe(NO_ANSWER);
  });

  test('fan-out, first target silent mid-dump: the others complete; --json status says partial, received, the error', async () => {
    const started = Date.now();
    const r = await cli('--target', 'silent', 'sw_interface_dump', '--json');
    const objs = JSON.parse(r.stdout) as Record<string, unknown>[];
    const detailsOf = (t: string) => objs.filter((o) => o._target === t && o.interface_name !== undefined).map((o) => o.interface_name);
    expect(detailsOf('edge3')).toEqual(['mute0', 'mute1']);
    expect(detailsOf('edge1')).toEqual(['good0', 'good1']);
    expect(detailsOf('edge4')).toEqual(['good0', 'good1']);
    const status = (t: string) => objs.find((o) => o._target === t && o._status !== undefined);
    expect(status('edge3')).toEqual({
      _target: 'edge3', _status: 'partial', _exit: NO_ANSWER, _partial: true, _received: 2,
      _error: expect.stringMatching(/^partial: 2 details, then sw_interface_dump: no answer within 300 ms/),
    });
    expect(status('edge1')).toEqual({ _target: 'edge1', _status: 'ok', _exit: 0 });
    expect(status('edge4')).toEqual({ _target: 'edge4', _status: 'ok', _exit: 0 });
    expect(r.stderr).toMatch(/^edge3: partial: 2 details, then /m);
    expect(r.code).toBe(NO_ANSWER);
    // The silent target's own timeout (0.3 s) ended it, not the global default (seconds).
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test('fan-out --jsonl: the cut target\'s details carry _target, then its status', async () => {
    const r = await cli('--target', 'closing', 'sw_interface_dump', '--jsonl');
    const objs = lines(r.stdout).map((x) => JSON.parse(x) as Record<string, unknown>);
    const e2 = objs.filter((o) => o._target === 'edge2');
    expect(e2.map((o) => o.interface_name ?? o._status)).toEqual(['cut0', 'cut1', 'cut2', 'partial']);
    expect(e2[3]).toMatchObject({ _partial: true, _received: 3, _exit: NO_ANSWER });
    expect(r.code).toBe(NO_ANSWER);
  });
});
