/**
 * Faults around the session and the CLI: VPP restarting during a session and during a
 * dump; a socket that is missing, forbidden or of the wrong kind; definitions that are
 * missing, empty or partly corrupt. Each fails clearly (typed error or exit code with a
 * message and a hint), and what can go on does.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, linkSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../src/client/schema/load.js';
import { Session } from '../../src/client/session/session.js';
import { EXIT } from '../../src/commands/runtime/exit-codes.js';
import { apiTree, run, tempDir, useCliEmulator } from '../support/cli.js';
import { answer, frameAs, startHostile } from '../support/hostile-server.js';
import { until } from '../support/session-fake.js';
import { programCopy, reachableDir } from '../support/unprivileged.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const bin = inject('cliDist');
const isRoot = process.getuid?.() === 0;

const fx = useCliEmulator({ clearEachTest: false });

async function session(socketPath = fx.emu.socket): Promise<{ s: Session; closes: (Error | undefined)[] }> {
  const s = new Session({ socketPath, schema, timeoutMs: 5000 });
  const closes: (Error | undefined)[] = [];
  s.on('close', (e) => closes.push(e));
  fx.defer(() => s.disconnect());
  await s.connect();
  return { s, closes };
}

const cli = fx.cli;

describe('VPP restarts', () => {
  it('during a session: calls in flight either answer correctly or fail with ECLOSED; the session reconnects and registrations must be renewed', async () => {
    const { s, closes } = await session();
    await s.call('want_interface_events', { enable_disable: 1 });
    const events: number[] = [];
    s.subscribe('sw_interface_event', (_n, m) => events.push(m.sw_if_index as number));
    const calls = Array.from({ length: 5000 }, (_, i) =>
      s.call('get_f64_increment_by_one', { f64_value: i }).then(
        (r) => ((r as { f64_value: number }).f64_value === i + 1 ? 'ok' : 'MISMATCH'),
        (e: { code?: string }) => e.code,
      ),
    );
    await new Promise((r) => setImmediate(r));
    await fx.emu.emu.restart({ keepState: true });
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'ECLOSED')).toEqual([]);
    expect(outcomes).toContain('ECLOSED');
    expect(s.state).toBe('closed');
    expect(closes).toMatchObject([{ code: 'ECLOSED', message: expect.stringMatching(/^VPP closed the connection/) }]);
    await expect(s.call('show_version')).rejects.toMatchObject({ code: 'ESTATE' });

    await s.connect();
    await expect(s.call('get_f64_increment_by_one', { f64_value: 41 })).resolves.toMatchObject({ f64_value: 42 });
    // The new VPP knows nothing of the old registration: no event until registered again.
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 1, flags: 1 });
    await s.call('control_ping');
    expect(events).toEqual([]);
    await s.call('want_interface_events', { enable_disable: 1 });
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 2, flags: 1 });
    await until(() => events.length === 1);
    expect(events).toEqual([2]);
  });

  it('during a dump: the details already read are delivered, then the dump fails with ECLOSED; nothing hangs', async () => {
    const { s } = await session();
    await Promise.all(Array.from({ length: 5000 }, () => s.call('create_loopback', {})));
    let seen = 0;
    let restarted: Promise<void> | undefined;
    const err = await (async () => {
      for await (const _ of s.iterate('sw_interface_dump')) {
        if (seen++ === 0) restarted = fx.emu.emu.restart();
      }
    })().then(() => undefined, (e: { code?: string; message: string }) => e);
    await restarted;
    expect(err).toMatchObject({ code: 'ECLOSED', message: expect.stringMatching(/^VPP closed the connection/) });
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(5001);
    expect(s.state).toBe('closed');
    await s.connect();
    // A fresh state: local0 alone.
    expect(((await s.call('sw_interface_dump')) as unknown[]).length).toBe(1);
  });

  it('the CLI mid-dump: exit 4, the details that came marked partial, saying VPP closed the connection and that it may have restarted', async () => {
    const vpp = await startHostile({
      handlers: {
        sw_interface_dump: (r, c) => {
          c.socket.write(Buffer.concat([0, 1, 2].map((i) => frameAs(answer(c, r, 'sw_interface_details', { sw_if_index: i })))));
          setTimeout(() => c.socket.destroy(), 20);
        },
        control_ping: () => {},
      },
    });
    fx.defer(() => vpp.close());
    const r = await run(['--socket', vpp.socketPath, '--api-dir', fx.defs, 'sw_interface_dump']);
    expect(r.code).toBe(EXIT.NO_ANSWER);
    // The 3 details that came are printed, marked partial (docs/fleets.md, Partial results).
    expect(r.stderr).toMatch(/^error: partial: 3 details, then VPP closed the connection\nhint: VPP closed the connection: it may have restarted or crashed/);
  });

  it('between two CLI calls: each call connects anew and works', async () => {
    expect((await cli('show_version')).code).toBe(0);
    await fx.emu.emu.restart();
    const r = await cli('show_version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^retval:\s+0\nprogram:\s+vpe/);
  });
});

describe('a hostile VPP, seen from the CLI: exit 4 with what happened', () => {
  async function cliAgainst(handlers: Parameters<typeof startHostile>[0], ...argv: string[]) {
    const vpp = await startHostile(handlers);
    fx.defer(() => vpp.close());
    return run(['--socket', vpp.socketPath, '--api-dir', fx.defs, ...argv]);
  }

  it('stops answering mid-dump: the details that came marked partial; the timeout says how many came', async () => {
    const r = await cliAgainst({
      handlers: {
        sw_interface_dump: (q, c) => [0, 1, 2].forEach((i) => c.sendPayload(answer(c, q, 'sw_interface_details', { sw_if_index: i }))),
        control_ping: () => {},
      },
    }, '--timeout', '200ms', 'sw_interface_dump');
    expect(r.code).toBe(EXIT.NO_ANSWER);
    expect(r.stderr).toMatch(/^error: partial: 3 details, then sw_interface_dump: no answer within 200 ms \(3 details, no control_ping_reply\)/);
    expect(r.stderr).toMatch(/^hint: raise --timeout/m);
  });

  it('sends garbage instead of the reply: the connection is dropped, saying why', async () => {
    const r = await cliAgainst({ handlers: { show_version: (_q, c) => void c.socket.write(Buffer.alloc(64, 0x41)) } }, 'show_version');
    expect(r.code).toBe(EXIT.NO_ANSWER);
    expect(r.stderr).toMatch(/^error: the connection to VPP was dropped: what VPP sent cannot be read \(frame header at stream offset \d+ announces 1094795585 payload bytes/);
    expect(r.stderr).toMatch(/^hint: VPP may have crashed mid-message, or --socket is not VPP's API socket/m);
  });

  it('answers with a truncated reply: exit 4 naming the message that does not decode', async () => {
    const r = await cliAgainst({
      handlers: { show_version: (q, c) => c.sendPayload(answer(c, q, 'show_version_reply', { retval: 0, program: 'vpe' }).subarray(0, 12)) },
    }, 'show_version');
    expect(r.code).toBe(EXIT.NO_ANSWER);
    expect(r.stderr).toMatch(/^error: show_version_reply\.program: truncated: needs 32 byte\(s\) at offset 10, only 2 left/);
    expect(r.stderr).toMatch(/^hint: VPP's answer does not fit the local definition: give the definitions of this VPP version with --api-dir/m);
  });
});

describe('the socket', () => {
  const socketCases: [string, () => string | Promise<string>, number, RegExp, RegExp][] = [
    ['missing', () => join(tempDir(), 'api.sock'), EXIT.CONNECT, /^error: cannot connect: no socket at \S+api\.sock: is VPP running\?/, /^hint: start VPP, or point --socket/m],
    ['in a missing directory', () => join(tempDir(), 'no', 'such', 'api.sock'), EXIT.CONNECT, /no socket at/, /^hint: start VPP/m],
    ['a regular file', () => file('api.sock'), EXIT.CONNECT, /is a regular file, not a socket/, /^hint: --socket must name VPP's API socket/m],
    ['a directory', () => tempDir(), EXIT.CONNECT, /is a directory, not a socket/, /^hint: --socket must name/m],
    ['a FIFO', () => fifo(), EXIT.CONNECT, /is a FIFO, not a socket/, /^hint: --socket must name/m],
    ['a stale socket nobody listens on', () => staleSocket(), EXIT.CONNECT, /nothing is listening on/, /^hint: VPP is not running/m],
    ['a stream socket that answers garbage', () => server((c) => c.end('HTTP/1.1 400 Bad Request\r\n\r\n')), EXIT.NO_ANSWER,
      /^error: the answer to sockclnt_create cannot be read \(frame header at stream offset 0 announces \d+ payload bytes.*\): is \S+ VPP's API socket\?/, /^hint: check that --socket names VPP's API socket/m],
    ['a stream socket that hangs up at once', () => server((c) => c.end()), EXIT.NO_ANSWER, /^error: VPP closed the connection during the handshake/, /^hint: VPP closed the connection/m],
    ['a stream socket that never answers', () => server(() => {}), EXIT.NO_ANSWER, /^error: sockclnt_create: no answer within 300 ms/, /^hint: raise --timeout/m],
  ];
  for (const [name, make, code, err, hint] of socketCases) {
    it(name, async () => {
      const r = await run(['--socket', await make(), '--api-dir', fx.defs, '--timeout', '300ms', 'show_version']);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(err);
      expect(r.stderr).toMatch(hint);
    });
  }

  it.runIf(hasPython())('a datagram or seqpacket socket (not a stream): exit 3, named as such', async () => {
    const dir = tempDir();
    const paths = [join(dir, 'dgram.sock'), join(dir, 'seq.sock')];
    const py = execFile('python3', ['-c', [
      'import socket,sys,time',
      `d=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM);d.bind(${JSON.stringify(paths[0])})`,
      `q=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET);q.bind(${JSON.stringify(paths[1])});q.listen(1)`,
      'print("up",flush=True);time.sleep(20)',
    ].join('\n')]);
    fx.defer(() => void py.kill());
    await new Promise((r) => py.stdout!.once('data', r));
    for (const p of paths) {
      const r = await run(['--socket', p, '--api-dir', fx.defs, 'show_version']);
      expect(r.code).toBe(EXIT.CONNECT);
      expect(r.stderr).toMatch(new RegExp(`^error: cannot connect: ${p.replace(/[.]/g, '\\.')} is a datagram or packet socket, not a stream socket`));
      expect(r.stderr).toMatch(/^hint: --socket must name VPP's API socket/m);
    }
  });

  it.runIf(!isRoot)('permission denied (not root): exit 3 with what to do', async () => {
    const p = await server(() => {});
    chmodSync(p, 0o000);
    const r = await run(['--socket', p, '--api-dir', fx.defs, 'show_version']);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(/^error: cannot connect: permission denied on /);
  });

  it.runIf(isRoot && !!bin)('permission denied (the real program as an unprivileged user): exit 3 with what to do', async () => {
    const dir = reachableDir('vppapi-perm-');
    const p = join(dir, 'api.sock');
    await server(() => {}, p);
    chmodSync(p, 0o700);
    const home = reachableDir('vppapi-home-');
    chmodSync(home, 0o777);
    const readable = reachableDir('vppapi-defs-');
    cpSync(apiTree(), readable, { recursive: true });
    const program = programCopy(dirname(dirname(dirname(bin))));
    const out = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [program, '--socket', p, '--api-dir', readable, 'show_version'],
        { uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: home } },
        (e, _stdout, stderr) => resolve({ code: (e as { code?: number } | null)?.code ?? 0, stderr })),
    );
    expect(out.code).toBe(EXIT.CONNECT);
    expect(out.stderr).toMatch(new RegExp(`^error: cannot connect: permission denied on ${p.replace(/[.]/g, '\\.')}`));
    expect(out.stderr).toMatch(/^hint: run with sudo, or join the socket's group/m);
  });
});

describe('definitions', () => {
  it('a directory that does not exist: exit 2 naming it, nothing sent', async () => {
    fx.emu.emu.clearReceived();
    const r = await run(['--socket', fx.emu.socket, '--api-dir', '/nonexistent/vpp/api', 'show_version']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/^error: cannot read definitions directory \/nonexistent\/vpp\/api: no such file or directory\n/);
    expect(r.stderr).toMatch(/^hint: give the definitions of this VPP with --api-dir/m);
    expect(fx.emu.names()).toEqual([]);
  });

  it('an empty directory: exit 2 saying it holds no definitions (not "unknown message"), nothing sent', async () => {
    fx.emu.emu.clearReceived();
    const empty = tempDir();
    for (const argv of [['show_version'], ['message-table']]) {
      const r = await run(['--socket', fx.emu.socket, '--api-dir', empty, ...argv]);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.stderr).toMatch(new RegExp(`^error: no API definitions in ${empty}: it holds no \\*\\.api\\.json files`));
      expect(r.stderr).toMatch(/^hint: point --api-dir \(or \$VPP_API_DIR\) at VPP's definitions, usually \/usr\/share\/vpp\/api/m);
    }
    // Help still helps, saying why the list of messages is missing.
    const help = await run(['--socket', fx.emu.socket, '--api-dir', empty, '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toMatch(/^warning: no list of messages: no API definitions in .*: it holds no \*\.api\.json files/);
    expect(help.stdout).toMatch(/^Usage: vppapi/);
    expect(fx.emu.names()).toEqual([]);
  });

  it('one corrupted file: the others still work; a message it defined is reported with the file; nothing sent for it', async () => {
    const dir = apiTree();
    const broken = join(dir, 'core', 'interface.api.json');
    writeFileSync(broken, readFileSync(broken, 'utf8').slice(0, 500));
    fx.emu.emu.clearReceived();
    const ok = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'show_version']);
    expect(ok.code).toBe(0);
    const lost = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'sw_interface_dump']);
    expect(lost.code).toBe(EXIT.USAGE);
    expect(lost.stderr).toMatch(new RegExp(`^warning: definitions: ${broken}: not valid JSON`));
    expect(lost.stderr).toMatch(/^error: unknown command or message "sw_interface_dump"/m);
    expect(fx.emu.names().filter((n) => n === 'sw_interface_dump')).toEqual([]);
  });

  it('a corrupted file that still names the message: exit 2 naming the file, nothing sent', async () => {
    const dir = apiTree();
    const broken = join(dir, 'core', 'interface.api.json');
    writeFileSync(broken, `${readFileSync(broken, 'utf8')}\n,,garbage`);
    fx.emu.emu.clearReceived();
    const r = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'sw_interface_dump']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(new RegExp(`^error: ${broken}: not valid JSON`));
    expect(fx.emu.names()).toEqual([]);
  });

  it('a file with a broken definition inside valid JSON: the rest of the module set still loads', async () => {
    const dir = apiTree();
    const f = join(dir, 'core', 'interface.api.json');
    const m = JSON.parse(readFileSync(f, 'utf8')) as { messages: unknown[][] };
    m.messages.push(['broken_msg', ['u16', '_vl_msg_id'], ['vl_api_no_such_type_t', 'x'], { crc: '0x12345678' }]);
    writeFileSync(f, JSON.stringify(m));
    const r = await run(['--socket', fx.emu.socket, '--api-dir', dir, 'message-table']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: definitions: .*broken_msg.*no_such_type/m);
    expect(r.stdout).toMatch(/sw_interface_dump/);
  });
});

function file(name: string): string {
  const p = join(tempDir(), name);
  writeFileSync(p, 'not a socket');
  return p;
}

function fifo(): string {
  const p = join(tempDir(), 'api.fifo');
  execFileSync('mkfifo', [p]);
  return p;
}

/** A listener on a fresh path that is not VPP: `onConn` decides what it does. */
async function server(onConn: (c: Socket) => void, p = join(tempDir(), 'api.sock')): Promise<string> {
  const conns = new Set<Socket>();
  const srv: Server = createServer((c) => {
    conns.add(c);
    c.on('error', () => {});
    onConn(c);
  });
  await new Promise<void>((r) => srv.listen(p, r));
  fx.defer(() => new Promise<void>((r) => {
    srv.close(() => r());
    for (const c of conns) c.destroy();
  }));
  return p;
}

/** A socket file whose server is gone: a hard link outlives the listener's own unlink. */
async function staleSocket(): Promise<string> {
  const dir = tempDir();
  const live = join(dir, 'live.sock');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(live, r));
  const stale = join(dir, 'stale.sock');
  linkSync(live, stale);
  await new Promise<void>((r) => srv.close(() => r()));
  return stale;
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import socket; socket.AF_UNIX'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
