/**
 * The request plan (src/commands/plan/): one plan per (definitions, message), kept while
 * the definitions live; its reader gives the same value or error however often a
 * message's flags were met before, says what a line needs instead of waiting, and reads
 * a JSON body as the gateway gives it. Expected values are written out here from the
 * definitions (field values, error texts), never taken from the reader itself.
 * Then what lines share on their way out: the batched stdout, a line's own table
 * options, global options after the name, a pipelined script losing its VPP.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import { planFor } from '../../../src/commands/plan/plan.js';
import { type Args, type Need, readArgs, readArgsWaiting, readJson } from '../../../src/commands/plan/read.js';
import { sendsAtOnce } from '../../../src/commands/plan/run.js';
import { answerCode, answerValues } from '../../../src/commands/plan/send.js';
import { type GlobalOptions, defaultGlobals } from '../../../src/commands/runtime/globals.js';
import { BatchWriter } from '../../../src/commands/runtime/io.js';
import { InterfaceTable } from '../../../src/format/values/interface-names.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';
import { run, startTestEmulator, tempDir, useCliEmulator } from '../../support/cli.js';

const builtin = () => loadSchema(builtinModules().map((module) => ({ origin: 'built-in' as const, module }))).schema;
const schema = builtin();

/** Reads `tokens` as a request of `name`; the outcome as data: the value and options, or the error's text. */
function outcome(name: string, tokens: string[], g: GlobalOptions = defaultGlobals({})): unknown {
  try {
    const r = readArgs(planFor(schema, name)!, ['name', ...tokens], 1, { globals: () => g });
    if ('need' in r) return { need: r.need };
    return { value: r.value, help: r.help, dryRun: r.dryRun, force: r.force };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const ok = (value: Record<string, unknown>, o: Partial<{ help: boolean; dryRun: boolean; force: boolean }> = {}) => ({ value, help: false, dryRun: false, force: false, ...o });

/** Lines and what they read as, worked out by hand from the definitions (flags: ADMIN_UP 1, LINK_UP 2). */
const LINES: [string, string[], unknown][] = [
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--flags', 'admin_up|link_up'], ok({ sw_if_index: 1, flags: 3 })],
  ['sw_interface_set_flags', ['--sw_if_index=0x10', '--flags=0'], ok({ sw_if_index: 16, flags: 0 })],
  ['sw_interface_set_flags', ['--flags', '1', '--sw-if-index', '2'], ok({ sw_if_index: 2, flags: 1 })],
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--sw-if-index', '2'], { error: 'sw_interface_set_flags: --sw-if-index given twice' }],
  ['sw_interface_set_flags', ['--sw-if-index', '1', '--sw_if_index', '2'], { error: 'sw_interface_set_flags: --sw-if-index and --sw_if_index given twice' }],
  ['sw_interface_set_flags', ['--sw-if-index'], { error: 'sw_interface_set_flags: --sw-if-index needs a value' }],
  ['sw_interface_set_flags', ['--sw-if-index', '--flags', '1'], { error: 'sw_interface_set_flags: --sw-if-index needs a value' }],
  ['sw_interface_set_flags', ['--sw-if-index', '-1'], { error: expect.stringMatching(/^sw_interface_set_flags: --sw-if-index: "-1" is not an integer in 0\.\.4294967295/) }],
  ['sw_interface_set_flags', ['--sw-if-index', '4294967296'], { error: expect.stringMatching(/^sw_interface_set_flags: --sw-if-index: "4294967296" is not an integer in 0\.\.4294967295/) }],
  ['sw_interface_set_flags', ['--sw-if-idx', '1'], { error: 'sw_interface_set_flags: unknown flag --sw-if-idx (did you mean --sw-if-index?)' }],
  ['sw_interface_set_flags', ['stray'], { error: 'sw_interface_set_flags: unexpected argument "stray"' }],
  ['sw_interface_set_flags', ['--dry-run', '--sw-if-index', '3'], ok({ sw_if_index: 3 }, { dryRun: true })],
  ['sw_interface_set_flags', ['--help'], ok({}, { help: true })],
  ['sw_interface_add_del_address', ['--sw-if-index', '1', '--is-add', '--prefix', '10.0.0.1/24'], ok({ sw_if_index: 1, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 0, 0, 1]) } }, len: 24 } })],
  ['sw_interface_add_del_address', ['--sw-if-index', '1', '--no-is-add', '--prefix', '10.0.0.1/24'], ok({ sw_if_index: 1, is_add: false, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 0, 0, 1]) } }, len: 24 } })],
  ['sw_interface_add_del_address', ['--no-is-add=yes', '--prefix', '10.0.0.1/24'], { error: 'sw_interface_add_del_address: --no-is-add takes no value' }],
  ['sw_interface_add_del_address', ['--is-add', '--is-add', '--prefix', '10.0.0.1/24'], { error: 'sw_interface_add_del_address: --is-add given twice' }],
  ['sw_interface_add_del_address', ['--prefix', '10.0.0.300/24'], { error: expect.stringMatching(/^sw_interface_add_del_address: --prefix: "10\.0\.0\.300\/24" is not /) }],
  ['sw_interface_add_del_address', ['--args', '{"sw_if_index": 4, "prefix": "10.1.1.1/32"}', '--is-add'], ok({ sw_if_index: 4, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 1, 1, 1]) } }, len: 32 } })],
  ['sw_interface_add_del_address', ['--args', '{"prefix": "10.1.1.300/32"}'], { error: expect.stringMatching(/^sw_interface_add_del_address: --args: prefix: "10\.1\.1\.300\/32" is not /) }],
  ['sw_interface_set_mtu', ['--sw-if-index', '1', '--mtu', '1500', '--mtu', '0', '--mtu', '0', '--mtu', '0'], ok({ sw_if_index: 1, mtu: [1500, 0, 0, 0] })],
  ['sw_interface_set_mtu', ['--sw-if-index', '1', '--mtu', '1500,0,0,0'], ok({ sw_if_index: 1, mtu: [1500, 0, 0, 0] })],
  ['ip_route_add_del', ['--is-add', '--route.table-id', '7', '--route.prefix', '10.9.0.0/16', '--route.paths', 'via 10.0.0.2 loop0'], { need: 'interfaces' }],
  ['sw_interface_add_del_address', ['--args', '-'], { need: 'stdin' }],
];

