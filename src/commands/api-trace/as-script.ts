/**
 * `api-trace show --as-script`: each request as one line in the shell's syntax, so a
 * trace becomes an editable script that `vppapi exec` runs (syntax/tokenizer.ts):
 *
 * | value in the `--json` form            | written                                     |
 * |---------------------------------------|---------------------------------------------|
 * | number, boolean, plain word           | `sw_if_index=3`, `is_add=true`, `flags=IF_STATUS_API_FLAG_ADMIN_UP` |
 * | text with spaces or quotes            | `cmd='show version'` (POSIX single quotes, `'\''` for a quote) |
 * | object                                | `route='{"table_id":0,…}'`                  |
 * | a message with a list field           | `name --args '{…}'` (the whole message)     |
 *
 * What is not a request to replay becomes a `#` comment saying why: memclnt and pings
 * (the connection does its own), replies and events of a recorded session are left out,
 * undecoded records are commented with their bytes.
 */
import { stringifyJson } from '../../format/json/lossless-json.js';
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
  const { _msgname, _crc, ...fields } = p.toJson(it.def, it.value);
  void _msgname;
  void _crc;
  const lost = (it.lost ?? []).map((l) => `# #${it.index} ${it.name}: ${l}\n`).join('');
  const keys = Object.keys(fields);
  if (keys.length === 0) return `${lost}${it.name}\n`;
  if (keys.some((k) => Array.isArray(fields[k]))) return `${lost}${it.name} --args ${shellWord(stringifyJson(fields))}\n`;
  const pairs = keys.map((k) => {
    const v = fields[k];
    const text = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? stringifyJson(v) : String(v);
    return `${k}=${shellWord(text)}`;
  });
  return `${lost}${it.name} ${pairs.join(' ')}\n`;
}
