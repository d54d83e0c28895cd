/**
 * Which modules a generation covers and where each type is declared. Every definitions
 * file repeats the types it imports, and the model keeps each type under the first file
 * it was read from; a type is declared here in the module that defines it: the one of
 * the files carrying it that imports none of the others (so `address` lands in
 * `ip_types`, not in the first file that happened to repeat it).
 */
import type { Schema, TypeNode } from '../schema/model.js';

export class SelectionError extends Error {
  override name = 'SelectionError';
}

/** Every module reachable from `name` through imports (itself left out). */
function importClosure(schema: Schema, name: string, memo: Map<string, Set<string>>): Set<string> {
  const done = memo.get(name);
  if (done) return done;
  const out = new Set<string>();
  memo.set(name, out);
  const stack = [...(schema.modules.get(name)?.imports ?? [])];
  while (stack.length) {
    const m = stack.pop()!;
    if (out.has(m) || m === name || !schema.modules.has(m)) continue;
    out.add(m);
    stack.push(...(schema.modules.get(m)?.imports ?? []));
  }
  return out;
}

/** Type name → the module declaring it. Throws nothing. */
export function typeHomes(schema: Schema): Map<string, string> {
  const carriers = new Map<string, string[]>();
  for (const m of schema.modules.values()) {
    for (const t of m.types ?? []) {
      const l = carriers.get(t);
      if (!l) carriers.set(t, [m.name]);
      else if (!l.includes(m.name)) l.push(m.name);
    }
  }
  const memo = new Map<string, Set<string>>();
  const homes = new Map<string, string>();
  for (const t of schema.types.values()) {
    const c = carriers.get(t.name) ?? [];
    const first = 'module' in t ? t.module : '';
    const own = c.filter((d) => !c.some((o) => o !== d && importClosure(schema, d, memo).has(o)));
    homes.set(t.name, own.length === 1 ? own[0]! : own.includes(first) || own.length === 0 ? first : own.sort()[0]!);
  }
  return homes;
}

/** The named types a type refers to directly. */
function refs(t: TypeNode): TypeNode[] {
  switch (t.kind) {
    case 'alias': return [t.target];
    case 'struct':
    case 'union': return t.fields.map((f) => f.type);
    default: return [];
  }
}

/**
 * The modules to generate: all of them, or `wanted` closed over what they import (and
 * the modules declaring every type their messages use), always with memclnt.
 * @throws SelectionError naming a wanted module the definitions do not have.
 */
export function selectModules(schema: Schema, homes: ReadonlyMap<string, string>, wanted?: readonly string[]): string[] {
  if (!wanted) return [...schema.modules.keys()].sort();
  const unknown = wanted.filter((w) => !schema.modules.has(w));
  if (unknown.length) {
    const known = [...schema.modules.keys()].sort();
    throw new SelectionError(`no module ${unknown.map((u) => JSON.stringify(u)).join(', ')} in these definitions (they have ${known.length}: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})`);
  }
  const memo = new Map<string, Set<string>>();
  const declaredIn = new Map<string, string[]>();
  for (const [t, home] of homes) declaredIn.set(home, [...(declaredIn.get(home) ?? []), t]);
  const out = new Set<string>();
  const seenTypes = new Set<string>();
  const addModule = (m: string): void => {
    if (out.has(m) || !schema.modules.has(m)) return;
    out.add(m);
    for (const i of importClosure(schema, m, memo)) addModule(i);
    for (const name of schema.modules.get(m)!.messages) {
      const def = schema.messages.get(name);
      for (const f of def?.fields ?? []) addType(f.type);
    }
    for (const t of declaredIn.get(m) ?? []) addType(schema.types.get(t));
  };
  const addType = (t: TypeNode | undefined): void => {
    if (!t || t.kind === 'base' || t.kind === 'string' || seenTypes.has(t.name)) return;
    seenTypes.add(t.name);
    const home = homes.get(t.name);
    if (home) addModule(home);
    for (const r of refs(t)) addType(r);
  };
  for (const w of [...wanted, 'memclnt']) addModule(w);
  return [...out].sort();
}
