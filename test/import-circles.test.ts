/**
 * The dependency rule of docs/layout.md, checked on the source itself: no import
 * circle anywhere under src/, counting static imports, re-exports and import() calls
 * (type-only imports are erased by tsc and make no runtime edge, but a circle of them is
 * refused too). Run alone with `npm run check:circles`. It lives at the top of test/
 * because it covers every layer at once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, importGraph } from './support/import-graph.js';

const SRC = join(import.meta.dirname, '..', 'src');
const graph = importGraph(SRC);
const show = (cs: string[][]): string[] => cs.map((c) => c.join(' -> '));

describe('imports under src/', () => {
  it('are read: the graph holds the entry and its edges', () => {
    // A graph read wrong (no files, no edges) would pass the checks below vacuously.
    expect(graph.edges.get('commands/main.ts')?.length).toBeGreaterThan(0);
    expect(graph.edges.size).toBeGreaterThan(100);
  });

  it('name every import() target as a string literal, so none is hidden from the check', () => {
    expect(graph.unresolvable).toEqual([]);
  });

  it('form no circle of runtime imports (static or import())', () => {
    expect(show(circles(graph, { typeOnly: false }))).toEqual([]);
  });

  it('form no circle even counting type-only imports', () => {
    expect(show(circles(graph, { typeOnly: true }))).toEqual([]);
  });
});

describe('the format layer', () => {
  it('imports of the client only the schema, the types-only modules and the base error (docs/layout.md)', () => {
    const allowed = /^client\/(schema\/|types\/|errors\.ts$)/;
    const bad = [...graph.edges]
      .filter(([from]) => from.startsWith('format/'))
      .flatMap(([from, es]) => es.filter((e) => e.to.startsWith('client/') && !allowed.test(e.to)).map((e) => `${from} -> ${e.to}`));
    expect([...graph.edges.keys()].filter((f) => f.startsWith('format/')).length).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});

describe('the circle finder', () => {
  const g = (edges: Record<string, [string, boolean][]>) => ({
    edges: new Map(Object.entries(edges).map(([k, v]) => [k, v.map(([to, typeOnly]) => ({ to, typeOnly }))])),
    unresolvable: [],
  });

  it('finds a circle of three files and names them in order', () => {
    const cs = circles(g({ a: [['b', false]], b: [['c', false]], c: [['a', false]], d: [['a', false]] }), { typeOnly: false });
    expect(show(cs)).toEqual(['a -> b -> c -> a']);
  });

  it('finds a file importing itself', () => {
    expect(show(circles(g({ a: [['a', false]] }), { typeOnly: false }))).toEqual(['a -> a']);
  });

  it('leaves a type-only edge out of the runtime graph only', () => {
    const x = g({ a: [['b', false]], b: [['a', true]] });
    expect(circles(x, { typeOnly: false })).toEqual([]);
    expect(show(circles(x, { typeOnly: true }))).toEqual(['a -> b -> a']);
  });

  it('finds nothing in a diamond', () => {
    expect(circles(g({ a: [['b', false], ['c', false]], b: [['d', false]], c: [['d', false]], d: [] }), { typeOnly: true })).toEqual([]);
  });
});
