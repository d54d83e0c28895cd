/**
 * `api diff`'s readable form: a summary, then per module (with its version change) one
 * row per message added, removed or changed, what changed inside it indented below;
 * status-only changes; then every changed type once, with the messages it reaches.
 */
import type { MessageDiff, SchemaDiff, TypeDiff } from '../../client/schema/diff/index.js';
import { byModule, crcText, messageDetails, messageNotes, moduleVersionText, typeDetails } from './text.js';

export interface DiffSides {
  old: { origin: string; messages: number };
  new: { origin: string; messages: number };
}

/** Most messages named after a type before "and N more". */
const REACH_SHOWN = 8;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function rows(list: readonly MessageDiff[], types: ReadonlyMap<string, TypeDiff>, nameWidth: number): string[] {
  const out: string[] = [];
  for (const m of list) {
    const change = m.change === 'changed' && m.oldCrc === m.newCrc ? 'status' : m.change;
    const notes = messageNotes(m);
    out.push(`  ${pad(change, 8)} ${pad(m.message, nameWidth)}  ${pad(crcText(m), 19)}${notes.length ? `  ${notes.join(', ')}` : ''}`.trimEnd());
    for (const d of messageDetails(m, types)) out.push(`             ${d}`);
  }
  return out;
}

/** The summary line: `88 added, 4 removed, 7 changed (4 incompatible); 27 types changed`. Throws nothing. */
export function summaryText(d: SchemaDiff): string {
  const c = d.counts;
  const status = d.statusOnly.length ? `, ${d.statusOnly.length} status only` : '';
  return `${c.added} added, ${c.removed} removed, ${c.changed} changed (${c.incompatible} incompatible)${status}; ${c.types} types differ; ${c.unchanged} unchanged`;
}

/** The whole report as lines. Throws nothing. */
export function diffTable(d: SchemaDiff, sides: DiffSides): string[] {
  const out = [`OLD ${sides.old.origin}: ${sides.old.messages} messages`, `NEW ${sides.new.origin}: ${sides.new.messages} messages`, summaryText(d)];
  const types = new Map(d.types.map((t) => [t.name, t]));
  const modules = new Map(d.modules.map((m) => [m.module, m]));
  const all = [...d.messages, ...d.statusOnly];
  const width = Math.min(48, Math.max(8, ...all.map((m) => m.message.length)));
  const shown = new Set<string>();
  for (const [module, list] of byModule(all)) {
    shown.add(module);
    out.push('', `${module} (${moduleVersionText(modules.get(module), 'version unchanged')})`);
    out.push(...rows(list, types, width));
  }
  const versionOnly = d.modules.filter((m) => !shown.has(m.module));
  if (versionOnly.length) {
    out.push('', 'Modules whose version alone changed:');
    for (const m of versionOnly) out.push(`  ${m.module} (${moduleVersionText(m, undefined)})`);
  }
  if (d.types.length) {
    out.push('', 'Types (each once, with the messages that reach it):');
    for (const t of d.types) {
      const reach = t.reaches.length > REACH_SHOWN ? `${t.reaches.slice(0, REACH_SHOWN).join(', ')} and ${t.reaches.length - REACH_SHOWN} more` : t.reaches.join(', ');
      out.push(`  ${t.name} (${t.kind}, ${t.module}) ${t.change}${reach ? `: reaches ${reach}` : ''}`);
      if (t.change === 'changed') for (const l of typeDetails(t)) out.push(`      ${l}`);
    }
  }
  if (d.messages.length === 0 && d.statusOnly.length === 0 && d.types.length === 0 && d.modules.length === 0) out.push('', 'No differences.');
  return out;
}
