/**
 * The emulator's `api trace …` (through cli_inband): VPP's answers, and files written
 * where VPP writes them (/tmp/NAME, unique names here) that the readers take back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { loadSchema } from '../../src/client/schema/load.js';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { Session } from '../../src/client/session/session.js';
import { openBinaryTrace } from '../../src/client/trace/binary-reader.js';
import { openTrace } from '../../src/client/trace/load-messages.js';
import { startEmulator } from '../../src/emulator/index.js';
import { traceForms } from '../../src/format/trace/trace-forms.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const dir = mkdtempSync(join(tmpdir(), 'vppapi-emu-trace-'));
const files: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) rmSync(f, { force: true });
});
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ s: Session; cli: (cmd: string) => Promise<string> }> {
  const emu = await startEmulator({ socketPath: join(dir, `e${randomBytes(4).toString('hex')}.sock`) });
  const s = new Session({ socketPath: emu.socketPath, schema });
  await s.connect();
  cleanups.push(async () => {
    await s.disconnect();
    await emu.stop();
  });
  const cli = async (cmd: string) => ((await s.call('cli_inband', { cmd })) as { reply: string }).reply;
  return { s, cli };
}

function uniqueName(): string {
  const name = `vppapi-test-${process.pid}-${randomBytes(6).toString('hex')}`;
  files.push(join('/tmp', name));
  return name;
}

describe('emulator: api trace', () => {
  test('status before, during and after; the save refuses bad names and existing files', async () => {
    const { s, cli } = await setup();
    expect(await cli('api trace status')).toBe('RX trace: not yet configured.\n');
    expect(await cli('api trace on')).toBe('');
    await s.call('show_version');
    await s.call('create_loopback', {});
    // cli_inband "api trace on" is not in it (tracing was off), the two calls and this cli_inband are
    expect(await cli('api trace status')).toBe('RX trace: used 3 of 262144 items, is enabled, has not wrapped\n');
    expect(await cli('api trace off status')).toBe('RX trace: used 4 of 262144 items, is not enabled, has not wrapped\n');
    expect(await cli('api trace save ../x')).toBe("illegal characters in filename '../x'\n");
    expect(await cli('api trace save a/b')).toBe("illegal characters in filename 'a/b'\n");
    const name = uniqueName();
    expect(await cli(`api trace save ${name}`)).toBe(`API trace saved to /tmp/${name}\n`);
    expect(await cli(`api trace save ${name}`)).toBe(`file exists: /tmp/${name}\n`);
    expect(await cli('api trace tx status')).toBe('TX trace: not yet configured.\n');
    expect(await cli('api trace bogus')).toBe("unknown input `'\n");
  });

  test('the saved binary file reads back: the calls, in order, with their values', async () => {
    const { s, cli } = await setup();
    await cli('api trace on nitems 100');
    await s.call('create_loopback', { mac_address: Uint8Array.from([2, 0, 0, 0, 0, 7]) });
    await s.call('sw_interface_set_flags', { sw_if_index: 1, flags: 1 });
    const name = uniqueName();
    await cli(`api trace save ${name}`);
    const t = openBinaryTrace(join('/tmp', name));
    expect(t.header).toMatchObject({ nitems: 3, wrapped: false });
    expect(t.table.byKey(schema.messages.get('create_loopback')!.key)).toBeDefined();
    t.close();
    const items = [...openTrace(join('/tmp', name), { schema, forms: traceForms() }).items()];
    expect(items.map((i) => [i.name, i.status])).toEqual([['create_loopback', 'ok'], ['sw_interface_set_flags', 'ok'], ['cli_inband', 'ok']]);
    expect([...(items[0]!.value!.mac_address as Uint8Array)]).toEqual([2, 0, 0, 0, 0, 7]);
    expect(items[1]!.value).toMatchObject({ sw_if_index: 1, flags: 1, client_index: s.clientIndex });
    expect(items[2]!.value).toMatchObject({ cmd: `api trace save ${name}` });
  });

  test('a small ring wraps: the oldest go, the flag is set', async () => {
    const { s, cli } = await setup();
    await cli('api trace on nitems 2');
    for (let i = 0; i < 4; i++) await s.call('show_version');
    const name = uniqueName();
    await cli(`api trace save ${name}`);
    const t = openBinaryTrace(join('/tmp', name));
    expect(t.header).toMatchObject({ nitems: 2, wrapped: true });
    const items = [...openTrace(join('/tmp', name), { schema, forms: traceForms() }).items()];
    expect(items.map((i) => i.name)).toEqual(['show_version', 'cli_inband']);
  });

  test('save-json: a JSON array that the JSON reader takes back', async () => {
    const { s, cli } = await setup();
    await cli('api trace on');
    await s.call('sw_interface_add_del_address', { sw_if_index: 0, is_add: true, prefix: { address: { af: 0, un: { ip4: Uint8Array.from([10, 9, 8, 7]) } }, len: 16 } });
    const name = uniqueName();
    expect(await cli(`api trace save-json ${name}`)).toBe(`API trace saved to /tmp/${name}\n`);
    const text = readFileSync(join('/tmp', name), 'utf8');
    expect(text.startsWith('[\n{\n\t"_msgname":\t"sw_interface_add_del_address"')).toBe(true);
    expect(text.endsWith('}]')).toBe(true);
    const t = openTrace(join('/tmp', name), { schema, forms: traceForms() });
    const items = [...t.items()];
    expect(t.kind).toBe('json');
    expect(items[0]).toMatchObject({ name: 'sw_interface_add_del_address', status: 'ok', value: { sw_if_index: 0, is_add: true } });
    expect(items[0]!.lost).toBeUndefined();
  });

  test('an empty trace: "API Trace data not present", and an empty file as VPP leaves', async () => {
    const { cli } = await setup();
    await cli('api trace on nitems 5');
    await cli('api trace free');
    const name = uniqueName();
    // the cli_inband doing the save is not traced: tracing was freed
    expect(await cli(`api trace save ${name}`)).toBe('API Trace data not present\n');
    expect(existsSync(join('/tmp', name))).toBe(true);
  });
});
