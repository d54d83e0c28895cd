/**
 * `vppapi api-trace replay FILE`: replay (src/client/trace/replay.ts) with one line per
 * message, then a summary.
 *
 * | line                                                         | means                          |
 * |--------------------------------------------------------------|--------------------------------|
 * | `#4 sw_interface_set_flags  retval 0  0.4 ms`                | sent, answered                 |
 * | `#9 sw_interface_set_flags  retval -2 INVALID_SW_IF_INDEX (as recorded)  0.3 ms` | the recorded answer again |
 * | `#5 …  FAILED retval -2 …`, `#5 …  FAILED ETIMEDOUT: …`       | a failure (stops unless --continue-on-error) |
 * | `#1 control_ping  skipped: memclnt: …`                       | not sent, with why             |
 * | `#7 graph_node_get  refused: guarded: …`                     | not sent; --force / --allow-changed would |
 * | `#2 create_loopback  would send {"mac_address":…}`           | --dry-run                      |
 * | `    sw_if_index 1 → 3` (indented)                           | an index remapped or allocated |
 * | `    differs: reply.retval: recorded 0, live -2` (indented)  | --compare                      |
 */
import type { MessageDef } from '../../client/schema/model.js';
import type { ReplayResult, ReplaySummary } from '../../client/trace/replay.js';
import { describeValue } from '../../format/errors.js';
import { stringifyJson } from '../../format/json/lossless-json.js';
import type { Printer } from '../runtime/output.js';

export function resultLine(r: ReplayResult, p: Printer): string {
  const head = `#${r.index} ${r.name}`;
  const ms = r.ms !== undefined ? `  ${r.ms.toFixed(1)} ms` : '';
  const rv = r.retval !== undefined ? `retval ${r.retval}${r.retval !== 0 && r.retvalName ? ` ${r.retvalName}` : ''}` : 'done';
  let line: string;
  switch (r.action) {
    case 'sent':
      line = `${head}  ${rv}${r.retval !== undefined && r.retval !== 0 ? ' (as recorded)' : ''}${ms}`;
      break;
    case 'failed':
      line = `${head}  FAILED ${r.retval !== undefined ? rv : r.reason}${r.recordedRetval !== undefined ? ` (recorded ${r.recordedRetval})` : ''}${ms}`;
      break;
    case 'dry-run':
      line = `${head}  would send ${stringifyJson(bodyJson(p, r.def!, r.sent!))}`;
      break;
    default:
      line = `${head}  ${r.action}: ${r.reason}`;
  }
  const extra: string[] = [];
  if (r.warning) extra.push(`warning: ${r.warning}`);
  for (const m of r.remapped ?? []) extra.push(`${m.path} ${m.from} → ${m.to} (allocated when recorded as ${m.from})`);
  for (const a of r.allocated ?? []) extra.push(`allocated ${a.field} ${a.to} (recorded ${a.from})`);
  for (const d of r.differences ?? []) extra.push(`differs: ${d.path}: recorded ${describeValue(d.recorded)}, live ${describeValue(d.live)}`);
  return [line, ...extra.map((e) => `    ${e}`)].join('\n');
}

/** The body in the `--json` form without `_msgname`/`_crc` (the line names the message). */
function bodyJson(p: Printer, def: MessageDef, v: Record<string, unknown>): Record<string, unknown> {
  const { _msgname, _crc, ...rest } = p.toJson(def, v);
  void _msgname;
  void _crc;
  return rest;
}

export function summaryLines(s: ReplaySummary, opts: { compare: boolean; dryRun: boolean; replies: boolean }): string[] {
  const parts = [
    `${s.requests} request${s.requests === 1 ? '' : 's'}`,
    opts.dryRun ? undefined : `${s.ok} ok`,
    s.failed ? `${s.failed} failed` : undefined,
    s.skipped ? `${s.skipped} skipped` : undefined,
    s.refused ? `${s.refused} refused` : undefined,
    opts.compare ? `${s.differing} answered differently` : undefined,
  ].filter(Boolean);
  const out = [`replay: ${parts.join(', ')}${s.stoppedAt !== undefined ? `; stopped at #${s.stoppedAt} (--continue-on-error goes on)` : ''}`];
  const reasons = Object.entries(s.reasons);
  if (reasons.length) out.push(`  not sent: ${reasons.map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (!opts.replies) out.push('  the file holds no replies (a VPP trace): values went as recorded, indexes were not remapped');
  return out;
}
