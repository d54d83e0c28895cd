import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPalette, loadColor } from '../../../src/format/rendering/color.js';
import { renderDetails } from '../../../src/format/rendering/details.js';
import { humanText, renderBlock, renderMessage } from '../../../src/format/rendering/render.js';
import {
  bytes,
  counted,
  field,
  i32,
  ifStatusFlags,
  ip4,
  message,
  prefix,
  scalar,
  str,
  struct,
  u32,
  u8,
  vla,
} from '../../support/format-fixtures.js';

const ESC = '\x1b';
const lines = (s: string): string[] => s.split('\n');

const fibPath = struct('fib_path', [field('sw_if_index', u32), field('weight', u8)]);
const route = struct('ip_route', [
  field('table_id', u32),
  field('prefix', prefix),
  field('n_paths', u8, scalar, {}, ['paths']),
  field('paths', fibPath, counted('n_paths')),
]);
const reply = message('ip_route_lookup_reply', [
  field('retval', i32),
  field('route', route),
  field('labels', u32, counted('n')),
  field('reply', str, vla),
]);
const replyValue = {
  context: 77,
  retval: -2,
  route: {
    table_id: 0,
    prefix: { address: { af: 0, un: { ip4: ip4(10, 0, 0, 0) } }, len: 24 },
    n_paths: 2,
    paths: [{ sw_if_index: 1, weight: 1 }, { sw_if_index: 2, weight: 3 }],
  },
  labels: [16, 17],
  reply: 'line one\nline two\n',
};
const names = (r: number): string | undefined => (r === -2 ? 'INVALID_SW_IF_INDEX' : undefined);

describe('key/value blocks', () => {
  it('indents nested structs, lists structs by index, keeps lists of scalars inline', () => {
    expect(renderMessage(reply, replyValue, { retvalName: names })).toBe(
      [
        'retval: -2 (INVALID_SW_IF_INDEX)',
        'route:',
        '  table_id: 0',
        '  prefix:   10.0.0.0/24',
        '  n_paths:  2',
        '  paths[0]:',
        '    sw_if_index: 1',
        '    weight:      1',
        '  paths[1]:',
        '    sw_if_index: 2',
        '    weight:      3',
        'labels: [16, 17]',
        'reply:',
        '  line one',
        '  line two',
      ].join('\n'),
    );
  });

  it('shows a retval without a known name as the number', () => {
    const out = renderMessage(reply, { ...replyValue, retval: -99 }, { retvalName: names });
    expect(lines(out)[0]).toBe('retval: -99');
  });

  it('aligns the values of one level on one column', () => {
    expect(renderBlock({ a: 1, long_name: 'x', nested: { b: 2 } })).toBe('a:         1\nlong_name: x\nnested:\n  b: 2');
  });

  it('shows empty lists and objects, and short enum names unless asked', () => {
    expect(renderBlock({ l: [], o: {} })).toBe('l: []\no: {}');
    const m = message('x', [field('flags', ifStatusFlags)]);
    expect(renderMessage(m, { flags: 3 })).toBe('flags: ADMIN_UP|LINK_UP');
    expect(renderMessage(m, { flags: 3 }, { short: false })).toBe('flags: IF_STATUS_API_FLAG_ADMIN_UP|IF_STATUS_API_FLAG_LINK_UP');
  });
});

describe('colour', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '3';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = saved;
  });

  it('never writes an escape code when colour is off, whatever the environment says', () => {
    expect(renderMessage(reply, replyValue, { retvalName: names })).not.toContain(ESC);
    expect(renderMessage(reply, replyValue, { color: false })).not.toContain(ESC);
    const rows = [{ sw_if_index: 1, weight: 2 }];
    const d = message('fib_path_details', fibPath.fields);
    expect(renderDetails(d, rows, { width: 80 })).not.toContain(ESC);
    expect(renderDetails(d, rows, { width: 10 })).not.toContain(ESC);
    expect(renderDetails(d, [], {})).not.toContain(ESC);
    const p = createPalette({ color: false });
    expect([p.key('k'), p.head('h'), p.ok('o'), p.bad('b'), p.dim('d')].join('')).toBe('khobd');
  });

  it('colours keys, headings and retvals when on (chalk loaded first)', async () => {
    await loadColor();
    const out = renderMessage(reply, replyValue, { color: true, retvalName: names });
    expect(out).toContain(`${ESC}[36mretval:${ESC}[39m`);
    expect(out).toContain(`${ESC}[31m-2 (INVALID_SW_IF_INDEX)${ESC}[39m`);
    const d = message('fib_path_details', fibPath.fields);
    expect(renderDetails(d, [{ sw_if_index: 1, weight: 2 }], { color: true })).toContain(`${ESC}[1msw_if_index${ESC}[22m`);
    expect(createPalette({ color: true }).ok('x')).toBe(`${ESC}[32mx${ESC}[39m`);
  });
});

describe('layout helpers', () => {
  it('humanText writes one line', () => {
    expect(humanText({ a: 1, b: { c: [1n, 'x'] } })).toBe('a=1 b={c=[1, x]}');
    expect(humanText('two\nlines')).toBe('two↵lines');
    expect(humanText(null)).toBe('');
    expect(humanText(bytes(1, 2))).toBe('0x0102');
  });
});
