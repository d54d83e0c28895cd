/**
 * `vppapi/core` (the built-in set's bindings, built with the package) as a user imports
 * it, and the README's typed-bindings example, compiled against the package's exports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSources } from '../../../src/client/schema/builtin/index.js';
import { readJsonDefs } from '../../support/oracle/read-defs.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';
import { type Compiled, type Project, REPO, tempProject, typecheck } from '../../support/typecheck.js';

/** The first ```ts block of the README's "Typed bindings" section. */
function readmeExample(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Typed bindings\n'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m || readme.indexOf('\n## Typed bindings\n') < 0) throw new Error('README has no Typed bindings example');
  return m[1]!;
}

const TYPE_ONLY = `
import type { Session } from 'vppapi';
import type { VppApi, SwInterfaceDetails } from 'vppapi/core';
export async function names(session: Session): Promise<string[]> {
  const api = session.typed<VppApi>();
  const all: SwInterfaceDetails[] = await api.dump('sw_interface_dump', { name_filter_valid: false, name_filter: '' });
  return all.map((d) => d.interface_name);
}
`;

const NOT_IN_CORE = `
import type { Session } from 'vppapi';
import type { VppApi } from 'vppapi/core';
export async function f(session: Session): Promise<void> {
  await session.typed<VppApi>().call('acl_dump', { acl_index: 0 });
}
`;

let project: Project;
let compiled: Compiled;
const files: Record<string, string> = {};

beforeAll(() => {
  project = tempProject('vppapi-core-');
  files.readme = project.write('readme.ts', readmeExample());
  files.typeOnly = project.write('type-only.ts', TYPE_ONLY);
  files.notInCore = project.write('not-in-core.ts', NOT_IN_CORE);
  compiled = typecheck(Object.values(files));
}, 120_000);
afterAll(() => project?.remove());

describe('vppapi/core', () => {
  it('types a program by import type alone (session.typed<VppApi>())', () => {
    expect(compiled.diagnostics.get(files.typeOnly!) ?? []).toEqual([]);
  });

  it('has only the built-in set: another module\'s request is a compile error naming it', () => {
    expect((compiled.diagnostics.get(files.notInCore!) ?? []).join('\n')).toContain('acl_dump');
  });

  it('carries the CRC of every built-in message, as VPP 26.06 has it', async () => {
    const core = (await import(`${REPO}/dist/core/index.js`)) as { VppApi: { crcs: Record<string, string> } };
    const raw = new Map<string, string>();
    const mods = HAVE_SHARED ? readJsonDefs(API_26_06) : builtinSources().map((s) => s.module);
    for (const m of mods as { messages?: unknown[][] }[]) {
      for (const msg of m.messages ?? []) raw.set(msg[0] as string, (msg[msg.length - 1] as { crc: string }).crc.replace(/^0x/, ''));
    }
    const builtinNames = builtinSources().flatMap((s) => (s.module.messages ?? []).map((x) => x[0]));
    expect(Object.keys(core.VppApi.crcs).sort()).toEqual([...new Set(builtinNames)].sort());
    for (const [name, crc] of Object.entries(core.VppApi.crcs)) expect(crc, name).toBe(raw.get(name));
  });
});

describe('the README example', () => {
  it('compiles against the package (vppapi, vppapi/core, vppapi/values)', () => {
    expect(compiled.diagnostics.get(files.readme!) ?? []).toEqual([]);
  });
});
