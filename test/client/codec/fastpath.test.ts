/**
 * The generated fast paths must agree with the interpreted reference on everything:
 * same bytes, same decoded values, and where the reference fails, the same error.
 * Runs on the fixtures and the built-in definitions always, on the real 26.06 set when
 * ../shared is there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../../src/client/codec/index.js';
import { referenceCodec } from '../../../src/client/codec/message.js';
import { generateDecoder } from '../../../src/client/codec/generate.js';
import { generateEncoder } from '../../../src/client/codec/generate-encode.js';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import type { Schema } from '../../../src/client/schema/model.js';
import { fixtureSources } from '../../support/fixtures/index.js';
import { messageValue, unionWidth, type Mode } from '../../support/generate.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

function outcome(f: () => unknown): { ok: unknown } | { err: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { err: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** `m` with only the fields named, in that order (a naive copy: the oracle for decodeBody). */
function bodyOf(m: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const n of names) o[n] = m[n];
  return o;
}

function compareAll(schema: Schema, label: string): number {
  let n = 0;
  for (const name of schema.messages.keys()) {
    const fast = getCodec(schema, name);
    const ref = referenceCodec(schema, name);
    const width = unionWidth(schema.messages.get(name)!.fields);
    for (const mode of ['min', 'max', 'mid'] as Mode[]) {
      for (let member = 0; member < width; member++) {
        const v = messageValue(schema, name, { mode, member, arrayLen: 2 });
        const a = outcome(() => fast.encode(77, v, 16));
        const b = outcome(() => ref.encode(77, v, 16));
        expect(a, `${label} ${name} encode ${mode}/${member}`).toEqual(b);
        if (!('ok' in b)) continue;
        const bytes = (b.ok as Buffer).subarray(16);
        expect(fast.decode(bytes), `${label} ${name} decode`).toEqual(ref.decode(bytes));
        // The body alone, from inside a bigger buffer: the reference's value without the
        // header fields, keys in the definition's order.
        const bodyNames = schema.messages.get(name)!.bodyFields.map((f) => f.name);
        const inBig = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([7, 7])]);
        const wantBody = bodyOf(ref.decode(bytes), bodyNames);
        for (const codec of [fast, ref]) {
          const got = codec.decodeBody(inBig, 3, 3 + bytes.length);
          expect(got, `${label} ${name} decodeBody`).toEqual(wantBody);
          expect(Object.keys(got)).toEqual(bodyNames);
        }
        // Every cut of the payload: both fail with the same error, or (trailing zero-length
        // parts) both succeed with the same value. decodeBody is given the cut inside the
        // whole payload: reading past its end would find the real bytes and succeed.
        for (let cut = 2; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 7))) {
          const s = bytes.subarray(0, cut);
          const want = outcome(() => ref.decode(s));
          expect(outcome(() => fast.decode(s)), `${label} ${name} cut ${cut}`).toEqual(want);
          const body = 'ok' in want ? { ok: bodyOf(want.ok as Record<string, unknown>, bodyNames) } : want;
          expect(outcome(() => fast.decodeBody(inBig, 3, 3 + cut)), `${label} ${name} body cut ${cut}`).toEqual(body);
        }
        n++;
      }
    }
  }
  return n;
}

