/**
 * `vppapi stats` over a real stats socket (SOCK_SEQPACKET + SCM_RIGHTS) served by the
 * emulator: in-process (CLI and emulator share one event loop, so neither may block) and
 * as the built program, also as an unprivileged user and without the FFI library.
 *
 * The emulator's traffic (emulator/stats/content.ts): each tick, interface i receives
 * 10 + i packets of 98 bytes; an interface that is up sends half back, one that is down
 * drops them. Ticks here are driven by hand (interval 1 h) unless a test wants motion.
 */
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession } from '../../../src/client/index.js';
import { runLine } from '../../../src/commands/dispatch.js';
import { BufferWriter } from '../../../src/commands/runtime/io.js';
import { EXIT } from '../../../src/commands/runtime/exit-codes.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { cleanup, run, runChild, tempDir } from '../../support/cli.js';
import { programCopy, reachableDir } from '../../support/unprivileged.js';

const bin = inject('cliDist');
const ROOT = resolve(import.meta.dirname, '..', '..', '..');

let emu: Emulator;
let dir: string;
let stats: string;
let api: string;
const cli = (...argv: string[]) => run(['--stats-socket', stats, ...argv]);

beforeAll(async () => {
  dir = tempDir('vppapi-stats-');
  api = join(dir, 'api.sock');
  stats = join(dir, 'stats.sock');
  emu = await startEmulator({ socketPath: api, statsSocketPath: stats, statsIntervalMs: 3_600_000 });
  const { session } = await openSession({ socketPath: api });
  await session.call('create_loopback', {});
  await session.call('sw_interface_set_flags', { sw_if_index: 1, flags: 1 });
  await session.disconnect();
  // The start-up tick counted local0 alone; these two count loop0 (up) as well.
  emu.stats!.tick();
  emu.stats!.tick();
});
afterAll(async () => {
  await emu.stop();
  cleanup();
});

describe('stats ls', () => {
  it('lists the directory with types and shapes; patterns are regexes matched anywhere, ORed', async () => {
    const r = await cli('stats', 'ls', '^/if/rx$', 'heartbeat', '/interfaces/loop0/drops');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'name                     type      shape',
      '/sys/heartbeat           scalar',
      '/if/rx                   combined  1 × 2',
      '/interfaces/loop0/drops  symlink   → /if/drops [1]',
      '',
    ]);
  });

  it('--glob takes shell globs over the whole name; --json gives objects', async () => {
    const r = await cli('stats', 'ls', '--glob', '/err/*/blackholed packets', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ name: '/err/null-node/blackholed packets', type: 'symlink', index: expect.any(Number), target: '/node/errors', column: 2 }]);
  });

  it('--json gives each shape as counts per dimension (null for a scalar), not display text', async () => {
    const r = await cli('stats', 'ls', '^/if/(rx|drops|names)$', '^/sys/heartbeat$', '--json');
    expect(r.code).toBe(0);
    const shapes = Object.fromEntries(JSON.parse(r.stdout).map((e: { name: string; shape: unknown }) => [e.name, e.shape]));
    expect(shapes).toEqual({ '/sys/heartbeat': null, '/if/rx': [1, 2], '/if/drops': [1, 2], '/if/names': [2] });
  });

  it('refuses a pattern that is not a regular expression, exit 2', async () => {
    const r = await cli('stats', 'ls', '/if/(rx');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/^error: pattern "\/if\/\(rx" is not a valid regular expression/);
  });
});

