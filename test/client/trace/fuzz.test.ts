/**
 * Bad bytes never crash the readers: random and mutated files give records, then at most
 * a TraceFormatError; the JSON and session readers never throw.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { openBinaryTrace } from '../../../src/client/trace/binary-reader.js';
import { TraceDecoder } from '../../../src/client/trace/record-decode.js';
import { TraceFormatError } from '../../../src/client/trace/errors.js';
import { readJsonTrace } from '../../../src/client/trace/json-reader.js';
import { readSessionLog } from '../../../src/client/trace/session-record-reader.js';
import { naiveRequest, naiveTrace } from '../../support/naive-trace.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const GOOD = naiveTrace({
  entries: [{ id: 5, key: 'show_version_51077d14' }, { id: 300, key: 'sw_interface_set_flags_f5aec1b8' }],
  records: [naiveRequest(5, 1, 1), naiveRequest(300, 1, 2, [0, 0, 0, 3, 0, 0, 0, 1]), naiveRequest(300, 1, 3, [0, 0])],
});

/** Everything the reader and decoder give for `bytes`; fails the test on any error but TraceFormatError. */
function readAll(bytes: Uint8Array): number {
  let n = 0;
  try {
    const t = openBinaryTrace(bytes);
    const dec = new TraceDecoder(schema, t.table);
    for (const r of t.records()) {
      dec.decode(r);
      n++;
    }
  } catch (e) {
    if (!(e instanceof TraceFormatError)) throw e;
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
  }
  return n;
}

describe('fuzz', () => {
  test('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => { readAll(b); }), { numRuns: 2000 });
  });

  test('a valid file with bytes changed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(GOOD.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const b = Buffer.from(GOOD);
        for (const [at, v] of edits) b[at] = v;
        readAll(b);
      }),
      { numRuns: 3000 },
    );
  });

  test('the short third record decodes as undecodable, not a crash', () => {
    const t = openBinaryTrace(GOOD);
    const dec = new TraceDecoder(schema, t.table);
    const st = [...t.records()].map((r) => dec.decode(r).status);
    expect(st).toEqual(['ok', 'ok', 'undecodable']);
  });

  test('JSON and session readers never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      readJsonTrace(s);
      readJsonTrace(`[${s}`);
      readSessionLog(s);
    }), { numRuns: 2000 });
  });
});
