/**
 * Fast start for single calls: parse only the files that define the named messages
 * (plus memclnt, for the handshake and control_ping). VPP's files inline every type
 * they import; for files that do not (ours, written from the built-ins), a first
 * resolve fails and the `imports` (`vnet/ip/ip_types.api` → `ip_types.api.json`) are
 * followed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { memclntModule } from './builtin/index.js';
import type { Schema } from './model.js';
import type { RawSource } from './raw.js';
import { resolveSchema } from './resolve.js';
import { listApiFiles, parseModule } from './sources.js';

export interface PartialLoad {
  schema: Schema;
  sources: RawSource[];
  /** Names that no file defines (the caller may fall back to a full load for suggestions). */
  notFound: string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Loads the definitions of `names` from `dir`, reading every file as text but parsing
 * only the candidates (a definition starts `"name",`; a service key is `"name": {`).
 * @throws SchemaError when a file that defines one of the names is malformed.
 */
export function loadSchemaFor(dir: string, names: string[]): PartialLoad {
  const patterns = names.map((n) => new RegExp(`"${escape(n)}"\\s*,`));
  const files = listApiFiles(dir);
  const byBase = new Map(files.map((f) => [basename(f), f]));
  const sources: RawSource[] = [];
  const taken = new Set<string>();
  const found = new Set<string>();
  let haveMemclnt = false;
  const take = (file: string, text: string, follow: boolean): void => {
    taken.add(file);
    const module = parseModule(text, file);
    sources.push({ origin: file, module });
    if (!follow) return;
    for (const imp of module.imports ?? []) {
      const dep = byBase.get(`${basename(imp)}.json`);
      if (dep && !taken.has(dep)) take(dep, readFileSync(dep, 'utf8'), true);
    }
  };
  for (const file of files) {
    if (taken.has(file)) continue;
    const isMemclnt = basename(file) === 'memclnt.api.json';
    const text = readFileSync(file, 'utf8');
    if (!isMemclnt && !patterns.some((p) => p.test(text))) continue;
    const module = parseModule(text, file);
    const defined = new Set((module.messages ?? []).map((m) => m[0]));
    const hits = names.filter((n) => defined.has(n));
    if (!isMemclnt && hits.length === 0) continue;
    hits.forEach((n) => found.add(n));
    haveMemclnt ||= isMemclnt;
    take(file, text, false);
  }
  if (!haveMemclnt) sources.unshift({ origin: 'built-in', module: memclntModule() });
  let schema: Schema;
  try {
    schema = resolveSchema(sources).schema;
  } catch {
    for (const src of [...sources]) {
      for (const imp of src.module.imports ?? []) {
        const dep = byBase.get(`${basename(imp)}.json`);
        if (dep && !taken.has(dep)) take(dep, readFileSync(dep, 'utf8'), true);
      }
    }
    schema = resolveSchema(sources).schema;
  }
  return { schema, sources, notFound: names.filter((n) => !found.has(n)) };
}
