/**
 * A recorded vppapi session (`--record FILE`): one JSON object per line, per message
 * sent or received on the connection, in order, so a session can be read, grepped and
 * replayed (`api-trace replay`):
 *
 * | key       | value                                                              |
 * |-----------|--------------------------------------------------------------------|
 * | `t`       | when it was sent or received, ISO 8601 UTC with milliseconds        |
 * | `dir`     | `send` (to VPP) or `receive` (from VPP)                             |
 * | `context` | the message's context, when its definition has one                  |
 * | `msg`     | the message in the `--json` form (`_msgname`, `_crc`, fields)       |
 *
 * A message that could not be decoded has, instead of `msg`: `id` (VPP's), `name`
 * (`<name>_<crc>` from VPP's table, when known), `len`, `hex` (the payload, id first) and
 * `error` (why). Nothing is left out: the handshake is there too. The reader is
 * src/client/trace/session-record-reader.ts.
 */
import type { RecordedMessage } from '../../client/types/recorded-message.js';
import { hex } from '../values/bytes.js';
import { stringifyJson } from '../json/lossless-json.js';
import { type FormatRegistry, defaultRegistry } from '../type-formats/format-registry.js';

/** One line, without its newline. Never throws. */
export function sessionLogLine(m: RecordedMessage, registry: FormatRegistry = defaultRegistry): string {
  const o: Record<string, unknown> = { t: m.time.toISOString(), dir: m.direction };
  if (m.context !== undefined) o.context = m.context;
  if (m.own) o.own = true;
  if (m.value && m.def) o.msg = registry.forMessage(m.def).toJson(m.value);
  else {
    o.id = m.id;
    if (m.name) o.name = `${m.name}_${m.crc}`;
    o.len = m.bytes?.length ?? 0;
    o.hex = m.bytes ? hex(m.bytes) : '';
    o.error = m.error ?? 'not decoded';
  }
  return stringifyJson(o);
}
