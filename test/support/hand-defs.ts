/**
 * Hand-made definitions for the diff and upgrade-check tests, written out in the shape
 * of VPP's `*.api.json` files (vppapigen's JSON) with nothing from src/: a message is
 * `[name, ["u16", "_vl_msg_id"], …fields, {crc, options}]`, a field `[type, name]`,
 * `[type, name, N]`, `[type, name, 0, count]`, optionally with an options object.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type HandField = unknown[];

/** A request's header fields. */
export const REQ: HandField[] = [['u32', 'client_index'], ['u32', 'context']];
/** A reply's header fields. */
export const REP: HandField[] = [['u32', 'context'], ['i32', 'retval']];

export function msg(name: string, crc: string, fields: HandField[], options: Record<string, unknown> = {}): unknown[] {
  return [name, ['u16', '_vl_msg_id'], ...fields, { crc, options }];
}

export function struct(name: string, fields: HandField[]): unknown[] {
  return [name, ...fields];
}

export function enumOf(name: string, values: [string, number][], enumtype = 'u32'): unknown[] {
  return [name, ...values, { enumtype }];
}

export interface HandModule {
  module: string;
  version: string;
  messages?: unknown[][];
  types?: unknown[][];
  unions?: unknown[][];
  enums?: unknown[][];
  enumflags?: unknown[][];
  aliases?: Record<string, { type: string; length?: number }>;
  services?: Record<string, { reply: string; stream?: boolean }>;
}

/** The module object as a `*.api.json` holds it. */
export function moduleJson(m: HandModule): Record<string, unknown> {
  return {
    module: m.module,
    types: m.types ?? [],
    messages: m.messages ?? [],
    unions: m.unions ?? [],
    enums: m.enums ?? [],
    enumflags: m.enumflags ?? [],
    services: m.services ?? {},
    options: { version: m.version },
    aliases: m.aliases ?? {},
    vl_api_version: '0x12345678',
    imports: [],
    counters: [],
    paths: [],
  };
}

/** Writes `modules` below `dir` as `<folder>/<module>.api.json` (folder `core` unless given). Returns dir. */
export function writeDefs(dir: string, modules: HandModule[], folder: (m: string) => string = () => 'core'): string {
  for (const m of modules) {
    const d = join(dir, folder(m.module));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `${m.module}.api.json`), JSON.stringify(moduleJson(m), null, 4));
  }
  return dir;
}
