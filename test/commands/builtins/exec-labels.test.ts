/**
 * exec's text output says which script line each answer is for; one line alone prints
 * as before, and --json output stays one JSON document per answer.
 */
import { describe, expect, it } from 'vitest';
import { run, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const exec = (script: string, ...flags: string[]) => run(['--socket', fx.emu.socket, '--api-dir', fx.defs, '--no-color', ...flags, 'exec', '-'], { stdin: script });

describe('exec: answers labelled with their script line', () => {
  it('leads each answer with "# line N: message", counting blank and comment lines', async () => {
    const r = await exec('show_version\n\n# a comment\ncreate_loopback\nsw_interface_set_flags sw_if_index=1 flags=admin_up\n');
    expect(r.code).toBe(0);
    const labels = r.stdout.split('\n').filter((l) => l.startsWith('# '));
    expect(labels).toEqual(['# line 1: show_version', '# line 4: create_loopback', '# line 5: sw_interface_set_flags']);
    const lines = r.stdout.split('\n');
    expect(lines[lines.indexOf('# line 4: create_loopback') + 1]).toMatch(/^retval: +0$/);
  });

  it('also in --pipeline, in script order', async () => {
    const p = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, '--no-color', 'exec', '--pipeline', '-'], { stdin: 'show_version\ncontrol_ping\nshow_version\n' });
    expect(p.code).toBe(0);
    expect(p.stdout.split('\n').filter((l) => l.startsWith('# '))).toEqual(['# line 1: show_version', '# line 2: control_ping', '# line 3: show_version']);
  });

  it('a script of one line prints its answer alone; --json prints only JSON documents', async () => {
    const one = await exec('show_version\n');
    expect(one.stdout).not.toContain('# line');
    const j = await exec('show_version\ncreate_loopback\n', '--json');
    expect(j.stdout).not.toContain('# line');
    const docs = j.stdout.trim().split(/\n(?=\{)/).map((d) => JSON.parse(d) as { _msgname: string });
    expect(docs.map((d) => d._msgname)).toEqual(['show_version_reply', 'create_loopback_reply']);
  });
});
