/**
 * Counter tables laid out as dump tables are (format/rendering/text-table.ts): fitted to a
 * terminal's width with a footer, --columns, --wide, TSV; names in JSON. Expected texts
 * are written out by hand from the rules (ranks in format/stats/stats-tables.ts), also
 * against the segment of a real VPP 26.06.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment, type StatEntry } from '../../../src/client/stats/index.js';
import { renderStatsText } from '../../../src/format/stats/stats-text.js';
import { statsJson } from '../../../src/format/stats/stats-json.js';
import { FormatError } from '../../../src/format/errors.js';
import { NaiveSegment } from '../../support/statseg-writer.js';
import { CAPTURES, HAVE_SHARED } from '../../support/shared.js';

/** Three interfaces, one with a long name; punt and mpls all zero. */
async function interfaces(): Promise<{ entries: StatEntry[]; names: (string | null)[] }> {
  const s = new NaiveSegment();
  s.combined('/if/rx', [[[0, 0], [5, 300], [1000, 64000]]]);
  s.combined('/if/rx-unicast', [[[0, 0], [5, 300], [1000, 64000]]]);
  s.combined('/if/tx', [[[0, 0], [2, 120], [900, 57600]]]);
  s.simple('/if/drops', [[1, 0, 3]]);
  s.simple('/if/punt', [[0, 0, 0]]);
  s.simple('/if/ip4', [[0, 5, 1000]]);
  s.simple('/if/rx-error', [[0, 0, 2]]);
  s.simple('/if/mpls', [[0, 0, 0]]);
  s.names('/if/names', ['local0', 'loop0', 'GigabitEthernet0/8/0']);
  const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
  const n = entries.find((e) => e.name === '/if/names')!.value;
  return { entries: entries.filter((e) => e.name !== '/if/names'), names: n?.kind === 'names' ? n.names : [] };
}

