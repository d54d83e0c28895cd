/**
 * Tables: the layout engine on its own (text-table.ts), then details of the built-in
 * sw_interface_details and ip_route_details at 80, 120 and 200 columns (details.ts):
 * rank order, columns dropped by rank with a footer, empty columns hidden, values never
 * broken, --columns, --wide, the piped form and TSV.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { createPalette } from '../../../src/format/rendering/color.js';
import { renderDetails } from '../../../src/format/rendering/details.js';
import { FormatError } from '../../../src/format/errors.js';
import { InterfaceTable } from '../../../src/format/values/interface-names.js';
import { type TableColumn, layoutTable } from '../../../src/format/rendering/text-table.js';

const plainPalette = createPalette({ color: false });
const width = (l: string): number => Array.from(l).length;

describe('layout engine', () => {
  const cols: TableColumn[] = [
    { head: 'id', rank: 0, keep: true },
    { head: 'name', rank: 1 },
    { head: 'state', rank: 10 },
    { head: 'note', rank: 30 },
  ];
  const rows = [
    ['1', 'alpha', 'UP', 'first row'],
    ['22', 'b', 'DOWN', ''],
  ];

  it('terminal: header and columns aligned by two spaces, no rules, no trailing spaces', () => {
    const t = layoutTable({ columns: cols, rows }, { form: 'terminal', width: 80, palette: plainPalette });
    expect(t).toBe(['id  name   state  note', '1   alpha  UP     first row', '22  b      DOWN'].join('\n'));
  });

  it('terminal, narrow: drops the highest rank first and says so in a footer', () => {
    const t = layoutTable({ columns: cols, rows }, { form: 'terminal', width: 16, palette: plainPalette });
    const ls = t.split('\n');
    expect(ls.slice(0, 3)).toEqual(['id  name   state', '1   alpha  UP', '22  b      DOWN']);
    expect(ls.slice(3).join(' ')).toBe('columns hidden: 1 not shown for width (note); --wide shows every column, --columns a,b,c picks');
  });

  it('never drops a kept column, even when nothing else fits', () => {
    const t = layoutTable({ columns: cols, rows }, { form: 'terminal', width: 3, palette: plainPalette });
    expect(t.split('\n').slice(0, 3)).toEqual(['id', '1', '22']);
    expect(t.split('\n').slice(3).join(' ')).toContain('3 not shown for width (name, state, note)');
  });

  it('hides columns empty in every row, and --wide shows everything', () => {
    const empty = rows.map((r) => r.map((_, i) => i === 2));
    const t = layoutTable({ columns: cols, rows, empty }, { form: 'terminal', width: 80, palette: plainPalette, seeHow: 'try wide' });
    expect(t.split('\n')[0]).toBe('id  name   note');
    expect(t).toContain('columns hidden: 1 empty in every row (state); try wide');
    const wide = layoutTable({ columns: cols, rows, empty }, { form: 'terminal', width: 10, palette: plainPalette, wide: true });
    expect(wide.split('\n')[0]).toBe('id  name   state  note');
    expect(wide).not.toContain('hidden');
  });

  it('a list too wide to fit beside the kept columns wraps after commas, under its column, items whole', () => {
    const list = Array.from({ length: 12 }, (_, i) => `via 10.0.0.${i} sw_if_index ${i}`);
    const c2: TableColumn[] = [{ head: 'prefix', rank: 0, keep: true }, { head: 'paths', rank: 15, wrap: 'list' }, { head: 'stats', rank: 20 }];
    const t = layoutTable({ columns: c2, rows: [['10.0.0.0/8', `[${list.join(', ')}]`, '7']] }, { form: 'terminal', width: 80, palette: plainPalette });
    const ls = t.split('\n');
    expect(ls[0]).toBe('prefix      paths');
    for (const l of ls.slice(1, -1)) expect(width(l)).toBeLessThanOrEqual(80);
    const body = ls.slice(1, ls.findIndex((l) => l.startsWith('columns hidden')));
    expect(body[0].startsWith('10.0.0.0/8  [via 10.0.0.0 sw_if_index 0,')).toBe(true);
    for (const l of body.slice(1)) expect(l).toMatch(/^ {12}via 10\.0\.0\.\d+ sw_if_index \d+/);
    // Every path is on one line whole.
    const joined = body.map((l) => l.trim()).join(' ');
    expect(joined.replace(/^10\.0\.0\.0\/8\s+/, '')).toBe(`[${list.join(', ')}]`);
    expect(t).toContain('not shown for width (stats)');
  });

  it('never breaks a value: every cell of a shown column is whole on its row', () => {
    const word = fc.stringMatching(/^[a-z0-9:./|_-]{1,18}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 10, max: 120 }), (cells, w) => {
        const cs: TableColumn[] = ['a', 'b', 'c', 'd', 'e'].map((h, i) => ({ head: h, rank: i, keep: i === 0 }));
        const t = layoutTable({ columns: cs, rows: cells }, { form: 'terminal', width: w, palette: plainPalette });
        const ls = t.split('\n');
        const shown = ls[0].split(/ {2,}/);
        cells.forEach((r, k) => {
          const line = ls[k + 1].split(/ {2,}/);
          shown.forEach((h, j) => expect(line[j]).toBe(r[cs.findIndex((c) => c.head === h)]));
        });
        if (shown.length < 5) expect(ls.join(' ')).toMatch(/not shown for width/);
        else expect(ls).toHaveLength(cells.length + 1);
      }),
    );
  });

  it('plain: every column, one row per line, two spaces between, spaces inside values kept, - for empty', () => {
    const t = layoutTable({ columns: cols, rows, empty: rows.map((r) => r.map(() => true)) }, { form: 'plain', width: 10, palette: plainPalette });
    expect(t).toBe(['id  name   state  note', '1   alpha  UP     first row', '22  b      DOWN   -'].join('\n'));
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 4, maxLength: 4 }), { maxLength: 5 }), (cells) => {
        const out = layoutTable({ columns: cols, rows: cells }, { form: 'plain', width: 10, palette: plainPalette }).split('\n');
        expect(out).toHaveLength(cells.length + 1);
        cells.forEach((r, k) => {
          const want = r.map((c) => c.replace(/\s+/g, ' ').trim() || '-');
          expect(out[k + 1].split(/ {2,}/)).toEqual(want);
        });
      }),
    );
  });

  it('tsv: a header row, tabs between, tabs and newlines in values escaped', () => {
    const t = layoutTable({ columns: cols, rows: [['1', 'a\tb', 'x\ny', 'back\\slash']] }, { form: 'tsv', width: 10, palette: plainPalette });
    expect(t).toBe('id\tname\tstate\tnote\n1\ta\\tb\tx\\ny\tback\\\\slash');
  });

  it('right-aligns the columns that ask for it, heading included, in the terminal and plain forms; TSV unpadded', () => {
    const c: TableColumn[] = [
      { head: 'interface', rank: 0, keep: true },
      { head: 'packets', rank: 1, align: 'right' },
      { head: 'n', rank: 2, align: 'right' },
    ];
    const r = [['loop0', '5', '1234'], ['local0', '12345678', '0']];
    const want = ['interface   packets     n', 'loop0             5  1234', 'local0     12345678     0'].join('\n');
    expect(layoutTable({ columns: c, rows: r }, { form: 'terminal', width: 80, palette: plainPalette })).toBe(want);
    expect(layoutTable({ columns: c, rows: r }, { form: 'plain', width: 80, palette: plainPalette })).toBe(want);
    expect(layoutTable({ columns: c, rows: r }, { form: 'tsv', width: 80, palette: plainPalette })).toBe('interface\tpackets\tn\nloop0\t5\t1234\nlocal0\t12345678\t0');
  });

  it('names columns in the footer by a shared footName only when all of them are left out', () => {
    const c: TableColumn[] = [
      { head: 'if', rank: 0, keep: true },
      { head: 'rx packets', rank: 1, footName: 'rx' },
      { head: 'rx bytes', rank: 2, footName: 'rx' },
      { head: 'tx packets', rank: 3, footName: 'tx' },
      { head: 'tx bytes', rank: 4, footName: 'tx' },
    ];
    const r = [['a', '1', '2', '3', '4']];
    const foot = (w: number) => layoutTable({ columns: c, rows: r }, { form: 'terminal', width: w, palette: plainPalette }).split('\n').slice(2).join(' ');
    expect(foot(40)).toBe('columns hidden: 1 not shown for width (tx bytes); --wide shows every column, --columns a,b,c picks');
    expect(foot(24)).toBe('columns hidden: 1 not shown for width (tx); --wide shows every column, --columns a,b,c picks');
  });

  it('a kept name column given a maxWidth breaks after - _ / . and joins its parts without spaces', () => {
    const c: TableColumn[] = [{ head: 'node', rank: 0, keep: true, wrap: 'parts', maxWidth: 12 }, { head: 'n', rank: 0, keep: true }];
    const t = layoutTable({ columns: c, rows: [['ip4-input-no-checksum', '1']] }, { form: 'terminal', width: 80, palette: plainPalette });
    expect(t.split('\n')).toEqual(['node          n', 'ip4-input-    1', 'no-checksum']);
  });

  it('colours only the header, and only when asked', async () => {
    const { useChalk } = await import('../../../src/format/rendering/color.js');
    useChalk((await import('chalk')).Chalk);
    const t = layoutTable({ columns: cols, rows }, { form: 'terminal', width: 80, palette: createPalette({ color: true }) });
    expect(t.split('\n')[0]).toContain('\x1b[1mid\x1b[22m');
    expect(t.split('\n')[1]).not.toContain('\x1b');
    expect(layoutTable({ columns: cols, rows }, { form: 'plain', width: 80, palette: plainPalette })).not.toContain('\x1b');
  });
});

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const ifDetails = schema.messages.get('sw_interface_details')!;
const routeDetails = schema.messages.get('ip_route_details')!;
const mac = (...b: number[]) => Uint8Array.from(b);
const LONG = 'VirtualFunctionEthernet0/6/0.1000';
const iface = (i: number, name: string, flags: number, over: Record<string, unknown> = {}) => ({
  sw_if_index: i, sup_sw_if_index: i, l2_address: mac(0xde, 0xad, 0, 0, 0, i), flags, type: 0, link_duplex: 0, link_speed: 0,
  link_mtu: 9000, mtu: [9000, 0, 0, 0], sub_id: 0, sub_number_of_tags: 0, sub_outer_vlan_id: 0, sub_inner_vlan_id: 0, sub_if_flags: 0,
  vtr_op: 0, vtr_push_dot1q: 0, vtr_tag1: 0, vtr_tag2: 0, outer_tag: 0, b_dmac: mac(0, 0, 0, 0, 0, 0), b_smac: mac(0, 0, 0, 0, 0, 0),
  b_vlanid: 0, i_sid: 0, interface_name: name, interface_dev_type: 'Loopback', tag: '', ...over,
});
const ifRows = [iface(0, 'local0', 0, { l2_address: mac(0, 0, 0, 0, 0, 0), link_mtu: 0, mtu: [0, 0, 0, 0], interface_dev_type: 'local' }), iface(1, 'loop0', 3), iface(2, LONG, 1, { tag: 'uplink' })];

/** Header names of a terminal table. */
const heads = (t: string): string[] => t.split('\n')[0].split(/ {2,}/);
const footer = (t: string): string => t.split('\n').filter((_, i, ls) => i >= ls.findIndex((l) => l.startsWith('columns hidden'))).join(' ');

