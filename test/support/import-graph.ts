/**
 * The import graph of a source tree, read with TypeScript's own parser, and the circles
 * in it. An edge is a relative import of a file under the tree:
 *
 * | written                                   | edge      |
 * |-------------------------------------------|-----------|
 * | `import { a } from './x.js'`, `import './x.js'` | runtime |
 * | `export { a } from './x.js'`, `export * from`    | runtime |
 * | `import('./x.js')` (a string literal)      | runtime   |
 * | `import type …`, `import { type A, type B } …`, `export type … from` | type only (erased by tsc) |
 *
 * An `import()` whose argument is not a string literal cannot be followed and is reported
 * as such, so it can never hide an edge. Imports of packages and node: modules are not edges.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface Edge {
  to: string;
  typeOnly: boolean;
}

export interface ImportGraph {
  /** File (relative to the root, `/`-separated) → its edges. */
  edges: Map<string, Edge[]>;
  /** `file: text` of each import() that is not a string literal. */
  unresolvable: string[];
}

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function allTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import './x.js'`: for its side effects
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  if (!b || ts.isNamespaceImport(b)) return false;
  return b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

/** The imports of every `.ts` file under `root`. Throws for an unreadable file. */
export function importGraph(root: string): ImportGraph {
  const files = tsFiles(root);
  const known = new Set(files.map((f) => resolve(f)));
  const edges = new Map<string, Edge[]>();
  const unresolvable: string[] = [];
  const rel = (f: string): string => relative(root, f).split('\\').join('/');
  for (const file of files) {
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const out: Edge[] = [];
    const add = (spec: string, typeOnly: boolean): void => {
      if (!spec.startsWith('.')) return;
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (known.has(target)) out.push({ to: rel(target), typeOnly });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        add(n.moduleSpecifier.text, allTypeOnly(n.importClause));
      } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const typeOnly = n.isTypeOnly || (!!n.exportClause && ts.isNamedExports(n.exportClause) && n.exportClause.elements.length > 0 && n.exportClause.elements.every((e) => e.isTypeOnly));
        add(n.moduleSpecifier.text, typeOnly);
      } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const a = n.arguments[0];
        if (a && ts.isStringLiteralLike(a)) add(a.text, false);
        else unresolvable.push(`${rel(file)}: ${n.getText(src)}`);
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        add(n.argument.literal.text, true); // `import('./x.js').T` in a type position
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
    edges.set(rel(file), out);
  }
  return { edges, unresolvable };
}

/**
 * Every circle of the graph, each as the files along it (first file repeated at the end),
 * found as the strongly connected components with more than one file or a self-import.
 * `typeOnly` false: runtime edges only; true: type-only edges count too. Throws nothing.
 */
export function circles(graph: ImportGraph, opts: { typeOnly: boolean }): string[][] {
  const next = (f: string): string[] => (graph.edges.get(f) ?? []).filter((e) => opts.typeOnly || !e.typeOnly).map((e) => e.to);
  // Tarjan's algorithm, iterative so that a deep tree cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of graph.edges.keys()) {
    if (index.has(start)) continue;
    const work: { f: string; i: number }[] = [{ f: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = next(top.f);
      if (top.i < succ.length) {
        const s = succ[top.i++]!;
        if (!index.has(s)) {
          index.set(s, counter);
          low.set(s, counter++);
          stack.push(s);
          onStack.add(s);
          work.push({ f: s, i: 0 });
        } else if (onStack.has(s)) {
          low.set(top.f, Math.min(low.get(top.f)!, index.get(s)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.f;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.f)!));
      }
      if (low.get(top.f) === index.get(top.f)) {
        const comp: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          comp.push(x);
        } while (x !== top.f);
        if (comp.length > 1 || next(top.f).includes(top.f)) out.push(pathThrough(comp.sort(), next));
      }
    }
  }
  return out;
}

/** One circle through the files of a component, for the message: first file back to itself. */
function pathThrough(comp: string[], next: (f: string) => string[]): string[] {
  const inComp = new Set(comp);
  const start = comp[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const f = queue.shift()!;
    for (const s of next(f)) {
      if (!inComp.has(s)) continue;
      if (s === start) {
        const path = [start];
        for (let x = f; x !== start; x = prev.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!seen.has(s)) {
        seen.add(s);
        prev.set(s, f);
        queue.push(s);
      }
    }
  }
  return [...comp, start];
}
