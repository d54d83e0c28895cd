/**
 * Decoder fuzzing over every message: random frames and mutations of valid ones. The
 * decoder returns a value or raises its own DecodeError, nothing else, and never looks
 * past the end of the frame (the bytes after it are changed and must not matter).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../src/client/codec/index.js';
import { DecodeError } from '../src/client/errors.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../src/client/schema/load.js';
import type { Schema } from '../src/client/schema/model.js';
import { messageValue } from './support/generate.js';
import { API_26_06, HAVE_SHARED } from './support/shared.js';

type Outcome = { ok: unknown } | { err: string };

/** Decodes `frame` placed inside a larger buffer whose tail is `fill`. */
function decodeIn(schema: Schema, name: string, frame: Uint8Array, fill: number): Outcome {
  const big = Buffer.alloc(frame.length + 64, fill);
  big.set(frame, 0);
  try {
    return { ok: getCodec(schema, name).decode(big.subarray(0, frame.length)) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw new Error(`${name}: decoder threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    expect(e.message.startsWith(name)).toBe(true);
    return { err: e.message };
  }
}

function fuzzAll(schema: Schema, runsPerMessage: number): number {
  let iterations = 0;
  const names = [...schema.messages.keys()];
  for (const name of names) {
    const valid = getCodec(schema, name).encode(1, messageValue(schema, name, { mode: 'mid', member: 0, arrayLen: 2 }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          // Mutations of a valid frame: flipped bytes, cut short, grown.
          fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat({ max: valid.length })).map(([flips, cut]) => {
            const b = Buffer.from(valid.subarray(0, Math.max(2, cut)));
            for (const [at, v] of flips) if (b.length > 2) b[2 + (at % (b.length - 2))] = v;
            return b;
          }),
        ),
        (frame) => {
          iterations++;
          const a = decodeIn(schema, name, frame, 0x00);
          const b = decodeIn(schema, name, frame, 0xff);
          expect(a).toEqual(b);
        },
      ),
      { numRuns: runsPerMessage },
    );
  }
  return iterations;
}

describe('decoder fuzzing', () => {
  it('built-in definitions: every message, random and mutated frames', () => {
    const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
    const n = fuzzAll(schema, 60);
    console.log(`fuzz: ${n} frames over ${schema.messages.size} built-in messages`);
    expect(n).toBeGreaterThanOrEqual(schema.messages.size * 60);
  });

  it.skipIf(!HAVE_SHARED)('26.06 definitions: every message, random and mutated frames', () => {
    const schema = loadSchema(readApiDir(API_26_06).sources).schema;
    const n = fuzzAll(schema, 25);
    console.log(`fuzz: ${n} frames over ${schema.messages.size} messages of 26.06`);
    expect(n).toBeGreaterThanOrEqual(2089 * 25);
  });
});
