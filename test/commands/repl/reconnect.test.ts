/**
 * The shell when VPP goes away: it tells the user, connects again with a fresh message
 * table, and the next command works; a command typed meanwhile waits for the connection;
 * a VPP with another message table gets its definitions learned again.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { Session } from '../../../src/client/session/session.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { tempDir, useCliEmulator } from '../../support/cli.js';
import { type Terminal, builtinSchema, openTerminal, useTerminals } from '../../support/repl.js';

const fx = useCliEmulator({ clearEachTest: false });
useTerminals();
let term: Terminal;

describe('reconnect', () => {
  it('after the emulator restarts: a notice, the table reloaded, and the next command works', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('create_loopback\r');
    await term.waitFor(/sw_if_index:/);
    term.mark();
    await fx.emu.emu.restart();
    const notices = await term.waitFor(/reconnected to .*api\.sock: message table reloaded \(\d+ messages\)/);
    expect(notices).toMatch(/connection to VPP lost \(VPP closed the connection\); reconnecting to .*api\.sock/);
    term.mark();
    fx.emu.emu.clearReceived();
    term.type('sw_interface_dump\r');
    const out = await term.waitFor(/local0/);
    // The restarted emulator starts afresh: the loopback is gone.
    expect(out).not.toMatch(/loop0/);
    expect(fx.emu.names()).toContain('sw_interface_dump');
    expect(term.session.state).toBe('running');
  });

  it('event registrations made in the shell are made again after the restart, and events flow', async () => {
    term = await openTerminal(fx.emu.socket);
    term.type('want_interface_events enable_disable=1\r');
    await term.waitFor(/retval:\s+0/);
    expect(term.session.registrations.has('want_interface_events')).toBe(true);
    term.mark();
    await fx.emu.emu.restart();
    await term.waitFor(/registered again: want_interface_events/);
    // VPP (the emulator) holds the registration again: a second enable is refused with -31.
    expect(fx.emu.names().filter((n) => n === 'want_interface_events').length).toBeGreaterThanOrEqual(1);
    term.mark();
    term.type('want_interface_events enable_disable=1\r');
    await term.waitFor(/retval -31/);
    // Disabling forgets it: nothing is made again after the next restart.
    term.type('want_interface_events enable_disable=0\r');
    await term.waitFor(/retval:\s+0/);
    expect(term.session.registrations.has('want_interface_events')).toBe(false);
  });

  it('a command typed while VPP is away waits for it to come back', async () => {
    term = await openTerminal(fx.emu.socket);
    await fx.emu.emu.stop();
    await term.waitFor(/VPP is not back yet/);
    term.mark();
    term.type('show_version\r');
    await new Promise((r) => setTimeout(r, 150));
    expect(term.sinceMark()).not.toMatch(/version:/);
    await fx.emu.emu.restart();
    const out = await term.waitFor(/version:\s+26\.06-emulated/);
    expect(out.indexOf('reconnected')).toBeLessThan(out.indexOf('version:'));
  });

  it('a VPP with another message table: the definitions are learned again', async () => {
    const socket = join(tempDir(), 'api.sock');
    const first = await startEmulator({ socketPath: socket });
    let reopened = 0;
    const reopen = async (): Promise<Session> => {
      reopened++;
      const s = new Session({ socketPath: socket, schema: builtinSchema() });
      await s.connect();
      return s;
    };
    term = await openTerminal(socket, { reopen });
    const before = term.shell.connection.session;
    await first.stop();
    const sources = builtinModules()
      .filter((m) => m.module !== 'ip')
      .map((module) => ({ origin: 'built-in', module }));
    const second = await startEmulator({ socketPath: socket, sources });
    try {
      const out = await term.waitFor(/reconnected .*\(\d+ messages, changed since the last connection\)/);
      expect(out).toMatch(/connection to VPP lost/);
      expect(reopened).toBe(1);
      expect(term.shell.connection.session).not.toBe(before);
      expect(before.state).toBe('closed');
      term.mark();
      term.type('show_version\r');
      await term.waitFor(/version:/);
    } finally {
      await term.close();
      await second.stop();
    }
  });
});
