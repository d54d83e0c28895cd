/**
 * Security: the shell never evaluates what is typed as code; the files vppapi keeps
 * (definitions cache, name index, shell history) are private to the user (0600 in 0700
 * directories, whatever the umask); and nothing is written anywhere but those paths.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { openSession } from '../../src/client/session/connect.js';
import { Session } from '../../src/client/session/session.js';
import { loadSchema } from '../../src/client/schema/load.js';
import { runLine } from '../../src/commands/dispatch.js';
import { startShell } from '../../src/commands/repl/shell.js';
import { apiTree, builtinSources, run, startTestEmulator, tempDir, useCliEmulator } from '../support/cli.js';
import { answer, startHostile, u16, u32 } from '../support/hostile-server.js';
import { until } from '../support/session-fake.js';

const bin = inject('cliDist');
const schema = loadSchema(builtinSources()).schema;

const fx = useCliEmulator({ clearEachTest: false });

/** Runs `lines` through the shell (piped, not a terminal) and returns what it printed. */
async function shell(lines: string[], env: Record<string, string> = {}): Promise<string> {
  const session = new Session({ socketPath: fx.emu.socket, schema });
  await session.connect();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  const sh = startShell({ input, output, terminal: false, session, run: runLine, env: { NO_COLOR: '1', VPPAPI_HISTORY: '', ...env } });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await sh.closed;
  return text.replace(/vppapi> /g, '');
}

/** `entries` are exactly one match of each pattern, in any order. */
function expectEntries(entries: string[], patterns: RegExp[]): void {
  expect(entries).toHaveLength(patterns.length);
  for (const p of patterns) expect(entries.filter((e) => p.test(e)), String(p)).toHaveLength(1);
}