describe('stats show', () => {
  it('shows interface counters as one table by interface name, node errors by node and error', async () => {
    const r = await cli('stats', 'show', '^/if/(rx|tx|drops)$', '^/err/null-node/');
    expect(r.code).toBe(0);
    // local0 (down): 3 ticks × 10 packets, all dropped; loop0 (up): 2 ticks × 11, half sent back.
    expect(r.stdout).toBe(
      [
        'interface  rx packets  rx bytes  tx packets  tx bytes  drops',
        'local0             30      2940           0         0     30',
        'loop0              22      2156          10       980      0',
        '',
        'node       error               count',
        'null-node  blackholed packets     30',
        '',
      ].join('\n'),
    );
  });

  it('dump is show; --no-zeros leaves zero rows and columns out; scalars by name', async () => {
    const r = await cli('stats', 'dump', '^/if/(rx|tx|drops)$', '^/sys/heartbeat$', '--no-zeros');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['interface  rx packets  rx bytes  tx packets  tx bytes  drops', 'local0             30      2940           0         0     30', 'loop0              22      2156          10       980      0', '', 'entry           value', '/sys/heartbeat      3', ''].join('\n'));
    const z = await cli('stats', 'show', '^/if/tx$', '--no-zeros');
    expect(z.stdout).toBe(['interface  tx packets  tx bytes', 'loop0              10       980', ''].join('\n'));
  });

  it('--prometheus: v1 names, thread/interface labels and the interface name', async () => {
    const r = await cli('stats', 'show', '^/if/rx$', '^/sys/heartbeat$', '--prometheus');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '# HELP _sys_heartbeat VPP statistics entry /sys/heartbeat',
      '# TYPE _sys_heartbeat counter',
      '_sys_heartbeat 3',
      '# HELP _if_rx_packets VPP statistics entry /if/rx',
      '# TYPE _if_rx_packets counter',
      '_if_rx_packets{thread="0",interface="0",name="local0"} 30',
      '_if_rx_packets{thread="0",interface="1",name="loop0"} 22',
      '# HELP _if_rx_bytes VPP statistics entry /if/rx',
      '# TYPE _if_rx_bytes counter',
      '_if_rx_bytes{thread="0",interface="0",name="local0"} 2940',
      '_if_rx_bytes{thread="0",interface="1",name="loop0"} 2156',
      '',
    ]);
  });

  it('--json keeps the entry shape, summed over threads', async () => {
    const r = await cli('stats', 'show', '^/interfaces/loop0/rx$', '--json');
    expect(JSON.parse(r.stdout)).toEqual([{ name: '/interfaces/loop0/rx', type: 'symlink', index: expect.any(Number), target: '/if/rx', column: 1, interface: 'loop0', packets: [22], bytes: [2156] }]);
    const v = await cli('stats', 'show', '^/if/tx$', '--json');
    expect(JSON.parse(v.stdout)).toEqual([{ name: '/if/tx', type: 'combined', index: expect.any(Number), interfaces: ['local0', 'loop0'], packets: [0, 10], bytes: [0, 980] }]);
  });

  it('fits a terminal as dump tables do: zero counters hidden, the rest by rank, a footer; --wide, --columns, --tsv', async () => {
    const r = await run(['--stats-socket', stats, '--no-color', 'stats', 'show', '^/if/'], { tty: 80 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'interface  rx packets  rx bytes  tx packets  tx bytes  drops  ip4',
      'local0             30      2940           0         0     30    0',
      'loop0              22      2156          10       980      0   22',
      'columns hidden: 11 empty in every row (rx-multicast, rx-broadcast, tx-multicast,',
      'tx-broadcast, punt, ip6, rx-no-buf, rx-miss, rx-error, tx-error, mpls); 2 not',
      'shown for width (rx-unicast, tx-unicast); --wide shows every column, --columns',
      'a,b,c picks',
      '',
      'entry      index  name',
      '/if/names      0  local0',
      '/if/names      1  loop0',
      '',
    ]);
    const wide = await run(['--stats-socket', stats, '--no-color', 'stats', 'show', '^/if/rx$', '^/if/mpls$', '--wide'], { tty: 40 });
    expect(wide.stdout).toBe(['interface  rx packets  rx bytes  mpls', 'local0             30      2940     0', 'loop0              22      2156     0', ''].join('\n'));
    const picked = await cli('stats', 'show', '^/if/', '--columns', 'interface,drops,tx');
    expect(picked.stdout).toBe(['interface  drops  tx packets  tx bytes', 'local0        30           0         0', 'loop0          0          10       980', ''].join('\n'));
    const tsv = await cli('stats', 'show', '^/if/(rx|drops)$', '--tsv');
    expect(tsv.stdout).toBe(['interface\trx packets\trx bytes\tdrops', 'local0\t30\t2940\t30', 'loop0\t22\t2156\t0', ''].join('\n'));
  });

  it('refuses table options with --prometheus rather than ignoring them: exit 2', async () => {
    for (const flag of [['--tsv'], ['--wide'], ['--columns', 'drops']]) {
      const r = await cli('stats', 'show', '^/if/drops$', '--prometheus', ...flag);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: stats show: --columns, --wide and --tsv shape tables; --prometheus writes every series: give one\n/);
    }
  });

  it('refuses a --columns name no table shown has: exit 2, the columns there are', async () => {
    const r = await cli('stats', 'show', '/if/rx$', '--columns', 'name');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --columns: the interface table has no column "name"; the columns are interface, rx packets, rx bytes\n');
  });

  it('works as an exec line and a REPL-style line (stats needs no API connection)', async () => {
    const script = join(tempDir(), 'script');
    writeFileSync(script, 'stats show ^/sys/heartbeat$\nstats ls ^/if/names$\n');
    const r = await run(['--socket', api, '--stats-socket', stats, 'exec', script]);
    expect(r.stderr).toBe('exec: 2 commands run, 2 ok, none failed\n');
    expect(r.stdout).toBe(['entry           value', '/sys/heartbeat      3', 'name       type   shape', '/if/names  names  2', ''].join('\n'));
  });
});

