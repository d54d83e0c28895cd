/**
 * Decoder fuzzing over every message (test/support/fuzz-frames.ts): random frames,
 * mutations of valid ones, length and count fields far beyond the data, and valid frames
 * with bytes after them. The decoder returns a value or raises its own DecodeError,
 * nothing else, and never looks past the end of the frame. bench/reliability.ts runs the
 * same with more frames per message.
 */
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import { type FuzzFigures, fuzzDecoders } from '../../support/fuzz-frames.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

function report(what: string, f: FuzzFigures): void {
  const s = f.byStrategy;
  console.log(
    `fuzz: ${f.iterations} frames over ${f.messages} ${what} (random ${s.random}, mutated ${s.mutated}, inflated ${s.inflated}, padded ${s.padded}; ` +
      `${f.decoded} decoded, ${f.refused} refused with DecodeError)`,
  );
}

describe('decoder fuzzing', () => {
  it('built-in definitions: every message, every strategy', () => {
    const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
    const f = fuzzDecoders(schema, 80);
    report('built-in messages', f);
    expect(f.messages).toBe(schema.messages.size);
    expect(f.iterations).toBe(schema.messages.size * 80);
    for (const n of Object.values(f.byStrategy)) expect(n).toBeGreaterThan(f.iterations / 8);
    expect(f.refused).toBeGreaterThan(0);
    expect(f.decoded).toBeGreaterThan(0);
  });

  it.skipIf(!HAVE_SHARED)('26.06 definitions: every message, every strategy', () => {
    const schema = loadSchema(readApiDir(API_26_06).sources).schema;
    const f = fuzzDecoders(schema, 40);
    report('messages of 26.06', f);
    expect(f.messages).toBe(2089);
    expect(f.iterations).toBe(2089 * 40);
    for (const n of Object.values(f.byStrategy)) expect(n).toBeGreaterThan(f.iterations / 8);
  });
});
