import type { Field } from '../../client/schema/model.js';
import { unalias } from '../../client/schema/model.js';

/**
 * Every field a person can write, nested structs, unions and list elements included, in
 * definition order, for help and `describe`:
 *
 * | path                       | is                                        |
 * |----------------------------|-------------------------------------------|
 * | `route`                    | a struct field                            |
 * | `route.prefix`             | its member (also when it has a text form) |
 * | `route.paths`              | a list of structs                         |
 * | `route.paths[].nh.address` | a member of every element of that list    |
 *
 * Byte arrays and strings are single values. Stops at `maxDepth` levels below the body.
 */
export interface FieldRow {
  /** Dotted, `[]` after a list of structs. */
  readonly path: string;
  readonly field: Field;
  /** 0 for a body field. */
  readonly depth: number;
  /** Inside an element of a list (so given through `--x[N].y` or the element's JSON). */
  readonly inList: boolean;
}

function members(f: Field): readonly Field[] | undefined {
  const t = unalias(f.type);
  return t.kind === 'struct' || t.kind === 'union' ? t.fields : undefined;
}

/**
 * The rows of `fields`, members after the field that holds them; `descend(f)` false keeps
 * a struct's members out (a type whose text says everything, such as a prefix). Throws nothing.
 */
export function fieldTree(fields: readonly Field[], maxDepth = 5, descend: (f: Field) => boolean = () => true): FieldRow[] {
  const out: FieldRow[] = [];
  const walk = (fs: readonly Field[], prefix: string, depth: number, inList: boolean): void => {
    for (const f of fs) {
      const path = `${prefix}${f.name}`;
      out.push({ path, field: f, depth, inList });
      const sub = members(f);
      if (!sub || depth >= maxDepth || !descend(f)) continue;
      const list = f.shape.kind !== 'scalar';
      walk(sub, `${path}${list ? '[]' : ''}.`, depth + 1, inList || list);
    }
  };
  walk(fields, '', 0, false);
  return out;
}
