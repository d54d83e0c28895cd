/**
 * Every error path of `vppapi <message>`: bad values and flags (exit 2, nothing sent),
 * VPP's retval (exit 1), connection failures (exit 3 with a hint), silence (exit 4),
 * messages changed or missing in this VPP (exit 5, nothing sent), and Ctrl-C (130).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { EXIT } from '../../../src/commands/runtime/exit-codes.js';
import { apiTree, run, startTestEmulator, tempDir, useCliEmulator, withCrc } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;

describe('bad values: exit 2, named field, value and expectation, nothing sent', () => {
  const cases: [string[], RegExp][] = [
    [['sw_interface_set_flags', '--sw-if-index', '-1'], /^error: sw_interface_set_flags: --sw-if-index: "-1" is not an integer in 0\.\.4294967295 \(u32\): u32 is unsigned/],
    [['sw_interface_set_flags', '--sw-if-index', '4294967296'], /--sw-if-index: "4294967296" is not an integer in 0\.\.4294967295 \(u32\): out of range/],
    [['sw_interface_set_flags', '--sw-if-index', '1.5'], /--sw-if-index: "1\.5" is not an integer .*fractions are not allowed/],
    [['sw_interface_set_flags', '--flags', 'admin_down'], /--flags: "admin_down" is not flags of if_status_flags \(ADMIN_UP, LINK_UP\)/],
    [['sw_interface_add_del_address', '--prefix', '10.0.0.1/33'], /--prefix: "10\.0\.0\.1\/33" is not .*prefix/],
    [['create_loopback', '--mac-address', 'aa:bb:cc'], /--mac-address: "aa:bb:cc" is not /],
    [['sw_interface_add_del_address', '--is-add=maybe'], /--is-add: "maybe" is not a boolean/],
    [['ip_route_add_del', '--route.paths[0].type', 'teleport'], /--route\.paths\[0\]\.type: "teleport" is not a value of fib_path_type/],
    [['sw_interface_tag_add_del', '--tag', 'x'.repeat(64)], /--tag: ".*" is not a string of at most 63 bytes/],
    [['sw_interface_set_flags', '--args', '{"sw_if_index": "one"}'], /--args: sw_if_index: "one" is not an integer/],
    [['sw_interface_set_flags', '--args', '{"sw_if_index": 1,}'], /--args: not valid JSON: .* at line 1 column/],
    [['sw_interface_set_flags', '--args', '{"swifindex": 1}'], /--args: .*has no field "swifindex" \(did you mean "sw_if_index"\?\)/],
    [['sw_interface_set_flags', '--args', '{"_msgname": "show_version"}'], /the input is for message "show_version", not sw_interface_set_flags/],
  ];
  for (const [argv, re] of cases) {
    it(argv.join(' ').slice(0, 80), async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(fx.emu.names()).toEqual([]);
    });
  }
});

describe('bad flags: exit 2 with a suggestion, nothing sent', () => {
  it('an unknown flag suggests the nearest one', async () => {
    const r = await cli('sw_interface_set_flags', '--sw-if-idx', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: sw_interface_set_flags: unknown flag --sw-if-idx (did you mean --sw-if-index?)\n' +
        'hint: vppapi sw_interface_set_flags --help lists its flags\n',
    );
    expect(fx.emu.names()).toEqual([]);
  });

  it('an unknown message suggests the nearest request', async () => {
    const r = await cli('sw_interface_dumpp');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command or message "sw_interface_dumpp" \(did you mean sw_interface_dump\?\)/);
    expect(fx.emu.names()).toEqual([]);
  });

  it('a reply is not a command; a module name points to help', async () => {
    const reply = await cli('show_version_reply');
    expect(reply.code).toBe(2);
    expect(reply.stderr).toMatch(/show_version_reply is not a request: VPP sends it in answer to show_version/);
    const mod = await cli('interface');
    expect(mod.stderr).toMatch(/interface is a module.*\nhint: vppapi help interface/);
  });

  it('a missing value, a repeated field, a stray word, a counted field', async () => {
    const missing = await cli('sw_interface_set_flags', '--sw-if-index');
    expect(missing.stderr).toMatch(/--sw-if-index needs a value/);
    const beforeFlag = await cli('sw_interface_set_flags', '--sw-if-index', '--flags', '1');
    expect(beforeFlag.stderr).toMatch(/--sw-if-index needs a value\nhint: a value that starts with -- is written --sw-if-index=--flags/);
    const twice = await cli('sw_interface_set_flags', '--sw-if-index', '1', '--sw_if_index', '2');
    expect(twice.stderr).toMatch(/--sw-if-index and --sw_if_index given twice/);
    const stray = await cli('sw_interface_set_flags', '1');
    expect(stray.stderr).toMatch(/unexpected argument "1"/);
    const counted = await cli('ip_route_add_del', '--route.n-paths', '2');
    expect(counted.stderr).toMatch(/--route\.n-paths is the number of elements in paths: it is counted for you/);
    for (const r of [missing, beforeFlag, twice, stray, counted]) expect(r.code).toBe(2);
    expect(fx.emu.names()).toEqual([]);
  });

  it('--args - with nothing on stdin', async () => {
    const r = await cli('sw_interface_set_flags', '--args', '-');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is empty/);
  });
});

describe('VPP says no: exit 1', () => {
  it('prints error: <message>: retval N NAME (description)', async () => {
    const r = await cli('sw_interface_set_flags', '--sw-if-index', '999', '--flags', 'admin_up');
    expect(r.code).toBe(EXIT.RETVAL);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX (Invalid sw_if_index)\n');
    expect(fx.emu.requests()).toEqual([{ name: 'sw_interface_set_flags', msg: { sw_if_index: 999, flags: 1 } }]);
  });

  it('with --json the reply is printed too, for scripts', async () => {
    const r = await cli('sw_interface_set_flags', '--sw-if-index', '999', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ _msgname: 'sw_interface_set_flags_reply', retval: -2 });
  });
});

describe('connection problems: exit 3 with a hint', () => {
  it('no socket at the path', async () => {
    const path = join(tempDir(), 'nothing.sock');
    const r = await run(['--socket', path, '--api-dir', fx.defs, 'show_version']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot connect: no socket at ${path}: is VPP running\\?`));
    expect(r.stderr).toMatch(/\nhint: start VPP, or point --socket .*vppapi --emulator/);
  });

  it('a socket file nobody listens on (VPP stopped)', async () => {
    const dir = tempDir();
    const server: Server = createServer();
    await new Promise<void>((res) => server.listen(join(dir, 'live.sock'), res));
    renameSync(join(dir, 'live.sock'), join(dir, 'stale.sock'));
    await new Promise<void>((res) => server.close(() => res()));
    const r = await run(['--socket', join(dir, 'stale.sock'), '--api-dir', fx.defs, 'show_version']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(/^error: cannot connect: nothing is listening on .*stale\.sock/);
    expect(r.stderr).toMatch(/\nhint: VPP is not running.*start it/);
  });

  it('a path that is not a socket', async () => {
    const file = join(tempDir(), 'regular');
    writeFileSync(file, 'x');
    const r = await run(['--socket', file, '--api-dir', fx.defs, 'show_version']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot connect: ${file} is a .*not a socket`));
    expect(r.stderr).toMatch(/hint: --socket must name VPP's API socket/);
  });

  it('the VPP_API_SOCKET environment variable names the socket', async () => {
    const path = join(tempDir(), 'env.sock');
    const r = await run(['--api-dir', fx.defs, 'show_version'], { env: { VPP_API_SOCKET: path } });
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toContain(path);
  });
});

describe('VPP does not answer: exit 4', () => {
  it('a server that accepts but never answers the handshake', async () => {
    const path = join(tempDir(), 'mute.sock');
    const server = createServer(() => {});
    await new Promise<void>((res) => server.listen(path, res));
    try {
      const r = await run(['--socket', path, '--api-dir', fx.defs, '--timeout', '200ms', 'show_version']);
      expect(r.code).toBe(EXIT.NO_ANSWER);
      expect(r.stderr).toMatch(/^error: sockclnt_create: no answer within 200 ms/);
      expect(r.stderr).toMatch(/\nhint: raise --timeout/);
    } finally {
      server.close();
    }
  });

  it('a bad --timeout is a usage error', async () => {
    const r = await cli('--timeout', 'soon', 'show_version');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout: "soon" is not a duration/);
  });
});

describe('messages this VPP does not have: exit 5, nothing sent', () => {
  it('changed: same name, other CRC', async () => {
    const other = await startTestEmulator(withCrc(builtinModules(), 'show_version', '0x12345678').map((module) => ({ origin: 'x', module })));
    try {
      const r = await run(['--socket', other.socket, '--api-dir', fx.defs, 'show_version']);
      expect(r.code).toBe(EXIT.UNAVAILABLE);
      expect(r.stderr).toMatch(/^error: show_version: this VPP has it as show_version_12345678 but the local definition is show_version_51077d14/);
      expect(r.stderr).toMatch(/\nhint: vppapi check lists every difference/);
      expect(other.names()).not.toContain('show_version');
    } finally {
      await other.stop();
    }
  });

  it('missing: a plugin this VPP has not loaded', async () => {
    const acme = {
      module: 'acme',
      types: [], enums: [], unions: [], enumflags: [],
      messages: [
        ['acme_ping', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], { crc: '0x0badf00d' }],
        ['acme_ping_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], { crc: '0x0badcafe' }],
      ],
      services: { acme_ping: { reply: 'acme_ping_reply' } },
      aliases: {},
      options: { version: '1.0.0' },
      vl_api_version: '0x1',
    };
    const withPlugin = apiTree([...builtinModules(), acme as never]);
    const r = await run(['--socket', fx.emu.socket, '--api-dir', withPlugin, 'acme_ping']);
    expect(r.code).toBe(EXIT.UNAVAILABLE);
    expect(r.stderr).toMatch(/^error: acme_ping: this VPP has no message of that name \(module acme is a plugin's: is that plugin loaded\?\)/);
    expect(fx.emu.names()).not.toContain('acme_ping');
  });
});

describe('interrupted: exit 130', () => {
  it('Ctrl-C while waiting for VPP', async () => {
    const path = join(tempDir(), 'slow.sock');
    const server = createServer(() => {});
    await new Promise<void>((res) => server.listen(path, res));
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const r = await run(['--socket', path, '--api-dir', fx.defs, 'show_version'], { signal: ac.signal });
      expect(r.code).toBe(EXIT.INTERRUPTED);
      expect(r.stdout).toBe('');
    } finally {
      server.close();
    }
  });
});
