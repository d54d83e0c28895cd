/**
 * ScriptText against a naive reading of the same rules (split on \r?\n, join a line that
 * ends in an odd run of backslashes with the next, trim, skip blank and `#` lines), on
 * written cases and on random texts made of the characters that matter.
 */
import { describe, expect, it } from 'vitest';
import { ScriptText, scriptLines } from '../../../src/commands/syntax/script.js';

function naive(text: string): { no: number; text: string }[] {
  const out: { no: number; text: string }[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    let line = raw[i]!;
    for (;;) {
      const run = /\\*$/.exec(line)![0].length;
      if (run % 2 === 0 || i + 1 >= raw.length) break;
      line = line.slice(0, -1) + raw[++i]!;
    }
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) out.push({ no, text: t });
  }
  return out;
}

const all = (s: ScriptText) => Array.from({ length: s.length }, (_, k) => ({ no: s.no(k), text: s.line(k) }));

describe('ScriptText', () => {
  it('numbers commands by their first line, joins continuations, skips blanks and comments', () => {
    const text = '# setup\n\ncreate_loopback\n  sw_interface_set_flags \\\n  sw_if_index=1\r\nshow_version\n';
    const want = [
      { no: 3, text: 'create_loopback' },
      { no: 4, text: 'sw_interface_set_flags   sw_if_index=1' },
      { no: 6, text: 'show_version' },
    ];
    expect(all(new ScriptText(text))).toEqual(want);
    expect(scriptLines(text)).toEqual(want);
  });

  it('reads edge cases as the naive reading does', () => {
    for (const text of [
      '', '\n', 'a', 'a\\', 'a\\\\\nb', 'a\\\nb\\\nc', 'a\\\n\\\nb', 'a\\\n\\\\\nb', ' \\\n# not a comment?\nx',
      '\\\n#c', 'x\r', 'x\r\r\ny', '\u00a0a\u2028', '\ufeff#x\n b ', 'a\\\n', '\t\\\n\t', 'a \\\\\\\nb',
    ]) {
      expect(all(new ScriptText(text)), JSON.stringify(text)).toEqual(naive(text));
    }
  });

  it('agrees with the naive reading on random texts', () => {
    const alphabet = ['a', 'b', ' ', '\t', '\\', '\\', '\n', '\n', '\r', '#', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é'];
    let seed = 17;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 3000; round++) {
      const len = rnd(40);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
      expect(all(new ScriptText(text)), JSON.stringify(text)).toEqual(naive(text));
    }
  });

  it('agrees with the naive reading on long texts of short lines (more commands than the first guess has room for)', () => {
    const alphabet = ['a', '\n', '\n', '\\', ' ', '#', '\r'];
    let seed = 29;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 40; round++) {
      let text = '';
      for (let i = 0, len = 1000 + rnd(4000); i < len; i++) text += alphabet[rnd(alphabet.length)];
      expect(all(new ScriptText(text))).toEqual(naive(text));
    }
    // One command per two characters: eight times what a command per 16 characters makes room for.
    expect(new ScriptText('a\n'.repeat(20_000)).length).toBe(20_000);
  });

  it('runOf from one command: the first word, followed by a space, a tab or the end', () => {
    const s = new ScriptText('show_version\nshow_versions\nshow_version\tx\n  show_version y\nshow_ver\\\nsion\n');
    expect([0, 1, 2, 3, 4].map((k) => s.runOf(k, 'show_version') > 0)).toEqual([true, false, true, true, false]);
    // A joined command is never matched by offsets (its text is made and read instead).
    expect(s.line(4)).toBe('show_version');
  });

  it('repeats: how many commands right after one have its text, trimmed; a joined command repeats nothing', () => {
    const s = new ScriptText('a b\na b\n  a b \n# c\n\na b\na bc\na b\na \\\nb\na b\n');
    // Commands: 0-2 'a b', 3 'a b', 4 'a bc', 5 'a b', 6 'a b' joined, 7 'a b'.
    expect(Array.from({ length: s.length }, (_, k) => s.repeats(k))).toEqual([3, 2, 1, 0, 0, 0, 0, 0]);
    expect(s.line(6)).toBe('a b');
    const many = new ScriptText('x y\n'.repeat(5000));
    expect(many.repeats(0)).toBe(4999);
    expect(many.repeats(4999)).toBe(0);
  });

  it('runOf: commands in a row that start with the word, followed by a space, a tab or the end', () => {
    const s = new ScriptText('show_version\nshow_versions\nshow_version\tx\n  show_version y\nshow_ver\\\nsion\nshow_version\n');
    expect([0, 1, 2, 3, 4, 5].map((k) => s.runOf(k, 'show_version'))).toEqual([1, 0, 2, 1, 0, 1]);
    // A joined command is never matched by offsets (its text is made and read instead).
    expect(s.line(4)).toBe('show_version');
    expect(s.runOf(6, 'show_version')).toBe(0);
    const many = new ScriptText('a b\n'.repeat(1000) + '# c\na\nab\n');
    expect(many.runOf(0, 'a')).toBe(1001);
    expect(many.runOf(500, 'a')).toBe(501);
    expect(many.runOf(0, 'a b')).toBe(1000);
  });
});