function matchValue(got: unknown, want: unknown): void {
  // The codec's value form holds more fields than a person wrote (defaults): the written ones must be there as written.
  expect(got).toMatchObject(want as object);
}

describe('planFor', () => {
  it('builds one plan per (definitions, message) and keeps it while the definitions live', () => {
    const a = planFor(schema, 'sw_interface_dump');
    expect(a).toBeDefined();
    expect(planFor(schema, 'sw_interface_dump')).toBe(a);
    const other = builtin();
    const b = planFor(other, 'sw_interface_dump');
    expect(b).not.toBe(a);
    expect(b!.schema).toBe(other);
    expect(planFor(schema, 'no_such_message')).toBeUndefined();
  });

  it('refuses a message VPP sends, naming the request it answers', () => {
    expect(() => planFor(schema, 'sw_interface_set_flags_reply')).toThrow('sw_interface_set_flags_reply is not a request: VPP sends it in answer to sw_interface_set_flags');
  });

  it('says what a request may need: events, interface names read or printed, and what it may send', () => {
    const want = planFor(schema, 'want_interface_events')!;
    expect(want.needs).toMatchObject({ guard: false, events: ['sw_interface_event'], namesIn: false, namesOut: false });
    expect(want.sends).toEqual(['want_interface_events']);
    const add = planFor(schema, 'ip_route_add_del')!;
    expect(add.needs).toMatchObject({ namesIn: true, namesOut: false });
    expect(add.sends).toEqual(['ip_route_add_del', 'sw_interface_dump']);
    const dump = planFor(schema, 'ip_route_dump')!;
    expect(dump.needs).toMatchObject({ namesIn: false, namesOut: true });
    expect(dump.shown?.name).toBe('ip_route_details');
    const flags = planFor(schema, 'sw_interface_set_flags')!;
    expect(flags.needs).toMatchObject({ guard: false, events: [], namesIn: false, namesOut: false });
    expect(flags.reply?.name).toBe('sw_interface_set_flags_reply');
  });

  it.skipIf(!HAVE_SHARED)('marks a request known to harm VPP as guarded, with show_version among what it sends', () => {
    const real = loadSchema(readApiDir(API_26_06).sources).schema;
    const p = planFor(real, 'graph_node_get')!;
    expect(p.needs.guard).toBe(true);
    expect(p.sends).toContain('show_version');
    expect(sendsAtOnce(p, { value: {}, help: false, dryRun: false, force: true }, defaultGlobals({}))).toBe(false);
  });
});

