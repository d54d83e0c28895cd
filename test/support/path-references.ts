/**
 * Paths of this repository named in prose: the comments of source files (found with
 * TypeScript's scanner, so a `//` inside a string is not a comment) and whole Markdown
 * files. A name counts as a reference when it is
 *
 * | written                                   | resolved against                                   |
 * |-------------------------------------------|----------------------------------------------------|
 * | `src/…`, `test/…`, `bench/…`, `bin/…`, `docs/…`, `scripts/…`, `completions/…` (a file or a folder ending in `/`) | the repository root |
 * | `client/session/calls.ts`, `./shared.ts`, `../import-circles.test.ts` (ending in a source or doc extension) | the file's own folder or one above it, `src/`, `test/` |
 * | `model.ts` (a bare source file name)      | any tracked file of that name                       |
 *
 * In a Markdown table headed `| old path | new path |` (docs/layout.md's record of moves)
 * the old paths are history, and only the new ones are references.
 *
 * Left alone: URLs, absolute paths (`/run/vpp/api.sock`), `dist/…` (build output), paths
 * under `node_modules/`, and anything inside `../shared` or VPP's own tree (`vlib/…`,
 * `*.c`, `*.h`, `*.api.json`), which are not this repository's files.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import ts from 'typescript';

const TOP = ['src', 'test', 'bench', 'bin', 'docs', 'scripts', 'completions'];
const EXT = '(?:ts|cts|mts|mjs|md|sh)';
// A path-like token: optional ./ or ../ prefixes, segments, a final segment. The
// look-behind keeps a token from starting inside another (`dist/src/x.js`, `../shared/…`).
const PATH = new RegExp(`(?<![\\w@.$/~-])((?:\\.{1,2}/)*(?:[\\w.-]+/)*(?:[\\w-]+\\.)+${EXT}|(?:${TOP.join('|')})/(?:[\\w.-]+/)*)(?![\\w/-])`, 'g');

export interface Reference {
  /** The file the name was found in, relative to the root. */
  file: string;
  line: number;
  /** The name as written. */
  name: string;
}

/** The comments of a TypeScript source, each with the line it starts on. Throws nothing. */
export function commentsOf(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let lineAt = 1;
  let seen = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const start = scanner.getTokenStart();
      for (; seen < start; seen++) if (text.charCodeAt(seen) === 10) lineAt++;
      out.push({ text: scanner.getTokenText(), line: lineAt });
    }
    // A `/` the scanner read as division may start a regular expression: rescan it so a
    // regex literal's text is never taken for a comment.
    if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) scanner.reScanSlashToken();
  }
  return out;
}

/** Every path-like name in `text`, with its line (counted from `firstLine`). Throws nothing. */
export function namesIn(text: string, firstLine = 1): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(PATH)) {
      const name = m[1]!;
      const before = l.slice(0, m.index);
      if (/[a-z]+:\/\/\S*$/i.test(before) || /\.\.\/shared\/?\S*$/.test(before) || /^(\.\.\/)+shared\//.test(name)) continue;
      if (name.startsWith('dist/') || name.includes('node_modules/') || name.endsWith('.api.json')) continue;
      out.push({ name, line: firstLine + i });
    }
  });
  return out;
}

/**
 * Whether `name`, found in `file` (both relative to `root`), names something that exists.
 * `basenames` holds the file names of every tracked file. Throws nothing.
 */
export function exists(root: string, file: string, name: string, basenames: ReadonlySet<string>): boolean {
  const plain = name.replace(/\/$/, '');
  const candidates = [name.endsWith('.js') ? plain.replace(/\.js$/, '.ts') : plain];
  const top = plain.split('/')[0]!;
  if (TOP.includes(top)) return candidates.some((c) => existsSync(join(root, c)));
  if (!plain.includes('/')) return basenames.has(basename(plain));
  const bases = ['src', 'test'];
  for (let d = dirname(file); d !== '.'; d = dirname(d)) bases.push(d);
  bases.push('.');
  return bases.some((b) => candidates.some((c) => existsSync(join(root, posix.normalize(posix.join(b, c))))));
}

/** Every reference in one file's text (comments only for sources, all of a Markdown file). */
export function referencesIn(file: string, text: string): Reference[] {
  const pieces = file.endsWith('.md') ? [{ text: withoutOldPaths(text), line: 1 }] : commentsOf(text);
  return pieces.flatMap((p) => namesIn(p.text, p.line).map((n) => ({ file, line: n.line, name: n.name })));
}

/** Markdown with the first cell of each row of an `| old path | new path |` table blanked. */
function withoutOldPaths(text: string): string {
  let inMoves = false;
  return text
    .split('\n')
    .map((l) => {
      if (/^\|\s*old path\s*\|\s*new path\s*\|/.test(l)) inMoves = true;
      else if (!l.startsWith('|')) inMoves = false;
      return inMoves ? l.replace(/^\|[^|]*\|/, '| |') : l;
    })
    .join('\n');
}