describe('sw_interface_details at 80, 120, 200 columns', () => {
  const at = (w: number, extra = {}) => renderDetails(ifDetails, ifRows, { width: w, ...extra });

  it('identifying columns first, then flags, MACs, MTUs, other enums, then the rest, tag last', () => {
    const wide = renderDetails(ifDetails, ifRows, { width: 80, wide: true });
    expect(heads(wide).slice(0, 11)).toEqual([
      'sw_if_index', 'interface_name', 'flags', 'sub_if_flags', 'l2_address', 'b_dmac', 'b_smac', 'link_mtu', 'mtu', 'type', 'link_duplex',
    ]);
    expect(heads(wide).at(-1)).toBe('tag');
    expect(heads(wide)).toHaveLength(26);
  });

  it('fits each width, dropping columns by rank, naming them in the footer', () => {
    const seen: number[] = [];
    for (const w of [80, 120, 200]) {
      const t = at(w);
      for (const l of t.split('\n')) expect(width(l), `${w}: ${l}`).toBeLessThanOrEqual(w);
      const shown = heads(t);
      expect(shown.slice(0, 3)).toEqual(['sw_if_index', 'interface_name', 'flags']);
      seen.push(shown.length);
      // Whatever is not shown is named in the footer, and --wide/--columns are offered.
      const all = heads(renderDetails(ifDetails, ifRows, { width: w, wide: true }));
      for (const h of all.filter((x) => !shown.includes(x))) expect(footer(t)).toContain(h);
      expect(footer(t)).toContain('--wide shows every column, --columns a,b,c picks');
    }
    expect(seen[0]).toBeLessThan(seen[1]);
    expect(seen[1]).toBeLessThanOrEqual(seen[2]);
    // At 80 the MAC does not fit beside the state columns; at 120 it does, whole.
    expect(heads(at(80))).not.toContain('l2_address');
    expect(at(120)).toMatch(/de:ad:00:00:00:02/);
    expect(heads(at(200))).toContain('tag');
  });

  it('hides columns that are zero or empty in every row, saying which', () => {
    const t = at(200);
    for (const h of ['sub_id', 'vtr_op', 'b_dmac', 'link_speed', 'sub_if_flags', 'link_duplex']) expect(heads(t)).not.toContain(h);
    // Named in rank order: a flag set, the MACs, then the enum, then the rest.
    expect(footer(t)).toMatch(/empty in every row \(sub_if_flags, b_dmac, b_smac, link_duplex, link_speed, sub_id/);
    // tag is set on one row: shown at 200.
    expect(t).toMatch(/uplink/);
  });

  it('never breaks a MAC, a name or a flag set', () => {
    for (const w of [80, 120, 200]) {
      const t = at(w);
      expect(t).toContain(LONG);
      expect(t).toMatch(/ADMIN_UP\|LINK_UP/);
      const lines = t.split('\n');
      expect(lines.filter((l) => /^\d/.test(l))).toHaveLength(3);
    }
  });

  it('--columns picks and orders, nothing hidden; unknown names are refused with a suggestion', () => {
    const t = renderDetails(ifDetails, ifRows, { width: 80, columns: ['interface_name', 'sw_if_index', 'sub_id'] });
    expect(t).toBe(['interface_name                     sw_if_index  sub_id', 'local0                             0            0', 'loop0                              1            0', `${LONG}  2            0`].join('\n'));
    expect(() => renderDetails(ifDetails, ifRows, { columns: ['sw_if_idx'] })).toThrow(FormatError);
    expect(() => renderDetails(ifDetails, ifRows, { columns: ['sw_if_idx'] })).toThrow('sw_interface_details has no field "sw_if_idx" (did you mean "sw_if_index"?)');
  });

  it('piped: every column, one row per line, whatever the width', () => {
    const t = renderDetails(ifDetails, ifRows, { width: 40, form: 'plain' });
    const ls = t.split('\n');
    expect(ls).toHaveLength(4);
    expect(ls[0].split(/ {2,}/)).toHaveLength(26);
    for (const l of ls.slice(1)) expect(l.split(/ {2,}/)).toHaveLength(26);
    expect(ls[3].split(/ {2,}/)[1]).toBe(LONG);
    expect(ls[1].split(/ {2,}/).at(-1)).toBe('-');
  });

  it('tsv: a header row and every column', () => {
    const ls = renderDetails(ifDetails, ifRows, { form: 'tsv' }).split('\n');
    expect(ls[0].split('\t')).toHaveLength(26);
    expect(ls[0].startsWith('sw_if_index\tinterface_name\tflags\t')).toBe(true);
    expect(ls[2].split('\t').slice(0, 3)).toEqual(['1', 'loop0', 'ADMIN_UP|LINK_UP']);
  });

  it('no rows: (none) on a terminal, the header alone for scripts', () => {
    expect(renderDetails(ifDetails, [], { width: 80 })).toBe('(none)');
    expect(renderDetails(ifDetails, [], { form: 'tsv' }).split('\n')).toHaveLength(1);
  });
});

describe('ip_route_details: the lone struct, paths, and a route of 16 paths', () => {
  const names = new InterfaceTable([[0, 'local0'], [1, 'loop0']]);
  const zero16 = new Uint8Array(16);
  const path = (i: number) => ({
    sw_if_index: 1, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type: 0, flags: 0, proto: 0,
    nh: { address: { ip4: mac(10, 0, 0, i + 2), ip6: Uint8Array.from([10, 0, 0, i + 2, ...new Array(12).fill(0)]) }, via_label: 0, obj_id: 0, classify_table_index: 0 },
    n_labels: 0, label_stack: Array.from({ length: 16 }, () => ({ is_uniform: 0, label: 0, ttl: 0, exp: 0 })),
  });
  const drop = { ...path(0), sw_if_index: 0xffffffff, type: 2, nh: { address: { ip4: new Uint8Array(4), ip6: zero16 }, via_label: 0, obj_id: 0, classify_table_index: 0 } };
  const route = (len: number, ps: unknown[], stats: number) => ({
    route: { table_id: 0, stats_index: stats, prefix: { address: { af: 0, un: { ip4: mac(10, 1, 0, 0) } }, len }, n_paths: ps.length, paths: ps },
  });
  const rows = [route(32, [drop], 1), route(16, [path(0)], 12), route(24, Array.from({ length: 16 }, (_, i) => path(i)), 13)];

  it('shows the route fields as columns, paths as text with interface names', () => {
    const t = renderDetails(routeDetails, rows.slice(0, 2), { width: 120, interfaces: names });
    expect(t).toBe(['table_id  prefix       paths                 stats_index', '0         10.1.0.0/32  [drop]                1', '0         10.1.0.0/16  [via 10.0.0.2 loop0]  12'].join('\n'));
  });

  for (const w of [80, 120, 200]) {
    it(`at ${w}: the 16-path route wraps under its column, each path whole; other rows one line`, () => {
      const t = renderDetails(routeDetails, rows, { width: w, interfaces: names });
      const ls = t.split('\n');
      const col = ls[0].indexOf('paths');
      expect(col).toBeGreaterThan(0);
      for (const l of ls) expect(width(l)).toBeLessThanOrEqual(w);
      const start = ls.findIndex((l) => l.includes('10.1.0.0/24'));
      const cont = ls.slice(start + 1).filter((l) => l.startsWith(' '.repeat(col)));
      expect(cont.length).toBeGreaterThan(0);
      const text = [ls[start].slice(col), ...cont.map((l) => l.slice(col))].map((s) => s.trim()).join(' ');
      expect(text.startsWith('[via 10.0.0.2 loop0, via 10.0.0.3 loop0,')).toBe(true);
      for (let i = 0; i < 16; i++) expect(text).toContain(`via 10.0.0.${i + 2} loop0`);
      expect(ls[1]).toContain('[drop]');
    });
  }

  it('piped and tsv: the long route stays on one line', () => {
    const plain = renderDetails(routeDetails, rows, { form: 'plain', interfaces: names }).split('\n');
    expect(plain).toHaveLength(4);
    expect(plain[3].split(/ {2,}/)[2].split(', ')).toHaveLength(16);
    expect(renderDetails(routeDetails, rows, { form: 'tsv' }).split('\n')[3].split('\t')[2]).toMatch(/^\[via 10\.0\.0\.2 sw_if_index 1, /);
  });

  it('--columns takes names inside the lone struct, dotted paths, and goes through lists', () => {
    const t = renderDetails(routeDetails, rows.slice(0, 2), { width: 80, columns: ['prefix', 'route.stats_index', 'paths.sw_if_index', 'prefix.len'] });
    expect(t).toBe(['prefix       route.stats_index  paths.sw_if_index  prefix.len', '10.1.0.0/32  1                  [4294967295]       32', '10.1.0.0/16  12                 [1]                16'].join('\n'));
    expect(() => renderDetails(routeDetails, rows, { columns: ['route.prefx'] })).toThrow('ip_route_details.route has no field "prefx" (did you mean "prefix"?)');
    expect(() => renderDetails(routeDetails, rows, { columns: ['prefx'] })).toThrow(/has no field "prefx"/);
  });
});