describe('counter tables on a terminal', () => {
  it('fit 80 columns: all-zero counters hidden, then the highest ranks dropped, a footer naming counters', async () => {
    const { entries, names } = await interfaces();
    expect(renderStatsText(entries, { names, form: 'terminal', width: 80 }).split('\n')).toEqual([
      'interface             rx packets  rx bytes  tx packets  tx bytes  drops',
      'local0                         0         0           0         0      1',
      'loop0                          5       300           2       120      0',
      'GigabitEthernet0/8/0        1000     64000         900     57600      3',
      'columns hidden: 2 empty in every row (punt, mpls); 3 not shown for width',
      '(rx-unicast, ip4, rx-error); --wide shows every column, --columns a,b,c picks',
    ]);
  });

  it('--wide shows every column; piped (plain) every column too, no footer', async () => {
    const { entries, names } = await interfaces();
    const head = 'interface             rx packets  rx bytes  rx-unicast packets  rx-unicast bytes  tx packets  tx bytes  drops  punt   ip4  rx-error  mpls';
    const wide = renderStatsText(entries, { names, form: 'terminal', width: 80, wide: true }).split('\n');
    expect(wide[0]).toBe(head);
    expect(wide[3]).toBe('GigabitEthernet0/8/0        1000     64000                1000             64000         900     57600      3     0  1000         2     0');
    expect(wide).toHaveLength(4);
    expect(renderStatsText(entries, { names, form: 'plain' }).split('\n')[0]).toBe(head);
  });

  it('--columns picks by counter (both columns of a combined one) or heading, in the order given, never dropped', async () => {
    const { entries, names } = await interfaces();
    expect(renderStatsText(entries, { names, form: 'terminal', width: 80, columns: ['interface', 'drops', 'tx', 'rx packets'] }).split('\n')).toEqual([
      'interface             drops  tx packets  tx bytes  rx packets',
      'local0                    1           0         0           0',
      'loop0                     0           2       120           5',
      'GigabitEthernet0/8/0      3         900     57600        1000',
    ]);
    // Too narrow for what was picked: nothing is dropped, the name breaks after a `/` instead.
    expect(renderStatsText(entries, { names, form: 'terminal', width: 30, columns: ['interface', 'drops', 'tx', 'rx packets'] }).split('\n')).toEqual([
      'interface          drops  tx packets  tx bytes  rx packets',
      'local0                 1           0         0           0',
      'loop0                  0           2       120           5',
      'GigabitEthernet0/      3         900     57600        1000',
      '8/0',
    ]);
  });

  it('refuses a column no table has, naming the columns there are', async () => {
    const { entries, names } = await interfaces();
    const rx = entries.filter((e) => e.name === '/if/rx');
    let err: unknown;
    try {
      renderStatsText(rx, { names, columns: ['name'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toBe('columns: the interface table has no column "name"; the columns are interface, rx packets, rx bytes');
    expect(() => renderStatsText(rx, { names, columns: ['rx pakets'] })).toThrow('the interface table has no column "rx pakets" (did you mean "rx packets"?)');
  });

  it('TSV: every column, tab-separated, tables apart by an empty line', async () => {
    const { entries, names } = await interfaces();
    const s = new NaiveSegment();
    s.scalar('/sys/heartbeat', 9);
    const { entries: more } = await new StatsSegment(new BufferSource(s.finish())).read();
    const tsv = renderStatsText([...entries.filter((e) => e.name === '/if/tx' || e.name === '/if/punt'), ...more], { names, form: 'tsv' });
    expect(tsv).toBe(['interface\ttx packets\ttx bytes\tpunt', 'local0\t0\t0\t0', 'loop0\t2\t120\t0', 'GigabitEthernet0/8/0\t900\t57600\t0', '', 'entry\tvalue', '/sys/heartbeat\t9'].join('\n'));
  });

  it('breaks long node names after - and error sentences at spaces when the kept columns alone do not fit', async () => {
    const s = new NaiveSegment();
    const errs = s.simple('/node/errors', [[3, 7]]);
    s.symlink('/err/wg6-output-tun-post-node-handoff-example/no buffer could be allocated for the reassembly ok', errs, 0);
    s.symlink('/err/null-node/blackholed packets', errs, 1);
    const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
    const text = renderStatsText(entries.filter((e) => e.name.startsWith('/err/')), { form: 'terminal', width: 60 });
    expect(text.split('\n')).toEqual([
      'node                       error                       count',
      'wg6-output-tun-post-node-  no buffer could be              3',
      'handoff-example            allocated for the',
      '                           reassembly ok',
      'null-node                  blackholed packets              7',
    ]);
  });

  it('wraps a ring\'s layout line and its entries\' bytes (grouped by 8) to the width', async () => {
    const s = new NaiveSegment();
    const slot = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
    s.ring('/sys/trace', { entrySize: 32, ringSize: 2, slots: [[slot, Buffer.alloc(32)]], heads: [1], sequences: [1n] });
    const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
    const text = renderStatsText(entries, { form: 'terminal', width: 60 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(text.split('\n')).toEqual([
      '/sys/trace: ring of 2 × 32-byte entries per thread, no',
      'schema; thread 0: 1 entries produced, head 1',
      'ring        thread  sequence  data',
      '/sys/trace       0        #0  0011223344556677',
      '                              8899aabbccddeeff',
      '                              0011223344556677',
      '                              8899aabbccddeeff',
    ]);
  });

  it('keeps a watch screen\'s columns steady: rates of zero are not hidden', async () => {
    const { entries, names } = await interfaces();
    const punt = entries.filter((e) => e.name === '/if/punt');
    const rates = new Map([['/if/punt', { kind: 'simple' as const, rows: [new Float64Array([0, 0, 0])] }]]);
    expect(renderStatsText(punt, { names, form: 'terminal', width: 80, rates }).split('\n')).toEqual(['interface             punt/s', 'local0                   0.0', 'loop0                    0.0', 'GigabitEthernet0/8/0     0.0']);
  });
});

describe('counter JSON', () => {
  it('names the interfaces of /if/ vectors and /interfaces/ links beside the values, by sw_if_index', async () => {
    const s = new NaiveSegment();
    const drops = s.simple('/if/drops', [[2n ** 64n - 1n, 4, 0]]);
    s.names('/if/names', ['local0', 'loop0']);
    s.symlink('/interfaces/loop0/drops', drops, 1);
    s.simple('/node/errors', [[1]]);
    const { entries } = await new StatsSegment(new BufferSource(s.finish())).read();
    const names = ['local0', 'loop0'];
    expect(statsJson(entries, { names })).toEqual([
      { name: '/if/drops', type: 'simple', index: 0, interfaces: ['local0', 'loop0', null], values: [18446744073709551615n, 4n, 0n] },
      { name: '/if/names', type: 'names', index: 1, names: ['local0', 'loop0'] },
      { name: '/interfaces/loop0/drops', type: 'symlink', index: 2, target: '/if/drops', column: 1, interface: 'loop0', values: [4n] },
      { name: '/node/errors', type: 'simple', index: 3, values: [1n] },
    ]);
  });
});

const BIN = join(CAPTURES, 'v26.06-statseg.bin.gz');

describe.skipIf(!HAVE_SHARED || !existsSync(BIN))('the real VPP 26.06 segment on a terminal', () => {
  const read = async () => {
    const { entries } = await new StatsSegment(new BufferSource(gunzipSync(readFileSync(BIN)))).read();
    const n = entries.find((e) => e.name === '/if/names')!.value;
    return { entries, names: n?.kind === 'names' ? n.names : [] };
  };

  it('shows /if/ at 80 columns as the capture describes it: loop0 sent 6 ARP requests (252 bytes), all dropped', async () => {
    const { entries, names } = await read();
    const text = renderStatsText(entries.filter((e) => /^\/if\/(?!names)/.test(e.name)), { names, form: 'terminal', width: 80 });
    expect(text.split('\n')).toEqual([
      'interface  tx packets  tx bytes  drops',
      'local0              0         0      0',
      'loop0               6       252      6',
      'loop1               0         0      0',
      'columns hidden: 15 empty in every row (rx, rx-unicast, rx-multicast,',
      'rx-broadcast, tx-unicast, tx-multicast, tx-broadcast, punt, ip4, ip6, rx-no-buf,',
      'rx-miss, rx-error, tx-error, mpls); --wide shows every column, --columns a,b,c',
      'picks',
    ]);
  });

  it('fits every line of the whole segment in 80 columns (4,502 entries, 52-character node names)', async () => {
    const { entries, names } = await read();
    const lines = renderStatsText(entries, { names, form: 'terminal', width: 80 }).split('\n');
    expect(lines.length).toBeGreaterThan(4000);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines).toContain('null-node                      blackholed packets                              0');
  });

  it('names the interfaces in JSON', async () => {
    const { entries, names } = await read();
    const tx = statsJson(entries.filter((e) => e.name === '/if/tx' || e.name === '/interfaces/loop0/tx'), { names });
    expect(tx).toEqual([
      { name: '/if/tx', type: 'combined', index: expect.any(Number), interfaces: ['local0', 'loop0', 'loop1'], packets: [0n, 6n, 0n], bytes: [0n, 252n, 0n] },
      { name: '/interfaces/loop0/tx', type: 'symlink', index: expect.any(Number), target: '/if/tx', column: 1, interface: 'loop0', packets: [6n], bytes: [252n] },
    ]);
  });
});
