/**
 * Decoder fuzzing over every message of a schema, shared by test/client/codec/fuzz-decoder.test.ts
 * (sized for CI) and bench/reliability.ts (heavier). No vitest here: a violated property
 * throws (fast-check reports the shrunk counterexample), and the run returns its counts.
 *
 * Frames tried per message, each decoded twice inside a larger buffer whose bytes after
 * the frame differ (0x00, then 0xff), so a read past the frame shows as a difference:
 *
 * | strategy  | frame                                                                 |
 * |-----------|-----------------------------------------------------------------------|
 * | random    | random bytes, 0..400                                                  |
 * | mutated   | a valid frame with up to 6 bytes changed, cut at a random length      |
 * | inflated  | a valid frame with a u32 or u16 far beyond the data written anywhere after the id (length and count fields) |
 * | padded    | a valid frame with 1..64 random bytes after it (VPP's allocated size) |
 *
 * Properties: the decoder returns a value or throws its own DecodeError (message led by
 * the message name), nothing else, and the same outcome whatever follows the frame; a
 * padded frame decodes to exactly what the frame alone does, unless the message ends in
 * a legacy array that takes the rest.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { getCodec } from '../../src/client/codec/index.js';
import { DecodeError } from '../../src/client/errors.js';
import type { Field, Schema } from '../../src/client/schema/model.js';
import { unalias } from '../../src/client/schema/model.js';
import { type GenOptions, messageValue } from './generate.js';

export type Strategy = 'random' | 'mutated' | 'inflated' | 'padded';

export interface FuzzFigures {
  messages: number;
  /** Frames tried (each decoded twice). */
  iterations: number;
  byStrategy: Record<Strategy, number>;
  /** Outcomes: decoded to a value, or refused with DecodeError. */
  decoded: number;
  refused: number;
}

type Outcome = { ok: unknown } | { err: string };

/** Decodes `frame` placed at the start of a larger buffer whose tail is `fill`. */
function decodeIn(schema: Schema, name: string, frame: Uint8Array, fill: number): Outcome {
  const big = Buffer.alloc(frame.length + 64, fill);
  big.set(frame, 0);
  try {
    return { ok: getCodec(schema, name).decode(big.subarray(0, frame.length)) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw new Error(`${name}: the decoder threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    if (!e.message.startsWith(name)) throw new Error(`${name}: DecodeError not led by the message name: ${e.message}`);
    return { err: e.message };
  }
}

/** True when some field, at any depth, is a legacy array taking the rest of the message. */
function takesRest(fields: readonly Field[], seen = new Set<object>()): boolean {
  for (const f of fields) {
    if (f.shape.kind === 'rest') return true;
    const t = unalias(f.type);
    if ((t.kind === 'struct' || t.kind === 'union') && !seen.has(t)) {
      seen.add(t);
      if (takesRest(t.fields, seen)) return true;
    }
  }
  return false;
}

/** Valid frames of `name` (several shapes); those the generator cannot make are skipped. */
function validFrames(schema: Schema, name: string): Buffer[] {
  const shapes: GenOptions[] = [
    { mode: 'mid', member: 0, arrayLen: 2 },
    { mode: 'max', member: 1, arrayLen: 3 },
    { mode: 'min', member: 0, arrayLen: 0 },
  ];
  const out: Buffer[] = [];
  for (const o of shapes) {
    try {
      out.push(getCodec(schema, name).encode(1, messageValue(schema, name, o)));
    } catch {
      /* e.g. a max value the definition's limit refuses: the other shapes remain */
    }
  }
  return out;
}

/**
 * Fuzzes the decoder of every message in `schema`, `runsPerMessage` frames each.
 * @throws Error (from fast-check, with the counterexample) when a property fails.
 */
export function fuzzDecoders(schema: Schema, runsPerMessage: number, seed?: number): FuzzFigures {
  const f: FuzzFigures = { messages: 0, iterations: 0, byStrategy: { random: 0, mutated: 0, inflated: 0, padded: 0 }, decoded: 0, refused: 0 };
  for (const [name, def] of schema.messages) {
    f.messages++;
    const valid = validFrames(schema, name);
    const base = valid.length ? fc.constantFrom(...valid) : fc.constant(Buffer.from([0, 1]));
    const rest = takesRest(def.fields);
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => ({ s: 'random' as const, b })),
      fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat()).map(([v, flips, cut]) => {
        const b = Buffer.from(v.subarray(0, Math.max(2, cut % (v.length + 1))));
        for (const [at, x] of flips) if (b.length > 2) b[2 + (at % (b.length - 2))] = x;
        return { s: 'mutated' as const, b };
      }),
      fc.tuple(base, fc.nat(), fc.constantFrom(0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0x0001_0000, 0xffff, 0x1000, 401), fc.boolean()).map(([v, at, big, wide]) => {
        const b = Buffer.from(v);
        const room = b.length - 2 - (wide ? 4 : 2);
        if (room >= 0) {
          const o = 2 + (at % (room + 1));
          if (wide) b.writeUInt32BE(big >>> 0, o);
          else b.writeUInt16BE(big & 0xffff, o);
        }
        return { s: 'inflated' as const, b };
      }),
      fc.tuple(base, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([v, tail]) => ({ s: 'padded' as const, b: Buffer.concat([v, tail]), v })),
    );
    fc.assert(
      fc.property(frame, (x) => {
        f.iterations++;
        f.byStrategy[x.s]++;
        const a = decodeIn(schema, name, x.b, 0x00);
        const b = decodeIn(schema, name, x.b, 0xff);
        if (!isDeepStrictEqual(a, b)) throw new Error(`${name}: the outcome depends on the bytes after the frame (${x.s})`);
        if ('ok' in a) f.decoded++;
        else f.refused++;
        if (x.s === 'padded' && !rest) {
          const alone = decodeIn(schema, name, (x as { v: Buffer }).v, 0x00);
          if (!isDeepStrictEqual(a, alone)) throw new Error(`${name}: bytes after the message changed what it decodes to`);
        }
      }),
      { numRuns: runsPerMessage, seed },
    );
  }
  return f;
}
