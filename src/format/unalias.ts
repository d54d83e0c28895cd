import type { TypeNode } from '../client/schema/model.js';

/** The type an alias without a length stands for (aliases to arrays stay: they have a shape). */
export function unalias(t: TypeNode): TypeNode {
  while (t.kind === 'alias' && t.length === undefined) t = t.target;
  return t;
}
