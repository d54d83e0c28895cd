/**
 * `check --against`'s report: per file, one row per message (its worst verdict and where
 * the file sends it), the details of each request below; then the notes and a verdict.
 */
import type { CheckedRequest, MessageGroup, Verdict } from '../../client/schema/diff/index.js';

export interface CheckedFile {
  file: string;
  /** `exec script`, `recorded session`, `API trace (binary)`, ... */
  kind: string;
  groups: MessageGroup[];
  notes: string[];
}

export interface CheckSides {
  against: { origin: string; messages: number };
  local: { origin: string };
}

/** `line 3`, `record 12`. Throws nothing. */
export function atText(r: CheckedRequest): string {
  return r.at.line !== undefined ? `line ${r.at.line}` : `record ${r.at.record}`;
}

/** `lines 3, 7`, `record 12`. */
function atsText(rs: readonly CheckedRequest[]): string {
  const lines = rs.filter((r) => r.at.line !== undefined).map((r) => r.at.line);
  const recs = rs.filter((r) => r.at.line === undefined).map((r) => r.at.record);
  const part = (word: string, ns: readonly (number | undefined)[]): string => (ns.length === 0 ? '' : `${word}${ns.length > 1 ? 's' : ''} ${ns.join(', ')}`);
  return [part('line', lines), part('record', recs)].filter(Boolean).join('; ');
}

/** What one request's verdict says beyond its status. Throws nothing. */
export function verdictText(r: CheckedRequest): string {
  if (r.unreadable !== undefined) return `cannot be read: ${r.unreadable}`;
  const v = r.verdict as Verdict;
  const crc = v.oldCrc && v.newCrc && v.oldCrc !== v.newCrc ? ` (${v.oldCrc} → ${v.newCrc})` : '';
  const tail = [v.crcUnknown ? 'no local definition: fields checked by name only' : '', v.newStatus ? `${v.newStatus} there` : '', v.successor ? `successor ${v.successor}` : ''].filter(Boolean).join(', ');
  const t = tail ? `; ${tail}` : '';
  if (v.status === 'missing') return `not in these definitions${t}`;
  if (v.status === 'fine') return `fine${crc}${t}`;
  if (v.reason) return `changed${crc}: ${v.reason}${t}`;
  if (v.problems.length === 0) return `changed${crc}: the fields it sets still fit${t}`;
  const ps = v.problems.map((p) => (p.problem === 'removed' ? `field ${p.field} removed` : `field ${p.field} ${p.problem}: ${p.old} → ${p.new}`));
  return `changed${crc}: ${ps.join('; ')}${t}`;
}

/** The report as lines. Throws nothing. */
export function checkTable(files: readonly CheckedFile[], sides: CheckSides): string[] {
  const out = [`Against ${sides.against.origin}: ${sides.against.messages} messages`, `Files read with: ${sides.local.origin}`];
  let failing = 0;
  for (const f of files) {
    const reqs = f.groups.reduce((n, g) => n + g.requests.length, 0);
    const bad = f.groups.filter((g) => g.fails);
    failing += bad.length;
    out.push('', `${f.file} (${f.kind}): ${reqs} request${reqs === 1 ? '' : 's'}, ${f.groups.length} message${f.groups.length === 1 ? '' : 's'}${bad.length ? `, ${bad.length} would fail` : ''}`);
    const width = Math.min(44, Math.max(8, ...f.groups.map((g) => (g.message || '(unreadable)').length)));
    for (const g of f.groups) {
      const name = (g.message || '(unreadable)').padEnd(width);
      const details = new Map<string, CheckedRequest[]>();
      for (const r of g.requests) {
        const t = verdictText(r);
        const list = details.get(t);
        if (list) list.push(r);
        else details.set(t, [r]);
      }
      const one = details.size === 1 ? [...details][0]! : undefined;
      out.push(`  ${g.status.padEnd(10)} ${name}  ${atsText(g.requests)}${one && one[0] !== 'fine' ? `: ${one[0]}` : ''}${g.fails ? '  WOULD FAIL' : ''}`);
      if (!one) for (const [t, rs] of details) out.push(`      ${atsText(rs)}: ${t}`);
    }
    for (const n of f.notes) out.push(`  note: ${n}`);
  }
  out.push('', failing === 0 ? 'OK: every request would still work.' : `NOT OK: ${failing} message${failing === 1 ? '' : 's'} would fail.`);
  return out;
}

function requestJson(r: CheckedRequest): Record<string, unknown> {
  const v = r.verdict;
  return {
    ...(r.at.line !== undefined ? { line: r.at.line } : { record: r.at.record }),
    status: r.unreadable !== undefined || !v ? 'unreadable' : v.status,
    fails: r.unreadable !== undefined || !v ? true : v.fails,
    old_crc: v?.oldCrc ?? null,
    new_crc: v?.newCrc ?? null,
    problems: (v?.problems ?? []).map((p) => ({ field: p.field, problem: p.problem, old: p.old ?? null, new: p.new ?? null })),
    reason: r.unreadable ?? v?.reason ?? null,
    successor: v?.successor ?? null,
    new_status: v?.newStatus ?? null,
    crc_compared: v ? !v.crcUnknown : false,
  };
}

/** The report as one JSON value. Throws nothing. */
export function checkJson(files: readonly CheckedFile[], sides: CheckSides): Record<string, unknown> {
  return {
    against: sides.against,
    local: sides.local,
    files: files.map((f) => ({
      file: f.file,
      kind: f.kind,
      requests: f.groups.reduce((n, g) => n + g.requests.length, 0),
      messages: f.groups.map((g) => ({ message: g.message || null, status: g.status, fails: g.fails, requests: g.requests.map(requestJson) })),
      notes: f.notes,
    })),
    ok: files.every((f) => f.groups.every((g) => !g.fails)),
  };
}
