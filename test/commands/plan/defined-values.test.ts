/**
 * The request reader refuses an enum number or a flag bit the definition does not give
 * (exit 2, the field, the value and what there is named, nothing sent), from flags, from
 * --args and from a script line; a reply holding unknown bits still reads as VPP sent it.
 */
import { describe, expect, it } from 'vitest';
import { enumJson, formatEnum, parseEnum } from '../../../src/format/values/enums.js';
import type { EnumType } from '../../../src/client/schema/model.js';
import { run, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();

const sent = (): string[] => fx.emu.requests().map((r) => r.name).filter((n) => n !== 'show_version');

describe('undefined enum values and flag bits in a request', () => {
  it('--flags 8: bit 8 of if_status_flags is not defined', async () => {
    const r = await fx.cli('sw_interface_set_flags', '--sw-if-index', '0', '--flags', '8');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: sw_interface_set_flags: --flags: 8 sets bit 0x8, which if_status_flags does not define; its bits are IF_STATUS_API_FLAG_ADMIN_UP (1), IF_STATUS_API_FLAG_LINK_UP (2)');
    expect(sent()).toEqual([]);
  });

  it('a named bit with an undefined one beside it, in --args and in a list', async () => {
    const r = await fx.cli('sw_interface_set_flags', '--args', '{"sw_if_index":0,"flags":["IF_STATUS_API_FLAG_ADMIN_UP",256]}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--args: flags: 257 sets bit 0x100, which if_status_flags does not define');
    expect(sent()).toEqual([]);
  });

  it('a plain enum given a number it does not name, deep in a struct list', async () => {
    const r = await fx.cli('ip_route_add_del', '--is-add', '--route.prefix', '10.0.0.0/8', '--route.paths[0].proto', '7');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--route.paths[0].proto: 7 is no value of fib_path_nh_proto; its values are FIB_API_PATH_NH_PROTO_IP4 (0)');
    expect(sent()).toEqual([]);
  });

  it('a script line is refused the same way, before anything is sent', async () => {
    const r = await run(['--socket', fx.emu.socket, '--api-dir', fx.defs, 'exec', '-'], { stdin: 'sw_interface_set_flags sw_if_index=0 flags=admin_up|4\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--flags: 5 sets bit 0x4, which if_status_flags does not define');
    expect(sent()).toEqual([]);
  });

  it('defined bits and values go through', async () => {
    const r = await fx.cli('sw_interface_set_flags', '--sw-if-index', '0', '--flags', '3', '--dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).flags).toEqual(['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP']);
  });
});

describe('flag sets in the --json form, read back', () => {
  const e: EnumType = {
    kind: 'enum', name: 'if_status_flags', flags: false, base: 'u32', module: 'interface_types',
    values: [{ name: 'IF_STATUS_API_FLAG_ADMIN_UP', value: 1 }, { name: 'IF_STATUS_API_FLAG_LINK_UP', value: 2 }],
    byName: new Map([['IF_STATUS_API_FLAG_ADMIN_UP', 1], ['IF_STATUS_API_FLAG_LINK_UP', 2]]),
    byValue: new Map([[1, 'IF_STATUS_API_FLAG_ADMIN_UP'], [2, 'IF_STATUS_API_FLAG_LINK_UP']]),
  };

  it('is a list of names, [] for none, an unnamed remainder as a number; each reads back to its number', () => {
    const cases: Array<[number, unknown[]]> = [[0, []], [1, ['IF_STATUS_API_FLAG_ADMIN_UP']], [3, ['IF_STATUS_API_FLAG_ADMIN_UP', 'IF_STATUS_API_FLAG_LINK_UP']], [0x101, ['IF_STATUS_API_FLAG_ADMIN_UP', 256]], [0x80000000, [2147483648]]];
    for (const [n, want] of cases) {
      expect(enumJson(e, n)).toEqual(want);
      expect(parseEnum(e, want, 'flags')).toBe(n);
    }
  });

  it('what VPP sends with unknown bits still reads and prints as it was (the text form)', () => {
    expect(formatEnum(e, 0x101)).toBe('IF_STATUS_API_FLAG_ADMIN_UP|0x100');
    expect(parseEnum(e, 'IF_STATUS_API_FLAG_ADMIN_UP|0x100', 'flags')).toBe(0x101);
  });
});
