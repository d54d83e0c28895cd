/**
 * A guard that only warns (a request seen to harm an older VPP, sent to a later one): the
 * command line prints the warning on stderr; over HTTP it goes in a `Warning` header
 * (code 299) and the request's log line. Also what the keeper's messages call the VPP.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { servedVpp } from '../../../src/commands/serve/keeper.js';
import { warningHeader } from '../../../src/commands/serve/api.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import type { RawModule } from '../../../src/client/schema/raw.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { apiTree, cleanup, tempDir } from '../../support/cli.js';
import { post, serveWith, until } from './harness.js';

afterAll(() => cleanup());

/** A guarded dump (seen to kill VPP 26.06), its fields trimmed to one. */
const guarded: RawModule = {
  module: 'guarded',
  messages: [
    ['selog_event_type_string_dump', ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['u32', 'event_type_index'], { crc: '0x6a7f2680' }],
    ['selog_event_type_string_details', ['u16', '_vl_msg_id'], ['u32', 'context'], ['u32', 'index'], { crc: '0x3718921d' }],
  ] as never,
  services: { selog_event_type_string_dump: { reply: 'selog_event_type_string_details', stream: true } },
  options: { version: '1.0.0' },
};
const modules = (): RawModule[] => [...builtinModules(), guarded];

describe('a warn-only guard over HTTP', () => {
  it('sends the request and carries the warning in a Warning header and the log line', async () => {
    const later = await startEmulator({ socketPath: join(tempDir('vppapi-serve-guard-'), 'api.sock'), version: '26.10-release', sources: modules().map((module) => ({ origin: 'test', module })) });
    const s = await serveWith(['--socket', later.socketPath, '--api-dir', apiTree(modules())]);
    try {
      const r = await post(s, 'selog_event_type_string_dump', {});
      expect(r.status).toBe(200);
      expect(r.headers.get('warning')).toMatch(/^299 vppapi "selog_event_type_string_dump kills VPP .* on VPP 26\.06; this VPP is 26\.10, not known to be fixed"$/);
      expect(later.received.some((m) => m.name === 'selog_event_type_string_dump')).toBe(true);
      await until('the log line', () => /POST \/api\/selog_event_type_string_dump 200 [\d.]+ms warning: selog_event_type_string_dump kills VPP/.test(s.log()));
      // No guard, no header.
      expect((await post(s, 'show_version', {})).headers.get('warning')).toBeNull();
    } finally {
      await s.stop();
      await later.stop();
    }
  }, 30_000);

  it('quotes the text as a header may hold it', () => {
    expect(warningHeader('a "b" \\ c')).toBe('299 vppapi "a \\"b\\" \\\\ c"');
    expect(warningHeader('line\nbreak é')).toBe('299 vppapi "line?break ?"');
  });
});

describe('what serve calls the VPP it serves', () => {
  it('the target, the built-in emulator, or the socket, as it was started', () => {
    expect(servedVpp({ emulator: false, socket: '/run/vpp/api.sock' }, 'edge1')).toBe('edge1');
    expect(servedVpp({ emulator: true, socket: '/run/vpp/api.sock' }, undefined)).toBe('the built-in emulator (--emulator)');
    expect(servedVpp({ emulator: false, socket: '/tmp/vpp.sock' }, undefined)).toBe('/tmp/vpp.sock');
  });
});
