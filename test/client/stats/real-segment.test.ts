/**
 * The segment of a real VPP 26.06 (captures/v26.06-statseg.bin.gz) against the dump VPP's
 * own `vpp_get_stats dump` printed of it (v26.06-statseg.txt): every line, in order. The
 * test turns the decoded values into vpp_get_stats's default text (docs/stats.md §8) and
 * compares; the expected side is VPP's output, not ours.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BufferSource, StatsSegment, type StatEntry } from '../../../src/client/stats/index.js';
import { CAPTURES } from '../../support/shared.js';

const BIN = join(CAPTURES, 'v26.06-statseg.bin.gz');
const TXT = join(CAPTURES, 'v26.06-statseg.txt');
const HAVE = existsSync(BIN) && existsSync(TXT);

/** vpp_get_stats's default lines for one entry; symlinks print as their target's type with index 0. */
function vppLines(e: StatEntry): string[] {
  const v = e.value;
  if (!v) throw new Error(`${e.name}: ${e.error}`);
  switch (v.kind) {
    case 'scalar':
    case 'gauge':
      return [`${v.value}.00 ${e.name}`];
    case 'simple':
      return v.rows.flatMap((r, t) => [...r].map((x, i) => `[${i} @ ${t}]: ${x} packets ${e.name}`));
    case 'combined':
      return v.rows.flatMap((r, t) => [...r.packets].map((p, i) => `[${i} @ ${t}]: ${p} packets, ${r.bytes[i]} bytes ${e.name}`));
    case 'names':
      return v.names.flatMap((s, i) => (s === null ? [] : [`[${i}]: ${s} ${e.name}`]));
    default:
      return [];
  }
}

describe.skipIf(!HAVE)('the captured VPP 26.06 segment', () => {
  const bytes = HAVE ? gunzipSync(readFileSync(BIN)) : Buffer.alloc(0);

  it('has the header and directory the capture README describes', async () => {
    const seg = new StatsSegment(new BufferSource(bytes));
    const h = seg.header();
    expect(h).toEqual({ version: 2n, base: 0x7f2ef6cd6000n, epoch: 1076n, inProgress: 0n });
    const { entries } = await seg.ls();
    expect(entries).toHaveLength(4502);
    const count = (t: string) => entries.filter((e) => e.type === t).length;
    expect([count('scalar'), count('gauge'), count('simple'), count('combined'), count('names'), count('symlink')]).toEqual([4, 12, 92, 13, 1, 4380]);
    expect(entries.slice(0, 5).map((e) => e.name)).toEqual(['/sys/heartbeat', '/sys/last_stats_clear', '/sys/boottime', '/mem/stat segment', '/mem/stat segment/used']);
  });

  it('decodes to vpp_get_stats dump, line for line, with no entry in error', async () => {
    const { entries } = await new StatsSegment(new BufferSource(bytes)).read();
    expect(entries.filter((e) => e.error).map((e) => e.error)).toEqual([]);
    const ours = entries.flatMap(vppLines);
    const theirs = readFileSync(TXT, 'latin1').split('\n').filter((l) => l !== '');
    expect(ours.length).toBe(theirs.length);
    for (let i = 0; i < theirs.length; i++) if (ours[i] !== theirs[i]) expect(`${i}: ${ours[i]}`).toBe(`${i}: ${theirs[i]}`);
  });

  it('resolves /interfaces/loop0/* to column 1 of /if/*: the ARP requests of the capture', async () => {
    const { entries } = await new StatsSegment(new BufferSource(bytes)).read((n) => n.startsWith('/interfaces/loop0/') || n === '/if/tx');
    const tx = entries.find((e) => e.name === '/interfaces/loop0/tx')!;
    expect(tx.symlink).toMatchObject({ target: '/if/tx', column: 1 });
    expect(tx.value).toEqual({ kind: 'combined', rows: [{ packets: [6n], bytes: [252n] }] });
    expect(entries.filter((e) => e.name.startsWith('/interfaces/loop0/'))).toHaveLength(17);
  });
});
