/**
 * Fast start for single calls: parse only the files that define the named messages
 * (plus memclnt, for the handshake and control_ping), and build only the named messages
 * (and what their services link to) at once, the other messages of those files when
 * first asked for (client/schema/lazy-messages.ts). VPP's files inline every type
 * they import; for files that do not (ours, written from the built-ins), a first
 * resolve fails and the `imports` (`vnet/ip/ip_types.api` → `ip_types.api.json`) are
 * followed.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { memclntModule } from './builtin/memclnt.js';
import type { Schema } from './model.js';
import type { RawSource } from './raw.js';
import { resolveSchema } from './resolve.js';
import { lookupNames, saveNames, stampOf } from './name-index.js';
import { parseModule, scanApiFiles } from './definition-sources.js';

export interface PartialLoad {
  schema: Schema;
  sources: RawSource[];
  /** Names that no file defines (the caller may fall back to a full load for suggestions). */
  notFound: string[];
}

/** True when `buf` holds `"name"` followed by optional white space and a comma. */
function definesName(buf: Buffer, needle: Buffer): boolean {
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
    let i = at + needle.length;
    while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
    if (buf[i] === 0x2c) return true;
  }
  return false;
}

/**
 * Loads the definitions of `names` from `dir`, reading every file as text but parsing
 * only the candidates (a definition starts `"name",`; a service key is `"name": {`).
 * @throws SchemaError when a file that defines one of the names is malformed.
 */
export function loadSchemaFor(dir: string, names: string[], opts: { indexDir?: string } = {}): PartialLoad {
  // Absolute paths: the index is keyed by the resolved directory, so every caller (any
  // cwd, relative or absolute --api-dir) must stamp it the same way.
  dir = resolvePath(dir);
  // Files are scanned as bytes: decoding 3.7 MB of text to find one name costs more than
  // the rest of a single call's start-up.
  const needles = names.map((n) => Buffer.from(`"${n}"`));
  const scanned = scanApiFiles(dir);
  const files = scanned.map((f) => f.path);
  // With a valid name index, only the defining files (and memclnt) are read at all.
  const stamp = opts.indexDir ? stampOf(scanned) : '';
  const known = opts.indexDir ? lookupNames(opts.indexDir, dir, stamp, files) : undefined;
  const defining = known ? names.map((n) => known.get(n)) : [];
  const indexed = known && defining.every((f) => f !== undefined) ? new Set(defining) : undefined;
  const byBase = new Map(files.map((f) => [basename(f), f]));
  let sources: RawSource[] = [];
  let taken = new Set<string>();
  let found = new Set<string>();
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
  /** Reads the files defining `names`: those in `wanted` (and memclnt), else every candidate. */
  const collect = (wanted: Set<string | undefined> | undefined): void => {
    for (const file of files) {
      if (taken.has(file)) continue;
      const isMemclnt = basename(file) === 'memclnt.api.json';
      if (wanted && !isMemclnt && !wanted.has(file)) continue;
      const raw = readFileSync(file);
      if (!isMemclnt && !needles.some((n) => definesName(raw, n))) continue;
      const text = raw.toString('utf8');
      const module = parseModule(text, file);
      const defined = new Set((module.messages ?? []).map((m) => m[0]));
      const hits = names.filter((n) => defined.has(n));
      if (!isMemclnt && hits.length === 0) continue;
      hits.forEach((n) => found.add(n));
      haveMemclnt ||= isMemclnt;
      take(file, text, false);
    }
  };
  collect(indexed);
  // An index whose stamp matches but whose file does not define a name it lists (a
  // damaged or hand-edited cache file) is not trusted: every file is looked at instead.
  let rebuild = opts.indexDir !== undefined && !indexed;
  if (indexed && found.size < new Set(names).size) {
    [sources, taken, found, haveMemclnt, rebuild] = [[], new Set(), new Set(), false, true];
    collect(undefined);
  }
  if (opts.indexDir && rebuild) {
    // No usable index: build one for next time (the one full pass, after an upgrade).
    const byFile = new Map<string, string[]>();
    for (const file of files) {
      try {
        const m = parseModule(readFileSync(file, 'utf8'), file);
        byFile.set(file, (m.messages ?? []).map((x) => x[0]));
      } catch {
        /* a broken file defines nothing; the full load reports it */
      }
    }
    saveNames(opts.indexDir, dir, stamp, files, byFile);
  }
  if (!haveMemclnt) sources.unshift({ origin: 'built-in', module: memclntModule() });
  let schema: Schema;
  try {
    schema = resolveSchema(sources, { now: names }).schema;
  } catch {
    for (const src of [...sources]) {
      for (const imp of src.module.imports ?? []) {
        const dep = byBase.get(`${basename(imp)}.json`);
        if (dep && !taken.has(dep)) take(dep, readFileSync(dep, 'utf8'), true);
      }
    }
    schema = resolveSchema(sources, { now: names }).schema;
  }
  return { schema, sources, notFound: names.filter((n) => !found.has(n)) };
}
