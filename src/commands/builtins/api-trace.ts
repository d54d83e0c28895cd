/**
 * `vppapi api-trace show|replay FILE`: VPP's API traces (`api trace save`, post-mortem
 * dumps, `api trace save-json`) and vppapi's recorded sessions (`--record`). Named after
 * VPP's `api trace`, and apart from the packet-trace messages (`trace_*`). Options and
 * help are in registry.ts; the forms in api-trace/show.ts, the replay lines in
 * api-trace/replay-report.ts.
 */
import { openTrace, type OpenedTrace } from '../../client/trace/load-messages.js';
import { pairSession, unpaired, type ReplayInput } from '../../client/trace/pairing.js';
import { replay as replayAll } from '../../client/trace/replay.js';
import { planFor } from '../plan/plan.js';
import { send } from '../plan/send.js';
import { traceForms } from '../../format/trace/trace-forms.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';
import { resultLine, summaryLines } from '../api-trace/replay-report.js';
import { selector, type Selector } from '../api-trace/record-select.js';
import { show as showTrace, type ShowForm } from '../api-trace/show.js';
import { fsReason } from '../../client/fs-reason.js';
import { closeSync, openSync, statSync } from 'node:fs';

type Opts = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function selection(opts: Opts): Selector {
  return selector({ filter: str(opts.filter), range: str(opts.range), head: str(opts.head), tail: str(opts.tail), noMemclnt: opts.memclnt === false });
}

/**
 * The file with the definitions in use (VPP's when no directory is given; the built-in
 * set when VPP cannot be reached, for show).
 * @throws CliError (exit 2) for a file that cannot be read or is not a trace.
 */
async function open(rt: Runtime, file: string, decodeChanged: boolean, offline: boolean): Promise<OpenedTrace> {
  // Before the definitions, which may mean connecting to VPP: a file that cannot be read
  // is a bad input (exit 2), whether VPP is up or not.
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    closeSync(openSync(file, 'r'));
  } catch (e) {
    throw new CliError(`api-trace: cannot read ${file}: ${fsReason(e)}`, EXIT.USAGE, undefined, { cause: e });
  }
  const schema = await rt.definitions(undefined, { offline });
  try {
    return openTrace(file, { schema, forms: traceForms(rt.printer().registry), decodeChanged });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ETRACE') {
      throw new CliError(`${file}: ${(e as Error).message}`, EXIT.USAGE, 'api-trace reads files of api trace save / save-json and of vppapi --record', { cause: e });
    }
    throw new CliError(`api-trace: cannot read ${file}: ${fsReason(e)}`, EXIT.USAGE, undefined, { cause: e });
  }
}

export async function show(rt: Runtime, args: string[], opts: Opts): Promise<number> {
  const sel = selection(opts);
  const t = await open(rt, args[0]!, false, true);
  try {
    const p = rt.printer();
    const form: ShowForm = opts.summary ? 'summary' : opts.asScript ? 'script' : p.mode;
    return showTrace(t, sel, form, p);
  } finally {
    t.close();
  }
}

/**
 * Requests chosen by the selection (replies stay paired with them): --filter, --range and
 * --no-memclnt per request, then --head/--tail counting requests.
 */
function chosen(inputs: ReplayInput[], sel: Selector): ReplayInput[] {
  const kept = inputs.filter((i) => i.item.direction === 'send' && sel.keep(i.item));
  const head = sel.head !== undefined ? kept.slice(0, sel.head) : kept;
  return sel.tail !== undefined ? head.slice(Math.max(0, head.length - sel.tail)) : head;
}

export async function replay(rt: Runtime, args: string[], opts: Opts): Promise<number> {
  const sel = selection(opts);
  const t = await open(rt, args[0]!, opts.allowChanged === true, false);
  const p = rt.printer();
  try {
    const session = await rt.session();
    let inputs: ReplayInput[];
    try {
      inputs = t.kind === 'session' ? pairSession(t.items(), session.schema) : [...unpaired(t.items())];
    } catch (e) {
      if ((e as { code?: string }).code !== 'ETRACE') throw e;
      throw new CliError(`${t.path}: ${(e as Error).message}`, EXIT.USAGE, 'nothing was sent: replay reads the whole file before sending', { cause: e });
    }
    const compare = opts.compare === true;
    if (compare && t.kind !== 'session') p.warn('--compare: only recorded sessions hold replies; this file has none to compare with');
    if (t.header?.wrapped) p.warn('the trace had wrapped: its oldest records were lost, results may vary');
    for (const n of t.notes) p.warn(n);
    const dryRun = opts.dryRun === true;
    const sum = await replayAll(session, chosen(inputs, sel), {
      allowChanged: opts.allowChanged === true,
      force: opts.force === true,
      continueOnError: opts.continueOnError === true,
      dryRun,
      compare,
      onResult: (r) => p.line(resultLine(r, p)),
      view: (def, v) => p.toJson(def, v),
      // Through the record's request plan, as any request is sent (a value the codec refuses reads alike).
      send: (name, value, callOpts) => {
        // A message without a service (sent as is by whoever recorded it) has no plan.
        const plan = session.schema.services.has(name) ? planFor(session.schema, name) : undefined;
        return plan ? send(session, plan, value, callOpts) : session.call(name, value, callOpts);
      },
    });
    for (const l of summaryLines(sum, { compare, dryRun, replies: t.kind === 'session' })) p.note(l);
    if (sum.failed) return session.state === 'running' ? EXIT.RETVAL : EXIT.NO_ANSWER;
    return compare && sum.differing ? EXIT.RETVAL : EXIT.OK;
  } finally {
    t.close();
  }
}

export const subcommands = { show, replay };
