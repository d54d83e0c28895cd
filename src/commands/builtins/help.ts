/**
 * `vppapi help [topic]`: the top-level help (built-in commands, global options, one line
 * per module), the requests of one module, or the help of a message or command.
 */
import type { Schema } from '../../client/schema/model.js';
import { nearest } from '../../format/values/nearest.js';
import { builtin } from '../registry.js';
import { parseDocComment } from '../request/doc-comment.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { helpWidth, twoColumns, wrapWords } from '../runtime/help-text.js';
import { buildProgram, requestsByModule } from '../program.js';
import type { Runtime } from '../runtime/runtime.js';
import { packageVersion } from '../runtime/package-version.js';

const KIND: Record<string, string> = { single: '', dump: 'dump', stream: 'stream', none: 'no reply' };

/** The requests of one module, one line each with their kind and summary. Throws nothing. */
export function moduleHelp(schema: Schema, module: string, width: number): string {
  const reqs = requestsByModule(schema).get(module) ?? [];
  const info = schema.modules.get(module);
  const head = `Module ${module}${info?.version ? ` ${info.version}` : ''}: ${reqs.length} request${reqs.length === 1 ? '' : 's'}` +
    `${info?.origin ? ` (${info.origin})` : ''}`;
  const rows = reqs.map((r) => {
    const svc = schema.services.get(r)!;
    const def = schema.messages.get(r);
    const kind = svc.events.length ? 'events' : KIND[svc.pattern];
    const flags = [kind, def?.options.deprecated ? 'deprecated' : '', def?.options.inProgress ? 'in progress' : ''].filter(Boolean);
    const summary = parseDocComment(def?.comment).summary;
    return [r, `${flags.length ? `[${flags.join(', ')}] ` : ''}${summary}`] as const;
  });
  return [...wrapWords(head, width), ...twoColumns(rows, width, 2, 40), '', 'vppapi <message> --help shows the flags of one.'].join('\n');
}

async function topHelp(rt: Runtime): Promise<number> {
  let schema: Schema | undefined;
  try {
    schema = await rt.definitions(undefined, { offline: true });
  } catch (e) {
    rt.printer().warn(`no list of messages: ${(e as Error).message}`);
  }
  buildProgram(rt, packageVersion(), schema).outputHelp();
  return EXIT.OK;
}

export async function run(rt: Runtime, args: string[]): Promise<number> {
  const topic = args[0];
  if (topic === undefined) return topHelp(rt);
  if (builtin(topic)) return rt.runner.help(rt, topic);
  const schema = await rt.definitions(undefined, { offline: true });
  if (schema.modules.has(topic) && requestsByModule(schema).has(topic)) {
    rt.printer().line(moduleHelp(schema, topic, helpWidth(rt.printer().settings.width)));
    return EXIT.OK;
  }
  if (schema.services.has(topic)) return rt.runner.run(rt, [topic, '--help']);
  if (schema.messages.has(topic)) {
    throw new CliError(`${topic} is not a request: VPP sends it`, EXIT.USAGE, `vppapi describe ${topic}`);
  }
  const near = nearest(topic, [...requestsByModule(schema).keys(), ...schema.services.keys()]);
  throw new CliError(`no module, message or command called "${topic}"${near ? ` (did you mean ${near}?)` : ''}`, EXIT.USAGE, 'vppapi --help lists the modules');
}
