/**
 * Breadth: every message of the real 26.06 set encodes and decodes back to the same
 * value, at the edges of each field (min/max, empty/full, longest strings, every union
 * member). Exactness of the bytes themselves is the golden tests' job (independent oracle).
 */
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../../src/client/codec/index.js';
import { loadSchema, readApiDir } from '../../../src/client/schema/load.js';
import { messageValue, unionWidth, type Mode } from '../../support/generate.js';
import { API_26_06, HAVE_SHARED } from '../../support/shared.js';

/** `d` restricted to the keys present in `v` (decoding adds count fields and union siblings). */
function project(d: unknown, v: unknown): unknown {
  if (Array.isArray(v) && Array.isArray(d)) return v.map((x, i) => project(d[i], x));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && d && typeof d === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = project((d as Record<string, unknown>)[k], (v as Record<string, unknown>)[k]);
    return out;
  }
  return d;
}

describe.skipIf(!HAVE_SHARED)('round trip of every 26.06 message', () => {
  const { sources } = HAVE_SHARED ? readApiDir(API_26_06) : { sources: [] };
  const { schema } = loadSchema(sources);
  const names = [...schema.messages.keys()];

  it('has all 2,089 messages', () => {
    expect(names.length).toBe(2089);
  });

  const modes: Mode[] = ['min', 'max', 'mid'];
  it.each(modes)('every message round-trips in %s mode, for every union member', (mode) => {
    let checked = 0;
    for (const name of names) {
      const def = schema.messages.get(name)!;
      const codec = getCodec(schema, name);
      const width = unionWidth(def.fields);
      for (let member = 0; member < width; member++) {
        const v = messageValue(schema, name, { mode, member, arrayLen: mode === 'max' ? 3 : 1 });
        const b1 = codec.encode(0x1234, v);
        expect(b1.readUInt16BE(0)).toBe(0x1234);
        const d = codec.decode(b1);
        const b2 = codec.encode(0x1234, d);
        expect(b2.equals(b1), `${name} re-encodes to the same bytes`).toBe(true);
        expect(project(d, v), `${name} (${mode}, member ${member})`).toEqual(v);
        if (codec.fixedSize !== undefined) expect(b1.length).toBe(codec.fixedSize);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2089);
  });

  it('truncating any encoded message raises a DecodeError that names the message', () => {
    let cuts = 0;
    for (const name of names) {
      const codec = getCodec(schema, name);
      const b = codec.encode(1, messageValue(schema, name, { mode: 'max', member: 0, arrayLen: 2 }));
      if (b.length <= 2) continue;
      for (const cut of [2, Math.floor(b.length / 2), b.length - 1]) {
        if (cut < 2) continue;
        expect(() => codec.decode(b.subarray(0, cut)), `${name} cut at ${cut}`).toThrow(new RegExp(`^${name}[.:]`));
        cuts++;
      }
    }
    expect(cuts).toBeGreaterThan(2000);
  });
});
