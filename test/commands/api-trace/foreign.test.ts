/**
 * Files that are not API traces, and damaged ones, given to `api-trace show` and
 * `api-trace replay`: exit 2, "not an API trace" with what the file looks like (or where
 * a recorded session is damaged), said once: no repeated warnings, no doubled labels.
 * The files are built here byte by byte; nothing is sent to VPP.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, cleanup, run, tempDir } from '../../support/cli.js';

const env = baseEnv({ NO_COLOR: '1' });
afterAll(() => cleanup());

function file(name: string, bytes: string | Uint8Array): string {
  const p = join(tempDir(), name);
  writeFileSync(p, bytes);
  return p;
}

const session = (line: number): string =>
  `{"t":"2026-12-01T10:00:0${line}.000Z","dir":"send","context":${line},"msg":{"_msgname":"show_version","_crc":"51077d14"}}`;

/** Each case: a file, and what its error must say. */
const CASES: [string, string | Uint8Array, RegExp][] = [
  ['random.bin', randomBytes(4096), /not an API trace: the file is 4096 bytes of binary data in no format vppapi knows/],
  // Random bytes that happen to start like JSON (2 in 256 of them): still binary, not "text that is not JSON".
  ['brace.bin', Buffer.concat([Buffer.from('{'), Buffer.from([0xff, 0x00, 0x9c]), randomBytes(4092)]), /not an API trace: the file is 4096 bytes of binary data in no format vppapi knows/],
  ['notes.txt', 'interface loop0\n  mtu 9000\n', /not an API trace: the file is text \(first line: "interface loop0"\)/],
  ['trace.gz', gzipSync('[{"_msgname":"show_version"}]'), /not an API trace: the file is gzip-compressed data/],
  ['archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), /not an API trace: the file is a zip archive/],
  ['empty', '', /not an API trace: the file is empty/],
  ['object.json', '{"not":"a trace"}\n', /not an API trace: the file is a JSON object with keys "not"/],
  ['numbers.json', '[1, 2, 3]', /not an API trace: the file is a JSON array of 3 elements/],
  ['other.jsonl', Array.from({ length: 72 }, (_, i) => `{"ts":${i},"level":"info","msg":"x"}`).join('\n'), /not an API trace: the file is 72 lines of JSON, the first a JSON object with keys "ts", "level", "msg"/],
  ['cut.jsonl', `${session(1)}\n${session(2).slice(0, 40)}`, /damaged recorded session: line 2: /],
  ['mixed.jsonl', `${session(1)}\n{"a":1}\n${session(3)}\n{"a":2}\n`, /damaged recorded session: line 2: "dir" is missing.* \(and 1 more line after it\)/],
];

describe('api-trace: files that are not traces, and damaged ones', () => {
  for (const [name, bytes, said] of CASES) {
    it(`${name}: exit 2, said once`, async () => {
      const p = file(name, bytes);
      for (const argv of [['api-trace', 'show', p], ['--emulator', 'api-trace', 'replay', '--dry-run', p]]) {
        const r = await run(argv, { env });
        expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(said);
        const lines = r.stderr.trim().split('\n');
        expect(lines.filter((l) => l.startsWith('error:')), r.stderr).toHaveLength(1);
        expect(lines.filter((l) => l.startsWith('warning:')), r.stderr).toEqual([]);
        expect(r.stderr).not.toMatch(/(line \d+: )\1/);
        expect(r.stderr).not.toMatch(/truncated message table|announces \d+ bytes/);
      }
    });
  }

  it('a recorded session cut mid-line shows the entries before the cut', async () => {
    const r = await run(['api-trace', 'show', '--jsonl', file('cut2.jsonl', `${session(1)}\n${session(2)}\n${session(3).slice(0, 30)}`)], { env });
    expect([r.code, r.stdout.trim().split('\n').length]).toEqual([2, 2]);
  });
});