/** File modes below `root`, as `relative path: octal mode`, directories marked with a slash. */
function modes(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(`${relative(root, p)}${e.isDirectory() ? '/' : ''}: ${(statSync(p).mode & 0o777).toString(8)}`);
      if (e.isDirectory()) walk(p);
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

function withUmask<T>(mask: number, f: () => Promise<T>): Promise<T> {
  const old = process.umask(mask);
  return f().finally(() => process.umask(old));
}

describe('the shell never evaluates input as code', () => {
  it('JavaScript, shell syntax and template strings are unknown commands; nothing runs', async () => {
    const marker = join(tempDir(), 'pwned');
    const exitBefore = process.exitCode;
    const hostile = [
      'process.exit(3)',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`,
      '${process.exit(4)}',
      `\`touch ${marker}\``,
      `$(touch ${marker})`,
      `; touch ${marker}`,
      `show_version; touch ${marker}`,
      `show_version && touch ${marker}`,
      'globalThis.pwned = 1',
      'this.constructor.constructor("return process")().exit(5)',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      `import(${JSON.stringify(marker)})`,
      `.load ${marker}`,
      '.editor',
    ];
    const out = await shell([...hostile, 'show_version']);
    expect(existsSync(marker)).toBe(false);
    expect(process.exitCode).toBe(exitBefore);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    const errors = out.split('\n').filter((l) => /^error: |Invalid REPL keyword/.test(l));
    expect(errors).toHaveLength(hostile.length);
    for (const e of errors) expect(e).toMatch(/^error: (unknown command or message|show_version: unexpected argument|.*not a request)|Invalid REPL keyword/);
    // The line after them still runs.
    expect(out).toMatch(/program:\s+vpe/);
  });

  it('.load of a file of JavaScript runs nothing: the keyword is not there', async () => {
    const marker = join(tempDir(), 'pwned');
    const script = join(tempDir(), 'evil.js');
    writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')\nprocess.exit(6)\n`);
    const out = await shell([`.load ${script}`, 'show_version']);
    expect(existsSync(marker)).toBe(false);
    expect(out).toMatch(/Invalid REPL keyword/);
    expect(out).toMatch(/program:\s+vpe/);
  });

  it('JSON cannot reach prototypes: __proto__ in --args is an unknown field, nothing is polluted or sent', async () => {
    fx.emu.emu.clearReceived();
    const out = await shell([`sw_interface_set_flags --args '{"__proto__": {"sw_if_index": 1, "polluted": 1}}'`]);
    expect(out).toMatch(/error: sw_interface_set_flags: --args: __proto__: sw_interface_set_flags has no field "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fx.emu.names().filter((n) => n === 'sw_interface_set_flags')).toEqual([]);
  });
});

describe('definitions from a hostile VPP (get_api_json) are data, never code', () => {
  const ID = ['u16', '_vl_msg_id'];
  const CTX = ['u32', 'context'];
  const crc = (i: number): { crc: string } => ({ crc: `0x${(0xe0000000 + i).toString(16)}` });
  const evil = {
    module: 'evil',
    messages: [
      ['evil_type_ctor', ID, CTX, ['constructor', 'x'], crc(1)],
      ['evil_type_tostring', ID, CTX, ['toString', 'x'], crc(2)],
      ['evil_type_proto', ID, CTX, ['__proto__', 'x'], crc(3)],
      ['evil_field_proto', ID, CTX, ['u32', '__proto__'], crc(4)],
      ['evil_names', ID, CTX, ['u32', 'a"b'], ['u32', 'x"]; globalThis.pwned = 1; //'], ['string', "s'`${globalThis.pwned = 2}`", 8], ['vl_api_evil_e_t', 'e'], crc(5)],
    ],
    enums: [['evil_e', ['constructor', 1], ['__proto__', 2], { enumtype: 'u8' }]],
    services: {},
  };

  it('bad names are refused one definition at a time, odd ones stay plain data; nothing runs', async () => {
    const modules = [...builtinSources().map((x) => x.module), evil as never];
    const vpp = await startHostile({
      modules,
      handlers: { get_api_json: (q, c) => c.sendPayload(answer(c, q, 'get_api_json_reply', { retval: 0, json: JSON.stringify([evil]) })) },
    });
    fx.defer(() => vpp.close());
    const opened = await openSession({ socketPath: vpp.socketPath, cacheDir: tempDir(), useCache: false });
    fx.defer(() => opened.session.disconnect());
    expect(opened.origin).toBe('get_api_json');
    const refused = opened.schemaErrors.map((e) => e.message).join('\n');
    for (const name of ['evil_type_ctor', 'evil_type_tostring', 'evil_type_proto', 'evil_field_proto']) {
      expect(refused).toContain(name);
      expect(opened.schema.messages.has(name)).toBe(false);
    }
    // The odd names round-trip as own members of a plain object, through the session.
    const got: Record<string, unknown>[] = [];
    opened.session.subscribe('evil_names', (_n, m) => got.push(m));
    const conn = vpp.conns[0]!;
    const p = Buffer.concat([
      u16(vpp.id('evil_names')), u32(0), u32(7), u32(8), Buffer.from('hi\0\0\0\0\0\0'), Buffer.from([2]),
    ]);
    conn.sendPayload(p);
    await until(() => got.length === 1);
    expect(Object.getPrototypeOf(got[0])).toBe(Object.prototype);
    expect(got[0]).toEqual({ 'a"b': 7, 'x"]; globalThis.pwned = 1; //': 8, "s'`${globalThis.pwned = 2}`": 'hi', e: 2 });
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});

describe('names that are Object.prototype members are plain names', () => {
  it('a request called toString is sent and answered like any other', async () => {
    const mod = {
      module: 'proto_names',
      messages: [
        ['toString', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], { crc: '0x0badcafe' }],
        ['toString_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], { crc: '0x0badcaff' }],
      ],
      services: { toString: { reply: 'toString_reply' } },
    };
    const served = await startTestEmulator([...builtinSources(), { origin: 'test', module: mod as never }]);
    fx.defer(() => served.stop());
    const r = await run(['--socket', served.socket, '--api-dir', apiTree([...builtinSources().map((x) => x.module), mod as never]), 'toString']);
    // Answered as the emulator answers any request it does not carry out (docs/emulator.md).
    expect(r.stderr).toBe('error: toString: retval -9 UNIMPLEMENTED (Unimplemented)\n');
    expect(r.code).toBe(1);
    expect(served.names()).toContain('toString');
  });
});

describe('private files', () => {
  it('the definitions cache from get_api_json: 0600 files in a 0700 directory, even with umask 000', async () => {
    const cache = join(tempDir(), 'xdg-cache');
    const r = await withUmask(0, () => run(['--socket', fx.emu.socket, 'show_version'], { env: { XDG_CACHE_HOME: cache } }));
    expect(r.code).toBe(0);
    expectEntries(modes(cache), [/^vppapi\/: 700$/, /^vppapi\/[0-9a-f]{64}\.json: 600$/]);
  });

  it('the name index of a definitions directory: 0600 in 0700, even with umask 000', async () => {
    const cache = join(tempDir(), 'xdg-cache');
    const r = await withUmask(0, () => run(['--socket', fx.emu.socket, '--api-dir', apiTree(), 'show_version'], { env: { XDG_CACHE_HOME: cache } }));
    expect(r.code).toBe(0);
    expectEntries(modes(cache), [/^vppapi\/: 700$/, /^vppapi\/names-[0-9a-f]{40}\.json: 600$/]);
  });

  it('without XDG_CACHE_HOME the cache goes under the HOME given, not the real home', async () => {
    const home = tempDir();
    const r = await run(['--socket', fx.emu.socket, 'show_version'], { env: { HOME: home, XDG_CACHE_HOME: '' } });
    expect(r.code).toBe(0);
    expectEntries(modes(home), [/^\.cache\/: 700$/, /^\.cache\/vppapi\/: 700$/, /^\.cache\/vppapi\/[0-9a-f]{64}\.json: 600$/]);
  });

  it('the shell history: 0600 in a 0700 directory, even with umask 000; an existing open file is made private', async () => {
    const state = tempDir();
    const session = new Session({ socketPath: fx.emu.socket, schema });
    await session.connect();
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    await withUmask(0, async () => {
      const sh = startShell({ input, output, terminal: true, session, run: runLine, env: { NO_COLOR: '1', XDG_STATE_HOME: state } });
      input.write('show_version\r');
      const end = Date.now() + 5000;
      while (!existsSync(join(state, 'vppapi', 'history')) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      sh.close();
      await sh.closed;
    });
    expect(modes(state)).toEqual(['vppapi/: 700', 'vppapi/history: 600']);

    const home = tempDir();
    const old = join(home, '.vppapi_history');
    writeFileSync(old, 'show_version\n', { mode: 0o644 });
    const s2 = new Session({ socketPath: fx.emu.socket, schema });
    await s2.connect();
    const sh2 = startShell({ input: new PassThrough(), output: new PassThrough().resume(), terminal: true, session: s2, run: runLine, env: { HOME: home } });
    sh2.close();
    await sh2.closed;
    expect((statSync(old).mode & 0o777).toString(8)).toBe('600');
  });
});

describe.skipIf(!bin)('nothing written outside the cache and history paths', () => {
  it('the real program, many commands: only <HOME>/.cache/vppapi changes; the working directory and TMPDIR stay as they were', async () => {
    const home = tempDir('vppapi-home-');
    const tmp = tempDir('vppapi-tmp-');
    const cwd = tempDir('vppapi-cwd-');
    writeFileSync(join(cwd, 'existing'), 'x');
    mkdirSync(join(tmp, 'other'));
    const defs = apiTree();
    const env = { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: tmp, NO_COLOR: '1' };
    const before = { home: modes(home), tmp: modes(tmp), cwd: modes(cwd) };
    const vppapi = (argv: string[], stdin = ''): Promise<number> =>
      new Promise((resolve) => {
        const c = execFile(process.execPath, [bin, ...argv], { cwd, env }, (e) => resolve((e as { code?: number } | null)?.code ?? 0));
        c.stdin!.end(stdin);
      });
    const codes = [
      await vppapi(['--emulator', 'show_version']),
      await vppapi(['--emulator', 'sw_interface_dump', '--json']),
      await vppapi(['--socket', fx.emu.socket, 'sw_interface_dump']),
      await vppapi(['--socket', fx.emu.socket, '--api-dir', defs, 'show_version']),
      await vppapi(['--socket', fx.emu.socket, '--api-dir', defs, 'sw_interface_set_flags', '--sw-if-index', '-1']),
      await vppapi(['--emulator', 'describe', 'sw_interface_dump']),
      await vppapi(['--emulator', 'repl'], 'show_version\nprocess.exit(3)\n.exit\n'),
      await vppapi(['--emulator', 'exec', '-'], 'show_version\n'),
      await vppapi(['--help']),
    ];
    expect(codes).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0]);
    expect(modes(cwd)).toEqual(before.cwd);
    expect(modes(tmp)).toEqual(before.tmp);
    const added = modes(home).filter((m) => !before.home.includes(m));
    expectEntries(added, [
      /^\.cache\/: 700$/,
      /^\.cache\/vppapi\/: 700$/,
      /^\.cache\/vppapi\/[0-9a-f]{64}\.json: 600$/,
      /^\.cache\/vppapi\/names-[0-9a-f]{40}\.json: 600$/,
    ]);
  });
});
