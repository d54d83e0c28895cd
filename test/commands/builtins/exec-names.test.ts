/**
 * scriptNames: the messages a script sends, read before it runs (only their definitions
 * are then loaded), or undefined when a line may need every definition. The expected
 * names are written by hand from each script.
 */
import { describe, expect, it } from 'vitest';
import { scriptNames } from '../../../src/commands/builtins/exec.js';
import { ScriptText } from '../../../src/commands/syntax/script.js';

const names = (text: string): string[] | undefined => scriptNames(new ScriptText(text));

describe('scriptNames', () => {
  it('each message once, in order of first use, over runs of repeated lines', () => {
    const text = `${'sw_interface_set_flags --sw-if-index 0 --flags 0\n'.repeat(500)}show_version\n${'sw_interface_set_flags --sw-if-index 1 --flags 1\n'.repeat(3)}control_ping\n`;
    expect(names(text)).toEqual(['sw_interface_set_flags', 'show_version', 'control_ping']);
  });

  it('a longer name that starts with the last one is a name of its own', () => {
    expect(names('show_version\nshow_versions\nshow_version\tx\nshow_version_reply\n')).toEqual(['show_version', 'show_versions', 'show_version_reply']);
  });

  it('a line joined from several (a trailing backslash) is read from its joined text', () => {
    expect(names('show_version\nshow_ver\\\nsion\ncontrol_\\\nping\n')).toEqual(['show_version', 'control_ping']);
  });

  it('cli is cli_inband; dot commands, .exit, blanks and comments name nothing', () => {
    expect(names('# setup\n\n.json on\ncli show version\ncontrol_ping\n.exit\n')).toEqual(['cli_inband', 'control_ping']);
  });

  it('help, a built-in command or a leading option: undefined (every definition may be needed)', () => {
    for (const text of ['control_ping\nhelp\n', `${'control_ping\n'.repeat(10)}stats /if\n`, 'control_ping\n--json show_version\n']) {
      expect(names(text), text).toBeUndefined();
    }
  });

  it('a line that does not split is left for its run to report', () => {
    expect(names('control_ping\nshow_version "unclosed\nshow_version\n')).toEqual(['control_ping', 'show_version']);
  });
});
