/**
 * One module's file: its enums and flag sets (a `const` object and literal types), its
 * aliases, structs and unions (each in the form the library gives and, where different,
 * the form it takes: `<Name>Input`), and its messages (requests in the form the session
 * takes, everything else as the session gives it), each message with a `const` stamp of
 * its name and CRC. Pure: returns text. Throws nothing.
 */
import type { AliasType, EnumType, Field, MessageDef, Schema, StructType, TypeNode, UnionType } from '../schema/model.js';
import { docBlock, parseComment } from './doc.js';
import { aliasTarget, fieldType, type Form, type FormContext, isBitSet, needsInput } from './forms.js';
import type { NameTable } from './names.js';
import { moduleFile, propKey } from './names.js';

/** What every file of one generation shares. */
export interface Generation {
  schema: Schema;
  names: NameTable;
  homes: ReadonlyMap<string, string>;
  /** Messages in the form the session takes (requests). */
  inputs: ReadonlySet<string>;
  /** Requests whose `pid` the session fills in (want_* with a pid field). */
  fillsPid: ReadonlySet<string>;
  /** The first line of every file. */
  banner: string;
  /** Module → the types it declares. */
  declares: ReadonlyMap<string, readonly TypeNode[]>;
}

/** Tracks the names a file uses from other modules, for its import line. */
class FileContext implements FormContext {
  readonly used = new Map<string, Set<string>>();
  constructor(private readonly g: Generation, private readonly module: string) {}

  typeName(t: TypeNode): string {
    return this.g.names.types.get(t.name) ?? t.name;
  }

  ref(t: TypeNode, suffix: '' | 'Input' | 'Name' = ''): string {
    const n = `${this.typeName(t)}${suffix}`;
    const home = this.g.homes.get(t.name) ?? ('module' in t ? t.module : this.module);
    if (home !== this.module) {
      let s = this.used.get(home);
      if (!s) this.used.set(home, (s = new Set()));
      s.add(n);
    }
    return n;
  }
}

/** Doc lines for a field: its description from the comment, then facts from its options. */
function fieldDoc(f: Field, described: string | undefined, extra: string[] = []): string[] {
  const lines = described ? [described] : [];
  const o = f.options;
  if (f.shape.kind === 'fixed') lines.push(f.type.kind === 'string' ? `At most ${f.shape.length - 1} bytes of UTF-8.` : `${f.shape.length} elements.`);
  if (f.shape.kind === 'counted') lines.push(`Its length is sent in \`${f.shape.countField}\`.`);
  if (f.countFor) lines.push(`The length of ${f.countFor.map((c) => `\`${c}\``).join(', ')}: filled in from it when left out.`);
  if (o.limit !== undefined) lines.push(`At most ${o.limit}.`);
  if (o.discriminator) lines.push(`The member given is selected by \`${o.discriminator}\`.`);
  if (o.default !== undefined) lines.push(`@defaultValue ${typeof o.default === 'bigint' ? `${o.default}n` : JSON.stringify(o.default)}`);
  if (o.deprecated) lines.push('@deprecated');
  return [...lines, ...extra];
}

/** The fields a struct or message takes without being given: counts, defaults, discriminator tags. */
function optionalIn(fields: readonly Field[]): Set<string> {
  const out = new Set<string>();
  for (const f of fields) {
    if (f.countFor || f.options.default !== undefined) out.add(f.name);
    if (f.options.discriminator) out.add(f.options.discriminator);
  }
  return out;
}

function tagged(fields: readonly Field[]): Set<string> {
  return new Set(fields.filter((f) => f.options.discriminator !== undefined).map((f) => f.name));
}

function fieldLines(ctx: FileContext, fields: readonly Field[], form: Form, params: Map<string, string>, optional: ReadonlySet<string>, extra: Map<string, string[]> = new Map()): string {
  const tags = tagged(fields);
  let s = '';
  for (const f of fields) {
    s += docBlock(fieldDoc(f, params.get(f.name), extra.get(f.name)), '  ');
    const opt = form === 'in' && optional.has(f.name) ? '?' : '';
    s += `  ${propKey(f.name)}${opt}: ${fieldType(ctx, f, form, tags.has(f.name))};\n`;
  }
  return s;
}

function emitEnum(ctx: FileContext, t: EnumType): string {
  const n = ctx.typeName(t);
  const bits = isBitSet(t);
  const kind = t.flags ? 'flag set' : 'enum';
  const doc = docBlock([`VPP ${kind} \`${t.name}\` (${t.base} on the wire).${bits ? ' A value is any combination (bitwise OR) of these members.' : ''}`]);
  const members = t.values.map((v) => `  ${propKey(v.name)}: ${v.value},`).join('\n');
  return `${doc}export const ${n} = {\n${members}\n} as const;\n` +
    `/** A value of ${kind} \`${t.name}\`. */\nexport type ${n} = (typeof ${n})[keyof typeof ${n}];\n` +
    `/** A member name of ${kind} \`${t.name}\` (the library also takes the name). */\nexport type ${n}Name = keyof typeof ${n};\n`;
}

