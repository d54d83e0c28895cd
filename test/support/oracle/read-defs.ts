/**
 * Test-side readers for the shared data, independent of src/: the real `*.api.json`
 * definitions (for the naive builder) and the recorded frames in `captures/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonModule } from './naive-builder.js';

/** `/work/shared` beside the repo root: absent on machines without the VPP data. */
export const SHARED = path.resolve(import.meta.dirname, '../../../..', 'shared');
export const HAVE_SHARED = existsSync(SHARED);
export const API_DIR_2606 = path.join(SHARED, 'vpp-api', 'v26.06');

/**
 * Every `*.api.json` under `dir`, parsed, in sorted path order.
 * @throws Error (fs or JSON) when a file cannot be read or parsed.
 */
export function readJsonDefs(dir: string): JsonModule[] {
  const out: JsonModule[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.api.json')) out.push(JSON.parse(readFileSync(p, 'utf8')) as JsonModule);
    }
  };
  walk(dir);
  return out;
}

/** One recorded frame: payload only (the 16-byte header is not recorded). */
export interface CapturedFrame {
  t: number;
  dir: 'c2s' | 's2c';
  id: number;
  /** `<name>_<crc>`, or a bare name for the handshake messages. */
  name: string;
  len: number;
  hex: string;
}

/**
 * The frames of a `captures/*.jsonl` file, in order.
 * @throws Error (fs or JSON) when the file cannot be read or a line is not JSON.
 */
export function readCapture(file: string): CapturedFrame[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CapturedFrame);
}

/** `show_version_51077d14` → `{ name: 'show_version', crc: '51077d14' }`; bare names have no crc. */
export function splitKey(key: string): { name: string; crc?: string } {
  const m = /^(.*)_([0-9a-f]{8})$/.exec(key);
  return m ? { name: m[1]!, crc: m[2]! } : { name: key };
}
