import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPalette, loadColor } from '../../src/format/color.js';
import { FormatError } from '../../src/format/errors.js';
import { renderDetails } from '../../src/format/details.js';
import { humanText, renderBlock, renderMessage } from '../../src/format/render.js';
import { fitColumns, MIN_COLUMN, renderTable, truncateText, wrapText } from '../../src/format/table.js';
import {
  bytes,
  counted,
  field,
  fixed,
  i32,
  ifStatusFlags,
  interfaceIndex,
  ip4,
  linkDuplex,
  macAddress,
  message,
  prefix,
  scalar,
  str,
  struct,
  u32,
  u8,
  vla,
} from '../support/format-fixtures.js';

const ESC = '\x1b';
/** Display columns of a line: code points (the tests use no wide characters). */
const cols = (s: string): number => Array.from(s).length;
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

const details = message('sw_interface_details', [
  field('sw_if_index', interfaceIndex),
  field('l2_address', macAddress),
  field('flags', ifStatusFlags),
  field('link_duplex', linkDuplex),
  field('link_mtu', u32),
  field('interface_name', str, fixed(64)),
  field('tag', str, fixed(64)),
]);
const LONG_NAME = 'a-very-long-interface-name-that-does-not-fit/0/0/0';
const rows = [0, 1, 2].map((i) => ({
  context: 1,
  sw_if_index: i,
  l2_address: bytes(2, 0, 0, 0, 0, i),
  flags: i,
  link_duplex: 2,
  link_mtu: 9000,
  interface_name: i === 2 ? LONG_NAME : `loop${i}`,
  tag: i === 1 ? 'some tag words that are long enough to wrap around' : '',
}));

/** The text of column `c` of data row `r` (0-based), wrapped lines joined without spaces. */
function cell(table: string, r: number, c: number): string {
  const ls = lines(table);
  const seps = ls.map((l, i) => (l.startsWith('├') || l.startsWith('└') ? i : -1)).filter((i) => i >= 0);
  // seps[0] ends the heading, seps[r] starts row r, seps[r + 1] ends it.
  return ls.slice(seps[r] + 1, seps[r + 1]).map((l) => l.split('│')[c + 1].trim()).join('');
}

