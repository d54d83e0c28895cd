import { describe, expect, test } from 'vitest';
import { splitCommand } from '../../../src/client/targets/argv.js';
import { TargetError } from '../../../src/client/targets/errors.js';
import { parseTarget, quoteWord, targetText } from '../../../src/client/targets/parse.js';

const cli = { allowExec: true };

describe('splitCommand: the documented quoting rule, no shell', () => {
  test.each([
    ['kubectl exec -i pod -- socat - UNIX-CONNECT:/run/vpp/api.sock', ['kubectl', 'exec', '-i', 'pod', '--', 'socat', '-', 'UNIX-CONNECT:/run/vpp/api.sock']],
    ['  a   b  ', ['a', 'b']],
    ["a 'b c' d", ['a', 'b c', 'd']],
    ['a "b \\" c" d', ['a', 'b " c', 'd']],
    ["a'b c'd", ['ab cd']],
    ["x ''", ['x', '']],
    ['a\\ b', ['a b']],
    ["'$HOME' `id` $(id) ; | & > < * ~", ['$HOME', '`id`', '$(id)', ';', '|', '&', '>', '<', '*', '~']],
    ['"a\\nb"', ['a\\nb']],
    ["'it''s'", ['its']],
  ])('%s', (text, words) => {
    expect(splitCommand(text)).toEqual(words);
  });

  test.each([
    ["a 'b", /never closed/],
    ['a "b', /never closed/],
    ['a \\', /lone backslash/],
    ['   ', /empty/],
    ['a\tb', /control character \\x09/],
    ['a\nrm -rf /', /control character \\x0a/],
    ['a\x1b[31m', /control character \\x1b/],
  ])('refuses %j', (text, why) => {
    expect(() => splitCommand(text)).toThrow(why);
    expect(() => splitCommand(text)).toThrow(TargetError);
  });

  test('quoteWord gives back what splitCommand reads', () => {
    for (const w of ['plain', 'with space', "it's", '', '$x', 'a"b', 'back\\slash']) {
      expect(splitCommand(`cmd ${quoteWord(w)}`)).toEqual(['cmd', w]);
    }
  });
});

describe('parseTarget', () => {
  test('local sockets', () => {
    expect(parseTarget('/run/vpp/api.sock', cli)).toEqual({ kind: 'unix', path: '/run/vpp/api.sock' });
    expect(parseTarget('./api.sock', cli)).toEqual({ kind: 'unix', path: './api.sock' });
    expect(parseTarget('unix:/tmp/x.sock', cli)).toEqual({ kind: 'unix', path: '/tmp/x.sock' });
    expect(parseTarget('unix:rel.sock', cli)).toEqual({ kind: 'unix', path: 'rel.sock' });
  });

  test('ssh:// forms', () => {
    expect(parseTarget('ssh://edge1.example.net', cli)).toEqual({ kind: 'ssh', host: 'edge1.example.net', socket: '/run/vpp/api.sock' });
    expect(parseTarget('ssh://ops@edge1:2222/var/run/vpp/api.sock', cli)).toEqual({ kind: 'ssh', user: 'ops', host: 'edge1', port: 2222, socket: '/var/run/vpp/api.sock' });
    expect(parseTarget('ssh://[::1]:22/', cli)).toEqual({ kind: 'ssh', host: '::1', port: 22, socket: '/run/vpp/api.sock' });
    expect(targetText(parseTarget('ssh://ops@[::1]:22/x.sock', cli))).toBe('ssh://ops@[::1]:22/x.sock');
  });

  test.each([
    ['ssh://-oProxyCommand=touch /tmp/pwned', /starts with "-"/],
    ['ssh://-oProxyCommand=id', /starts with "-"/],
    ['ssh://-p22', /starts with "-"/],
    ['ssh://-oX@host', /user "-oX" starts with "-"/],
    ['ssh://', /no host/],
    ['ssh://host:0', /port "0"/],
    ['ssh://host:70000', /port "70000"/],
    ['ssh://host:ab', /port "ab"/],
    ['ssh://host/a:b.sock', /holds ":"/],
    ['ssh://ho st', /characters a host name cannot/],
    ['ssh://host;id', /characters a host name cannot/],
    ['ssh://host\n-oProxyCommand=id', /control character/],
    ['http://host/x', /unknown scheme "http:\/\/"/],
    ['tcp:1.2.3.4', /unknown kind "tcp:"/],
    ['a b', /neither a socket path nor a target name/],
    ['-edge', /neither a socket path nor a target name/],
    ['unix:', /no socket path/],
    ['exec:', /empty/],
  ])('refuses %j', (text, why) => {
    expect(() => parseTarget(text, cli)).toThrow(why);
  });

  test('exec: is split into an argv, and refused where commands may not come from', () => {
    expect(parseTarget("exec:docker exec -i vpp1 socat - 'UNIX-CONNECT:/run/vpp/api.sock'", cli)).toEqual({
      kind: 'exec', argv: ['docker', 'exec', '-i', 'vpp1', 'socat', '-', 'UNIX-CONNECT:/run/vpp/api.sock'],
    });
    expect(() => parseTarget('exec:touch /tmp/x', { allowExec: false })).toThrow(/only from the command line or the targets file/);
  });

  test('a bare word is a name', () => {
    expect(parseTarget('edge-1.b_2', cli)).toEqual({ kind: 'name', name: 'edge-1.b_2' });
  });
});
