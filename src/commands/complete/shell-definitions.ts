/**
 * Definitions for `vppapi __complete`, found by the CLI's policy (runtime/definitions.ts)
 * but never by connecting (each Tab press is a new process, so only what the position needs is read):
 *
 * | first found                                     | read                                         |
 * |-------------------------------------------------|----------------------------------------------|
 * | `--api-dir`, `$VPP_API_DIR`, /usr/share/vpp/api | names: every file parsed, nothing resolved; one message: only the files defining it (lazy.ts) |
 * | the cache of the last VPP seen (newest `<digest>.json` in the cache directory) | parsed once; one message: its module resolved alone |
 * | the built-in set                                | resolved (it is small)                       |
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaFor } from '../../client/schema/lazy.js';
import { listApiFiles, loadSchema, parseApiJsonArray, parseModule } from '../../client/schema/load.js';
import { withMemclnt } from '../../client/schema/builtin/memclnt.js';
import type { MessageDef, Schema } from '../../client/schema/model.js';
import type { RawModule, RawSource } from '../../client/schema/raw.js';
import { builtinDefinitions, cacheDir, definitionsDir } from '../runtime/definitions.js';
import { type CompletionDefs, schemaDefs } from './defs.js';

export interface CompletionSource extends CompletionDefs {
  /** `dir`, `cache` or `built-in`, and the path where there is one. */
  readonly origin: string;
  /** A resolved schema holding `names` (for a live lookup), if they exist. Throws nothing. */
  schemaWith(names: readonly string[]): Schema | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const sorted = (it: Iterable<string>): string[] => [...new Set(it)].sort();

/** Names of raw modules, without resolving anything. */
function rawNames(mods: () => readonly RawModule[]): Omit<CompletionDefs, 'message'> {
  let names: { requests: string[]; messages: string[]; modules: string[]; wants: string[] } | undefined;
  const get = (): NonNullable<typeof names> => {
    if (names) return names;
    const requests: string[] = [];
    const messages: string[] = [];
    const modules: string[] = [];
    const wants: string[] = [];
    for (const m of mods()) {
      for (const msg of m.messages ?? []) if (typeof msg[0] === 'string') messages.push(msg[0]);
      const svcs = Object.entries(m.services ?? {});
      if (svcs.length > 0 && typeof m.module === 'string') modules.push(m.module);
      for (const [name, svc] of svcs) {
        requests.push(name);
        if (svc?.events?.length) wants.push(name);
      }
    }
    return (names = { requests: sorted(requests), messages: sorted(messages), modules: sorted(modules), wants: sorted(wants) });
  };
  return { requests: () => get().requests, messages: () => get().messages, modules: () => get().modules, wants: () => get().wants };
}

function dirSource(dir: string): CompletionSource {
  let mods: RawModule[] | undefined;
  const read = (): RawModule[] =>
    (mods ??= listApiFiles(dir).flatMap((f) => {
      try {
        return [parseModule(readFileSync(f, 'utf8'), f)];
      } catch {
        return []; // a bad file: the CLI reports it; completion goes on without it
      }
    }));
  const schemaWith = (names: readonly string[]): Schema | undefined => {
    try {
      const r = loadSchemaFor(dir, [...names]);
      return r.notFound.length === 0 ? r.schema : undefined;
    } catch {
      return undefined;
    }
  };
  const defs = new Map<string, MessageDef | undefined>();
  const message = (n: string): MessageDef | undefined => {
    if (!defs.has(n)) defs.set(n, schemaWith([n])?.messages.get(n));
    return defs.get(n);
  };
  return { origin: dir, ...rawNames(read), message, schemaWith };
}


/** Modules as VPP sends them (each inlines the types it uses): one is resolved alone, beside memclnt. */
function arraySource(sources: RawSource[], origin: string): CompletionSource {
  let all: Schema | undefined;
  const full = (): Schema => (all ??= loadSchema(withMemclnt(sources), { tolerant: true }).schema);
  const schemaWith = (names: readonly string[]): Schema | undefined => {
    const own = sources.filter((s) => (s.module.messages ?? []).some((m) => names.includes(m[0])));
    let schema: Schema | undefined;
    try {
      if (own.length > 0) schema = loadSchema(withMemclnt([...sources.filter((s) => s.module.module === 'memclnt'), ...own]), { tolerant: true }).schema;
    } catch {
      schema = undefined;
    }
    if (!schema || !names.every((n) => schema!.messages.has(n))) schema = full();
    return names.every((n) => schema!.messages.has(n)) ? schema : undefined;
  };
  const message = (n: string): MessageDef | undefined => schemaWith([n])?.messages.get(n);
  return { origin, ...rawNames(() => sources.map((s) => s.module)), message, schemaWith };
}

/** The newest definitions cache file (`<hex digest>.json`), if any. Throws nothing. */
export function newestCacheFile(dir: string): string | undefined {
  let best: { file: string; mtime: number } | undefined;
  try {
    for (const f of readdirSync(dir)) {
      if (!/^[0-9a-f]{16,128}\.json$/.test(f)) continue;
      const file = join(dir, f);
      const mtime = statSync(file).mtimeMs;
      if (!best || mtime > best.mtime) best = { file, mtime };
    }
  } catch {
    return undefined;
  }
  return best?.file;
}

/**
 * The definitions completion uses for `apiDir` (typed or given) and `env`. Throws nothing:
 * an unreadable source falls through to the next.
 */
export async function completionSource(apiDir: string | undefined, env: Env): Promise<CompletionSource> {
  const dir = definitionsDir(apiDir, env);
  if (dir) return dirSource(dir);
  const cached = newestCacheFile(cacheDir(env));
  if (cached) {
    try {
      return arraySource(parseApiJsonArray(readFileSync(cached, 'utf8'), 'cache'), cached);
    } catch {
      /* unusable cache: the built-in set */
    }
  }
  const schema = loadSchema(await builtinDefinitions()).schema;
  return { origin: 'built-in', ...schemaDefs(schema), schemaWith: (names) => (names.every((n) => schema.messages.has(n)) ? schema : undefined) };
}
