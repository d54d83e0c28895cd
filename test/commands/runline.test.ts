/**
 * runLine(): one command line on a session that stays open (what the REPL does per line),
 * and definitions learned from VPP itself when no directory is given.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/client/session/session.js';
import { loadSchema } from '../../src/client/schema/load.js';
import { BufferWriter } from '../../src/commands/runtime/io.js';
import { runLine } from '../../src/commands/dispatch.js';
import { builtinSources, run, tempDir, useCliEmulator } from '../support/cli.js';

const fx = useCliEmulator({ clearEachTest: false });

describe('runLine on an open session', () => {
  it('runs lines one after another on the same connection; a bad line leaves it usable', async () => {
    const session = new Session({ socketPath: fx.emu.socket, schema: loadSchema(builtinSources()).schema });
    await session.connect();
    try {
      fx.emu.emu.clearReceived();
      const out = new BufferWriter();
      const err = new BufferWriter();
      const io = { stdout: out, stderr: err, env: {} };
      expect(await runLine(['create_loopback'], session, io)).toBe(0);
      expect(await runLine(['sw_interface_set_flags', '--sw-if-index', 'nope'], session, io)).toBe(2);
      expect(await runLine(['sw_interface_set_flags', '--sw-if-index', '999'], session, io)).toBe(1);
      expect(await runLine(['--json', 'show_version'], session, io)).toBe(0);
      expect(await runLine(['cli', 'show', 'interface'], session, io)).toBe(0);
      expect(await runLine(['emulate'], session, io)).toBe(2);
      expect(session.state).toBe('running');
      // One connection: a single handshake for every line.
      expect(fx.emu.names().filter((n) => n === 'sockclnt_create')).toHaveLength(0);
      expect(fx.emu.requests().map((r) => r.name)).toEqual(['create_loopback', 'sw_interface_set_flags', 'show_version', 'cli_inband']);
      expect(out.text).toMatch(/^retval:\s+0\nsw_if_index:\s+\d+\n\{\n {2}"_msgname": "show_version_reply"/);
      expect(out.text).toMatch(/^loop\d+\s+\d+\s+down/m);
      expect(err.text).toMatch(/--sw-if-index: "nope" is not an integer/);
      expect(err.text).toMatch(/retval -2 INVALID_SW_IF_INDEX/);
      expect(err.text).toMatch(/emulate runs only as its own command/);
    } finally {
      await session.disconnect();
    }
  });
});

describe('definitions from VPP', () => {
  it('without --api-dir they are fetched with get_api_json once, then read from the cache', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    fx.emu.emu.clearReceived();
    const a = await run(['--socket', fx.emu.socket, 'show_version'], { env });
    expect(a.code).toBe(0);
    expect(fx.emu.names()).toContain('get_api_json');
    expect(readdirSync(join(cache, 'vppapi')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    fx.emu.emu.clearReceived();
    const b = await run(['--socket', fx.emu.socket, 'sw_interface_dump', '--json'], { env });
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)[0]).toMatchObject({ interface_name: 'local0' });
    expect(fx.emu.names()).not.toContain('get_api_json');
  });

  it('help without definitions or VPP falls back to the built-in set', async () => {
    const r = await run(['--socket', join(tempDir(), 'none.sock'), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/definitions: built-in/);
    expect(r.stdout).toMatch(/^ {2}interface\s+/m);
  });
});
