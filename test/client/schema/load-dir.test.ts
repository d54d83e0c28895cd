/**
 * loadApiDir: a directory resolved file by file (the full load of the shell), with the
 * same merging rules as resolving the sources all at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadApiDir, loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import { sameDefinition } from '../../../src/client/schema/resolve.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-loaddir-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const pair = (comment?: string): unknown[] => ['pair', ['u8', 'a'], ['u16', 'b'], ...(comment ? [{ comment }] : [])];
const ping = (name: string, crc: string): unknown[] => [name, ['u16', '_vl_msg_id'], ['u32', 'client_index'], ['u32', 'context'], ['vl_api_pair_t', 'p'], { crc }];

describe('loadApiDir', () => {
  it('merges files in path order; a type repeated with another comment is the same type', () => {
    const dir = tree({
      'a/one.api.json': { module: 'one', types: [pair('first words')], messages: [ping('one_ping', '0x00000001')] },
      'b/two.api.json': { module: 'two', types: [pair()], messages: [ping('two_ping', '0x00000002')] },
    });
    const r = loadApiDir(dir, { tolerant: true });
    expect(r.errors).toEqual([]);
    expect(r.files).toBe(2);
    expect([...r.schema.messages.keys()]).toEqual(['one_ping', 'two_ping']);
    expect(r.schema.messages.get('two_ping')!.bodyFields[0]!.type).toBe(r.schema.types.get('pair'));
    expect(r.schema.messages.has('control_ping')).toBe(false);
  });

  it('adds the built-in memclnt only when no file is memclnt', () => {
    const dir = tree({ 'one.api.json': { module: 'one', types: [pair()], messages: [ping('one_ping', '0x00000001')] } });
    expect(loadApiDir(dir, { memclnt: true }).schema.messages.has('control_ping')).toBe(true);
    const own = tree({ 'memclnt.api.json': { module: 'memclnt', types: [pair()], messages: [ping('control_ping', '0x0000000f')] } });
    expect(loadApiDir(own, { memclnt: true }).schema.messages.get('control_ping')!.crc).toBe('0000000f');
  });

  it('tolerant: a file that is not JSON and a type defined differently are reported, the rest loads', () => {
    const dir = tree({
      'a.api.json': { module: 'a', types: [pair()], messages: [ping('a_ping', '0x00000001')] },
      'b.api.json': '{ not json',
      'c.api.json': { module: 'c', types: [['pair', ['u8', 'a'], ['u32', 'b']]], messages: [ping('c_ping', '0x00000003')] },
    });
    const r = loadApiDir(dir, { tolerant: true });
    expect(r.files).toBe(3);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/b\.api\.json: not valid JSON/),
      expect.stringMatching(/type pair is defined differently in .*a\.api\.json and .*c\.api\.json/),
    ]);
    expect(r.schema.messages.has('a_ping')).toBe(true);
    expect(() => loadApiDir(dir)).toThrow(/b\.api\.json: not valid JSON/);
  });

  it('an empty directory loads nothing and says so with files = 0', () => {
    expect(loadApiDir(tree({})).files).toBe(0);
  });

  it.skipIf(!HAVE_SHARED)('the 26.06 set: the same messages, types and services as resolving all sources at once', () => {
    const streamed = loadApiDir(API_26_06, { tolerant: true });
    const all = loadSchema(readApiDir(API_26_06).sources, { tolerant: true });
    expect(streamed.errors).toEqual([]);
    expect(streamed.files).toBe(149);
    expect(streamed.schema.messages.size).toBe(2089);
    expect([...streamed.schema.messages.keys()]).toEqual([...all.schema.messages.keys()]);
    expect([...streamed.schema.messages.values()].map((m) => m.key)).toEqual([...all.schema.messages.values()].map((m) => m.key));
    expect([...streamed.schema.types.keys()].sort()).toEqual([...all.schema.types.keys()].sort());
    expect([...streamed.schema.services.keys()]).toEqual([...all.schema.services.keys()]);
  });
});

describe('sameDefinition', () => {
  it('ignores comment keys and comment-only objects, nothing else', () => {
    expect(sameDefinition(['x', ['u8', 'a'], { comment: 'c' }], ['x', ['u8', 'a']])).toBe(true);
    expect(sameDefinition(['x', { comment: 'c' }, ['u8', 'a']], ['x', ['u8', 'a'], { comment: 'd' }])).toBe(true);
    expect(sameDefinition(['x', ['u8', 'a', { default: 1, comment: 'c' }]], ['x', ['u8', 'a', { default: 1 }]])).toBe(true);
    expect(sameDefinition(['x', ['u8', 'a']], ['x', ['u8', 'b']])).toBe(false);
    expect(sameDefinition(['x', ['u8', 'a']], ['x', ['u8', 'a'], ['u8', 'b']])).toBe(false);
    expect(sameDefinition(['x', ['u8', 'a', { default: 1 }]], ['x', ['u8', 'a', { default: 2 }]])).toBe(false);
    expect(sameDefinition(['x', ['u8', 'a', { default: 1 }]], ['x', ['u8', 'a', { limit: 1 }]])).toBe(false);
    expect(sameDefinition({ type: 'u8', length: 4 }, { type: 'u8' })).toBe(false);
    expect(sameDefinition([1], { 0: 1 })).toBe(false);
    expect(sameDefinition(null, {})).toBe(false);
  });
});
