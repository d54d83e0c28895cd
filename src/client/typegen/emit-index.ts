/**
 * `index.ts`: every module re-exported, the type `VppApi` (each request name → its
 * request, reply, details, events and call pattern) and the value `VppApi` (the CRC of
 * every message, which `session.typed(VppApi)` checks against VPP's message table).
 * Pure: returns text. Throws nothing.
 */
import type { ServiceDef } from '../schema/model.js';
import { docBlock } from './doc.js';
import type { Generation } from './emit-module.js';
import { moduleFile, propKey } from './names.js';

/** Collects, per module, the message names index.ts imports. */
class Imports {
  readonly by = new Map<string, Set<string>>();
  constructor(private readonly g: Generation) {}
  msg(name: string): string {
    const def = this.g.schema.messages.get(name)!;
    const n = this.g.names.messages.get(name)!;
    let s = this.by.get(def.module);
    if (!s) this.by.set(def.module, (s = new Set()));
    s.add(n);
    return n;
  }
}

function entry(imp: Imports, g: Generation, svc: ServiceDef): string {
  const req = g.schema.messages.get(svc.request)!;
  const reply = svc.pattern === 'none' ? 'undefined' : svc.pattern === 'dump' ? 'never' : imp.msg(svc.reply!);
  const details = svc.pattern === 'dump' ? imp.msg(svc.reply!) : svc.pattern === 'stream' ? imp.msg(svc.streamMsg!) : 'never';
  const events = svc.events.length ? `{ ${svc.events.map((e) => `${propKey(e)}: ${imp.msg(e)}`).join('; ')} }` : 'Record<never, never>';
  const doc = docBlock([`\`${svc.request}\` (${svc.pattern === 'none' ? 'no reply' : svc.pattern}), module \`${svc.module}\`.`], '  ');
  return `${doc}  ${propKey(svc.request)}: {\n    request: ${imp.msg(svc.request)};\n    reply: ${reply};\n    details: ${details};\n` +
    `    events: ${events};\n    pattern: '${svc.pattern}';\n    crc: '${req.crc}';\n  };\n`;
}

/** The text of index.ts for `modules`. */
export function emitIndex(g: Generation, modules: readonly string[]): string {
  const imp = new Imports(g);
  const inSet = new Set(modules);
  const services = [...g.schema.services.values()].filter((s) => inSet.has(g.schema.messages.get(s.request)?.module ?? s.module))
    .sort((a, b) => (a.request < b.request ? -1 : 1));
  const entries = services.map((s) => entry(imp, g, s)).join('');
  const crcs: string[] = [];
  for (const m of modules) {
    for (const name of g.schema.modules.get(m)!.messages) {
      const def = g.schema.messages.get(name);
      if (def) crcs.push(`    ${propKey(name)}: '${def.crc}',\n`);
    }
  }
  const importLines = [...imp.by].sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([m, names]) => `import type { ${[...names].sort().join(', ')} } from './${moduleFile(m)}.js';\n`).join('');
  const exportLines = modules.map((m) => `export * from './${moduleFile(m)}.js';\n`).join('');
  return `${g.banner}\n${importLines}\n${exportLines}\n` +
    docBlock([
      'Every request of these definitions: its request (as the session takes it), reply, details (dumps and',
      'streams), the events it registers for, its call pattern and its CRC. `session.typed<VppApi>()` reads it.',
    ]) +
    `export interface VppApi {\n${entries}}\n\n` +
    docBlock(['What `session.typed(VppApi)` is given: the CRC of every message these bindings were generated from.']) +
    'export interface VppApiBindings {\n  readonly crcs: { readonly [message: string]: string };\n  /** Carries the type only: never set. */\n  readonly api?: VppApi;\n}\n\n' +
    docBlock(['The CRCs of these bindings, checked against VPP\'s message table by `session.typed(VppApi)`.']) +
    `export const VppApi: VppApiBindings = {\n  crcs: {\n${crcs.join('')}  },\n};\n`;
}
