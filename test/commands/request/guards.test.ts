/**
 * Requests seen to kill VPP 26.06 (client/session/guards.ts) against the emulator, which answers
 * them with defaults: refused with nothing sent unless --force, in a single call, in exec
 * and in the shell; sent with a warning on a later release or under another CRC; listed
 * by check. The definitions are written here (names and 26.06 CRCs as VPP has them), so
 * nothing needs ../shared.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { Session } from '../../../src/client/session/session.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { apiTree, cleanup, run, tempDir, withCrc } from '../../support/cli.js';
import { openTerminal } from '../../support/repl.js';

const header = [['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context']];
const replyHeader = [['u16', '_vl_msg_id'], ['u32', 'context']];
const msg = (name: string, crc: string, head: unknown[][], fields: unknown[][]) => [name, ...head, ...fields, { crc: `0x${crc}` }];

/** The four guarded requests with their answers, fields trimmed to a few. */
function guardedModule(): RawModule {
  return {
    module: 'guarded',
    messages: [
      msg('graph_node_get', '39c8792e', header, [['u32', 'cursor'], ['u32', 'index'], ['string', 'name', 64], ['u32', 'flags'], ['bool', 'want_arcs']]),
      msg('graph_node_get_reply', '53b48f5d', replyHeader, [['i32', 'retval'], ['u32', 'cursor']]),
      msg('graph_node_details', 'ac762018', replyHeader, [['u32', 'index'], ['string', 'name', 64]]),
      msg('nat44_ei_user_session_dump', 'e1899c98', header, [['u8', 'ip_address', 4], ['u32', 'vrf_id']]),
      msg('nat44_ei_user_session_details', '19b7c0ac', replyHeader, [['u16', 'outside_port']]),
      msg('nat44_ei_user_session_v2_dump', 'e1899c98', header, [['u8', 'ip_address', 4], ['u32', 'vrf_id']]),
      msg('nat44_ei_user_session_v2_details', '5bd3e9d6', replyHeader, [['u16', 'outside_port']]),
      msg('selog_event_type_string_dump', '6a7f2680', header, [['u32', 'event_type_index']]),
      msg('selog_event_type_string_details', '3718921d', replyHeader, [['u32', 'index']]),
    ] as never,
    services: {
      graph_node_get: { reply: 'graph_node_get_reply', stream: true, stream_msg: 'graph_node_details' },
      nat44_ei_user_session_dump: { reply: 'nat44_ei_user_session_details', stream: true },
      nat44_ei_user_session_v2_dump: { reply: 'nat44_ei_user_session_v2_details', stream: true },
      selog_event_type_string_dump: { reply: 'selog_event_type_string_details', stream: true },
    },
    options: { version: '1.0.0' },
  };
}

const GUARDED = ['graph_node_get', 'nat44_ei_user_session_dump', 'nat44_ei_user_session_v2_dump', 'selog_event_type_string_dump'];
const modules = (): RawModule[] => [...builtinModules(), guardedModule()];
const sources = (mods: RawModule[]) => mods.map((module) => ({ origin: 'test', module }));

let emu: Emulator;
let defs: string;
const started: Emulator[] = [];
beforeAll(async () => {
  defs = apiTree(modules());
  emu = await startEmulator({ socketPath: join(tempDir('vppapi-guard-'), 'api.sock'), sources: sources(modules()) });
  started.push(emu);
});
afterAll(async () => {
  for (const e of started) await e.stop();
  cleanup();
});
beforeEach(() => emu.clearReceived());

const sent = (e: Emulator = emu): string[] => e.received.map((r) => r.name);
const cli = (...argv: string[]) => run(['--socket', emu.socketPath, '--api-dir', defs, ...argv]);

/** The guarded requests with a retval (not dumps): the emulator answers them -9. */
const UNIMPLEMENTED_HERE = new Set(['graph_node_get']);

