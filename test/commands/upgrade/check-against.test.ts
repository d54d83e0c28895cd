/**
 * `vppapi check --against DEFS FILE…` on an exec script, a recorded session and API
 * traces (JSON and binary) made here against hand-made definitions, on the real captures
 * against edited real definitions, and on files that are none of these.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, run, tempDir } from '../../support/cli.js';
import { REP, REQ, enumOf, msg, struct, writeDefs, type HandModule } from '../../support/hand-defs.js';
import { be32, naiveRequest, naiveTrace } from '../../support/naive-trace.js';
import { CAPTURES, HAVE_SHARED, SHARED } from '../../support/shared.js';

const LOCAL: HandModule[] = [{
  module: 'alpha', version: '1.0.0',
  messages: [
    msg('ping_me', '0x00000001', [...REQ]),
    msg('ping_me_reply', '0x000000a1', [...REP]),
    msg('set_thing', '0x00000002', [...REQ, ['u32', 'a'], ['u8', 'b'], ['string', 'name', 16]]),
    msg('drop_field', '0x00000003', [...REQ, ['u32', 'keep'], ['u32', 'old_field']]),
    msg('gone_req', '0x00000004', [...REQ]),
    msg('retype', '0x00000005', [...REQ, ['u32', 'x']]),
    msg('flagged', '0x00000006', [...REQ, ['bool', 'enable'], ['u32', 'n']]),
    msg('with_enum', '0x00000007', [...REQ, ['vl_api_colour_t', 'c'], ['u32', 'n']]),
    msg('want_stuff', '0x00000008', [...REQ, ['bool', 'enable'], ['u32', 'pid']]),
  ],
  enums: [enumOf('colour', [['RED', 0], ['GREEN', 1]])],
}];
const TARGET: HandModule[] = [{
  module: 'alpha', version: '1.1.0',
  types: [struct('thing', [['u32', 'v']])],
  messages: [
    msg('ping_me', '0x00000001', [...REQ]),
    msg('ping_me_reply', '0x000000a1', [...REP]),
    msg('set_thing', '0x00000012', [...REQ, ['u32', 'a'], ['u16', 'b'], ['string', 'name', 8]]),
    msg('drop_field', '0x00000013', [...REQ, ['u32', 'keep']]),
    msg('gone_req_v2', '0x00000014', [...REQ]),
    msg('retype', '0x00000015', [...REQ, ['vl_api_thing_t', 'x']]),
    msg('flagged', '0x00000016', [...REQ, ['bool', 'enable'], ['u32', 'n'], ['u32', 'extra']]),
    msg('with_enum', '0x00000017', [...REQ, ['u32', 'n']]),
    msg('want_stuff', '0x00000018', [...REQ, ['bool', 'enable'], ['u32', 'pid'], ['u8', 'more']]),
  ],
}];

let local: string;
let target: string;
const file = (name: string, content: string | Buffer): string => {
  const p = join(tempDir(), name);
  writeFileSync(p, content);
  return p;
};
const check = (...args: string[]) => run(['--api-dir', local, 'check', '--against', target, ...args]);

interface Req { line?: number; record?: number; status: string; fails: boolean; problems: { field: string; problem: string }[]; successor: string | null }
interface Report { files: { kind: string; messages: { message: string; status: string; fails: boolean; requests: Req[] }[] }[]; ok: boolean }
const report = async (...args: string[]): Promise<{ code: number; r: Report }> => {
  const out = await run(['--json', '--api-dir', local, 'check', '--against', target, ...args]);
  return { code: out.code, r: JSON.parse(out.stdout) as Report };
};
const reqs = (r: Report, f = 0) => r.files[f]!.messages.flatMap((m) => m.requests.map((q) => ({ message: m.message, ...q })));

beforeAll(() => {
  local = writeDefs(tempDir(), LOCAL);
  target = writeDefs(tempDir(), TARGET);
});
afterAll(() => cleanup());

const SCRIPT = [
  '# set things up',
  'ping_me',
  'set_thing --a 1 --b 2',
  'set_thing a=1 name=hello',
  'drop_field --keep 1',
  'drop_field --keep 1 --old-field 2',
  'gone_req',
  'retype --x 5',
  'flagged --enable --n 3',
  'set_thing --dry-run --name x',
  'set_thing --args \'{"name": "via json"}\'',
  '',
].join('\n');

describe('an exec script', () => {
  test('each request by line: fine, changed with fields that still fit, changed with a field that does not, missing with its successor', async () => {
    const { code, r } = await report(file('setup.vpp', SCRIPT));
    expect(code).toBe(5);
    expect(r.files[0]!.kind).toBe('exec script');
    const by = reqs(r).map((q) => [q.line, q.message, q.status, q.fails, q.problems.map((p) => `${p.field}:${p.problem}`).join(','), q.successor]);
    expect(by).toEqual([
      [2, 'ping_me', 'fine', false, '', null],
      [3, 'set_thing', 'changed', false, '', null],
      [4, 'set_thing', 'changed', true, 'name:resized', null],
      [11, 'set_thing', 'changed', true, 'name:resized', null],
      [5, 'drop_field', 'changed', false, '', null],
      [6, 'drop_field', 'changed', true, 'old_field:removed', null],
      [7, 'gone_req', 'missing', true, '', 'gone_req_v2'],
      [8, 'retype', 'changed', true, 'x:retyped', null],
      [9, 'flagged', 'changed', false, '', null],
    ]);
    // Grouped per message, the worst verdict on top.
    expect(r.files[0]!.messages.map((m) => [m.message, m.status, m.fails])).toEqual([
      ['ping_me', 'fine', false], ['set_thing', 'changed', true], ['drop_field', 'changed', true],
      ['gone_req', 'missing', true], ['retype', 'changed', true], ['flagged', 'changed', false],
    ]);
    expect(r.ok).toBe(false);
  });

  test('the readable report names lines and says what would fail', async () => {
    const out = await check(file('setup.vpp', SCRIPT));
    expect(out.code).toBe(5);
    expect(out.stdout).toMatch(/missing +gone_req +line 7: not in these definitions; successor gone_req_v2 +WOULD FAIL/);
    expect(out.stdout).toMatch(/lines 4, 11: changed \(00000002 → 00000012\): field name resized: string\[16\] → string\[8\]/);
    expect(out.stdout).toMatch(/line 3: changed \(00000002 → 00000012\): the fields it sets still fit/);
    expect(out.stdout).toContain('NOT OK: 4 messages would fail.');
  });

  test('nothing that would fail: exit 0', async () => {
    const out = await check(file('ok.vpp', 'ping_me\nflagged --enable --n 3\ndrop_field keep=4\n'));
    expect(out.stdout).toContain('OK: every request would still work.');
    expect(out.code).toBe(0);
  });
});

test('a script line whose message has no local definition: fields checked by name, and it says so', async () => {
  const { code, r } = await report(file('new.vpp', 'gone_req_v2\n'));
  expect(code).toBe(0);
  expect(reqs(r).map((q) => [q.message, q.status, (q as unknown as { crc_compared: boolean }).crc_compared])).toEqual([['gone_req_v2', 'fine', false]]);
  expect((await check(file('new2.vpp', 'gone_req_v2 --pid 3\n'))).stdout).toMatch(/line 1: changed: field pid removed; no local definition: fields checked by name only/);
});

describe('recorded files', () => {
  test('a --record session: requests by record index, fields set when not zero', async () => {
    const lines = [
      { t: '2026-01-01T00:00:00.000Z', dir: 'send', context: 1, msg: { _msgname: 'ping_me', _crc: '00000001' } },
      { t: '2026-01-01T00:00:00.001Z', dir: 'receive', context: 1, msg: { _msgname: 'ping_me_reply', _crc: '000000a1', retval: 0 } },
      { t: '2026-01-01T00:00:00.002Z', dir: 'send', context: 2, msg: { _msgname: 'set_thing', _crc: '00000002', a: 1, b: 2, name: 'abc' } },
      { t: '2026-01-01T00:00:00.003Z', dir: 'send', context: 3, msg: { _msgname: 'drop_field', _crc: '00000003', keep: 1, old_field: 0 } },
      { t: '2026-01-01T00:00:00.004Z', dir: 'send', context: 4, msg: { _msgname: 'gone_req', _crc: '00000004' } },
    ];
    const { code, r } = await report(file('s.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    expect(code).toBe(5);
    expect(r.files[0]!.kind).toBe('recorded session');
    expect(reqs(r).map((q) => [q.record, q.message, q.status, q.fails])).toEqual([
      [0, 'ping_me', 'fine', false],
      [2, 'set_thing', 'changed', true],
      [3, 'drop_field', 'changed', false],
      [4, 'gone_req', 'missing', true],
    ]);
  });

  test('a JSON trace (api trace save-json)', async () => {
    const trace = [
      { _msgname: 'set_thing', _crc: '00000002', a: 1, b: 0, name: '' },
      { _msgname: 'retype', _crc: '00000005', x: 7 },
      { _msgname: 'ping_me', _crc: '00000001' },
    ];
    const { code, r } = await report(file('t.json', JSON.stringify(trace, null, '\t')));
    expect(code).toBe(5);
    expect(r.files[0]!.kind).toBe('API trace (JSON)');
    expect(reqs(r).map((q) => [q.record, q.message, q.status, q.fails, q.problems.map((p) => p.field).join()])).toEqual([
      [0, 'set_thing', 'changed', false, ''],
      [1, 'retype', 'changed', true, 'x'],
      [2, 'ping_me', 'fine', false, ''],
    ]);
  });

  test('a binary trace (api trace save), decoded with the local definition of each CRC', async () => {
    const name16 = (s: string) => [...Buffer.from(s.padEnd(16, '\0'), 'latin1')];
    const bin = naiveTrace({
      entries: [{ id: 50, key: 'set_thing_00000002' }, { id: 51, key: 'drop_field_00000003' }, { id: 52, key: 'ping_me_00000001' }, { id: 53, key: 'flagged_00000099' }],
      records: [
        naiveRequest(50, 0x80000001, 1, [...be32(1), 0, ...name16('')]),
        naiveRequest(51, 0x80000001, 2, [...be32(0), ...be32(9)]),
        naiveRequest(52, 0x80000001, 3),
        naiveRequest(50, 0x80000001, 4, [...be32(1), 0, ...name16('loop')]),
        naiveRequest(53, 0x80000001, 5, [1, ...be32(3)]),
      ],
    });
    const { code, r } = await report(file('trace.bin', bin));
    expect(code).toBe(5);
    expect(r.files[0]!.kind).toBe('API trace (binary)');
    expect(reqs(r).map((q) => [q.record, q.message, q.status, q.fails, q.problems.map((p) => `${p.field}:${p.problem}`).join()])).toEqual([
      [0, 'set_thing', 'changed', false, ''],
      [3, 'set_thing', 'changed', true, 'name:resized'],
      [1, 'drop_field', 'changed', true, 'old_field:removed'],
      [2, 'ping_me', 'fine', false, ''],
      // Recorded with a CRC no local definition has: which fields it sets is unknown.
      [4, 'flagged', 'changed', true, ''],
    ]);
  });

  test('several files at once, each with its own kind', async () => {
    const { r } = await report(file('a.vpp', 'ping_me\n'), file('b.json', '[{"_msgname": "ping_me", "_crc": "00000001"}]'));
    expect(r.files.map((f) => f.kind)).toEqual(['exec script', 'API trace (JSON)']);
    expect(r.ok).toBe(true);
  });
});

test("watch's own options are not fields; an enum's zero member in a recording is an unset field", async () => {
  const script = await report(file('w.vpp', 'watch want_stuff --count 1 --timeout 5 --enable\n'));
  expect(reqs(script.r).map((q) => [q.line, q.message, q.status, q.fails])).toEqual([[1, 'want_stuff', 'changed', false]]);
  const session = [
    { t: '2026-01-01T00:00:00.000Z', dir: 'send', context: 1, msg: { _msgname: 'with_enum', _crc: '00000007', c: 'RED', n: 1 } },
    { t: '2026-01-01T00:00:00.001Z', dir: 'send', context: 2, msg: { _msgname: 'with_enum', _crc: '00000007', c: 'GREEN', n: 1 } },
  ];
  const { r } = await report(file('e.jsonl', session.map((l) => JSON.stringify(l)).join('\n')));
  expect(reqs(r).map((q) => [q.record, q.fails, q.problems.map((p) => `${p.field}:${p.problem}`).join()])).toEqual([[0, false, ''], [1, true, 'c:removed']]);
});

describe('bad input: exit 2 and a clear message', () => {
  test('a file that is no script, session or trace', async () => {
    const png = file('cat.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]));
    const out = await check(png);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cat\.png: not an exec script, a recorded session or an API trace/);
    const prose = await check(file('notes.txt', 'Remember to upgrade VPP on Friday.\nThen check the routes.\n'));
    expect(prose.code).toBe(2);
    expect(prose.stderr).toMatch(/notes\.txt: not an exec script, a recorded session or an API trace: no line names a command or a message/);
    const empty = await check(file('empty.vpp', ''));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty\.vpp: .*it is empty/);
    const json = await check(file('config.json', '{"name": "not a trace"}'));
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/config\.json: not an exec script, a recorded session or an API trace/);
  });

  test('a missing file, a missing DEFS, no FILE', async () => {
    const missing = await check(join(tempDir(), 'nope.vpp'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.vpp: cannot be read: no such file or directory\n/);
    const defs = await run(['--api-dir', local, 'check', '--against', join(tempDir(), 'no-such-dir'), file('x.vpp', 'ping_me\n')]);
    expect(defs.code).toBe(2);
    expect(defs.stderr).toMatch(/--against: .*no-such-dir: no such directory, \.tar\.gz file or socket/);
    const none = await run(['--api-dir', local, 'check', '--against', target]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no FILE given');
  });
});

describe.skipIf(!HAVE_SHARED)('the real captures against edited real definitions', () => {
  let edited: string;
  beforeAll(() => {
    // 26.06 with create_loopback gone and sw_interface_set_flags without its flags field (another CRC).
    edited = join(tempDir(), 'edited');
    cpSync(join(SHARED, 'vpp-api', 'v26.06'), edited, { recursive: true });
    const p = join(edited, 'core', 'interface.api.json');
    const j = JSON.parse(readFileSync(p, 'utf8')) as { messages: unknown[][] };
    j.messages = j.messages.filter((m) => m[0] !== 'create_loopback' && m[0] !== 'create_loopback_reply');
    const sf = j.messages.find((m) => m[0] === 'sw_interface_set_flags')!;
    const kept = sf.filter((x) => !(Array.isArray(x) && x[1] === 'flags'));
    (kept[kept.length - 1] as { crc: string }).crc = '0x0badf1a9';
    j.messages[j.messages.indexOf(sf)] = kept;
    writeFileSync(p, JSON.stringify(j));
  });
  const expectations = (r: Report, f: number): void => {
    const by = new Map(r.files[f]!.messages.map((m) => [m.message, m]));
    // Record numbers as the captures' README lists them.
    expect(by.get('create_loopback')!.requests.map((q) => [q.record, q.status])).toEqual([[2, 'missing'], [3, 'missing']]);
    expect(by.get('sw_interface_set_flags')!.requests.map((q) => [q.record, q.status, q.fails, q.problems.map((p) => `${p.field}:${p.problem}`).join()])).toEqual([
      [4, 'changed', true, 'flags:removed'], [14, 'changed', true, 'flags:removed'],
    ]);
    expect(by.get('show_version')!.requests.map((q) => [q.record, q.status])).toEqual([[0, 'fine']]);
    expect(by.get('ip_route_add_del')!.requests.map((q) => [q.record, q.status])).toEqual([[8, 'fine']]);
    // Pings and other memclnt messages are the connection's own: not checked.
    expect(by.has('control_ping')).toBe(false);
  };
  test('binary and JSON API traces', async () => {
    const out = await run(['--json', '--api-dir', join(SHARED, 'vpp-api', 'v26.06'), 'check', '--against', edited, join(CAPTURES, 'v26.06-api-trace.bin'), join(CAPTURES, 'v26.06-api-trace.json')]);
    expect(out.code).toBe(5);
    const r = JSON.parse(out.stdout) as Report;
    expect(r.files.map((f) => f.kind)).toEqual(['API trace (binary)', 'API trace (JSON)']);
    expectations(r, 0);
    expectations(r, 1);
  });
  test('a capture of a real session', async () => {
    const out = await run(['--json', '--api-dir', join(SHARED, 'vpp-api', 'v26.06'), 'check', '--against', edited, join(CAPTURES, 'v26.06-session.jsonl')]);
    expect(out.code).toBe(5);
    const r = JSON.parse(out.stdout) as Report;
    const by = new Map(r.files[0]!.messages.map((m) => [m.message, m]));
    expect(by.get('create_loopback')!.status).toBe('missing');
    expect(by.get('sw_interface_set_flags')!.fails).toBe(true);
    expect(by.get('show_version')!.status).toBe('fine');
  });
});

test('a file that starts like a session but holds no session entry: exit 2', async () => {
  const out = await run(['--api-dir', local, 'check', '--against', target, file('fake.jsonl', '{"t": 1, "dir": "sideways"}\n')]);
  expect(out.code).toBe(2);
  expect(out.stderr).toMatch(/fake\.jsonl: not an exec script, a recorded session or an API trace: no session entries in it \(line 1: "dir" is "sideways"/);
});
