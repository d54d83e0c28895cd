/**
 * The registry of built-in commands (data) against what reads it: the dispatcher's
 * loaders, commander (program.ts), `--help`, and completion, including a command with
 * subcommands as `stats ls|show|watch` will be.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../src/client/schema/load.js';
import { schemaDefs } from '../../src/commands/complete/defs.js';
import { completeBuiltin } from '../../src/commands/complete/engine.js';
import { RUNNER, loadBuiltin } from '../../src/commands/dispatch.js';
import { runBuiltin } from '../../src/commands/program.js';
import { BUILTINS, type BuiltinName, type CommandSpec } from '../../src/commands/registry.js';
import { defaultGlobals } from '../../src/commands/runtime/globals.js';
import { BufferWriter } from '../../src/commands/runtime/io.js';
import { type BuiltinModule, CliRuntime } from '../../src/commands/runtime/runtime.js';
import { builtinSources, cleanup, run } from '../support/cli.js';

afterAll(cleanup);

function runtime(): { rt: CliRuntime; out: BufferWriter; err: BufferWriter } {
  const out = new BufferWriter();
  const err = new BufferWriter();
  const env = { NO_COLOR: '1' };
  return { rt: new CliRuntime({ stdout: out, stderr: err, env }, defaultGlobals(env), RUNNER), out, err };
}

/** A command shaped as the coming `stats` (subcommands, each with options of its own). */
const STATS: CommandSpec = {
  name: 'stats', usage: '<ls|show|watch>', summary: 'the statistics segment',
  options: [{ long: 'stats-socket', value: 'path', description: 'the segment socket' }],
  subcommands: [
    { name: 'ls', usage: '[pattern...]', summary: 'list', args: [{ name: 'pattern', variadic: true, description: 'names or globs' }] },
    {
      name: 'show', usage: '<pattern...>', summary: 'show',
      args: [{ name: 'pattern', required: true, variadic: true, description: 'names or globs' }],
      options: [{ long: 'raw', description: 'no rates' }, { long: 'interval', value: 'seconds', default: '1', description: 'between samples' }],
    },
    { name: 'watch', usage: '<pattern...>', summary: 'watch', args: [{ name: 'pattern', required: true, variadic: true, description: 'names or globs' }], options: [{ long: 'pipeline', value: 'n', optionalValue: true, description: 'depth' }] },
  ],
};

describe('every registry entry', () => {
  it.each(BUILTINS.map((b) => b.name))('%s has a module that runs it', async (name) => {
    const spec = BUILTINS.find((b) => b.name === name)!;
    const mod = await loadBuiltin(name as BuiltinName);
    if (spec.subcommands) {
      expect(Object.keys(mod.subcommands ?? {}).sort()).toEqual(spec.subcommands.map((s) => s.name).sort());
    } else {
      expect(typeof mod.run).toBe('function');
    }
  });

  it.each(BUILTINS.filter((b) => !b.hidden).map((b) => b.name))('%s --help lists the options and arguments of its entry', async (name) => {
    const spec = BUILTINS.find((b) => b.name === name)!;
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    for (const o of spec.options ?? []) expect(r.stdout).toContain(`--${o.long}`);
    for (const a of spec.args ?? []) expect(r.stdout).toContain(a.name);
    if (spec.helpAfter) expect(r.stdout).toContain(spec.helpAfter.trim().split('\n')[0]);
  });
});

describe('a command with subcommands, built from data', () => {
  it('runs the subcommand named, with its own arguments and options and the parent\'s', async () => {
    const calls: unknown[] = [];
    const mod: BuiltinModule = {
      subcommands: {
        ls: async (_rt, args, opts) => (calls.push(['ls', args, opts]), 0),
        show: async (_rt, args, opts) => (calls.push(['show', args, opts]), 3),
        watch: async (_rt, args, opts) => (calls.push(['watch', args, opts]), 0),
      },
    };
    const { rt } = runtime();
    expect(await runBuiltin(rt, STATS, mod, ['--stats-socket', '/s', 'show', '--raw', 'if/rx', 'if/tx'], false)).toBe(3);
    expect(await runBuiltin(rt, STATS, mod, ['ls'], false)).toBe(0);
    expect(await runBuiltin(rt, STATS, mod, ['watch', '--pipeline', '--', 'x'], false)).toBe(0);
    expect(calls).toEqual([
      ['show', ['if/rx', 'if/tx'], { raw: true, interval: '1', statsSocket: '/s' }],
      ['ls', [], {}],
      ['watch', ['x'], { pipeline: true }],
    ]);
  });

  it('refuses an unknown subcommand or a missing argument as a usage error (exit 2), running nothing', async () => {
    const ran: string[] = [];
    const mod: BuiltinModule = { subcommands: { ls: async () => (ran.push('ls'), 0), show: async () => (ran.push('show'), 0), watch: async () => 0 } };
    const { rt, err } = runtime();
    expect(await runBuiltin(rt, STATS, mod, ['lss'], false)).toBe(2);
    expect(err.text).toMatch(/^error: stats: no subcommand "lss" \(did you mean ls\?\)\nhint: vppapi stats --help lists them$/m);
    expect(await runBuiltin(rt, STATS, mod, ['show'], false)).toBe(2);
    expect(err.text).toMatch(/^error: stats show: PATTERN is missing$/m);
    expect(ran).toEqual([]);
  });

  it('prints its help with the subcommands, without the module', async () => {
    const { rt, out } = runtime();
    expect(await runBuiltin(rt, STATS, undefined, [], true)).toBe(0);
    expect(out.text).toMatch(/\n  ls \[pattern\.\.\.\] +list\n  show \[options\] <pattern\.\.\.> +show\n/);
    expect(out.text).toMatch(/--stats-socket <path>/);
  });

  it('completes the subcommand names, then the subcommand\'s own options', async () => {
    const defs = schemaDefs(loadSchema(builtinSources()).schema);
    const values = async (rest: string[], partial: string): Promise<string[]> => (await completeBuiltin(defs, STATS, rest, partial, {})).candidates.map((c) => c.value);
    expect(await values([], '')).toEqual(['ls', 'show', 'watch']);
    expect(await values([], 's')).toEqual(['show']);
    expect(await values(['--stats-socket', '/s'], 'w')).toEqual(['watch']);
    expect(await values(['show'], '--')).toEqual(['--raw', '--interval']);
    expect(await values(['show', '--interval'], '')).toEqual([]);
    expect(await values(['--'], '--')).toEqual([]);
  });
});
