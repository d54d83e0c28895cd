/**
 * The shell driven through a terminal-like stream: Tab completion at each position, a
 * session of several commands on one connection, recovery from failed lines, Ctrl-C,
 * output modes, help, events, and the history file.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyPath } from '../../../src/commands/repl/history.js';
import { tempDir, useCliEmulator } from '../../support/cli.js';
import { type Terminal, openTerminal, useTerminals } from '../../support/repl.js';

const fx = useCliEmulator({ clearEachTest: false });
useTerminals();
let term: Terminal;

/** Types `text`, then waits until the edited line is `expected`. */
async function tab(t: Terminal, text: string, expected: string): Promise<void> {
  t.type(text);
  const end = Date.now() + 3000;
  while (t.line() !== expected) {
    if (Date.now() > end) throw new Error(`the line is ${JSON.stringify(t.line())}, expected ${JSON.stringify(expected)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Tab completion in the terminal', () => {
  it('completes the message, its flag and the flag value, one Tab each', async () => {
    term = await openTerminal(fx.emu.socket);
    await tab(term, 'sw_interface_set_fl\t', 'sw_interface_set_flags ');
    await tab(term, '--fl\t', 'sw_interface_set_flags --flags ');
    // Typed in lower case, completed to the definition's spelling.
    await tab(term, 'ad\t', 'sw_interface_set_flags --flags ADMIN_UP ');
    await tab(term, 'sw_if\t', 'sw_interface_set_flags --flags ADMIN_UP sw_if_index=');
    term.type('\x15'); // Ctrl-U: clear the line
    await tab(term, 'sw_interface_set_flags flags=Link_\t', 'sw_interface_set_flags flags=LINK_UP ');
    term.type('\x15');
    await tab(term, 'sw_interface_set_flags --flags "Ad\t', 'sw_interface_set_flags --flags "ADMIN_UP');
    term.type('\x15'); // Ctrl-U: clear the line
  });

  it('lists the candidates on a second Tab, live interfaces with their names', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('create_loopback\r');
    await term.waitFor(/sw_if_index:\s+(\d+)/);
    const index = /sw_if_index:\s+(\d+)/.exec(term.sinceMark())![1]!;
    term.mark();
    term.type('sw_interface_set_flags --sw-if-index \t\t');
    await term.waitFor(new RegExp(`0 \\(local0\\)[\\s\\S]*${index} \\(loop\\d+\\)`));
  });

  it('the completer itself: candidates at each position of a line', async () => {
    term = await openTerminal(fx.emu.socket);
    const c = term.shell.complete;
    expect(await c('show_ve')).toEqual([['show_version '], 'show_ve']);
    expect((await c('sw_interface_set_flags --'))[0]).toEqual(['--sw-if-index', '--flags', '--args', '--dry-run', '--help']);
    expect(await c('sw_interface_set_flags --flags li')).toEqual([['LINK_UP '], 'li']);
    expect(await c('sw_interface_set_flags flags=li')).toEqual([['flags=LINK_UP '], 'flags=li']);
    expect(await c('sw_interface_set_flags fl')).toEqual([['flags='], 'fl']);
    expect(await c('help show_vers')).toEqual([['show_version', 'show_version_reply'], 'show_vers']);
    expect((await c('.js'))[0]).toEqual(['.json', '.jsonl']);
    expect((await c('watch '))[0]).toEqual(['want_interface_events ']);
    expect(await c('sw_interface_set_flags --flags "ad')).toEqual([['"ADMIN_UP'], '"ad']);
    expect(await c('sw_interface_tag_add_del --tag "ab')).toEqual([[], '"ab']);
  });
});

describe('a session of several commands', () => {
  it('runs each line on one connection, pairs and flags alike', async () => {
    term = await openTerminal(fx.emu.socket);
    fx.emu.emu.clearReceived();
    term.type('create_loopback\r');
    const idx = /sw_if_index:\s+(\d+)/.exec(await term.waitFor(/sw_if_index:\s+\d+/))![1]!;
    term.mark();
    term.type(`sw_interface_set_flags sw_if_index=${idx} flags=admin_up\r`);
    term.type(`sw_interface_dump --sw-if-index ${idx}\r`);
    term.type("cli 'show interface'\r");
    const screen = await term.waitFor(/Name\s+Idx\s+State/);
    expect(screen).toMatch(/^retval:\s+0$/m);
    expect(screen).toMatch(new RegExp(`loop\\d+\\s+${idx}\\s+up`));
    const reqs = fx.emu.requests();
    expect(reqs.map((r) => r.name)).toEqual(['create_loopback', 'sw_interface_set_flags', 'sw_interface_dump', 'cli_inband']);
    expect(reqs[1]!.msg).toMatchObject({ sw_if_index: Number(idx), flags: 1 });
    expect(fx.emu.names().filter((n) => n === 'sockclnt_create')).toHaveLength(0);
  });

  it('recovers from each failed line and goes on', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('sw_interface_set_flags --sw-if-index nope\r');
    term.type('no_such_command\r');
    term.type('sw_interface_tag_add_del --tag "open\r');
    term.type('sw_interface_set_flags sw_if_index=4000 flags=admin_up\r');
    term.type('show_version\r');
    const screen = await term.waitFor(/version:\s+26\.06-emulated/);
    expect(screen).toMatch(/error: sw_interface_set_flags: --sw-if-index: "nope" is not an integer/);
    expect(screen).toMatch(/error: unknown command or message "no_such_command"/);
    expect(screen).toMatch(/error: unterminated double quote/);
    expect(screen).toMatch(/error: sw_interface_set_flags: retval -2 INVALID_SW_IF_INDEX/);
    expect(term.session.state).toBe('running');
  });

  it('switches output modes with .json and .jsonl', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('.json on\r');
    term.type('show_version\r');
    await term.waitFor(/"_msgname": "show_version_reply"/);
    term.mark();
    term.type('.jsonl on\r');
    term.type('show_version\r');
    await term.waitFor(/\{"_msgname":"show_version_reply","_crc":"[0-9a-f]{8}","retval":0,/);
    term.mark();
    term.type('.jsonl off\r');
    term.type('show_version\r');
    const s = await term.waitFor(/program:\s+vpe\n/);
    expect(s).toMatch(/output: human/);
    term.mark();
    term.type('.json maybe\r');
    await term.waitFor(/error: \.json: "maybe" is not on or off/);
  });

  it('help lists the commands; help <message> describes it', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('help\r');
    const h = await term.waitFor(/\.exit, Ctrl-D/);
    expect(h).toMatch(/^ {2}watch\s+register for events/m);
    expect(h).not.toMatch(/__complete/);
    term.mark();
    term.type('help sw_interface_set_flags\r');
    const d = await term.waitFor(/Send it:/);
    expect(d).toMatch(/sw_interface_set_flags {2}\(module interface/);
    expect(d).toMatch(/^sw_if_index {2,}interface_index/m);
    expect(d).toMatch(/Flags: --<field> in kebab or snake case/);
  });
});

describe('Ctrl-C and leaving', () => {
  it('Ctrl-C cancels the running watch, unregisters, and the shell goes on', async () => {
    term = await openTerminal(fx.emu.socket);
    fx.emu.emu.clearReceived();
    term.type('watch want_interface_events\r');
    await term.waitFor(/watching sw_interface_event/);
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 7, flags: 3, deleted: false });
    await term.waitFor(/\d\d:\d\d:\d\d\.\d{3} sw_interface_event sw_if_index=7 flags=ADMIN_UP\|LINK_UP deleted=false/);
    term.mark();
    term.type('\x03');
    await term.waitFor(/\^C/);
    term.type('show_version\r');
    await term.waitFor(/version:\s+26\.06-emulated/);
    const wants = fx.emu.requests().filter((r) => r.name === 'want_interface_events').map((r) => r.msg.enable_disable);
    expect(wants).toEqual([1, 0]);
    expect(term.session.state).toBe('running');
  });

  it('watch on a connection registered by hand watches it and leaves the registration', async () => {
    term = await openTerminal(fx.emu.socket);
    fx.emu.emu.clearReceived();
    term.type('want_interface_events enable_disable=1\r');
    await term.waitFor(/retval:\s+0/);
    term.mark();
    term.type('watch want_interface_events --count 1\r');
    await term.waitFor(/registered already; watching without registering again/);
    fx.emu.emu.emitEvent('sw_interface_event', { sw_if_index: 3, flags: 0, deleted: true });
    await term.waitFor(/sw_interface_event sw_if_index=3 flags=0 deleted=true/);
    term.type('show_version\r');
    await term.waitFor(/version:/);
    expect(fx.emu.requests().filter((r) => r.name === 'want_interface_events').map((r) => r.msg.enable_disable)).toEqual([1, 1]);
  });

  it('Ctrl-C at an empty prompt warns, twice leaves and disconnects', async () => {
    const t = await openTerminal(fx.emu.socket);
    t.type('\x03');
    await t.waitFor(/To exit, press Ctrl\+C again/);
    t.type('\x03');
    await t.shell.closed;
    expect(t.session.state).toBe('closed');
  });

  it('.exit leaves and disconnects', async () => {
    const t = await openTerminal(fx.emu.socket);
    t.type('.exit\r');
    await t.shell.closed;
    expect(t.session.state).toBe('closed');
  });
});

describe('history', () => {
  it('keeps each line in a private file, and Up recalls the saved lines next time', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('show_version\r');
    term.type('sw_interface_dump\r');
    term.type('sw_interface_dump\r');
    await term.waitFor(/local0[\s\S]*local0/);
    const file = term.historyFile;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('show_version\nsw_interface_dump\n');
    await term.close();

    term = await openTerminal(fx.emu.socket, { env: { VPPAPI_HISTORY: file, NO_COLOR: '1' } });
    await tab(term, '\x1b[A', 'sw_interface_dump');
    await tab(term, '\x1b[A', 'show_version');
  });

  it('makes an existing file private, and lives where XDG_STATE_HOME or HOME says', async () => {
    const file = join(tempDir(), 'history');
    writeFileSync(file, 'cli show version\n', { mode: 0o644 });
    term = await openTerminal(fx.emu.socket, { env: { VPPAPI_HISTORY: file, NO_COLOR: '1' } });
    await tab(term, '\x1b[A', 'cli show version');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(historyPath({ XDG_STATE_HOME: '/state', HOME: '/home/u' })).toBe('/state/vppapi/history');
    expect(historyPath({ HOME: '/home/u' })).toBe('/home/u/.vppapi_history');
    expect(historyPath({ VPPAPI_HISTORY: '', HOME: '/home/u' })).toBeUndefined();
  });

  it('creates the XDG directory privately', async () => {
    const state = tempDir();
    term = await openTerminal(fx.emu.socket, { env: { XDG_STATE_HOME: state, NO_COLOR: '1' } });
    term.type('show_version\r');
    await term.waitFor(/program:/);
    const file = join(state, 'vppapi', 'history');
    expect(existsSync(file)).toBe(true);
    expect(statSync(join(state, 'vppapi')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
