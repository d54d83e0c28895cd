/**
 * The CLI side of tables and FIB paths against the emulator: --route.paths as the text
 * tables print (interface names through a read-only sw_interface_dump, also under
 * --dry-run), what a dump prints on terminals of 80, 120 and 200 columns, piped, with
 * --tsv, --columns and --wide, and a printed path given back as input.
 */
import { describe, expect, it } from 'vitest';
import { run, useCliEmulator } from '../../support/cli.js';

const fx = useCliEmulator();
const cli = fx.cli;
const tty = (w: number, ...argv: string[]) => run(['--socket', fx.emu.socket, '--api-dir', fx.defs, ...argv], { tty: w, env: { NO_COLOR: '1' } });

/** A loopback with an address, and its sw_if_index and name. */
async function loopback(): Promise<{ index: number; name: string }> {
  const r = await cli('create_loopback');
  const index = Number(/sw_if_index:\s+(\d+)/.exec(r.stdout)![1]);
  await cli('sw_interface_add_del_address', '--sw-if-index', String(index), '--is-add', '--prefix', `10.${index}.0.1/24`);
  await cli('sw_interface_set_flags', '--sw-if-index', String(index), '--flags', 'ADMIN_UP');
  const d = JSON.parse((await cli('sw_interface_dump', '--sw-if-index', String(index), '--json')).stdout) as { interface_name: string }[];
  return { index, name: d[0]!.interface_name };
}

const routePaths = () => fx.emu.requests().filter((x) => x.name === 'ip_route_add_del').map((x) => (x.msg.route as { paths: Record<string, unknown>[] }).paths);

