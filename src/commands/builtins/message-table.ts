/**
 * `vppapi message-table [--filter PATTERN]`: VPP's live message table (id, name, CRC)
 * beside the local definitions, each row marked available / changed / missing / unknown
 * (compat.ts). `--filter ip_` is a prefix, `--filter '*_dump'` a glob. Printed as aligned
 * columns without borders, for grep and awk.
 */
import { EXIT } from '../runtime/exit-codes.js';
import { compare, countStatus, namePattern, rowJson } from '../request/compat.js';
import { alignedColumns } from '../runtime/help-text.js';
import type { Runtime } from '../runtime/runtime.js';

export async function run(rt: Runtime, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const session = await rt.session();
  const schema = await rt.definitions();
  const match = typeof opts.filter === 'string' ? namePattern(opts.filter) : () => true;
  const rows = compare(session.table, schema).filter((r) => match(r.name));
  const p = rt.printer();
  if (p.mode === 'json') {
    p.data(rows.map(rowJson));
    return EXIT.OK;
  }
  if (p.mode === 'jsonl') {
    for (const r of rows) p.data(rowJson(r));
    return EXIT.OK;
  }
  p.line(alignedColumns(
    ['ID', 'NAME', 'CRC', 'STATUS'],
    rows.map((r) => [
      r.id === undefined ? '' : String(r.id),
      r.name,
      r.crc ?? '',
      r.status === 'changed' ? `changed (local ${r.localCrc})` : r.status === 'unknown' ? 'unknown locally' : r.status,
    ]),
  ));
  const c = countStatus(rows);
  p.note(
    `${rows.length} message${rows.length === 1 ? '' : 's'}: ${c.available} available, ${c.changed} changed, ` +
      `${c.missing} missing in VPP, ${c.unknown} unknown locally (definitions: ${rt.originText()})`,
  );
  return EXIT.OK;
}
