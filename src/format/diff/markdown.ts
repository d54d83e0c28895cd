/**
 * `api diff --markdown`: the report as GitHub-flavoured Markdown for release notes, one
 * table per module and one for the types. Cells escape `|` and line breaks.
 */
import type { SchemaDiff } from '../../client/schema/diff/index.js';
import type { DiffSides } from './table.js';
import { summaryText } from './table.js';
import { byModule, crcText, messageDetails, messageNotes, moduleVersionText, typeDetails } from './text.js';

/** A table cell: `|` escaped, line breaks as spaces. Throws nothing. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (s: string): string => (s ? `\`${s.replace(/`/g, "'")}\`` : '');

/** The report as Markdown lines. Throws nothing. */
export function diffMarkdown(d: SchemaDiff, sides: DiffSides): string[] {
  const out = [`## VPP API changes`, '', `From ${cell(sides.old.origin)} (${sides.old.messages} messages) to ${cell(sides.new.origin)} (${sides.new.messages} messages): ${summaryText(d)}.`];
  const types = new Map(d.types.map((t) => [t.name, t]));
  const modules = new Map(d.modules.map((m) => [m.module, m]));
  for (const [module, list] of byModule([...d.messages, ...d.statusOnly])) {
    out.push('', `### ${cell(module)} (${cell(moduleVersionText(modules.get(module), 'version unchanged'))})`, '', '| Message | Change | CRC | Notes | Details |', '|---|---|---|---|---|');
    for (const m of list) {
      const change = m.change === 'changed' && m.oldCrc === m.newCrc ? 'status' : m.change;
      const notes = messageNotes(m).map((n) => (n === 'INCOMPATIBLE' ? '**incompatible**' : cell(n)));
      out.push(`| ${code(m.message)} | ${change} | ${cell(crcText(m))} | ${notes.join(', ')} | ${messageDetails(m, types).map(cell).join('<br>')} |`);
    }
  }
  if (d.types.length) {
    out.push('', '### Types', '', '| Type | Kind | Module | Change | Details | Reaches |', '|---|---|---|---|---|---|');
    for (const t of d.types) {
      out.push(`| ${code(t.name)} | ${cell(t.kind)} | ${cell(t.module)} | ${t.change} | ${t.change === 'changed' ? typeDetails(t).map(cell).join('<br>') : ''} | ${t.reaches.map(code).join(', ')} |`);
    }
  }
  return out;
}