describe('stats completion and help', () => {
  it('completes entry names from the live directory, one /-part at a time', async () => {
    const r = await run(['__complete', '--stats-socket', stats, 'stats', 'show', '/err/n']);
    expect(r.stdout).toBe('/err/null-node/\n');
    const full = await run(['__complete', '--stats-socket', stats, 'stats', 'watch', '--per-thread', '/interfaces/loop0/rx-m']);
    expect(full.stdout).toBe('/interfaces/loop0/rx-miss\n/interfaces/loop0/rx-multicast\n');
    const none = await run(['__complete', '--stats-socket', join(dir, 'absent.sock'), 'stats', 'ls', '/']);
    expect(none).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints a subcommand\'s help, alias included, with how Prometheus output differs from the exporter', async () => {
    const r = await run(['stats', 'dump', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: stats show\|dump \[options\] \[entry\.\.\.\]/);
    expect(r.stdout).toMatch(/--per-thread/);
    expect(r.stdout).toMatch(/histograms as\s+_bucket with le the upper edge/);
  });
});

describe('stats in the REPL', () => {
  it('runs as a line on the shell\'s open session, reading the stats socket of its globals', async () => {
    const { session } = await openSession({ socketPath: api });
    try {
      const out = new BufferWriter();
      const err = new BufferWriter();
      const code = await runLine(['stats', 'show', '^/if/names$'], session, { stdout: out, stderr: err, env: {} }, { statsSocket: stats });
      expect(err.text).toBe('');
      expect(code).toBe(0);
      expect(out.text).toBe(['entry      index  name', '/if/names      0  local0', '/if/names      1  loop0', ''].join('\n'));
    } finally {
      await session.disconnect();
    }
  });
});

describe('stats watch', () => {
  it('prints one JSON object per sample when piped, with rates from the deltas over the elapsed time', async () => {
    const ticker = setInterval(() => emu.stats!.tick(), 40);
    try {
      const r = await cli('stats', 'watch', '^/if/rx$', '--interval', '150ms', '--count', '3');
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      expect(lines[0].elapsed).toBeNull();
      expect(lines[0].entries[0].packet_rates).toBeNull();
      for (const k of [1, 2]) {
        const [a, b] = [lines[k - 1].entries[0], lines[k].entries[0]];
        expect(b.name).toBe('/if/rx');
        expect(b.packets[1]).toBeGreaterThan(a.packets[1]);
        expect(b.packet_rates[1]).toBeCloseTo((b.packets[1] - a.packets[1]) / lines[k].elapsed, 6);
        expect(b.byte_rates[0]).toBeCloseTo((b.bytes[0] - a.bytes[0]) / lines[k].elapsed, 6);
      }
    } finally {
      clearInterval(ticker);
    }
  });

  it('redraws a screen on a terminal: rates per interface under a header', async () => {
    const ticker = setInterval(() => emu.stats!.tick(), 40);
    try {
      const r = await run(['--stats-socket', stats, '--no-color', 'stats', 'watch', '^/if/drops$', '--interval', '150ms', '--count', '2'], { tty: 100 });
      expect(r.code).toBe(0);
      const screens = r.stdout.split('\x1b[H\x1b[2J').slice(1);
      expect(screens).toHaveLength(2);
      expect(screens[0]).toMatch(/^vppapi stats watch {2}\d\d:\d\d:\d\d {2}every 0\.15 s {2}sample 1 {2}epoch \d+\n\ninterface {2}drops\/s\nlocal0 +-\nloop0 +-\n$/);
      const rate = /local0 +([0-9.]+)\n/.exec(screens[1]!);
      expect(Number(rate?.[1])).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it('fits the screen to the terminal\'s width as show does, the header on the first line of each redraw', async () => {
    const r = await run(['--stats-socket', stats, '--no-color', 'stats', 'watch', '^/if/', '--interval', '100ms', '--count', '2'], { tty: 60 });
    expect(r.code).toBe(0);
    const screens = r.stdout.split('\x1b[H\x1b[2J').slice(1);
    expect(screens).toHaveLength(2);
    for (const s of screens) {
      const lines = s.split('\n');
      expect(lines[0]).toMatch(/^vppapi stats watch {2}\d\d:\d\d:\d\d {2}every 0\.1 s {2}sample \d {2}epoch \d+$/);
      // Rates are never hidden as empty (the screen would jump): all 17 counters compete for width.
      expect(lines[2]).toBe('interface  rx packets/s  rx bytes/s  tx packets/s');
      expect(lines.filter((l) => l.length > 60)).toEqual([]);
      expect(s.replace(/\n/g, ' ')).toContain('not shown for width (rx-unicast, rx-multicast, rx-broadcast, tx bytes/s, tx-unicast,');
    }
  });

  it('refuses --tsv, and --columns when it writes JSON lines: exit 2', async () => {
    const tsv = await cli('stats', 'watch', '--tsv', '--count', '1');
    expect(tsv.code).toBe(EXIT.USAGE);
    expect(tsv.stderr).toMatch(/^error: stats watch: --tsv is for stats show/);
    const cols = await cli('stats', 'watch', '--columns', 'drops', '--count', '1');
    expect(cols.code).toBe(EXIT.USAGE);
    expect(cols.stderr).toMatch(/^error: stats watch: --columns picks the columns of the screen drawn on a terminal/);
  });

  it('notices a VPP restart and reattaches, saying so', async () => {
    const running = cli('stats', 'watch', '^/sys/heartbeat$', '--interval', '100ms', '--count', '8');
    setTimeout(() => void emu.restart({ keepState: true }), 350);
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^reattached: (the stats socket \S+ was (replaced|removed) \(VPP restarted\?\)|VPP is back)$/m);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((o) => o.event);
    expect(events.map((e) => e.event)).toContain('reattached');
  });

  it('refuses a bad --interval or --count, exit 2', async () => {
    expect((await cli('stats', 'watch', '--interval', 'soon')).code).toBe(EXIT.USAGE);
    const r = await cli('stats', 'watch', '--count', '0');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/--count "0" is not a positive whole number/);
  });
});

describe('stats errors', () => {
  it('no stats socket: exit 3, the path, and what to do', async () => {
    const r = await run(['--stats-socket', join(dir, 'nope.sock'), 'stats', 'show']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: cannot connect: no stats socket at ${join(dir, 'nope.sock')} (is VPP running? statseg { socket-name } sets the path)\n` +
        'hint: start VPP, or point --stats-socket (or $VPP_STATS_SOCKET) at its stats socket (statseg { socket-name … }); to try it without VPP: vppapi --emulator stats show\n',
    );
  });

  it('$VPP_STATS_SOCKET is the default; the API socket given as stats socket is named as such', async () => {
    const r = await run(['stats', 'ls', '^/sys/boottime$'], { env: { VPP_STATS_SOCKET: stats } });
    expect(r.stdout).toMatch(/^name +type +shape\n\/sys\/boottime +scalar\n$/);
    const wrong = await run(['--stats-socket', api, 'stats', 'ls']);
    expect(wrong.code).toBe(EXIT.CONNECT);
    expect(wrong.stderr).toMatch(/^error: cannot connect: \S+api\.sock is not a SOCK_SEQPACKET stats socket/);
  });

  it('--emulator serves its own segment: vppapi --emulator stats show /if/rx', async () => {
    const r = await run(['--emulator', 'stats', 'show', '/if/rx$']);
    expect(r.code).toBe(0);
    // One tick at start (10 packets of 98 bytes on local0), one more per second it runs.
    const m = /^interface {2}rx packets {2}rx bytes\nlocal0 +(\d+) +(\d+)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [packets, bytes] = [Number(m![1]), Number(m![2])];
    expect(packets % 10).toBe(0);
    expect(packets).toBeGreaterThan(0);
    expect(bytes).toBe(packets * 98);
  });
});

describe.skipIf(!bin)('the built program', () => {
  it('without the FFI library: exit 3 saying exactly what is missing, no stack trace', async () => {
    const prog = programCopy(ROOT, ['koffi']);
    const r = await runChild(prog, ['--stats-socket', stats, 'stats', 'show']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(/^error: the FFI library koffi cannot be loaded \(Cannot find module 'koffi'.*\); reinstall vppapi with its optional dependency @koromix\/koffi-linux-(x64|arm64)\n/);
    expect(r.stderr).toMatch(/^hint: vppapi stats needs the koffi package/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Everything else still works without it, the emulator included.
    const v = await runChild(prog, ['--emulator', 'show_version']);
    expect(v.code).toBe(0);
  });

  const isRoot = process.getuid?.() === 0;
  it.runIf(isRoot)('as a user outside the socket\'s group: exit 3, permission, the vpp group or root', async () => {
    const prog = programCopy(ROOT);
    const d = reachableDir('vppapi-perm-');
    const sock = join(d, 'stats.sock');
    const other = await startEmulator({ socketPath: join(d, 'api.sock'), statsSocketPath: sock });
    try {
      const home = reachableDir('vppapi-home-');
      chmodSync(home, 0o777);
      const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
        execFile(process.execPath, [prog, '--stats-socket', sock, 'stats', 'show'], { uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '', HOME: home } }, (e, stdout, stderr) =>
          done({ code: (e as { code?: number } | null)?.code ?? 0, stdout, stderr }),
        ),
      );
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe(
        `error: cannot connect: permission denied on the stats socket ${sock}: run as root or as a member of the socket's group (usually vpp)\n` +
          "hint: run with sudo, or join the stats socket's group (usually vpp: sudo usermod -aG vpp $USER, then log in again)\n",
      );
      expect(out.code).toBe(EXIT.CONNECT);
    } finally {
      await other.stop();
    }
  });
});