describe('readArgs', () => {
  it('reads each line to the value written out by hand, the first time and again once its flags are in the plan', () => {
    for (let pass = 0; pass < 3; pass++) {
      for (const [name, tokens, want] of LINES) {
        const got = outcome(name, tokens);
        const label = `${name} ${tokens.join(' ')} (pass ${pass})`;
        if ((want as { value?: unknown }).value !== undefined) {
          const w = want as ReturnType<typeof ok>;
          expect(got, label).toMatchObject({ help: w.help, dryRun: w.dryRun, force: w.force });
          matchValue((got as { value: unknown }).value, w.value);
        } else expect(got, label).toEqual(want);
      }
    }
  });

  it('applies global options among the flags to the options it is given, and to nothing when there are none', () => {
    const plan = planFor(schema, 'sw_interface_set_flags')!;
    let asked = 0;
    const g = defaultGlobals({});
    const r = readArgs(plan, ['x', '--sw-if-index', '1', '--json', '--timeout', '2s'], 1, { globals: () => (asked++, g) }) as Args;
    expect(r.globals).toBe(g);
    expect(asked).toBe(1);
    expect(g.output).toBe('json');
    expect(g.timeoutMs).toBe(2000);
    const plain = readArgs(plan, ['x', '--sw-if-index', '1'], 1, { globals: () => { throw new Error('not to be asked'); } }) as Args;
    expect(plain.globals).toBeUndefined();
  });

  it('a field named like a global option is the field', () => {
    // sw_interface_set_flags has no field "json": the global one; a made-up value for an unknown flag still fails.
    expect(outcome('sw_interface_set_flags', ['--sw-if-index', '1', '--bogus'])).toEqual({ error: expect.stringMatching(/unknown flag --bogus/) });
  });

  it('says it needs standard input for --args -, and reads on once given it', async () => {
    const plan = planFor(schema, 'sw_interface_add_del_address')!;
    const r = readArgs(plan, ['--args', '-', '--is-add'], 0, { globals: () => defaultGlobals({}) }) as Need;
    expect(r.need).toBe('stdin');
    const done = r.need === 'stdin' ? (r.supply('{"sw_if_index": 7, "prefix": "10.2.2.2/32"}') as Args) : undefined;
    expect(done?.value).toMatchObject({ sw_if_index: 7, is_add: true, prefix: { len: 32 } });
    const again = readArgs(plan, ['--args', '-'], 0, { globals: () => defaultGlobals({}) }) as Need;
    expect(() => again.need === 'stdin' && again.supply('  \n')).toThrow('--args -: standard input is empty');
    const waited = await readArgsWaiting(plan, ['--args', '-'], 0, { globals: () => defaultGlobals({}) }, { readStdin: async () => '{"sw_if_index": 9, "prefix": "10.3.3.3/32"}' });
    expect(waited.value).toMatchObject({ sw_if_index: 9 });
  });

  it('says it needs the interface table for a path that names one, asks once more fresh, then refuses', async () => {
    const plan = planFor(schema, 'ip_route_add_del')!;
    const words = ['--is-add', '--route.prefix', '10.9.0.0/16', '--route.paths', 'via 10.0.0.2 loop0'];
    const first = readArgs(plan, words, 0, { globals: () => defaultGlobals({}) }) as Need;
    expect(first).toMatchObject({ need: 'interfaces', fresh: false });
    if (first.need !== 'interfaces') throw new Error('unreachable');
    const found = first.supply(new InterfaceTable([[0, 'local0'], [4, 'loop0']])) as Args;
    expect(found.value).toMatchObject({ is_add: true, route: { paths: [{ sw_if_index: 4 }] } });
    const stale = first.supply(new InterfaceTable([[0, 'local0']])) as Need;
    expect(stale).toMatchObject({ need: 'interfaces', fresh: true });
    if (stale.need !== 'interfaces') throw new Error('unreachable');
    expect(() => stale.supply(new InterfaceTable([[0, 'local0']]))).toThrow(/ip_route_add_del: --route\.paths.*loop0/);
    const asked: boolean[] = [];
    const waited = await readArgsWaiting(plan, words, 0, { globals: () => defaultGlobals({}) }, {
      interfaces: async (fresh) => (asked.push(fresh), new InterfaceTable(fresh ? [[9, 'loop0']] : [[0, 'local0']])),
    });
    expect(asked).toEqual([false, true]);
    expect(waited.value).toMatchObject({ route: { paths: [{ sw_if_index: 9 }] } });
    // Without a source for the table the reader's own error is the answer.
    await expect(readArgsWaiting(plan, words, 0, { globals: () => defaultGlobals({}) }, {})).rejects.toThrow(/loop0/);
  });
});