describe('--route.paths as text', () => {
  it('reads "via ADDR NAME", asking VPP for its interfaces first (a read-only dump)', async () => {
    const lo = await loopback();
    fx.emu.emu.clearReceived();
    const r = await cli('ip_route_add_del', '--route.prefix', '10.200.0.0/16', '--route.paths', `via 10.${lo.index}.0.2 ${lo.name}`, '--route.paths', `via 10.${lo.index}.0.3 sw_if_index ${lo.index} weight 2`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fx.emu.requests().map((x) => x.name)).toEqual(['sw_interface_dump', 'ip_route_add_del']);
    const [paths] = routePaths();
    expect(paths).toHaveLength(2);
    expect(paths![0]).toMatchObject({ sw_if_index: lo.index, weight: 1, type: 0, proto: 0 });
    expect((paths![0]!.nh as { address: { ip4: Buffer } }).address.ip4).toEqual(Buffer.from([10, lo.index, 0, 2]));
    expect(paths![1]).toMatchObject({ sw_if_index: lo.index, weight: 2 });
  });

  it('needs no interface table for paths without names; JSON stays accepted', async () => {
    const a = await cli('ip_route_add_del', '--route.prefix', '10.201.0.0/16', '--route.paths', 'drop');
    const b = await cli('ip_route_add_del', '--route.prefix', '10.202.0.0/16', '--route.paths', '{"sw_if_index":0,"nh":{"address":{"ip4":"10.0.0.9"}}}');
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(fx.emu.requests().map((x) => x.name)).toEqual(['ip_route_add_del', 'ip_route_add_del']);
    const [drop, json] = routePaths();
    expect(drop![0]).toMatchObject({ type: 2, sw_if_index: 0xffffffff, weight: 1 });
    expect(json![0]).toMatchObject({ sw_if_index: 0, weight: 0 });
  });

  it('--dry-run asks for the interfaces (read-only) and sends nothing that changes VPP', async () => {
    const lo = await loopback();
    fx.emu.emu.clearReceived();
    const r = await cli('ip_route_add_del', '--dry-run', '--route.prefix', '10.203.0.0/16', '--route.paths', `via 10.0.0.2 ${lo.name}`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).route.paths[0]).toMatchObject({ sw_if_index: lo.index, type: 'FIB_API_PATH_TYPE_NORMAL' });
    expect(fx.emu.requests().map((x) => x.name)).toEqual(['sw_interface_dump']);
  });

  it('an unknown name, a typo or a bad address: exit 2 naming the value, nothing sent but the dump', async () => {
    const bad: [string, RegExp][] = [
      ['via 10.0.0.2 loop999', /--route\.paths\[0\]: "via 10\.0\.0\.2 loop999" is not a FIB path .*: no interface is called "loop999"(?: \(did you mean loop\d+\?\))?; interfaces: local0, /],
      ['via 10.0.0.300', /--route\.paths\[0\]: .*via 10\.0\.0\.300: not a dotted-quad IPv4 address/],
      ['via 10.0.0.2 weight 300', /--route\.paths\[0\]: .*: weight 300: expected a whole number 0\.\.255/],
    ];
    for (const [text, why] of bad) {
      fx.emu.emu.clearReceived();
      const r = await cli('ip_route_add_del', '--route.prefix', '10.204.0.0/16', '--route.paths', text);
      expect(r.code, text).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ip_route_add_del: ${why.source}`));
      expect(fx.emu.requests().map((x) => x.name)).not.toContain('ip_route_add_del');
    }
  });

  it('what a table prints reads back: the paths cell of a dump, given again, makes the same route', async () => {
    const lo = await loopback();
    await cli('ip_route_add_del', '--route.prefix', '10.205.0.0/16', '--route.paths', `via 10.${lo.index}.0.7 ${lo.name} weight 3`, '--route.paths', 'drop ip6');
    const plain = (await cli('ip_route_dump', '--columns', 'prefix,paths')).stdout.split('\n');
    const line = plain.find((l) => l.startsWith('10.205.0.0/16'))!;
    const cell = line.split(/ {2,}/)[1]!;
    expect(cell).toBe(`[via 10.${lo.index}.0.7 ${lo.name} weight 3, drop ip6]`);
    fx.emu.emu.clearReceived();
    expect((await cli('ip_route_add_del', '--route.prefix', '10.206.0.0/16', '--route.paths', cell)).code).toBe(0);
    const again = (await cli('ip_route_dump', '--columns', 'prefix,paths')).stdout.split('\n').find((l) => l.startsWith('10.206.0.0/16'))!;
    expect(again.split(/ {2,}/)[1]).toBe(cell);
  });
});

describe('dump tables in the CLI', () => {
  it('on terminals of 80, 120 and 200 columns: fitted, identifying columns first, a footer for what is left out', async () => {
    await loopback();
    for (const w of [80, 120, 200]) {
      const r = await tty(w, 'sw_interface_dump');
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(w);
      expect(lines[0]).toMatch(/^sw_if_index {2}interface_name {2}flags {2}/);
      expect(lines.filter((l) => /^\d+ {2,}(local0|loop\d+) /.test(l)).length).toBeGreaterThanOrEqual(2);
      expect(r.stdout).toMatch(/columns hidden: \d+ empty in every row \(/);
      expect(r.stdout.replace(/\n/g, ' ')).toMatch(/--wide shows every column, --columns a,b,c picks/);
    }
    const w80 = (await tty(80, 'sw_interface_dump')).stdout;
    expect(w80).toMatch(/not shown for width \(/);
    const w200 = (await tty(200, 'sw_interface_dump')).stdout;
    expect(w200).toMatch(/\b02:fe:[0-9a-f:]{11}\b|\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/);
  });

  it('--wide shows every column; --columns picks them in order', async () => {
    const wide = (await tty(80, 'sw_interface_dump', '--wide')).stdout.split('\n');
    expect(wide[0]!.split(/ {2,}/)).toHaveLength(26);
    expect(wide.join('\n')).not.toMatch(/columns hidden/);
    const some = (await tty(80, 'sw_interface_dump', '--columns', 'interface_name,sw_if_index')).stdout.split('\n');
    expect(some[0]).toMatch(/^interface_name {2,}sw_if_index$/);
    expect(some[1]).toMatch(/^local0 {2,}0$/);
  });

  it('piped: every column, one row per line; --tsv: tab-separated with a header', async () => {
    const plain = (await cli('sw_interface_dump')).stdout.trimEnd().split('\n');
    expect(plain[0]!.split(/ {2,}/)).toHaveLength(26);
    for (const l of plain.slice(1)) expect(l.split(/ {2,}/)).toHaveLength(26);
    const tsv = (await cli('sw_interface_dump', '--tsv')).stdout.trimEnd().split('\n');
    expect(tsv[0]!.split('\t').slice(0, 3)).toEqual(['sw_if_index', 'interface_name', 'flags']);
    expect(tsv[1]!.split('\t')).toHaveLength(26);
  });

  it('an unknown --columns name: exit 2 before anything is sent, with the fields there are', async () => {
    fx.emu.emu.clearReceived();
    const r = await cli('sw_interface_dump', '--columns', 'sw_if_index,interface_nam');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --columns: sw_interface_details has no field "interface_nam" \(did you mean "interface_name"\?\); its fields are sw_if_index, /);
    expect(fx.emu.requests()).toEqual([]);
    expect((await cli('sw_interface_dump', '--columns', 'a,,b')).code).toBe(2);
  });

  it('ip_route_dump names interfaces in paths, and a route with 16 paths wraps under its column at 80', async () => {
    const lo = await loopback();
    const paths = Array.from({ length: 16 }, (_, i) => ['--route.paths', `via 10.${lo.index}.1.${i + 1} ${lo.name}`]).flat();
    expect((await cli('ip_route_add_del', '--route.prefix', '10.210.0.0/16', ...paths)).code).toBe(0);
    const r = await tty(80, 'ip_route_dump');
    const lines = r.stdout.split('\n');
    const col = lines[0]!.indexOf('paths');
    const at = lines.findIndex((l) => l.includes('10.210.0.0/16'));
    expect(lines[at]!.slice(col)).toMatch(new RegExp(`^\\[via 10\\.${lo.index}\\.1\\.1 ${lo.name},`));
    expect(lines[at + 1]!.slice(0, col).trim()).toBe('');
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(80);
    const plain = (await cli('ip_route_dump')).stdout.split('\n').find((l) => l.includes('10.210.0.0/16'))!;
    expect(plain.match(/via /g)).toHaveLength(16);
  });
});
