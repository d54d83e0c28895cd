/**
 * A `fib_path` reads and prints as VPP's own CLI shows a path (`via 10.0.0.2 loop0`,
 * `drop`, `local via 10.0.0.1 sw_if_index 1`), not as 30 fields with a union shown twice
 * and sixteen empty labels: words in fib-path-write.ts, read back by fib-path-read.ts.
 * JSON output keeps the whole struct; input takes the text or the JSON object. A path
 * the words cannot say whole prints as one line of JSON, so what prints always reads
 * back to the same bytes.
 */
import type { TypeNode } from '../../client/schema/model.js';
import { fibLayout } from './fib-path-layout.js';
import { readFibPath } from './fib-path-read.js';
import { writeFibPath } from './fib-path-write.js';
import type { SpecialFormat } from '../values/value-format.js';

export const fibPath: SpecialFormat = {
  placeholder: 'path',
  expected: 'a FIB path such as "via 10.0.0.2 loop0" or "drop", or a fib_path JSON object',
  textWhenShort: true,
  role: 'path',
  matches: (type: TypeNode) => fibLayout(type) !== undefined,
  parse(text, type, fail, ctx) {
    const r = readFibPath(fibLayout(type)!, text, ctx?.interfaces);
    return 'reason' in r ? fail(r.reason as string, r.needs as 'interfaces' | undefined) : r;
  },
  format: (value, type, opts) => writeFibPath(fibLayout(type)!, value, opts?.interfaces),
};