function emitAlias(ctx: FileContext, t: AliasType): string {
  const n = ctx.typeName(t);
  const size = t.length !== undefined ? ` Exactly ${t.length} ${t.target.kind === 'base' && t.target.name === 'u8' ? 'bytes' : 'elements'}.` : '';
  let s = docBlock([`VPP alias \`${t.name}\`.${size}`]) + `export type ${n} = ${aliasTarget(ctx, t, 'out')};\n`;
  if (needsInput(t)) s += `/** Alias \`${t.name}\` as the library takes it. */\nexport type ${n}Input = ${aliasTarget(ctx, t, 'in')};\n`;
  return s;
}

function emitStruct(ctx: FileContext, t: StructType): string {
  const n = ctx.typeName(t);
  const c = parseComment(t.comment);
  const head = [c.text, `VPP type \`${t.name}\`.`].filter(Boolean);
  const opt = optionalIn(t.fields);
  return `${docBlock(head)}export interface ${n} {\n${fieldLines(ctx, t.fields, 'out', c.params, opt)}}\n` +
    `${docBlock([`\`${t.name}\` as the library takes it: counts, defaults and union tags may be left out.`])}export interface ${n}Input {\n${fieldLines(ctx, t.fields, 'in', c.params, opt)}}\n`;
}

function emitUnion(ctx: FileContext, t: UnionType): string {
  const n = ctx.typeName(t);
  const c = parseComment(t.comment);
  const out = fieldLines(ctx, t.fields, 'out', c.params, new Set());
  const head = [c.text, `VPP union \`${t.name}\`: decoded, every member is read from the same bytes (a tag in the containing type selects one).`].filter(Boolean);
  const members = t.fields.map((f) => {
    const others = t.fields.filter((o) => o !== f).map((o) => ` ${propKey(o.name)}?: never;`).join('');
    return `{ ${propKey(f.name)}: ${fieldType(ctx, f, 'in', false)};${others} }`;
  });
  return `${docBlock(head)}export interface ${n} {\n${out}}\n` +
    `/** Union \`${t.name}\` as the library takes it: exactly one member. */\nexport type ${n}Input =${members.length ? members.map((m) => `\n  | ${m}`).join('') : ' Record<string, never>'};\n`;
}

function emitMessage(ctx: FileContext, g: Generation, def: MessageDef): string {
  const n = g.names.messages.get(def.name)!;
  const c = parseComment(def.comment);
  const input = g.inputs.has(def.name);
  const head = [c.text, `VPP message \`${def.name}\`, CRC 0x${def.crc}${input ? ', as the session takes it' : ', as the session gives it (header fields left out)'}.`];
  if (def.options.deprecated) head.push('@deprecated');
  let body = '';
  if (input) {
    // Header fields, and pid of a want_* request: the session fills them in.
    const filled = def.fields.slice(0, def.fields.length - def.bodyFields.length).map((f) => f.name);
    if (g.fillsPid.has(def.name)) filled.push('pid');
    const opt = optionalIn(def.bodyFields);
    for (const f of filled) opt.add(f);
    const extra = new Map(filled.map((f) => [f, ['Filled in by the session.']]));
    body = '  /** Filled in by the session. */\n  _vl_msg_id?: number;\n' + fieldLines(ctx, def.fields, 'in', c.params, opt, extra);
  } else {
    body = fieldLines(ctx, def.bodyFields, 'out', c.params, new Set());
  }
  return `${docBlock(head)}export interface ${n} {\n${body}}\n` +
    `/** The name and CRC of \`${def.name}\`. */\nexport const ${n} = { name: ${JSON.stringify(def.name)}, crc: ${JSON.stringify(def.crc)} } as const;\n`;
}

const KIND_ORDER: Record<string, number> = { enum: 0, alias: 1, union: 2, struct: 3 };

/** The text of `module`'s file. */
export function emitModule(g: Generation, module: string): string {
  const ctx = new FileContext(g, module);
  const info = g.schema.modules.get(module)!;
  const types = [...(g.declares.get(module) ?? [])].sort((a, b) => KIND_ORDER[a.kind]! - KIND_ORDER[b.kind]! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: string[] = [];
  for (const t of types) {
    if (t.kind === 'enum') parts.push(emitEnum(ctx, t));
    else if (t.kind === 'alias') parts.push(emitAlias(ctx, t));
    else if (t.kind === 'union') parts.push(emitUnion(ctx, t));
    else if (t.kind === 'struct') parts.push(emitStruct(ctx, t));
  }
  for (const m of info.messages) {
    const def = g.schema.messages.get(m);
    if (def) parts.push(emitMessage(ctx, g, def));
  }
  const imports = [...ctx.used].sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([m, names]) => `import type { ${[...names].sort().join(', ')} } from './${moduleFile(m)}.js';\n`).join('');
  const head = `${g.banner}\n${docBlock([`Module \`${module}\`${info.version ? ` ${info.version}` : ''}: ${info.messages.length} messages.`])}`;
  return `${head}${imports}${imports ? '\n' : ''}${parts.join('\n')}`;
}
