/**
 * The bash script in an interactive bash in a real terminal (tmux): readline itself
 * applies the candidates, so what ends up on the line is what a user gets, with `=` in
 * COMP_WORDBREAKS (bash's default) and taken out of it.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiTree, cleanup, tempDir } from '../../support/cli.js';
import { type Tmux, hasTmux, openTmux, useTmux } from '../../support/tmux.js';

const bin = inject('cliDist');
const script = resolve(import.meta.dirname, '..', '..', '..', 'completions', 'vppapi.bash');

useTmux();
afterAll(cleanup);

async function bash(extra = ''): Promise<Tmux> {
  const home = tempDir('vppapi-home-');
  const rc = join(home, 'rc');
  writeFileSync(rc, `vppapi() { "$NODE" "$BIN" "$@"; }\nsource '${script}'\n${extra}\nPS1='$ '\n`);
  const env = { HOME: home, TMPDIR: home, PATH: process.env.PATH ?? '', NODE: process.execPath, BIN: bin, VPP_API_DIR: apiTree(), INPUTRC: '/dev/null' };
  return openTmux(['bash', '--noprofile', '--rcfile', rc, '-i'], env, '$ ');
}

describe.skipIf(!bin || !hasTmux())('bash completion in a terminal', () => {
  it('--flags=<Tab><Tab> lists the values and leaves the line as typed; --flags=li<Tab> completes', async () => {
    const t = await bash();
    t.keys('vppapi sw_interface_set_flags --flags=', 'Tab', 'Tab');
    const screen = await t.waitFor((s) => /^ADMIN_UP\s+LINK_UP$/m.test(s), 'the two values listed');
    expect(screen).not.toMatch(/==/);
    await t.waitLine('vppapi sw_interface_set_flags --flags=');
    t.keys('li', 'Tab');
    await t.waitLine('vppapi sw_interface_set_flags --flags=LINK_UP ');
  });

  it('the same with = taken out of COMP_WORDBREAKS', async () => {
    const t = await bash('COMP_WORDBREAKS=${COMP_WORDBREAKS//=/}');
    t.keys('vppapi sw_interface_set_flags --flags=ad', 'Tab');
    await t.waitLine('vppapi sw_interface_set_flags --flags=ADMIN_UP ');
  });

  it('inside FIB path text: quoted, the quote closed by readline; bare, the spaces kept escaped', async () => {
    const t = await bash();
    t.keys("vppapi ip_route_add_del --route.paths='via 10.0.0.2 we", 'Tab');
    await t.waitLine("vppapi ip_route_add_del --route.paths='via 10.0.0.2 weight'");
    t.keys('C-u');
    await t.waitLine('');
    t.keys('vppapi ip_route_add_del --route.paths=via\\ 10.0.0.2\\ resolve-via-h', 'Tab');
    await t.waitLine('vppapi ip_route_add_del --route.paths=via\\ 10.0.0.2\\ resolve-via-host');
  });
});
