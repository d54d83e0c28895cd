/**
 * The line memo (src/commands/plan/line-memo.ts, docs/request-plan.md): a script line read
 * once is recalled by its text, and only when reading it again could give nothing else.
 * Expected values are written out from the definitions, never taken from the reader.
 */
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { MEMO_LINES, MEMO_TEXT } from '../../../src/commands/plan/line-memo.js';
import { readLineText } from '../../../src/commands/plan/line.js';
import { type GlobalOptions, defaultGlobals } from '../../../src/commands/runtime/globals.js';
import { tokenize } from '../../../src/commands/syntax/tokenizer.js';

const builtin = () => loadSchema(builtinModules().map((module) => ({ origin: 'built-in' as const, module }))).schema;
const schema = builtin();
const dir = mkdtempSync(join(tmpdir(), 'vppapi-line-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Counts how often the reader had to tokenize a line (a recalled line is not tokenized). */
function counted(): { words: (t: string) => string[]; n: () => number } {
  let n = 0;
  return {
    words: (t) => {
      n++;
      return tokenize(t);
    },
    n: () => n,
  };
}

const SET_FLAGS = 'sw_interface_set_flags --sw-if-index 3 --flags 1';

describe('readLineText and the line memo', () => {
  it('reads a repeated line once and gives the same frozen request, with the value the words say', () => {
    const g = defaultGlobals({});
    const c = counted();
    const a = readLineText(schema, SET_FLAGS, g, c.words)!;
    const b = readLineText(schema, SET_FLAGS, g, c.words)!;
    expect(c.n()).toBe(1);
    expect(b).toBe(a);
    expect(a.plan.name).toBe('sw_interface_set_flags');
    expect(a.value).toMatchObject({ sw_if_index: 3, flags: 1 });
    expect(a.globals).toBe(g);
    expect(Object.isFrozen(a.value)).toBe(true);
    expect(() => {
      (a.value as Record<string, unknown>).sw_if_index = 4;
    }).toThrow(TypeError);
  });

  it('keeps a value holding an address (bytes) and reads it once', () => {
    const g = defaultGlobals({});
    const c = counted();
    const line = 'sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.1.2.3/24';
    const a = readLineText(schema, line, g, c.words)!;
    expect(readLineText(schema, line, g, c.words)).toBe(a);
    expect(c.n()).toBe(1);
    expect(a.value).toMatchObject({ sw_if_index: 1, is_add: true, prefix: { len: 24, address: { af: 0, un: { ip4: Uint8Array.from([10, 1, 2, 3]) } } } });
  });

  it('gives the same error each time for a bad line: a failure is never remembered', () => {
    const g = defaultGlobals({});
    const c = counted();
    const bad = 'sw_interface_set_flags --sw-if-index 3 --flgs 1';
    expect(() => readLineText(schema, bad, g, c.words)).toThrow(/^sw_interface_set_flags: unknown flag --flgs/);
    expect(() => readLineText(schema, bad, g, c.words)).toThrow(/^sw_interface_set_flags: unknown flag --flgs/);
    expect(c.n()).toBe(2);
  });

  it('reads again a line with a global option, --args @file (the file may change), or a want_* registration', () => {
    const g = defaultGlobals({});
    const c = counted();
    const json = readLineText(schema, `${SET_FLAGS} --timeout 7`, g, c.words)!;
    expect(json.globals.timeoutMs).toBe(7000);
    expect(readLineText(schema, `${SET_FLAGS} --timeout 7`, g, c.words)).not.toBe(json);
    expect(c.n()).toBe(2);

    const f = join(dir, 'args.json');
    writeFileSync(f, '{"sw_if_index": 5, "flags": 1}');
    const line = `sw_interface_set_flags --args @${f}`;
    expect(readLineText(schema, line, g, c.words)!.value).toMatchObject({ sw_if_index: 5 });
    writeFileSync(f, '{"sw_if_index": 6, "flags": 1}');
    expect(readLineText(schema, line, g, c.words)!.value).toMatchObject({ sw_if_index: 6 });

    const want = 'want_interface_events --enable-disable 1';
    const w = readLineText(schema, want, g, c.words)!;
    expect(w.plan.name).toBe('want_interface_events');
    expect(readLineText(schema, want, g, c.words)).not.toBe(w);
  });

  it('never keeps a line that needs the interface table or runs alone', () => {
    const g = defaultGlobals({});
    const c = counted();
    const route = 'ip_route_add_del --is-add --route.prefix 10.9.0.0/16 --route.paths "via 10.0.0.2 loop0"';
    expect(readLineText(schema, route, g, c.words)).toBeUndefined();
    expect(readLineText(schema, route, g, c.words)).toBeUndefined();
    expect(readLineText(schema, `${SET_FLAGS} --dry-run`, g, c.words)).toBeUndefined();
    expect(readLineText(schema, `${SET_FLAGS} --dry-run`, g, c.words)).toBeUndefined();
    expect(c.n()).toBe(4);
  });

  it('keeps one table per (definitions, options the line starts from)', () => {
    const g = defaultGlobals({});
    const h: GlobalOptions = { ...g, output: 'json' };
    const c = counted();
    const a = readLineText(schema, SET_FLAGS, g, c.words)!;
    const b = readLineText(schema, SET_FLAGS, h, c.words)!;
    expect(b).not.toBe(a);
    expect(b.globals).toBe(h);
    const other = builtin();
    const o = readLineText(other, SET_FLAGS, g, c.words)!;
    expect(o).not.toBe(a);
    expect(o.plan.schema).toBe(other);
    expect(readLineText(schema, SET_FLAGS, g, c.words)).toBe(a);
  });

  it('is bounded: more distinct lines than it holds empty it; a long line is read every time', () => {
    const g: GlobalOptions = { ...defaultGlobals({}) };
    const c = counted();
    const first = readLineText(schema, 'sw_interface_set_flags --sw-if-index 0 --flags 0', g, c.words)!;
    for (let i = 1; i < MEMO_LINES; i++) readLineText(schema, `sw_interface_set_flags --sw-if-index ${i} --flags 0`, g, c.words);
    expect(readLineText(schema, 'sw_interface_set_flags --sw-if-index 0 --flags 0', g, c.words)).toBe(first);
    readLineText(schema, `sw_interface_set_flags --sw-if-index ${MEMO_LINES} --flags 0`, g, c.words);
    expect(readLineText(schema, 'sw_interface_set_flags --sw-if-index 0 --flags 0', g, c.words)).not.toBe(first);

    const long = `sw_interface_set_flags --args '{"sw_if_index": 0${' '.repeat(MEMO_TEXT)}}'`;
    const n = c.n();
    readLineText(schema, long, g, c.words);
    readLineText(schema, long, g, c.words);
    expect(c.n()).toBe(n + 2);
  });
});
