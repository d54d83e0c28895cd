/**
 * Help wraps to the terminal: the shell's `help`, `vppapi --help`, a message's --help and
 * describe, at 80 and 120 columns (a word longer than the line is the only overflow).
 */
import { describe, expect, it } from 'vitest';
import { shellHelp } from '../../../src/commands/repl/line-runner.js';
import { run, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const widthOf = (l: string): number => Array.from(l).length;
/**
 * Lines wider than `w` that could have been broken (they hold a space), except example
 * command lines (`  vppapi …`, `  sw_interface_…`), which break no better than a word.
 */
const overflowing = (text: string, w: number): string[] =>
  text.split('\n').filter((l) => widthOf(l) > w && /\S\s+\S/.test(l.trimStart()) && !/^ {2}(vppapi )?[a-z0-9_]+ --/.test(l));

describe('help wraps to the terminal width', () => {
  it("the shell's help at 80 and 120 columns", () => {
    for (const w of [80, 120]) {
      const h = shellHelp(w);
      expect(overflowing(h, w)).toEqual([]);
      expect(h).toMatch(/^ {2}watch {2,}register for events/m);
    }
    expect(shellHelp(80).split('\n').length).toBeGreaterThan(shellHelp(120).split('\n').length);
  });

  it('vppapi --help, a message --help and describe on terminals of 80 and 120 columns', async () => {
    for (const w of [80, 120]) {
      for (const argv of [['--help'], ['ip_route_add_del', '--help'], ['describe', 'ip_route_add_del'], ['help', 'interface']]) {
        const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, ...argv], { tty: w, env: { NO_COLOR: '1' } });
        expect(r.code, argv.join(' ')).toBe(0);
        expect(overflowing(r.stdout, w), `${argv.join(' ')} at ${w}`).toEqual([]);
      }
    }
  });
});
