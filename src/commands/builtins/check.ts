/**
 * `vppapi check [message...]`: the compatibility report of the local definitions with
 * the VPP on the socket.
 *
 * | given              | messages used                                   | exit 5 when        |
 * |--------------------|--------------------------------------------------|--------------------|
 * | nothing            | every local definition                           | any changed        |
 * | names or globs     | those, with their replies, details, events and control_ping for dumps | any changed or missing |
 *
 * With `--against DEFS FILE…` it checks files instead (upgrade/against.ts): no VPP needed.
 */
import type { Schema } from '../../client/schema/model.js';
import { missingModuleReason } from '../../client/schema/module-kind.js';
import { GUARDS, guardVerdict } from '../../client/session/guards.js';
import type { Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { type CompatRow, compare, countStatus, namePattern, rowJson } from '../request/compat.js';
import type { Printer } from '../runtime/output.js';
import type { Runtime } from '../runtime/runtime.js';
import { checkAgainst } from '../upgrade/against.js';

/** The messages a request involves: itself, its reply or details, events, control_ping for dumps. */
function involved(schema: Schema, name: string): string[] {
  const svc = schema.services.get(name);
  if (!svc) return [name];
  const out = [name, ...(svc.reply ? [svc.reply] : []), ...(svc.streamMsg ? [svc.streamMsg] : []), ...svc.events];
  if (svc.pattern === 'dump') out.push('control_ping', 'control_ping_reply');
  return out;
}

function usedSet(schema: Schema, args: readonly string[]): Set<string> | undefined {
  if (args.length === 0) return undefined;
  const used = new Set<string>();
  for (const a of args) {
    const m = namePattern(a);
    const hits = /[*?[]/.test(a) ? [...schema.messages.keys()].filter(m) : schema.messages.has(a) ? [a] : [];
    if (hits.length === 0) throw new CliError(`check: no local definition matches "${a}"`, EXIT.USAGE, 'vppapi message-table --filter <prefix> lists the names');
    for (const h of hits) for (const n of involved(schema, h)) used.add(n);
  }
  return used;
}

/**
 * Each guarded request this VPP has: what it would get (refused or warned). A guarded
 * request VPP lacks is not listed: it cannot harm this VPP, and it counts as missing.
 */
function guardRows(schema: Schema, session: Session, version: string | undefined): { name: string; crc: string; seen_on: string[]; verdict: string; reason: string }[] {
  return GUARDS.flatMap((g) => {
    const entry = session.table.byName(g.name);
    const v = entry ? guardVerdict(g.name, schema.messages.get(g.name)?.crc ?? entry.crc, version) : undefined;
    if (!v) return [];
    const verdict = v.action === 'refuse' ? 'refused unless --force' : 'sent with a warning';
    return [{ name: g.name, crc: g.crc, seen_on: [...g.seenOn], verdict, reason: g.reason }];
  });
}

/**
 * Missing messages by module: `acl (all 30: plugin not loaded?)`, `ip: a, b`; a module
 * missing as a whole says why by its kind (client/schema/module-kind.ts).
 */
function missingByModule(schema: Schema, rows: readonly CompatRow[]): string[] {
  const by = new Map<string, string[]>();
  for (const r of rows) if (r.status === 'missing') by.set(r.module ?? '?', [...(by.get(r.module ?? '?') ?? []), r.name]);
  return [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([m, names]) => {
    const total = schema.modules.get(m)?.messages.length ?? 0;
    return names.length === total ? `${m} (all ${total}: ${missingModuleReason(schema, m)})` : `${m}: ${names.join(', ')}`;
  });
}

function printReport(p: Printer, rt: Runtime, schema: Schema, session: Session, version: string | undefined, rows: CompatRow[], used: Set<string> | undefined, bad: CompatRow[]): void {
  const c = countStatus(rows);
  p.line(`VPP${version ? ` ${version}` : ''} on ${session.socketPath}: ${session.table.size} messages`);
  p.line(`Local definitions: ${rt.originText()}: ${schema.messages.size} messages in ${schema.modules.size} modules`);
  p.line('');
  p.line(`  available  ${String(c.available).padStart(5)}`);
  p.line(`  changed    ${String(c.changed).padStart(5)}   same name, other CRC: the definitions differ`);
  p.line(`  missing    ${String(c.missing).padStart(5)}   local only: not in this VPP`);
  p.line(`  unknown    ${String(c.unknown).padStart(5)}   in this VPP only`);
  const changed = rows.filter((r) => r.status === 'changed');
  if (changed.length) {
    p.line('');
    p.line('Changed (local CRC → VPP CRC):');
    for (const r of changed) p.line(`  ${r.name}  ${r.localCrc} → ${r.crc}${r.module ? `  (${r.module})` : ''}`);
  }
  const missing = missingByModule(schema, rows);
  if (missing.length) {
    p.line('');
    p.line('Missing in VPP, by module:');
    for (const m of missing.slice(0, 50)) p.line(`  ${m}`);
    if (missing.length > 50) p.line(`  … ${missing.length - 50} more modules`);
  }
  const unknown = rows.filter((r) => r.status === 'unknown');
  if (unknown.length) {
    p.line('');
    p.line(`Unknown locally (${unknown.length}): ${unknown.slice(0, 20).map((r) => r.name).join(', ')}${unknown.length > 20 ? ', …' : ''}`);
  }
  const guarded = guardRows(schema, session, version);
  if (guarded.length) {
    p.line('');
    p.line('Guarded (seen to harm VPP; vppapi refuses or warns before sending):');
    for (const g of guarded) p.line(`  ${g.name}  ${g.crc}  seen on ${g.seen_on.join(', ')}: ${g.verdict}`);
  }
  p.line('');
  if (used) p.line(`Used: ${[...used].join(', ')}`);
  if (bad.length === 0) p.line(used ? 'OK: every message used is available.' : 'OK: no local definition differs from this VPP.');
  else {
    p.line(`NOT OK: ${bad.map((r) => `${r.name} ${r.status}`).join(', ')}.`);
  }
}

export async function run(rt: Runtime, args: string[], opts: Record<string, unknown> = {}): Promise<number> {
  if (typeof opts.against === 'string') return checkAgainst(rt, opts.against, args);
  const session = await rt.session();
  const schema = await rt.definitions();
  const used = usedSet(schema, args);
  const rows = compare(session.table, schema);
  const bad = rows.filter((r) => (used ? used.has(r.name) && (r.status === 'changed' || r.status === 'missing') : r.status === 'changed'));
  const version = await vppVersion(session);
  const p = rt.printer();
  if (p.mode !== 'human') {
    p.data({
      vpp: { version: version ?? null, socket: session.socketPath, messages: session.table.size },
      definitions: { origin: rt.originText(), messages: schema.messages.size, modules: schema.modules.size },
      counts: countStatus(rows),
      changed: rows.filter((r) => r.status === 'changed').map(rowJson),
      missing: rows.filter((r) => r.status === 'missing').map((r) => r.name),
      unknown: rows.filter((r) => r.status === 'unknown').map((r) => r.name),
      used: used ? [...used].map((n) => rowJson(rows.find((r) => r.name === n)!)) : null,
      guarded: guardRows(schema, session, version),
      ok: bad.length === 0,
    });
  } else {
    printReport(p, rt, schema, session, version, rows, used, bad);
  }
  return bad.length === 0 ? EXIT.OK : EXIT.UNAVAILABLE;
}
