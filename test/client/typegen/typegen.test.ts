/**
 * The generator's pieces against facts read independently: names, comments, which module
 * declares a type, the modules a selection closes over (from the files' own `imports`,
 * read naively), and every enum member and message CRC of 26.06 as the JSON files have
 * them.
 */
import { describe, expect, it } from 'vitest';
import { builtinSources } from '../../../src/client/schema/builtin/index.js';
import { loadApiDir, loadSchema } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { docBlock, parseComment } from '../../../src/client/typegen/doc.js';
import { SelectionError, generateTs } from '../../../src/client/typegen/index.js';
import { NameTable, pascal } from '../../../src/client/typegen/names.js';
import { selectModules, typeHomes } from '../../../src/client/typegen/select.js';
import { readJsonDefs } from '../../support/oracle/read-defs.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

describe('names', () => {
  it('are PascalCase, and a name that would not start with a letter gets T', () => {
    expect(pascal('sw_interface_details')).toBe('SwInterfaceDetails');
    expect(pascal('ip4_address')).toBe('Ip4Address');
    expect(pascal('6rd_thing')).toBe('T6rdThing');
  });

  it('stay unique: a message spelled like a type, a type like another input form, a reserved name', () => {
    const t = new NameTable(['foo_bar', 'foo_bar_input', 'map'], ['foo_bar', 'vpp_api']);
    expect(t.types.get('foo_bar')).toBe('FooBar');
    expect(t.types.get('foo_bar_input')).toBe('FooBarInputType');
    expect(t.types.get('map')).toBe('MapType');
    expect(t.messages.get('foo_bar')).toBe('FooBarMessage');
    expect(t.messages.get('vpp_api')).toBe('VppApiMessage');
  });
});

