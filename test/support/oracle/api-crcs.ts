/**
 * A naive reader of VPP's `*.api.json` trees for the api diff tests: per message its CRC,
 * module, module version and options, read with JSON.parse and nothing from src/, and the
 * comparison VPP's CRC checker makes, written out in the plainest way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface NaiveMessage {
  crc: string;
  module: string;
  version: string;
  options: Record<string, unknown>;
}

/** Every message of every `*.api.json` below `dir`. */
export function naiveMessages(dir: string): Map<string, NaiveMessage> {
  const out = new Map<string, NaiveMessage>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.api.json')) {
        const j = JSON.parse(readFileSync(p, 'utf8')) as { module: string; options?: { version?: string }; messages?: unknown[][] };
        for (const m of j.messages ?? []) {
          const meta = m[m.length - 1] as { crc: string; options?: Record<string, unknown> };
          out.set(m[0] as string, { crc: meta.crc.toLowerCase().replace(/^0x/, ''), module: j.module, version: j.options?.version ?? '0.0.0', options: meta.options ?? {} });
        }
      }
    }
  };
  walk(dir);
  return out;
}

export interface NaiveDiff {
  added: string[];
  removed: string[];
  changed: string[];
  incompatible: string[];
}

/** The CRC checker's comparison: by name, then CRC; incompatible per its rule. Names sorted. */
export function naiveDiff(a: Map<string, NaiveMessage>, b: Map<string, NaiveMessage>): NaiveDiff {
  const added = [...b.keys()].filter((n) => !a.has(n)).sort();
  const removed = [...a.keys()].filter((n) => !b.has(n)).sort();
  const changed = [...b.keys()].filter((n) => a.has(n) && a.get(n)!.crc !== b.get(n)!.crc).sort();
  const counts = (n: string): boolean => {
    const o = a.get(n)!;
    const major = Number(o.version.split('.')[0]);
    const deprecated = 'deprecated' in o.options || o.options.status === 'deprecated';
    const wip = 'in_progress' in o.options || o.options.status === 'in_progress';
    return major >= 1 && !deprecated && !wip;
  };
  return { added, removed, changed, incompatible: [...removed, ...changed].filter(counts).sort() };
}
