/**
 * The shell in a real terminal (tmux), keys that arrive together: several Tabs in one
 * write, and a paste with Tabs among other keys, each behaving as the same keys pressed
 * one at a time. tmux delivers the keys of one `send-keys` in one write to the program.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cleanup, tempDir } from '../../support/cli.js';
import { type Tmux, hasTmux, openTmux, useTmux } from '../../support/tmux.js';

const bin = inject('cliDist');
const PROMPT = 'vppapi> ';

useTmux();
afterAll(cleanup);

async function shell(): Promise<Tmux> {
  const home = tempDir('vppapi-home-');
  const env = { HOME: home, TMPDIR: home, VPPAPI_HISTORY: join(home, 'history'), NO_COLOR: '1', PATH: process.env.PATH ?? '' };
  return openTmux([process.execPath, bin, '--emulator', 'repl'], env, PROMPT);
}

/** The flags of sw_interface_dump, as the second Tab after its name lists them. */
const DUMP_FLAGS = ['--sw-if-index', '--name-filter-valid', '--name-filter', '--args', '--dry-run', '--help'];
const listed = (screen: string): boolean => DUMP_FLAGS.every((f) => new RegExp(`(^|\\s)${f}(\\s|$)`, 'm').test(screen));

describe.skipIf(!bin || !hasTmux())('keys that reach the shell in one write', () => {
  it('two Tabs in one write do what two Tabs pressed apart do', async () => {
    const t = await shell();
    // Apart: the name, then the common start of its flags.
    t.keys('sw_interface_d', 'Tab');
    await t.waitLine('sw_interface_dump ');
    t.keys('Tab');
    await t.waitLine('sw_interface_dump --');
    t.keys('C-u');
    await t.waitLine('');
    // Together: the same line, no tab character in it.
    t.keys('sw_interface_d', 'Tab', 'Tab');
    await t.waitLine('sw_interface_dump --');
    // A key typed afterwards lands after the completion (nothing was still pending).
    t.keys('x');
    await t.waitLine('sw_interface_dump --x');
  });

  it('Tabs in one write after a complete name list the flags, the line keeping only the completion', async () => {
    const t = await shell();
    t.keys('sw_interface_dump ', 'Tab', 'Tab');
    const screen = await t.waitFor(listed, 'the list of sw_interface_dump flags');
    expect(screen).not.toMatch(/\t/);
    await t.waitLine('sw_interface_dump --');
    // Three in one write: the second and the third list, as Tabs pressed alone do (three lists on the screen by now).
    t.keys('C-u', 'sw_interface_dump ', 'Tab', 'Tab', 'Tab');
    await t.waitFor((s) => s.split('--name-filter-valid').length - 1 === 3, 'the list shown twice more');
    await t.waitLine('sw_interface_dump --');
  });

  it('a paste with Tabs among other keys completes at each Tab, the keys after it following the completion', async () => {
    const t = await shell();
    t.keys('-l', 'sw_interface_set_fl\t--fl\tad\t');
    await t.waitLine('sw_interface_set_flags --flags ADMIN_UP ');
    t.keys('C-u');
    await t.waitLine('');
    t.keys('-l', 'sw_interface_dump\t');
    await t.waitLine('sw_interface_dump ');
    t.keys('C-u');
    await t.waitLine('');
    // Enter in the same write runs the completed line.
    t.keys('-l', 'show_ve\t\r');
    const screen = await t.waitFor((s) => /^version:\s+26\.06-emulated$/m.test(s), 'show_version run');
    expect(screen).toMatch(/^vppapi> show_version$/m);
    expect(screen).not.toMatch(/error/);
  });
});

describe.skipIf(!bin || !hasTmux())('FIB path text in the shell', () => {
  it('completes keywords and the live interface names inside the quoted path, as a flag value and as a pair', async () => {
    const t = await shell();
    t.keys('create_loopback', 'Enter');
    await t.waitFor((s) => /^sw_if_index:\s+1$/m.test(s), 'the loopback created');
    t.keys("ip_route_add_del --route.prefix 10.9.0.0/16 --route.paths 'via 10.0.0.2 loo", 'Tab');
    // One candidate inside an open quote: no space, the quote left for the user to close.
    await t.waitLine("ip_route_add_del --route.prefix 10.9.0.0/16 --route.paths 'via 10.0.0.2 loop0");
    t.keys(' we', 'Tab');
    await t.waitLine("ip_route_add_del --route.prefix 10.9.0.0/16 --route.paths 'via 10.0.0.2 loop0 weight");
    t.keys(" 3'", 'Enter');
    // The route's own answer (create_loopback's above also says retval 0): under load a
    // wait for any "retval: 0" let C-l clear the screen before this answer was printed.
    await t.waitFor((s) => /^retval:\s+0\s*\nstats_index:\s+\d+\s*$/m.test(s), 'the route added');
    t.keys('C-l');
    await t.waitFor((s) => !/retval/.test(s), 'the screen cleared');
    t.keys('ip_route_add_del route.paths="via 10.0.0.2 lo', 'Tab', 'Tab');
    const screen = await t.waitFor((s) => /route\.paths="via 10\.0\.0\.2 loop0/.test(s) && /route\.paths="via 10\.0\.0\.2 local0/.test(s), 'the interfaces listed');
    expect(screen).toMatch(/route\.paths="via 10\.0\.0\.2 local(\s|$)/m);
    await t.waitLine('ip_route_add_del route.paths="via 10.0.0.2 lo');
  });
});