describe('readJson (a body as the gateway gives it)', () => {
  it('reads the --json form into the request, and names the field of a bad value', () => {
    const plan = planFor(schema, 'sw_interface_add_del_address')!;
    const r = readJson(plan, { sw_if_index: 3, is_add: true, prefix: '10.4.4.4/24' }) as Args;
    expect(r.value).toMatchObject({ sw_if_index: 3, is_add: true, prefix: { len: 24 } });
    expect(() => readJson(plan, { prefix: '10.4.4.400/24' })).toThrow(/^sw_interface_add_del_address: prefix: "10\.4\.4\.400\/24" is not /);
    expect(() => readJson(plan, [1, 2])).toThrow('sw_interface_add_del_address: expected a JSON object with the fields of sw_interface_add_del_address, not an array ([1,2])');
  });
});

describe('answers', () => {
  it('gives the exit code and the values of an answer by the pattern', () => {
    const single = planFor(schema, 'sw_interface_set_flags')!;
    expect(answerCode(single, { retval: 0 })).toBe(0);
    expect(answerCode(single, { retval: -2 })).toBe(1);
    expect(answerValues(single, { retval: 0 })).toEqual({ reply: { retval: 0 } });
    const dump = planFor(schema, 'sw_interface_dump')!;
    expect(answerCode(dump, [{ retval: -2 }])).toBe(0);
    expect(answerValues(dump, [{ sw_if_index: 1 }])).toEqual({ details: [{ sw_if_index: 1 }] });
  });

  it('sends at once only what has nothing to do first', () => {
    const dump = planFor(schema, 'sw_interface_dump')!;
    const a: Args = { value: {}, help: false, dryRun: false, force: false };
    const g = defaultGlobals({});
    expect(sendsAtOnce(dump, a, g)).toBe(true);
    expect(sendsAtOnce(dump, { ...a, help: true }, g)).toBe(false);
    expect(sendsAtOnce(dump, { ...a, dryRun: true }, g)).toBe(false);
    expect(sendsAtOnce(dump, a, { ...g, columns: ['sw_if_index'] })).toBe(false);
    expect(sendsAtOnce(planFor(schema, 'sw_interface_set_flags')!, a, { ...g, columns: ['retval'] })).toBe(true);
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
    // Text answers are led by their script line; TSV and JSON ones are data only.
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('# line '))).toEqual(['# line 2: sw_interface_dump', '# line 4: sw_interface_dump']);
    const blocks = lines.filter((l) => !l.startsWith('# line ')).join('\n').split(/(?=^sw_if_index)|(?=^\[)/m);
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
