/**
 * Laziness lives at one boundary (docs/layout.md): an `import()` under src/ only in
 * commands/dispatch.ts (the built-in commands) and commands/lazy-modules.ts (everything else the
 * commands load on demand). Found with TypeScript's parser, so an `import()` in a
 * comment or a string does not count and one split over lines does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const ALLOWED = ['commands/dispatch.ts', 'commands/lazy-modules.ts'];

/** `file:line: specifier` of every import() call in `text`. */
function dynamicImports(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      out.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.arguments[0]?.getText() ?? ''}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => relative(SRC, join(e.parentPath, e.name)).split('\\').join('/'));

describe('import() under src/', () => {
  const found = files.flatMap((f) => dynamicImports(f, readFileSync(join(SRC, f), 'utf8')));

  it('is found where it is allowed (a scan that found nothing would pass vacuously)', () => {
    expect(found.filter((f) => f.startsWith('commands/lazy-modules.ts:')).length).toBeGreaterThan(5);
    expect(found.filter((f) => f.startsWith('commands/dispatch.ts:')).length).toBeGreaterThan(5);
  });

  it('appears nowhere else', () => {
    expect(found.filter((f) => !ALLOWED.some((a) => f.startsWith(`${a}:`)))).toEqual([]);
  });
});

describe('the import() finder', () => {
  it('finds calls, also over lines, and not in comments, strings or types', () => {
    const text = "// import('./a.js')\nconst s = \"import('./b.js')\";\ntype T = typeof import('./c.js');\nawait import(\n  './d.js');\n";
    expect(dynamicImports('x.ts', text)).toEqual(["x.ts:4: './d.js'"]);
  });
});
