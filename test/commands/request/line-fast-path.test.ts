/**
 * The per-line fast path of exec and the shell: the synchronous flag reader with its
 * per-message cache reads every line as the general reader does (same value, same
 * error), and leaves to it the lines that must wait (stdin, interface names); the
 * batched stdout keeps every byte; a line's table options stay that line's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { ArgsCache, parseCachedLine, parseMessageArgs, parseMessageArgsSync } from '../../../src/commands/request/args.js';
import { defaultGlobals } from '../../../src/commands/runtime/globals.js';
import { BatchWriter } from '../../../src/commands/runtime/io.js';
import { defaultRegistry } from '../../../src/format/type-formats/format-registry.js';
import { run, startTestEmulator, tempDir, useCliEmulator } from '../../support/cli.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in' as const, module }))).schema;

/** What a reader made of `tokens`: the value and options, or the error's message. */
async function outcome(read: () => unknown): Promise<unknown> {
  try {
    return { ok: await read() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const LINES: [string, string[]][] = [
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--flags', 'admin_up|link_up']],
  ['sw_interface_set_flags', ['--sw_if_index=0x10', '--flags=0']],
  ['sw_interface_set_flags', ['--flags', '1', '--sw-if-index', '2']],
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--sw-if-index', '2']],
  ['sw_interface_set_flags', ['--sw-if-index']],
  ['sw_interface_set_flags', ['--sw-if-index', '--flags', '1']],
  ['sw_interface_set_flags', ['--sw-if-index', '-1']],
  ['sw_interface_set_flags', ['--sw-if-index', '4294967296']],
  ['sw_interface_set_flags', ['--sw-if-idx', '1']],
  ['sw_interface_set_flags', ['--flags', 'admin_down']],
  ['sw_interface_set_flags', ['stray']],
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--json']],
  ['sw_interface_set_flags', ['--dry-run', '--sw-if-index', '3']],
  ['sw_interface_add_del_address', ['--sw-if-index', '1', '--is-add', '--prefix', '10.0.0.1/24']],
  ['sw_interface_add_del_address', ['--sw-if-index', '1', '--no-is-add', '--prefix', '10.0.0.1/24']],
  ['sw_interface_add_del_address', ['--no-is-add=yes', '--prefix', '10.0.0.1/24']],
  ['sw_interface_add_del_address', ['--is-add', '--is-add', '--prefix', '10.0.0.1/24']],
  ['sw_interface_add_del_address', ['--prefix', '10.0.0.300/24']],
  ['sw_interface_add_del_address', ['--args', '{"sw_if_index": 4, "prefix": "10.1.1.1/32"}', '--is-add']],
  ['sw_interface_set_mtu', ['--sw-if-index', '1', '--mtu', '1500', '--mtu', '0', '--mtu', '0', '--mtu', '0']],
  ['sw_interface_set_mtu', ['--sw-if-index', '1', '--mtu', '1500,0,0,0']],
  ['ip_route_add_del', ['--is-add', '--route.table-id', '0', '--route.prefix', '10.9.0.0/16', '--route.paths', 'via 10.0.0.2']],
];

describe('parseMessageArgsSync with a per-message cache', () => {
  it('reads each line as parseMessageArgs does, the first time and again from the cache', async () => {
    const caches = new Map<string, ArgsCache>();
    for (let pass = 0; pass < 2; pass++) {
      for (const [name, tokens] of LINES) {
        const def = schema.messages.get(name);
        expect(def, name).toBeDefined();
        const format = defaultRegistry.forMessage(def!);
        let cache = caches.get(name);
        if (!cache) caches.set(name, (cache = new ArgsCache()));
        const g1 = defaultGlobals({});
        const g2 = defaultGlobals({});
        const general = await outcome(() => parseMessageArgs(def!, format, tokens, g1));
        const fast = await outcome(() => parseMessageArgsSync(def!, format, ['name', ...tokens], g2, { cache }, 1));
        expect(fast, `${name} ${tokens.join(' ')} (pass ${pass})`).toEqual(general);
        // Global flags among the fields land on the line's options alike.
        expect(g2).toEqual(g1);
        // The reader of lines seen before: the same value, or nothing (the general reader then decides).
        const cached = parseCachedLine(format, ['name', ...tokens], 1, cache);
        if (cached !== undefined) {
          expect(general, `${name} ${tokens.join(' ')}`).toMatchObject({ ok: { value: cached, help: false, dryRun: false, force: false } });
          expect(g1).toEqual(defaultGlobals({}));
        }
      }
    }
  });

  it('reads a line of flags seen before without the general reader, and leaves any other to it', () => {
    const def = schema.messages.get('sw_interface_add_del_address')!;
    const format = defaultRegistry.forMessage(def);
    const cache = new ArgsCache();
    const line = ['x', '--sw-if-index', '1', '--no-is-add', '--prefix', '10.0.0.1/24'];
    expect(parseCachedLine(format, line, 1, cache)).toBeUndefined();
    parseMessageArgsSync(def, format, line, defaultGlobals({}), { cache }, 1);
    const again = ['x', '--prefix', '10.0.0.2/24', '--sw-if-index', '7', '--no-is-add'];
    expect(parseCachedLine(format, again, 1, cache)).toEqual(parseMessageArgsSync(def, format, again, defaultGlobals({}), {}, 1)!.value);
    for (const other of [
      ['x', '--sw-if-index', '1', '--sw-if-index', '2'],
      ['x', '--sw-if-index'],
      ['x', '--sw-if-index', '--prefix', '10.0.0.1/24'],
      ['x', '--sw-if-index', 'eth0'],
      ['x', '--sw-if-index', '1', '--json'],
      ['x', '--sw-if-index=1'],
      ['x', '--prefix', '10.0.0.300/24'],
    ]) {
      expect(parseCachedLine(format, other, 1, cache), other.join(' ')).toBeUndefined();
    }
  });

  it('gives undefined (the general path reads it) for --args - and for a value that names an interface', async () => {
    const def = schema.messages.get('sw_interface_add_del_address')!;
    const format = defaultRegistry.forMessage(def);
    expect(parseMessageArgsSync(def, format, ['--args', '-'], defaultGlobals({}))).toBeUndefined();
    const viaStdin = await parseMessageArgs(def, format, ['--args', '-'], defaultGlobals({}), { readStdin: async () => '{"sw_if_index": 7, "prefix": "10.2.2.2/32"}' });
    expect(viaStdin.value).toMatchObject({ sw_if_index: 7 });
    const route = schema.messages.get('ip_route_add_del')!;
    const tokens = ['--route.prefix', '10.9.0.0/16', '--route.paths', 'via 10.0.0.2 loop0'];
    expect(parseMessageArgsSync(route, defaultRegistry.forMessage(route), tokens, defaultGlobals({}))).toBeUndefined();
  });
});

describe('BatchWriter', () => {
  it('keeps every byte of UTF-8 text, across its flushes, and in order around a text longer than its buffer', () => {
    const got: string[] = [];
    const b = new BatchWriter({ write: (s: string) => got.push(s) }, 16, 1000);
    const parts = ['tag: café\n', 'naïve 😀\n', 'x'.repeat(40), 'ü', '\n', 'é'.repeat(5), '😀'.repeat(3)];
    for (const p of parts) b.write(p);
    b.flush();
    expect(got.join('')).toBe(parts.join(''));
    // The 40-character text went out whole, after what was gathered before it.
    expect(got).toContain('x'.repeat(40));
    expect(got.indexOf('x'.repeat(40))).toBeGreaterThan(0);
  });
});

describe('exec lines and their own output options', () => {
  const fx = useCliEmulator();

  function script(text: string): string {
    const f = join(tempDir(), 'script.vpp');
    writeFileSync(f, text);
    return f;
  }

  it('a --tsv line prints TSV, and the plain line after it does not', async () => {
    const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', script('sw_interface_dump --tsv\nsw_interface_dump\nsw_interface_dump --json\nsw_interface_dump\n')], { env: { NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const blocks = r.stdout.split(/(?=^sw_if_index)|(?=^\[)/m);
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toMatch(/^sw_if_index\tinterface_name\t/);
    expect(blocks[1]).toMatch(/^sw_if_index {2,}interface_name {2,}/);
    expect(blocks[1]).not.toContain('\t');
    expect(JSON.parse(blocks[2]!)[0]).toMatchObject({ _msgname: 'sw_interface_details', sw_if_index: 0 });
    expect(blocks[3]).toBe(blocks[1]);
  });

  it('a line with --args - reads standard input, through the general path', async () => {
    const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', script('sw_interface_set_flags --args -\nsw_interface_set_flags --sw-if-index 0 --flags 0\n')], {
      env: { NO_COLOR: '1' },
      stdin: '{"sw_if_index": 0, "flags": "ADMIN_UP"}',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(fx.emu.requests().filter((q) => q.name === 'sw_interface_set_flags').map((q) => q.msg)).toEqual([
      { sw_if_index: 0, flags: 1 },
      { sw_if_index: 0, flags: 0 },
    ]);
  });
});

describe('global options after the command or message name', () => {
  /** A made-up module with one request and its reply, in the *.api.json form. */
  function apiDir(): string {
    const dir = tempDir();
    const header = [['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context']];
    const mod = {
      module: 'widget', types: [], unions: [], enums: [], enumflags: [], aliases: {}, imports: [], counters: [], paths: [],
      messages: [
        ['widget_spin', ...header, ['u32', 'turns'], { crc: '0x12345678' }],
        ['widget_spin_reply', ['u16', '_vl_msg_id'], ['u32', 'context'], ['i32', 'retval'], { crc: '0x9abcdef0' }],
      ],
      services: { widget_spin: { reply: 'widget_spin_reply' } },
      options: { version: '1.0.0' },
      vl_api_version: '0x01020304',
    };
    writeFileSync(join(dir, 'widget.api.json'), JSON.stringify(mod));
    return dir;
  }

  it('--api-dir after the name chooses the definitions, as before it does', async () => {
    const dir = apiDir();
    const before = await run(['--api-dir', dir, 'describe', 'widget_spin']);
    const after = await run(['describe', 'widget_spin', '--api-dir', dir]);
    expect(before.code, before.stderr).toBe(0);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stdout).toMatch(/widget_spin .*12345678/);
    const dry = await run(['widget_spin', '--turns', '3', '--dry-run', `--api-dir=${dir}`]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ _msgname: 'widget_spin', turns: 3 });
    // After `--` it is a word like any other: not read.
    const ended = await run(['describe', 'widget_spin', '--', '--api-dir', dir]);
    expect(ended.code).not.toBe(0);
  });
});

describe('exec --pipeline when VPP goes away', () => {
  it('prints the lost connection once, notes each line that was in flight, and sends nothing more', async () => {
    const emu = await startTestEmulator();
    const f = join(tempDir(), 'many.vpp');
    writeFileSync(f, 'sw_interface_set_flags --sw-if-index 0 --flags 0\n'.repeat(200_000));
    const running = run(['--socket', emu.socket, 'exec', '--pipeline=32', f], { env: { NO_COLOR: '1' } });
    // Stopped while requests are in flight: some have been answered by then.
    while (emu.emu.received.length < 500) await new Promise((r) => setTimeout(r, 5));
    await emu.stop();
    const r = await running;
    expect(r.code).toBe(4);
    expect(r.stderr.match(/^error: /gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: VPP closed the connection/m);
    const notes = [...r.stderr.matchAll(/^exec: line (\d+) failed \(exit 4\)/gm)].map((m) => Number(m[1]));
    // The lines in flight when the connection went: at most the window, one after another.
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(notes.length).toBeLessThanOrEqual(32);
    expect(notes).toEqual(notes.map((_, i) => notes[0]! + i));
    // Every line before them was answered and printed; none after them ran.
    expect(r.stdout.match(/^retval: 0$/gm)).toHaveLength(notes[0]! - 1);
    expect(r.stderr).toMatch(new RegExp(`stopped, ${200_000 - notes.at(-1)!} lines not run\n$`));
  });
});
