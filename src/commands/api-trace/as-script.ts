/**
 * `api-trace show --as-script`: each request as one line in the shell's syntax, so a
 * trace becomes an editable script that `vppapi exec` runs (syntax/tokenizer.ts):
 *
 * | value                                 | written                                     |
 * |---------------------------------------|---------------------------------------------|
 * | number, boolean, plain word           | `sw_if_index=3`, `is_add=true`, `flags=IF_STATUS_API_FLAG_ADMIN_UP` |
 * | text with spaces or quotes            | `cmd='show version'` (POSIX single quotes, `'\''` for a quote) |
 * | struct                                | a pair per field: `route.prefix=198.51.100.0/24` |
 * | FIB paths                             | `route.paths='[via 10.26.6.2 sw_if_index 3]'` (the words tables print) |
 * | union, list of structs                | one line of JSON in the `--json` form       |
 *
 * The pairs are src/format/trace/script-pairs.ts's; they read back to the same bytes
 * (docs/json-form.md).
 *
 * What is not a request to replay becomes a `#` comment saying why: memclnt and pings
 * (the connection does its own), replies and events of a recorded session are left out,
 * undecoded records are commented with their bytes.
 */
import { scriptPairs } from '../../format/trace/script-pairs.js';
import { isMemclnt } from '../../client/trace/replay.js';
import type { TraceItem } from '../../client/trace/load-messages.js';
import type { Printer } from '../runtime/output.js';

const PLAIN = /^[A-Za-z0-9_.:/@%+,-]+$/;

/** POSIX single-quoting when needed. */
export function shellWord(s: string): string {
  return PLAIN.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The line (with its newline) for one item; '' for what a script leaves out. */
export function scriptLine(it: TraceItem, p: Printer): string {
  if (it.direction !== 'send') return '';
  if (!it.value || !it.def) {
    const hex = it.bytes ? ` ${it.bytes.length} bytes: ${it.bytes.toString('hex')}` : '';
    return `# #${it.index} ${it.name || `id ${it.id ?? '?'}`}${it.crc ? `_${it.crc}` : ''} not decoded (${it.status}${it.error ? `: ${it.error}` : ''})${hex}\n`;
  }
  if (isMemclnt(it.name, it.def)) return `# #${it.index} ${it.name}: memclnt, the connection does its own\n`;
  if (it.def.header !== 'request') return `# #${it.index} ${it.name}: not a request\n`;
  const lost = (it.lost ?? []).map((l) => `# #${it.index} ${it.name}: ${l}\n`).join('');
  const pairs = scriptPairs(it.def, it.value, p.registry).map(([k, v]) => `${k}=${shellWord(v)}`);
  if (pairs.length === 0) return `${lost}${it.name}\n`;
  return `${lost}${it.name} ${pairs.join(' ')}\n`;
}