describe('generated codecs agree with the reference', () => {
  it('on the fixtures', () => {
    expect(compareAll(loadSchema(fixtureSources()).schema, 'fixture')).toBeGreaterThan(20);
  });

  it('on the built-in definitions', () => {
    const sources = builtinModules().map((module) => ({ origin: 'built-in', module }));
    expect(compareAll(loadSchema(sources).schema, 'builtin')).toBeGreaterThan(600);
  });

  it.skipIf(!HAVE_SHARED)('exist for every 26.06 message (generation never falls back)', () => {
    const schema = loadSchema(readApiDir(API_26_06).sources).schema;
    const missing = [...schema.messages.values()].filter((d) => !generateDecoder(schema, d.fields) || !generateEncoder(schema, d.fields)).map((d) => d.name);
    expect(missing).toEqual([]);
  });

  // ~5 s of CPU alone; a loaded machine stretched it past the 30 s default in a full run.
  it.skipIf(!HAVE_SHARED)('on every 26.06 message', () => {
    expect(compareAll(loadSchema(readApiDir(API_26_06).sources).schema, '26.06')).toBeGreaterThan(6000);
  }, 120_000);

  it('on random bytes and random values (fast-check)', () => {
    const sources = builtinModules().map((module) => ({ origin: 'built-in', module }));
    const schema = loadSchema(sources).schema;
    const names = ['sw_interface_details', 'ip_route_add_del', 'ip_address_details', 'show_version_reply', 'sw_interface_event', 'ip_route_details'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.uint8Array({ minLength: 0, maxLength: 3000 }), (name, raw) => {
        const payload = Buffer.concat([Buffer.from([0, 1]), raw]);
        const want = outcome(() => referenceCodec(schema, name).decode(payload));
        expect(outcome(() => getCodec(schema, name).decode(payload))).toEqual(want);
        const names = schema.messages.get(name)!.bodyFields.map((f) => f.name);
        const inBig = Buffer.concat([Buffer.from([1]), payload, Buffer.from([0, 0, 0, 9])]);
        const body = outcome(() => getCodec(schema, name).decodeBody(inBig, 1, 1 + payload.length));
        expect(body).toEqual('ok' in want ? { ok: bodyOf(want.ok as Record<string, unknown>, names) } : want);
      }),
      { numRuns: 3000 },
    );
    // Odd value forms: the fast path must hand these to the reference, never encode them differently.
    const odd: unknown[] = [1n, -1, 256, 1.5, '7', 'ADDRESS_IP6', [1, 2], null, {}, true, 0, 2 ** 32, new Uint8Array(3)];
    fc.assert(
      fc.property(fc.constantFrom(...odd), fc.constantFrom('sw_if_index', 'is_add', 'route', 'prefix'), (x, field) => {
        const v = { [field]: x } as Record<string, unknown>;
        for (const name of ['ip_route_add_del', 'sw_interface_add_del_address', 'sw_interface_set_flags']) {
          expect(outcome(() => getCodec(schema, name).encode(3, v))).toEqual(outcome(() => referenceCodec(schema, name).encode(3, v)));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('encoded frames come from a clean buffer', () => {
  it('is zero where nothing is written, whatever Node’s buffer pool held before', () => {
    const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
    for (const name of ['ip_route_add_del', 'sw_interface_set_flags', 'sw_interface_add_del_address']) {
      const fast = getCodec(schema, name);
      const want = referenceCodec(schema, name).encode(77, {}, 16);
      for (let i = 0; i < 40; i++) {
        // Pool slices handed out and scribbled over, so that the next one is dirty memory.
        Buffer.allocUnsafe(want.length).fill(0xa5);
        const got = fast.encode(77, {}, 16);
        expect(got.equals(want), `${name} #${i}`).toBe(true);
        got.fill(0xee);
      }
    }
  });
});

/** The lengths of every byte array in a decoded value. */
function byteLengths(v: unknown, out: number[]): void {
  if (v instanceof Uint8Array) out.push(v.length);
  else if (Array.isArray(v)) for (const x of v) byteLengths(x, out);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) byteLengths(x, out);
}

describe('decoded bytes are copies', () => {
  it('keep their value when the payload is overwritten, short (≤ 64 bytes) and long alike', () => {
    const lengths: number[] = [];
    for (const schema of [loadSchema(fixtureSources()).schema, loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema]) {
      for (const name of schema.messages.keys()) {
        const v = messageValue(schema, name, { mode: 'max', member: 0, arrayLen: 70 });
        let payload: Buffer;
        try {
          payload = getCodec(schema, name).encode(7, v);
        } catch {
          continue;
        }
        const want = referenceCodec(schema, name).decode(Buffer.from(payload));
        const got = getCodec(schema, name).decode(payload);
        payload.fill(0x5a);
        expect(got, name).toEqual(want);
        byteLengths(got, lengths);
      }
    }
    expect(lengths.some((n) => n > 0 && n <= 64)).toBe(true);
    expect(lengths.some((n) => n > 64)).toBe(true);
  });
});
