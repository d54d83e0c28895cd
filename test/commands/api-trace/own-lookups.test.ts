/**
 * `--record` keeps vppapi's own lookups (the interface table it reads to resolve a name
 * in a FIB path) marked `"own":true`, and replay, --compare and --as-script leave them out:
 * a replay where every real request succeeds exits 0 with nothing "answered differently".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, cleanup, run, tempDir } from '../../support/cli.js';

const env = baseEnv({ NO_COLOR: '1' });
afterAll(() => cleanup());

describe('--record and vppapi\'s own lookups', () => {
  it('marks them, and replay / --compare / --as-script leave them out', async () => {
    const file = join(tempDir('vppapi-own-'), 'rec.jsonl');
    const r = await run(['--emulator', '--record', file, 'ip_route_add_del', '--is-add', '--route.prefix', '10.77.0.0/16', '--route.paths', 'via 10.0.0.2 local0'], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { own?: boolean; dir: string; msg?: { _msgname: string } });
    const named = (own: boolean) => lines.filter((l) => (l.own === true) === own).map((l) => `${l.dir} ${l.msg?._msgname}`);
    expect(named(true)).toEqual(['send sw_interface_dump', 'send control_ping', 'receive sw_interface_details', 'receive control_ping_reply']);
    expect(named(false)).toContain('send ip_route_add_del');
    expect(named(false).filter((n) => /sw_interface_dump|control_ping/.test(n))).toEqual([]);

    const replay = await run(['--emulator', 'api-trace', 'replay', '--compare', file], { env });
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stderr).toMatch(/0 answered differently/);
    expect(replay.stdout).not.toMatch(/sw_interface_dump|control_ping/);

    const script = await run(['api-trace', 'show', '--as-script', file], { env });
    expect(script.code).toBe(0);
    expect(script.stdout).toMatch(/^ip_route_add_del /m);
    expect(script.stdout).not.toMatch(/^sw_interface_dump|^control_ping/m);
  });
});
