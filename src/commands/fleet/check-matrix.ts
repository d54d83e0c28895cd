/**
 * `check` on several targets: which targets lack or changed the messages asked about
 * (or, with no names, every message that differs anywhere), as one matrix:
 *
 * ```
 * message              edge1      edge2
 * acl_add_replace      ok         missing
 * sw_interface_dump    ok         changed
 * ```
 * Each target's check ran in JSON form (its `used`, `changed`, `missing` lists); a target
 * that could not be checked shows `-` and is named on stderr.
 */
import type { Printer } from '../runtime/output.js';
import type { TargetResult } from './merge.js';
import { writeTable } from './merge.js';

interface CheckJson {
  vpp?: { version?: string | null; messages?: number };
  changed?: { name: string }[];
  missing?: string[];
  used?: { name: string; status: string }[] | null;
}

/** The check report of a target, when it printed one. */
function reportOf(r: TargetResult): CheckJson | undefined {
  const p = r.pieces.find((x) => x.kind === 'data');
  return p && p.kind === 'data' && typeof p.value === 'object' && p.value !== null ? (p.value as CheckJson) : undefined;
}

/** Prints the matrix; false when no target printed a report (the caller prints as usual). */
export async function writeCheckMatrix(p: Printer, results: readonly TargetResult[]): Promise<boolean> {
  const reports = results.map(reportOf);
  if (reports.every((x) => x === undefined)) return false;
  const status = new Map<string, Map<string, string>>();
  const set = (msg: string, target: string, s: string): void => {
    if (!status.has(msg)) status.set(msg, new Map());
    status.get(msg)!.set(target, s);
  };
  results.forEach((r, i) => {
    const rep = reports[i];
    if (!rep) return;
    if (rep.used) for (const u of rep.used) set(u.name, r.name, u.status === 'available' ? 'ok' : u.status);
    else {
      for (const c of rep.changed ?? []) set(c.name, r.name, 'changed');
      for (const m of rep.missing ?? []) set(m, r.name, 'missing');
    }
  });
  for (const [i, r] of results.entries()) {
    const v = reports[i]?.vpp;
    p.line(`${r.name}: ${v ? `VPP ${v.version ?? '(version unknown)'}, ${v.messages ?? '?'} messages` : 'not checked'}`);
  }
  const names = [...status.keys()].sort();
  if (names.length === 0) {
    p.line('every target has every message asked about, unchanged');
    return true;
  }
  const rows = names.map((n) => [n, ...results.map((r, i) => (reports[i] ? status.get(n)!.get(r.name) ?? 'ok' : '-'))]);
  await writeTable(p, ['message', ...results.map((r) => r.name)], rows);
  return true;
}
