/**
 * `vppapi stats` against the segment of a real VPP 26.06 (captures/v26.06-statseg.bin.gz,
 * served on a stats socket as VPP hands it out): tables fitted to 80 columns, names in
 * JSON, shapes in `ls --json`. Expected values from the capture's README (loop0 sent 6 ARP
 * requests, 252 bytes, all dropped; three interfaces; one thread).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, run, tempDir } from '../../support/cli.js';
import { serveSegment, type SegmentServer } from '../../support/segment-server.js';
import { CAPTURES, HAVE_SHARED } from '../../support/shared.js';

const BIN = join(CAPTURES, 'v26.06-statseg.bin.gz');

describe.skipIf(!HAVE_SHARED || !existsSync(BIN))('stats on a real VPP 26.06 segment', () => {
  let server: SegmentServer;
  let socket: string;
  beforeAll(() => {
    socket = join(tempDir('vppapi-real-stats-'), 'stats.sock');
    server = serveSegment(gunzipSync(readFileSync(BIN)), socket);
  });
  afterAll(() => {
    server?.close();
    cleanup();
  });

  it('show fits 80 columns: zero counters hidden with a footer, every line of the whole segment at most 80', async () => {
    const r = await run(['--stats-socket', socket, '--no-color', 'stats', 'show', '^/if/(rx|tx|drops|punt)$'], { tty: 80 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'interface  tx packets  tx bytes  drops',
        'local0              0         0      0',
        'loop0               6       252      6',
        'loop1               0         0      0',
        'columns hidden: 2 empty in every row (rx, punt); --wide shows every column,',
        '--columns a,b,c picks',
        '',
      ].join('\n'),
    );
    const all = await run(['--stats-socket', socket, '--no-color', 'stats', 'show'], { tty: 80 });
    expect(all.code).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(4000);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it('--columns and --tsv pick and print as for dumps', async () => {
    const r = await run(['--stats-socket', socket, 'stats', 'show', '^/if/', '--columns', 'interface,tx', '--tsv']);
    expect(r.stdout).toBe(['interface\ttx packets\ttx bytes', 'local0\t0\t0', 'loop0\t6\t252', 'loop1\t0\t0', ''].join('\n'));
  });

  it('--json names the interfaces; ls --json gives shapes as counts', async () => {
    const r = await run(['--stats-socket', socket, 'stats', 'show', '^/if/tx$', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([{ name: '/if/tx', type: 'combined', index: expect.any(Number), interfaces: ['local0', 'loop0', 'loop1'], packets: [0, 6, 0], bytes: [0, 252, 0] }]);
    const ls = await run(['--stats-socket', socket, 'stats', 'ls', '^/if/(tx|names)$', '^/sys/boottime$', '^/mem/stat segment$', '--json']);
    expect(JSON.parse(ls.stdout).map((e: { name: string; shape: unknown }) => [e.name, e.shape])).toEqual([
      ['/sys/boottime', null],
      ['/mem/stat segment', [1, 7]],
      ['/if/tx', [1, 3]],
      ['/if/names', [3]],
    ]);
  });
});