describe('guarded requests on VPP 26.06 (the emulator says 26.06-emulated)', () => {
  for (const name of GUARDED) {
    it(`${name}: refused with nothing sent, exit 2, the reason and --force named`, async () => {
      const r = await cli(name);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^error: ${name} not sent: it .+ \\(seen on VPP 26\\.06; this is VPP 26\\.06\\)\\n`));
      expect(r.stderr).toMatch(/^hint: add --force to send it anyway$/m);
      expect(sent()).not.toContain(name);
      // The version was asked (once), nothing else of consequence.
      expect(sent().filter((n) => n === 'show_version')).toHaveLength(1);
    });

    it(`${name}: sent with --force, with a warning on stderr`, async () => {
      const r = await cli(name, '--force');
      // The emulator carries out none of these plugins' requests: a call or stream is answered
      // -9 UNIMPLEMENTED (exit 1), a dump with no details (docs/emulator.md).
      expect(r.code).toBe(UNIMPLEMENTED_HERE.has(name) ? 1 : 0);
      expect(r.stderr).toMatch(new RegExp(`^warning: ${name} sent anyway \\(--force\\), though it `));
      expect(sent().filter((n) => n === name)).toHaveLength(1);
    });
  }

  it('--dry-run prints the request and sends nothing, guarded or not', async () => {
    const r = await cli('graph_node_get', '--dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ _msgname: 'graph_node_get' });
    expect(sent()).toEqual([]);
  });

  it('exec: the line is refused (the script stops, nothing sent), and runs with --force', async () => {
    const file = join(tempDir(), 'script.vpp');
    writeFileSync(file, 'show_version\ngraph_node_get\nshow_version\n');
    const r = await cli('exec', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/graph_node_get not sent: it crashes VPP/);
    expect(sent()).not.toContain('graph_node_get');
    emu.clearReceived();
    writeFileSync(file, 'graph_node_get --force\nselog_event_type_string_dump event_type_index=1\n');
    const f = await cli('exec', file);
    // Sent; the emulator answers it -9 UNIMPLEMENTED, which stops the script.
    expect(f.code).toBe(1);
    expect(sent()).toContain('graph_node_get');
    expect(sent()).not.toContain('selog_event_type_string_dump');
  });

  it('the shell: refused with the reason, nothing sent; --force sends it', async () => {
    const session = new Session({ socketPath: emu.socketPath, schema: loadSchema(sources(modules())).schema });
    await session.connect();
    const term = await openTerminal(emu.socketPath, { session });
    try {
      emu.clearReceived();
      term.type('nat44_ei_user_session_dump\r');
      await term.waitFor(/nat44_ei_user_session_dump not sent: it kills VPP/);
      expect(sent()).not.toContain('nat44_ei_user_session_dump');
      term.mark();
      term.type('nat44_ei_user_session_dump --force\r');
      await term.waitFor(/sent anyway \(--force\)/);
      await term.waitFor(/vppapi> $/);
      expect(sent()).toContain('nat44_ei_user_session_dump');
    } finally {
      await term.close();
      await session.disconnect();
    }
  });

  it('check lists each guarded request and what this VPP would get', async () => {
    const r = await cli('check');
    expect(r.stdout).toMatch(/^Guarded \(seen to harm VPP; vppapi refuses or warns before sending\):$/m);
    for (const n of GUARDED) expect(r.stdout).toMatch(new RegExp(`^  ${n}  [0-9a-f]{8}  seen on 26\\.06: refused unless --force$`, 'm'));
    const j = JSON.parse((await cli('check', '--json')).stdout);
    expect(j.guarded.map((g: { name: string; verdict: string }) => `${g.name}:${g.verdict}`)).toEqual(GUARDED.map((n) => `${n}:refused unless --force`));
  });
});

describe('a later release, or another CRC: sent, with a warning', () => {
  it('VPP 26.10: sent without --force, the warning says it is not known to be fixed', async () => {
    const later = await startEmulator({ socketPath: join(tempDir('vppapi-guard-'), 'api.sock'), sources: sources(modules()), version: '26.10-release' });
    started.push(later);
    const r = await run(['--socket', later.socketPath, '--api-dir', defs, 'selog_event_type_string_dump']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: selog_event_type_string_dump kills VPP .* on VPP 26\.06; this VPP is 26\.10, not known to be fixed$/m);
    expect(sent(later)).toContain('selog_event_type_string_dump');
    const c = await run(['--socket', later.socketPath, '--api-dir', defs, 'check']);
    expect(c.stdout).toMatch(/^ {2}selog_event_type_string_dump {2}6a7f2680 {2}seen on 26\.06: sent with a warning$/m);
  });

  it('another CRC (the message changed): sent with a warning naming both CRCs', async () => {
    const changed = withCrc(modules(), 'graph_node_get', 'deadbeef');
    const other = await startEmulator({ socketPath: join(tempDir('vppapi-guard-'), 'api.sock'), sources: sources(changed) });
    started.push(other);
    const r = await run(['--socket', other.socketPath, '--api-dir', apiTree(withCrc(modules(), 'graph_node_get', 'deadbeef')), 'graph_node_get']);
    expect(r.code).toBe(1); // sent: the emulator answers -9 UNIMPLEMENTED
    expect(r.stderr).toMatch(/^warning: graph_node_get crashes VPP .*\(CRC 39c8792e\); this definition has CRC deadbeef/m);
    expect(sent(other)).toContain('graph_node_get');
  });
});

describe('a VPP that lacks the guarded messages: absent, not guarded', () => {
  let bare: Emulator;
  beforeAll(async () => {
    bare = await startEmulator({ socketPath: join(tempDir('vppapi-guard-'), 'api.sock'), sources: sources(builtinModules()) });
    started.push(bare);
  });
  const onBare = (...argv: string[]) => run(['--socket', bare.socketPath, '--api-dir', defs, ...argv]);

  for (const name of GUARDED) {
    it(`${name}: reported missing in this VPP (exit 5), not refused as harmful`, async () => {
      const r = await onBare(name);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(new RegExp(`^error: ${name}: this VPP has no message of that name \\(module guarded is a plugin's: is that plugin loaded\\?\\)$`, 'm'));
      expect(r.stderr).not.toMatch(/not sent|crash|kills|--force/);
      expect(sent(bare)).not.toContain(name);
    });
  }

  it('check lists them as missing, not under Guarded', async () => {
    const r = await onBare('check');
    expect(r.stdout).toMatch(/^ {2}guarded \(all 9: plugin not loaded\?\)$/m);
    expect(r.stdout).not.toMatch(/Guarded/);
    const j = JSON.parse((await onBare('check', '--json')).stdout);
    expect(j.guarded).toEqual([]);
    expect(j.missing).toEqual(expect.arrayContaining(GUARDED));
    const used = await onBare('check', 'graph_node_get');
    expect(used.code).toBe(5);
    expect(used.stdout).toMatch(/^NOT OK: .*graph_node_get missing/m);
  });
});