describe('details tables', () => {
  it('at 200 columns: one line per row, natural widths', () => {
    const t = renderDetails(details, rows, { width: 200 });
    const ls = lines(t);
    expect(ls[0].startsWith('┌')).toBe(true);
    // 3 rows: top, heading, sep, row, sep, row, sep, row, bottom.
    expect(ls).toHaveLength(9);
    const natural = [11, 17, 8, 11, 8, LONG_NAME.length, 50];
    const width = natural.reduce((a, b) => a + b, 0) + 3 * natural.length + 1;
    for (const l of ls) expect(cols(l)).toBe(width);
    expect(ls[1]).toBe('│ sw_if_index │ l2_address        │ flags    │ link_duplex │ link_mtu │ ' + 'interface_name'.padEnd(LONG_NAME.length) + ' │ tag' + ' '.repeat(47) + ' │');
    expect(ls[5]).toContain('│ 1           │ 02:00:00:00:00:01 │ ADMIN_UP │ FULL        │ 9000     │ loop1 ');
  });

  it('at 80 columns: exactly 80 wide, wide cells wrapped without losing text', () => {
    const t = renderDetails(details, rows, { width: 80 });
    expect(t.startsWith('┌')).toBe(true);
    for (const l of lines(t)) expect(cols(l)).toBe(80);
    expect(cell(t, 2, 5)).toBe(LONG_NAME);
    expect(cell(t, 1, 6).replace(/ /g, '')).toBe('sometagwordsthatarelongenoughtowraparound');
    expect(cell(t, 0, 1)).toBe('02:00:00:00:00:00');
  });

  it('at 80 columns with truncation: one line per row, cut cells end in …', () => {
    const t = renderDetails(details, rows, { width: 80, overflow: 'truncate' });
    const ls = lines(t);
    for (const l of ls) expect(cols(l)).toBe(80);
    const data = ls.filter((l) => /^│ \d/.test(l));
    expect(data).toHaveLength(3);
    expect(data[2]).toMatch(/│ a-very-… │/);
  });

  it('at 60 columns: one key/value block per row', () => {
    const t = renderDetails(details, rows, { width: 60 });
    expect(t).not.toContain('│');
    const blocks = t.split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks[1]).toBe(
      [
        '[1]',
        '  sw_if_index:    1',
        '  l2_address:     02:00:00:00:00:01',
        '  flags:          ADMIN_UP',
        '  link_duplex:    FULL',
        '  link_mtu:       9000',
        '  interface_name: loop1',
        '  tag:            some tag words that are long enough to wrap around',
      ].join('\n'),
    );
  });

  it('a narrow selection of columns fits even at 60', () => {
    const t = renderDetails(details, rows, { width: 60, columns: ['interface_name', 'sw_if_index', 'flags'] });
    const ls = lines(t);
    for (const l of ls) expect(cols(l)).toBeLessThanOrEqual(60);
    expect(ls[1]).toMatch(/^│ interface_name\s*│ sw_if_index │ flags\s*│$/);
    expect(cell(t, 2, 0)).toBe(LONG_NAME);
  });

  it('refuses an unknown column with a suggestion', () => {
    try {
      renderDetails(details, rows, { columns: ['sw_if_idx'] });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).message).toContain('sw_interface_details has no field "sw_if_idx" (did you mean "sw_if_index"?)');
    }
  });

  it('leaves count fields out of tables and shows lists inline', () => {
    const d = message('route_details', route.fields);
    const t = renderDetails(d, [replyValue.route], { width: 200 });
    expect(lines(t)[1]).toMatch(/^│ table_id │ prefix\s*│ paths\s*│$/);
    expect(t).toContain('[{sw_if_index=1 weight=1}, {sw_if_index=2 weight=3}]');
  });

  it('shows the fields of a lone struct as the columns', () => {
    const d = message('ip_route_details', [field('route', route)]);
    const t = renderDetails(d, [{ route: replyValue.route }], { width: 200 });
    expect(lines(t)[1]).toMatch(/^│ table_id │ prefix\s*│ paths\s*│$/);
    expect(lines(t)[3]).toMatch(/^│ 0 +│ 10\.0\.0\.0\/24 │ \[\{sw_if_index=1/);
    const blocks = renderDetails(d, [{ route: replyValue.route }], { width: 20 });
    expect(lines(blocks).slice(0, 3)).toEqual(['[0]', '  table_id: 0', '  prefix:   10.0.0.0/24']);
  });

  it('takes dotted columns into structs and checks every step', () => {
    const d = message('ip_route_details', [field('route', route)]);
    const t = renderDetails(d, [{ route: replyValue.route }], { width: 80, columns: ['route.prefix', 'route.table_id'] });
    expect(t).toBe(['┌──────────────┬────────────────┐', '│ route.prefix │ route.table_id │', '├──────────────┼────────────────┤', '│ 10.0.0.0/24  │ 0              │', '└──────────────┴────────────────┘'].join('\n'));
    expect(() => renderDetails(d, [], { columns: ['route.prefx'] })).toThrow('ip_route_details.route has no field "prefx" (did you mean "prefix"?)');
    expect(() => renderDetails(d, [], { columns: ['route.table_id.x'] })).toThrow('table_id is not a struct');
  });

  it('says (none) for no rows, and never ends with a newline', () => {
    expect(renderDetails(details, [])).toBe('(none)');
    expect(renderDetails(details, rows, { width: 200 }).endsWith('\n')).toBe(false);
    expect(renderDetails(details, rows, { width: 60 }).endsWith('\n')).toBe(false);
    expect(renderMessage(reply, replyValue).endsWith('\n')).toBe(false);
  });
});