describe('comments', () => {
  it('split into the brief and one description per @param, continuation lines joined', () => {
    const c = parseComment(`/** \\brief Set the flags
    @param client_index - opaque cookie
    @param sw_if_index - index of the
      interface to change
    @param flags - IF_STATUS_API_FLAG_* flags
*/`);
    expect(c.text).toBe('Set the flags');
    expect(Object.fromEntries(c.params)).toEqual({
      client_index: 'opaque cookie',
      sw_if_index: 'index of the interface to change',
      flags: 'IF_STATUS_API_FLAG_* flags',
    });
  });

  it('takes an en dash or a colon after the name as it takes a hyphen', () => {
    const c = parseComment('/** \\brief B\n    @param a \u2013 with an en dash\n    @param b: with a colon\n*/');
    expect(Object.fromEntries(c.params)).toEqual({ a: 'with an en dash', b: 'with a colon' });
  });

  it('cannot end a doc block early', () => {
    const b = docBlock(['a */ b', '', 'c']);
    expect(b.match(/\*\//g)).toHaveLength(1);
    expect(b).toBe('/**\n * a *\u200b/ b\n *\n * c\n */\n');
    expect(docBlock(['', ''])).toBe('');
  });
});

describe('the built-in set', () => {
  const schema = loadSchema(builtinSources()).schema;
  it('gives one file per module plus index.ts, every request in VppApi', () => {
    const files = generateTs(schema);
    expect(files.map((f) => f.name).sort()).toEqual([...[...schema.modules.keys()].map((m) => `${m}.ts`), 'index.ts'].sort());
    const index = files.find((f) => f.name === 'index.ts')!.text;
    for (const name of schema.services.keys()) expect(index).toContain(`\n  ${name}: {\n`);
  });

  it('names no module file index.ts but the index itself', () => {
    const sources = builtinSources().map((s) => (s.module.module === 'vpe' ? { ...s, module: { ...s.module, module: 'index' } } : s));
    const files = generateTs(loadSchema(sources).schema);
    expect(files.filter((f) => f.name === 'index.ts')).toHaveLength(1);
    expect(files.map((f) => f.name)).toContain('index_module.ts');
    expect(files.find((f) => f.name === 'index.ts')!.text).toContain("export * from './index_module.js';");
  });

  it('refuses an unknown module by name', () => {
    expect(() => generateTs(schema, { modules: ['interface', 'no_such_module'] })).toThrow(SelectionError);
    expect(() => generateTs(schema, { modules: ['no_such_module'] })).toThrow(/"no_such_module"/);
  });
});

/** Module name → the modules its file imports, read from the JSON naively. */
function importsOf(mods: ReturnType<typeof readJsonDefs>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of mods as { module?: string; imports?: string[] }[]) {
    out.set(m.module!, (m.imports ?? []).map((i) => i.split('/').pop()!.replace('.api', '')));
  }
  return out;
}

describe.skipIf(!HAVE_SHARED)('26.06', () => {
  let schema: Schema;
  let raw: ReturnType<typeof readJsonDefs>;
  const get = (): Schema => (schema ??= loadApiDir(API_26_06, { memclnt: true }).schema);
  const json = () => (raw ??= readJsonDefs(API_26_06));

  it('declares each type in the module that defines it', () => {
    const homes = typeHomes(get());
    expect(homes.get('address')).toBe('ip_types');
    expect(homes.get('prefix')).toBe('ip_types');
    expect(homes.get('fib_path')).toBe('fib_types');
    expect(homes.get('interface_index')).toBe('interface_types');
    expect(homes.get('mac_address')).toBe('ethernet_types');
    // Every type's home carries it, and imports no other file that carries it.
    const imports = importsOf(json());
    const carries = new Map<string, Set<string>>();
    for (const m of json() as { module: string; types?: unknown[][]; unions?: unknown[][]; enums?: unknown[][]; enumflags?: unknown[][]; aliases?: object }[]) {
      const names = [...(m.types ?? []), ...(m.unions ?? []), ...(m.enums ?? []), ...(m.enumflags ?? [])].map((t) => t[0] as string).concat(Object.keys(m.aliases ?? {}));
      carries.set(m.module, new Set(names));
    }
    for (const [t, home] of homes) {
      expect(carries.get(home)?.has(t), `${t} in ${home}`).toBe(true);
      for (const i of imports.get(home) ?? []) expect(carries.get(i)?.has(t) ?? false, `${home} imports ${i}, which carries ${t}`).toBe(false);
    }
  });

  it('closes a selection over imports (read from the files) and memclnt', () => {
    const imports = importsOf(json());
    const closure = (start: string[]): string[] => {
      const seen = new Set<string>();
      const visit = (m: string): void => {
        if (seen.has(m)) return;
        seen.add(m);
        for (const i of imports.get(m) ?? []) visit(i);
      };
      for (const s of start) visit(s);
      return [...seen].sort();
    };
    const s = get();
    const homes = typeHomes(s);
    for (const sel of [['interface'], ['ip'], ['acl', 'nat44_ed'], ['l2']]) {
      expect(selectModules(s, homes, sel), sel.join(',')).toEqual(closure([...sel, 'memclnt']));
    }
  });

  it('writes every enum member with its value, and every message CRC, as the files have them', () => {
    const files = generateTs(get());
    expect(files).toHaveLength(150);
    const all = files.map((f) => f.text).join('\n');
    const index = files.find((f) => f.name === 'index.ts')!.text;
    let enums = 0;
    let crcs = 0;
    for (const m of json() as { enums?: unknown[][]; enumflags?: unknown[][]; messages?: unknown[][] }[]) {
      for (const e of [...(m.enums ?? []), ...(m.enumflags ?? [])]) {
        const members = e.slice(1).filter((x): x is [string, number] => Array.isArray(x));
        const decl = new RegExp(`export const ${pascal(e[0] as string)} = \\{\\n([^}]*)\\} as const;`).exec(all);
        expect(decl, e[0] as string).not.toBeNull();
        expect(decl![1]).toBe(members.map(([n, v]) => `  ${n}: ${v},\n`).join(''));
        enums++;
      }
      for (const msg of m.messages ?? []) {
        const crc = (msg[msg.length - 1] as { crc: string }).crc.replace(/^0x/, '');
        expect(index).toContain(`\n    ${msg[0] as string}: '${crc}',\n`);
        crcs++;
      }
    }
    expect(enums).toBeGreaterThan(100);
    expect(crcs).toBeGreaterThan(2000);
  });
});
