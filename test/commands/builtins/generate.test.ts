/**
 * `vppapi generate ts`: from a definitions directory, from VPP (the emulator's
 * get_api_json) and from the built-in set; selections closed over imports; bad input
 * refused with exit 2 and nothing written.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, run, tempDir, useCliEmulator } from '../../support/cli.js';

afterAll(cleanup);
const fx = useCliEmulator();

const BUILTIN_FILES = ['ethernet_types.ts', 'fib_types.ts', 'index.ts', 'interface.ts', 'interface_types.ts', 'ip.ts', 'ip_types.ts', 'memclnt.ts', 'mfib_types.ts', 'vlib.ts', 'vpe.ts', 'vpe_types.ts'];

describe('vppapi generate ts', () => {
  it('writes one file per module and index.ts from --api-dir', async () => {
    const out = tempDir();
    const r = await run(['--api-dir', fx.defs, 'generate', 'ts', '--out', out]);
    expect(r.stderr).toContain(`wrote 12 files (11 modules and index.ts) to ${out}`);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(BUILTIN_FILES);
    const index = readFileSync(join(out, 'index.ts'), 'utf8');
    expect(index).toContain("  sw_interface_dump: {\n    request: SwInterfaceDump;\n    reply: never;\n    details: SwInterfaceDetails;");
    expect(readFileSync(join(out, 'interface.ts'), 'utf8')).toMatch(/^export interface SwInterfaceDetails \{$/m);
  });

  it('takes the definitions from VPP (get_api_json) when no directory is given', async () => {
    const out = tempDir();
    const r = await run(['--socket', fx.emu.socket, 'generate', 'ts', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { files: string[]; origin: string; requests: number };
    expect(j.origin).toContain('get_api_json');
    expect(j.files.sort()).toEqual(BUILTIN_FILES);
    expect(readdirSync(out).sort()).toEqual(BUILTIN_FILES);
    expect(j.requests).toBeGreaterThan(100);
  });

  it('--builtin, --modules: the selected modules, what they import, and memclnt', async () => {
    const out = tempDir();
    const r = await run(['generate', 'ts', '--builtin', '--modules', 'vpe', '--out', join(out, 'made', 'here')]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'made', 'here')).sort()).toEqual(['index.ts', 'memclnt.ts', 'vpe.ts', 'vpe_types.ts']);
  });

  it('refuses an unknown module, a missing --out and an --out that is a file, writing nothing', async () => {
    const out = tempDir();
    const bad = await run(['generate', 'ts', '--builtin', '--modules', 'interface,no_such_mod', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no_such_mod"');
    expect(readdirSync(out)).toEqual([]);

    const noOut = await run(['generate', 'ts', '--builtin']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out DIR is required');

    const file = join(out, 'a-file');
    writeFileSync(file, 'x');
    const notDir = await run(['generate', 'ts', '--builtin', '--out', file]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toContain(`${file} exists and is not a directory`);

    const empty = await run(['generate', 'ts', '--builtin', '--modules', ',', '--out', out]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--modules: "," names no module');
    expect(existsSync(join(out, 'index.ts'))).toBe(false);
  });
});