describe('layout helpers', () => {
  it('fitColumns keeps natural widths that fit and gives up below the minimum', () => {
    expect(fitColumns([3, 4, 5], 12)).toEqual([3, 4, 5]);
    expect(fitColumns([10, 40], 30)).toEqual([10, 20]);
    expect(fitColumns([20, 20, 20], 3 * MIN_COLUMN - 1)).toBeUndefined();
    expect(fitColumns([20, 20, 20], 3 * MIN_COLUMN)).toEqual([MIN_COLUMN, MIN_COLUMN, MIN_COLUMN]);
  });

  it('fitColumns never exceeds the budget, the natural width or goes below the minimum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 300 }), (natural, budget) => {
        const w = fitColumns(natural, budget);
        const minSum = natural.reduce((a, n) => a + Math.min(n, MIN_COLUMN), 0);
        if (minSum > budget) {
          expect(w).toBeUndefined();
          return;
        }
        expect(w).toBeDefined();
        expect(w!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget);
        w!.forEach((x, i) => {
          expect(x).toBeLessThanOrEqual(natural[i]);
          expect(x).toBeGreaterThanOrEqual(Math.min(natural[i], MIN_COLUMN));
        });
      }),
    );
  });

  it('wrapText keeps every character but spaces at breaks, within the width', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }).filter((s) => !s.includes('\n')), fc.integer({ min: 1, max: 30 }), (s, w) => {
        const ls = wrapText(s, w);
        for (const l of ls) expect(Array.from(l).length).toBeLessThanOrEqual(w);
        expect(ls.join('').replace(/ /g, '')).toBe(s.replace(/ /g, ''));
      }),
    );
    expect(wrapText('ADMIN_UP|LINK_UP', 10)).toEqual(['ADMIN_UP|', 'LINK_UP']);
    expect(wrapText('2001:db8::1', 6)).toEqual(['2001:', 'db8::1']);
    expect(wrapText('2001:db8::1', 5)).toEqual(['2001:', 'db8::', '1']);
  });

  it('truncateText cuts with an ellipsis', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abcd', 4)).toBe('abcd');
  });

  it('renderTable draws cells of hundreds of lines, ruling only between logical rows', () => {
    const p = createPalette({ color: false });
    const tall = Array.from({ length: 300 }, (_, i) => `word${String(i).padStart(3, '0')}`).join(' ');
    const t = renderTable(['id', 'text'], [['1', tall], ['2', 'short']], { width: 20, palette: p })!;
    const ls = lines(t);
    // top, heading, rule, 300 lines of row 1, rule, row 2, bottom
    expect(ls).toHaveLength(1 + 1 + 1 + 300 + 1 + 1 + 1);
    for (const l of ls) expect(cols(l)).toBe(20);
    expect(ls[3]).toBe('│ 1  │ word000     │');
    expect(ls[4]).toBe('│    │ word001     │');
    expect(ls[303]).toBe('├────┼─────────────┤');
    expect(ls[304]).toBe('│ 2  │ short       │');
  });

  it('renderTable gives undefined when it cannot fit', () => {
    const p = createPalette({ color: false });
    expect(renderTable(['a', 'b'], [['1', '2']], { width: 13, palette: p })).toBe('┌───┬───┐\n│ a │ b │\n├───┼───┤\n│ 1 │ 2 │\n└───┴───┘');
    expect(renderTable(['aaaaaaaaaa', 'bbbbbbbbbb'], [['1', '2']], { width: 20, palette: p })).toBeUndefined();
  });

  it('humanText writes one line', () => {
    expect(humanText({ a: 1, b: { c: [1n, 'x'] } })).toBe('a=1 b={c=[1, x]}');
    expect(humanText('two\nlines')).toBe('two↵lines');
    expect(humanText(null)).toBe('');
    expect(humanText(bytes(1, 2))).toBe('0x0102');
  });
});
