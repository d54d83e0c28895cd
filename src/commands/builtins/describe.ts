/**
 * `vppapi describe <message> [--template]`: one definition in full (fields with types,
 * defaults and comments, the reply and stream pattern, events, status), or with
 * --template a JSON skeleton to edit and give back with --args. Works without VPP.
 */
import type { Field, MessageDef, Schema } from '../../client/schema/model.js';
import { defaultRegistry } from '../../format/type-formats/format-registry.js';
import { fieldTree } from '../../format/values/field-tree.js';
import { parseDocComment } from '../request/doc-comment.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { kebab, typeLabel } from '../request/flags.js';
import { wrapWords } from '../runtime/help-text.js';
import { callShape, defaultText, statusText } from '../request/message-help.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { unknownCommand } from '../request/suggest.js';
import { messageTemplate } from '../request/template.js';

interface FieldRow {
  name: string;
  type: string;
  default?: string;
  flag?: string;
  comment: string;
  count?: string;
}

/**
 * Body fields with what is inside them: struct members (`route.prefix`) and the members
 * of list elements (`route.paths[].nh.address`), down to where a flag can still reach; not
 * inside types whose text says everything (addresses, prefixes, MACs).
 */
function fieldRows(def: MessageDef, isRequest: boolean): FieldRow[] {
  const doc = parseDocComment(def.comment);
  const whole = (f: Field): boolean => {
    const role = defaultRegistry.specialFor(f.type)?.role;
    return role === 'address' || role === 'mac';
  };
  return fieldTree(def.bodyFields, 5, (f) => !whole(f)).map((r) => {
    const f = r.field;
    return {
      name: r.path,
      type: typeLabel(f),
      default: defaultText({ format: defaultRegistry.forField(f), default: f.options.default }),
      flag: isRequest && !f.countFor ? `--${kebab(r.path.replace(/\[\]/g, '[N]'))}` : undefined,
      // The definition's words, else how a value with a text form is written.
      comment: (r.depth === 0 ? doc.params.get(f.name) : undefined) || (defaultRegistry.specialFor(f.type)?.expected ?? ''),
      count: f.countFor ? `count of ${f.countFor.join(', ')}` : undefined,
    };
  });
}

/** The describe report as plain data (also the --json output). Throws nothing. */
export function describeData(schema: Schema, def: MessageDef): Record<string, unknown> {
  const svc = schema.services.get(def.name);
  const doc = parseDocComment(def.comment);
  const related = (n: string | undefined): Record<string, unknown> | undefined => {
    const d = n ? schema.messages.get(n) : undefined;
    return d ? { name: d.name, crc: d.crc, fields: fieldRows(d, false) } : undefined;
  };
  return {
    name: def.name,
    crc: def.crc,
    module: def.module,
    header: def.header,
    pattern: svc?.pattern ?? null,
    call: callShape(schema, def.name),
    deprecated: def.options.deprecated,
    in_progress: def.options.inProgress,
    summary: doc.summary,
    notes: doc.details,
    fields: fieldRows(def, svc !== undefined),
    reply: svc?.pattern === 'dump' ? undefined : related(svc?.reply),
    details: related(svc?.pattern === 'dump' ? svc.reply : svc?.streamMsg),
    events: svc?.events.map((e) => related(e) ?? { name: e }) ?? [],
    answers: schema.replyOf.get(def.name) ?? [],
  };
}

async function printFields(p: Printer, title: string, rows: readonly FieldRow[], withFlags: boolean): Promise<void> {
  p.line(title);
  if (rows.length === 0) {
    p.line('  (no fields)');
    return;
  }
  await p.table(
    ['field', 'type', 'default', 'comment'],
    rows.map((r) => [r.name, r.type, r.default ?? '', [r.count ? `(${r.count}: filled in)` : '', r.comment].filter(Boolean).join(' ')]),
  );
  // The flag of each field is its path: one line says so instead of a column of them.
  if (withFlags) {
    const width = Number.isFinite(p.settings.width) ? p.settings.width : 100;
    p.line(wrapWords('Flags: --<field> in kebab or snake case (--route.prefix); list elements --<list>[N].<field> (--route.paths[0].weight).', width - 2).map((l) => `  ${l}`).join('\n'));
  }
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown>): Promise<number> {
  const name = args[0]!;
  let schema = await rt.definitions([name], { offline: true });
  if (!schema.messages.has(name)) schema = await rt.definitions(undefined, { offline: true });
  const def = schema.messages.get(name);
  if (!def) return unknownCommand(rt, name);
  const p = rt.printer();
  if (opts.template) {
    if (!schema.services.has(name)) {
      throw new CliError(`${name} is not a request: there is nothing to send`, EXIT.USAGE, `vppapi describe ${name} shows its fields`);
    }
    p.data(messageTemplate(schema, def));
    return EXIT.OK;
  }
  const data = describeData(schema, def);
  if (p.mode !== 'human') {
    p.data(data);
    return EXIT.OK;
  }
  const width = Number.isFinite(p.settings.width) ? p.settings.width : 100;
  p.line(`${def.name}  (module ${def.module}, ${def.key}${statusText(def) ? `, ${statusText(def)}` : ''})`);
  if (data.summary) p.line(wrapWords(String(data.summary), width).join('\n'));
  if (data.notes) p.line(wrapWords(String(data.notes), width).join('\n'));
  p.line(`call: ${data.call}`);
  p.line('');
  const filled = def.header === 'request' ? ' (client_index and context are filled in)' : '';
  await printFields(p, `Fields${filled}:`, data.fields as FieldRow[], schema.services.has(name));
  for (const [label, r] of [['Reply', data.reply], ['Details', data.details]] as const) {
    const rel = r as { name: string; fields: FieldRow[] } | undefined;
    if (!rel) continue;
    p.line('');
    await printFields(p, `${label} ${rel.name}:`, rel.fields, false);
  }
  for (const e of data.events as { name: string; fields?: FieldRow[] }[]) {
    p.line('');
    if (e.fields) await printFields(p, `Event ${e.name}:`, e.fields, false);
    else p.line(`Event ${e.name} (no local definition)`);
  }
  if (schema.services.has(name)) {
    p.line('');
    p.line(wrapWords(`Send it: vppapi ${name} --help lists the flags; vppapi describe ${name} --template prints JSON for --args.`, width).join('\n'));
  }
  return EXIT.OK;
}
