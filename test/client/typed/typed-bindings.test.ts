/**
 * Typed bindings end to end: bindings generated from the full 26.06 set (the built-in
 * set when ../shared is absent), programs compiled against them with TypeScript's
 * compiler, the correct one run against the emulator, each mistake refused with a
 * diagnostic naming the message or field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSources } from '../../../src/client/schema/builtin/index.js';
import { loadApiDir, loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { generateTs } from '../../../src/client/typegen/index.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { buildPayload } from '../../support/oracle/naive-builder.js';
import { readJsonDefs } from '../../support/oracle/read-defs.js';
import { tmpSocketPath } from '../../support/session-fake.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';
import { type Compiled, OPTIONS, emit, type Project, tempProject, typecheck } from '../../support/typecheck.js';
import { MISTAKES, OK, OK_2606, mistakeProgram } from './programs.js';

let project: Project;
let compiled: Compiled;
let genFiles: string[] = [];
let schema: Schema;
const files = new Map<string, string>();

beforeAll(() => {
  project = tempProject('vppapi-typed-');
  schema = HAVE_SHARED ? loadApiDir(API_26_06, { memclnt: true }).schema : loadSchema(builtinSources()).schema;
  genFiles = generateTs(schema, { origin: HAVE_SHARED ? 'VPP 26.06' : 'the built-in set' }).map((f) => project.write(join('gen', f.name), f.text));
  files.set('ok', project.write('ok.ts', OK));
  if (HAVE_SHARED) files.set('ok2606', project.write('ok2606.ts', OK_2606));
  for (const [name, m] of Object.entries(MISTAKES)) files.set(name, project.write(`${name}.ts`, mistakeProgram(m.text)));
  compiled = typecheck([...genFiles, ...files.values()], {
    ...OPTIONS,
    outDir: join(project.dir, 'out'),
    rootDir: project.dir,
  });
}, 240_000);

afterAll(() => project?.remove());


describe('generated bindings', () => {
  it(`cover every module (${HAVE_SHARED ? '26.06: 149' : 'built-in: 11'}) plus index.ts and type-check without a diagnostic`, () => {
    expect(genFiles.length).toBe(HAVE_SHARED ? 150 : 12);
    const bad = genFiles.flatMap((f) => compiled.diagnostics.get(f) ?? []);
    expect(bad).toEqual([]);
  });
});

describe('a correct program', () => {
  let emu: Emulator | undefined;
  let cacheDir: string | undefined;
  afterAll(async () => {
    await emu?.stop();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('type-checks', () => {
    expect(compiled.diagnostics.get(files.get('ok')!) ?? []).toEqual([]);
  });

  it('runs against the emulator, every value in the form its type says', async () => {
    emit(compiled);
    emu = await startEmulator({ socketPath: tmpSocketPath('typed') });
    cacheDir = mkdtempSync(join(tmpdir(), 'vppapi-typed-cache-'));
    const mod = (await import(join(project.dir, 'out', 'ok.js'))) as { main(s: string, c: string): Promise<Record<string, unknown>> };
    const forms = await mod.main(emu.socketPath, cacheDir);
    expect(forms).toEqual({
      string: 'vpe',
      number: true,
      event: true,
      prefix: '10.9.0.1/24',
      enum: true,
      union: true,
      bytes: '02:fe:00:00:00:01',
      flags: true,
      enumValue: true,
      array: true,
      structArray: true,
      bigint: true,
      inputForms: true,
      stream: true,
      streamReturn: true,
      check: 0,
    });
  });
});

describe.skipIf(!HAVE_SHARED)('a correct program of 26.06 plugin messages', () => {
  let emu: Emulator | undefined;
  let cacheDir: string | undefined;
  afterAll(async () => {
    await emu?.stop();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('type-checks and runs against an emulator serving 26.06', async () => {
    expect(compiled.diagnostics.get(files.get('ok2606')!) ?? []).toEqual([]);
    emit(compiled);
    emu = await startEmulator({ socketPath: tmpSocketPath('typed26'), sources: readApiDir(API_26_06).sources });
    cacheDir = mkdtempSync(join(tmpdir(), 'vppapi-typed-cache-'));
    const mod = (await import(join(project.dir, 'out', 'ok2606.js'))) as { main(s: string, c: string): Promise<Record<string, unknown>> };
    expect(await mod.main(emu.socketPath, cacheDir)).toEqual({ acls: 0, protos: 0, names: 0, cursor: 'number', retval: -9, pairsRetval: -9 });
    // What went on the wire is what a naive encoder makes of the same values (header aside).
    const sent = emu.received.find((r) => r.name === 'acl_add_replace')!;
    const ip4 = (a: number[]) => ({ af: 0, un: { ip4: new Uint8Array(a) } });
    const rule = (net: number[], len: number, permit: number) => ({
      is_permit: permit, src_prefix: { address: ip4(net), len }, dst_prefix: { address: ip4([0, 0, 0, 0]), len: 0 }, proto: 6,
      srcport_or_icmptype_first: 0, srcport_or_icmptype_last: 65535, dstport_or_icmpcode_first: 22, dstport_or_icmpcode_last: 22,
      tcp_flags_mask: 0, tcp_flags_value: 0,
    });
    const want = buildPayload(readJsonDefs(API_26_06), 'acl_add_replace', sent.id, {
      client_index: 0, context: 0, acl_index: 0xffffffff, tag: 'typed', count: 2, r: [rule([10, 0, 0, 0], 8, 1), rule([192, 168, 0, 0], 16, 0)],
    });
    expect(sent.payload.subarray(10).toString('hex')).toBe(want.subarray(10).toString('hex'));
  });
});

describe('each mistake is a compile error naming the message or field', () => {
  for (const [name, m] of Object.entries(MISTAKES)) {
    it(name, () => {
      const diags = compiled.diagnostics.get(files.get(name)!) ?? [];
      expect(diags.length, `no diagnostic for ${m.text}`).toBeGreaterThan(0);
      const text = diags.join('\n');
      if (process.env.SHOW_DIAGNOSTICS) console.log(name, text);
      for (const n of m.names) expect(text).toContain(n);
    });
  }
});
