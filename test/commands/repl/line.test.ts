/**
 * The shell's line syntax: shell-style words, the word under the cursor, `name=value`
 * pairs turned into flags (only after a request), and script lines for exec.
 */
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { CliError } from '../../../src/commands/runtime/errors.js';
import { toCliWords } from '../../../src/commands/repl/pairs.js';
import { scriptLines } from '../../../src/commands/syntax/script.js';
import { splitLine, tokenize } from '../../../src/commands/syntax/tokenizer.js';
import { builtinSources } from '../../support/cli.js';

const schema = loadSchema(builtinSources()).schema;

describe('tokenize', () => {
  it('splits on runs of blanks and honours quotes and backslashes', () => {
    expect(tokenize('  cli show   interface ')).toEqual(['cli', 'show', 'interface']);
    expect(tokenize(`sw_interface_tag_add_del --tag 'a b' --x "c \\"d\\"" e\\ f`)).toEqual(['sw_interface_tag_add_del', '--tag', 'a b', '--x', 'c "d"', 'e f']);
    expect(tokenize(`--route='{"table_id": 1}'`)).toEqual(['--route={"table_id": 1}']);
    expect(tokenize(`tag=''`)).toEqual(['tag=']);
    expect(tokenize(`a "" b`)).toEqual(['a', '', 'b']);
  });

  it('drops a comment that starts a word, keeps # inside one', () => {
    expect(tokenize('show_version # what runs')).toEqual(['show_version']);
    expect(tokenize('# only a comment')).toEqual([]);
    expect(tokenize('cli show a#b')).toEqual(['cli', 'show', 'a#b']);
    expect(tokenize("cli '# quoted'")).toEqual(['cli', '# quoted']);
  });

  it('rejects an open quote and a trailing backslash', () => {
    expect(() => tokenize('--tag "abc')).toThrow(CliError);
    expect(() => tokenize("--tag 'abc")).toThrow(/unterminated single quote/);
    expect(() => tokenize('abc \\')).toThrow(/backslash/);
  });
});

describe('splitLine (the text before the cursor)', () => {
  it('gives the finished words and the word being typed', () => {
    expect(splitLine('sw_interface_set_flags --fl')).toEqual({ words: ['sw_interface_set_flags'], partial: '--fl', partialRaw: '--fl', openQuote: undefined });
    expect(splitLine('sw_interface_dump ')).toMatchObject({ words: ['sw_interface_dump'], partial: '', partialRaw: '' });
    expect(splitLine('')).toMatchObject({ words: [], partial: '' });
  });

  it('keeps the typed form of a quoted word, with its open quote', () => {
    expect(splitLine(`x --tag "ab`)).toEqual({ words: ['x', '--tag'], partial: 'ab', partialRaw: '"ab', openQuote: '"' });
    expect(splitLine(`x 'a b' c`)).toMatchObject({ words: ['x', 'a b'], partial: 'c' });
  });
});

describe('toCliWords', () => {
  it('turns name=value pairs after a request into flags, dotted and indexed names too', () => {
    expect(toCliWords(['sw_interface_set_flags', 'sw_if_index=1', 'flags=ADMIN_UP'], schema)).toEqual([
      'sw_interface_set_flags', '--sw_if_index=1', '--flags=ADMIN_UP',
    ]);
    expect(toCliWords(['ip_route_add_del', 'route.prefix=10.0.0.0/24', 'route.paths[0].sw_if_index=2'], schema)).toEqual([
      'ip_route_add_del', '--route.prefix=10.0.0.0/24', '--route.paths[0].sw_if_index=2',
    ]);
  });

  it('leaves the value of a flag alone, and what follows a bool flag is a pair again', () => {
    expect(toCliWords(['sw_interface_tag_add_del', '--tag', 'a=b', 'sw_if_index=1'], schema)).toEqual([
      'sw_interface_tag_add_del', '--tag', 'a=b', '--sw_if_index=1',
    ]);
    expect(toCliWords(['sw_interface_tag_add_del', '--is-add', 'tag=x'], schema)).toEqual(['sw_interface_tag_add_del', '--is-add', '--tag=x']);
    expect(toCliWords(['--timeout', '2', 'show_version', '--socket', 'a=b'], schema)).toEqual(['--timeout', '2', 'show_version', '--socket', 'a=b']);
  });

  it('leaves built-in commands alone, except the flags of watch', () => {
    expect(toCliWords(['cli', 'show', 'x=1'], schema)).toEqual(['cli', 'show', 'x=1']);
    expect(toCliWords(['watch', 'want_interface_events', 'pid=7', '--count', '1'], schema)).toEqual(['watch', 'want_interface_events', '--pid=7', '--count', '1']);
    expect(toCliWords(['sw_interface_dump', '--', 'x=1'], schema)).toEqual(['sw_interface_dump', '--', 'x=1']);
  });
});

describe('scriptLines', () => {
  it('numbers lines, joins continuations, skips blanks and comments', () => {
    const text = '# setup\n\ncreate_loopback\n  sw_interface_set_flags \\\n  sw_if_index=1\r\nshow_version\n';
    expect(scriptLines(text)).toEqual([
      { no: 3, text: 'create_loopback' },
      { no: 4, text: 'sw_interface_set_flags   sw_if_index=1' },
      { no: 6, text: 'show_version' },
    ]);
  });
});
