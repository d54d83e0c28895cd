/**
 * `vppapi <message> --help`: the flags of one request with their types, defaults and the
 * definition's own words, and how the call goes (reply, dump, stream, events).
 */
import type { MessageDef, Schema } from '../../client/schema/model.js';
import type { FormatRegistry } from '../../format/type-formats/format-registry.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { parseDocComment } from './doc-comment.js';
import { type FlagSpec, kebab, messageFlags } from './flags.js';
import { GLOBAL_OPTIONS } from '../runtime/globals.js';
import { twoColumns, wrapWords } from '../runtime/help-text.js';

/** A default (codec value form) as people write it. */
export function defaultText(spec: Pick<FlagSpec, 'format' | 'default'>): string | undefined {
  if (spec.default === undefined) return undefined;
  const h = spec.format.format(spec.default);
  return typeof h === 'string' ? h : JSON.stringify(h, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** One line saying how a request is answered. Throws nothing. */
export function callShape(schema: Schema, name: string): string {
  const svc = schema.services.get(name);
  if (!svc) {
    const req = schema.replyOf.get(name);
    return req?.length ? `sent by VPP in answer to ${req.join(', ')}` : 'not a request (VPP sends it)';
  }
  const events = svc.events.length ? `; registers for ${svc.events.join(', ')}` : '';
  switch (svc.pattern) {
    case 'single': return `request → reply ${svc.reply}${events}`;
    case 'dump': return `dump → ${svc.reply} per entry (ended by control_ping_reply)${events}`;
    case 'stream': return `stream → ${svc.streamMsg} per entry, then ${svc.reply} (paged with a cursor)${events}`;
    case 'none': return `request without reply${events}`;
  }
}

/** Status words of a definition: deprecated, in progress. */
export function statusText(def: MessageDef): string {
  const s: string[] = [];
  if (def.options.deprecated) s.push(def.options.replacedBy ? `deprecated (use ${def.options.replacedBy})` : 'deprecated');
  if (def.options.inProgress) s.push('in progress (may change)');
  return s.join(', ');
}

function flagTerm(f: FlagSpec): string {
  switch (f.kind) {
    case 'bool': return `--${f.name}, --no-${f.name}`;
    case 'list': return `--${f.name} <${f.format.placeholder}>…`;
    default: return `--${f.name} <${f.format.placeholder}>`;
  }
}

function flagDescription(f: FlagSpec): string {
  const parts = [f.doc ? `${f.typeLabel} – ${f.doc.replace(/\.?$/, '.')}` : `${f.typeLabel}.`];
  const extra: string[] = [];
  const d = defaultText(f);
  if (d !== undefined) extra.push(`default ${d}`);
  if (f.filled) extra.push(`default ${f.filled}`);
  if (f.kind === 'list') extra.push(f.format.scalar || f.format.placeholder.endsWith(',…') ? 'repeat the flag, or separate with commas' : 'one JSON object per element, repeat the flag; or the [N] flags below');
  if (f.kind === 'object') extra.push('JSON, or the sub-flags below');
  if (f.deprecated) extra.push('deprecated');
  if (extra.length) parts.push(`[${extra.join('; ')}]`);
  if (f.format.expected.startsWith('a value of') || f.format.expected.startsWith('flags of')) parts.push(`Takes ${f.format.expected}.`);
  // A type with a text form (a FIB path, a prefix) says how it is written.
  const special = defaultRegistry.specialFor(f.field.type);
  if (special && !f.path.some((p) => /\[/.test(p))) parts.push(`${f.kind === 'list' ? 'Each is' : 'Takes'} ${special.expected}.`);
  return parts.join(' ');
}

/**
 * The help text of request `def` (no trailing newline).
 * Throws nothing.
 */
export function messageHelp(schema: Schema, def: MessageDef, width: number, registry: FormatRegistry = defaultRegistry): string {
  const svc = schema.services.get(def.name);
  const doc = parseDocComment(def.comment);
  const flags = messageFlags(def, registry, svc !== undefined && svc.events.length > 0);
  const lines: string[] = [`Usage: vppapi ${def.name}${flags.length ? ' [flags]' : ''}`, ''];
  if (doc.summary) lines.push(...wrapWords(doc.summary, width), '');
  lines.push(`  ${callShape(schema, def.name)}`);
  lines.push(`  module ${def.module}, ${def.key}${statusText(def) ? `, ${statusText(def)}` : ''}`);
  if (doc.details) lines.push('', ...wrapWords(doc.details, width));
  lines.push('');
  if (flags.length) {
    lines.push('Flags (fields of the message; snake_case works too):');
    lines.push(...twoColumns(flags.map((f) => [flagTerm(f), flagDescription(f)] as const), width));
    if (flags.some((f) => f.kind === 'list' && f.format.placeholder === 'json')) {
      lines.push('', ...wrapWords('An element of a list of structs: --<list>[0].<field> VALUE, or --<list> \'{…}\' once per element.', width - 2).map((l) => `  ${l}`));
    }
  } else {
    lines.push('This message has no fields to give.');
  }
  const shadowed = new Set(def.bodyFields.map((f) => kebab(f.name)));
  const own: [string, string][] = [
    [shadowed.has('args') ? '--args-json <json|-|@file>' : '--args <json|-|@file>', 'every field from JSON (as --json prints it, or vppapi describe --template); - reads stdin, @file a file; flags override it'],
    ['--dry-run', 'print the request as JSON (what would be sent, defaults applied) and send nothing'],
  ];
  lines.push('', 'Input:', ...twoColumns(own, width));
  const globals = GLOBAL_OPTIONS.filter((g) => !shadowed.has(g.long) && g.long !== 'version');
  lines.push('', 'Output and connection (global options):');
  lines.push(...twoColumns(globals.map((g) => [`${g.short ? `-${g.short}, ` : ''}--${g.long}${g.value ? ` <${g.value}>` : ''}`, g.description] as const), width));
  return lines.join('\n');
}
