import { afterAll, describe, expect, test } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTargetsFile, parseTargetsFile, readTargetsFile } from '../../../src/client/targets/config.js';
import { resolveTargets } from '../../../src/client/targets/resolve.js';

const ISSUE_EXAMPLE = `default: lab
targets:
  lab: /run/vpp/api.sock
  edge1: ssh://ops@edge1.example.net
  edge2: { url: ssh://edge2.example.net/run/vpp/api.sock, api_dir: /usr/share/vpp/api }
  node-a: "exec:kubectl exec -i -n calico-vpp-dataplane pod/calico-vpp-node-a -c vpp -- socat - UNIX-CONNECT:/var/run/vpp/api.sock"
groups:
  edge: [edge1, edge2]
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the targets file', () => {
  test("the issue's example", () => {
    const f = parseTargetsFile(ISSUE_EXAMPLE, 'c.yaml');
    expect(f.default).toBe('lab');
    expect([...f.targets.keys()]).toEqual(['lab', 'edge1', 'edge2', 'node-a']);
    expect(f.targets.get('lab')!.target).toEqual({ kind: 'unix', path: '/run/vpp/api.sock' });
    expect(f.targets.get('edge1')!.target).toEqual({ kind: 'ssh', user: 'ops', host: 'edge1.example.net', socket: '/run/vpp/api.sock' });
    expect(f.targets.get('edge2')!.apiDir).toBe('/usr/share/vpp/api');
    expect(f.targets.get('node-a')!.target).toEqual({
      kind: 'exec',
      argv: ['kubectl', 'exec', '-i', '-n', 'calico-vpp-dataplane', 'pod/calico-vpp-node-a', '-c', 'vpp', '--', 'socat', '-', 'UNIX-CONNECT:/var/run/vpp/api.sock'],
    });
    expect(f.groups.get('edge')).toEqual(['edge1', 'edge2']);
    expect(resolveTargets(['edge'], f).map((e) => e.name)).toEqual(['edge1', 'edge2']);
    expect(resolveTargets(['lab,edge', 'edge1'], f).map((e) => e.name)).toEqual(['lab', 'edge1', 'edge2']);
    expect(resolveTargets(['/x.sock'], f)[0]).toMatchObject({ name: '/x.sock', target: { kind: 'unix', path: '/x.sock' } });
  });

  test.each([
    ['targets: [a]', /c\.yaml: targets: expected a map/],
    ['nope: 1', /c\.yaml: nope: unknown key/],
    ['targets:\n  a: 5', /targets\.a: expected a target string or a map with url, got 5/],
    ['targets:\n  a: { url: /x, colour: red }', /targets\.a\.colour: unknown setting/],
    ['targets:\n  a: { api_dir: /d }', /targets\.a\.url: expected a target string, got nothing/],
    ['targets:\n  a: { url: /x, timeout: -1 }', /targets\.a\.timeout: expected a positive number of seconds, got -1/],
    ['targets:\n  a: ssh://-oProxyCommand=x', /targets\.a\.url: .*starts with "-"/],
    ['targets:\n  a: other', /targets\.a\.url: "other" is a name/],
    ['targets:\n  a: /x\ngroups:\n  g: [a, b]', /groups\.g\[1\]: "b" is not a target in this file/],
    ['targets:\n  a: /x\ngroups:\n  a: [a]', /groups\.a: "a" is also a target's name/],
    ['targets:\n  a: /x\ngroups:\n  g: []', /groups\.g: expected a non-empty list/],
    ['targets:\n  a: /x\ndefault: b', /default: "b" is neither a target nor a group/],
    ['targets:\n  a: /x\n  a: /y', /not valid YAML: Map keys must be unique/],
    ['targets:\n  "-a": /x', /targets\.-a: a target name is/],
    ['targets: {a: /x', /not valid YAML/],
    ['targets:\n  a: { url: /x, stats_socket: "" }', /targets\.a\.stats_socket: expected a socket path, got ""/],
    ['targets:\n  a: { url: ssh://h, stats_socket: run/vpp/stats.sock }', /targets\.a\.stats_socket: expected an absolute path on h, got "run\/vpp\/stats\.sock"/],
    ['targets:\n  a: { url: "exec:/bin/cat", stats_socket: /s }', /targets\.a\.stats_socket: "exec:\/bin\/cat" is not on this host/],
  ])('%j is refused naming the key', (text, why) => {
    expect(() => parseTargetsFile(text, 'c.yaml')).toThrow(why);
  });

  test('a local target may name its statistics socket', () => {
    const f = parseTargetsFile('targets:\n  a: { url: unix:/srv/vpp/api.sock, stats_socket: /srv/vpp/statseg.sock }\n  b: /run/vpp/api.sock', 'c.yaml');
    expect(f.targets.get('a')).toMatchObject({ target: { kind: 'unix', path: '/srv/vpp/api.sock' }, statsSocket: '/srv/vpp/statseg.sock' });
    expect(f.targets.get('b')!.statsSocket).toBeUndefined();
  });

  test('an ssh:// target may name its statistics socket on that host', () => {
    const f = parseTargetsFile('targets:\n  a: { url: "ssh://h/run/vpp/api.sock", stats_socket: /srv/vpp/statseg.sock }', 'c.yaml');
    expect(f.targets.get('a')).toMatchObject({ target: { kind: 'ssh', host: 'h' }, statsSocket: '/srv/vpp/statseg.sock' });
  });

  test('an unknown name is named, with the file', () => {
    const f = parseTargetsFile(ISSUE_EXAMPLE, 'c.yaml');
    expect(() => resolveTargets(['edge3'], f)).toThrow(/no target or group named "edge3" in c\.yaml/);
    expect(() => resolveTargets(['edge3'], undefined)).toThrow(/no target named "edge3": there is no targets file/);
  });

  test('default path follows XDG_CONFIG_HOME, then HOME', () => {
    expect(defaultTargetsFile({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/vppapi/config.yaml');
    expect(defaultTargetsFile({ HOME: '/h' })).toBe('/h/.config/vppapi/config.yaml');
  });

  test('refused when others can write the file or its directory (it can name commands)', () => {
    const d = mkdtempSync(join(tmpdir(), 'vppapi-cfg-'));
    dirs.push(d);
    const sub = join(d, 'vppapi');
    mkdirSync(sub, { mode: 0o700 });
    const f = join(sub, 'config.yaml');
    writeFileSync(f, 'targets:\n  a: /x\n', { mode: 0o600 });
    chmodSync(sub, 0o700);
    expect(readTargetsFile(f, false)!.targets.has('a')).toBe(true);
    chmodSync(f, 0o666);
    expect(() => readTargetsFile(f, false)).toThrow(/can be written by others \(mode 666\)/);
    chmodSync(f, 0o620);
    expect(() => readTargetsFile(f, false)).toThrow(/can be written by others \(mode 620\)/);
    chmodSync(f, 0o600);
    chmodSync(sub, 0o777);
    expect(() => readTargetsFile(f, false)).toThrow(/its directory .* can be written by others/);
    chmodSync(sub, 0o700);
    expect(readTargetsFile(join(sub, 'none.yaml'), true)).toBeUndefined();
    expect(() => readTargetsFile(join(sub, 'none.yaml'), false)).toThrow(/cannot read the targets file/);
  });
});
