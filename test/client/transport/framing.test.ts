import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { FramingError } from '../../../src/client/transport/errors.js';
import {
  DEFAULT_MAX_FRAME_SIZE,
  FRAME_HEADER_SIZE,
  FrameDecoder,
  allocFrame,
  encodeFrame,
  frameHeader,
  writeFrameHeader,
} from '../../../src/client/transport/framing.js';
import { SHARED } from '../../support/shared.js';

const shared = SHARED;

/**
 * The independent oracle: a frame as docs/protocol.md §1 draws it, byte by byte. `junk` fills
 * the queue pointer and timestamp, which a receiver must ignore.
 */
function frameOf(payload: Uint8Array, junk = 0): Uint8Array {
  const n = payload.length;
  const out = new Uint8Array(16 + n);
  for (let i = 0; i < 8; i++) out[i] = junk;
  out[8] = Math.floor(n / 2 ** 24) & 0xff;
  out[9] = Math.floor(n / 2 ** 16) & 0xff;
  out[10] = Math.floor(n / 2 ** 8) & 0xff;
  out[11] = n & 0xff;
  for (let i = 12; i < 16; i++) out[i] = junk;
  out.set(payload, 16);
  return out;
}

function headerOnly(length: number): Uint8Array {
  return Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9, length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, 7, 7, 7, 7]);
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Payloads of several sizes (2 = id only, around 16 to catch header/payload mix-ups, and bigger ones). */
function samplePayloads(sizes = [2, 3, 15, 16, 17, 100, 1000, 4097]): Uint8Array[] {
  return sizes.map((size, k) => {
    const p = new Uint8Array(size);
    for (let i = 0; i < size; i++) p[i] = (i * 31 + k * 7 + 1) & 0xff;
    p[0] = 0;
    p[1] = 10 + k; // message id
    return p;
  });
}

/** Pushes `stream` to `d` cut at `cuts`, overwriting each chunk right after push to prove nothing aliases it; then ends it. */
function pushCut(d: FrameDecoder, stream: Uint8Array, cuts: number[]): void {
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    const chunk = Buffer.from(stream.subarray(from, cut));
    d.push(chunk);
    chunk.fill(0xee);
    from = cut;
  }
  expect(d.bufferedBytes).toBe(0);
  d.end();
}

/** Pushes `stream` cut at `cuts`, overwriting each chunk right after push to prove nothing aliases it. */
function decodeCut(stream: Uint8Array, cuts: number[], decoderOptions = {}): Buffer[] {
  const got: Buffer[] = [];
  const d = new FrameDecoder((p) => got.push(p), decoderOptions);
  pushCut(d, stream, cuts);
  return got;
}

function expectPayloads(got: Uint8Array[], want: Uint8Array[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Buffer.from(got[i]).equals(want[i])).toBe(true);
}

/**
 * `decode` over random chunkings of `stream` (giving `want`) and of a stream whose frames
 * are larger than a socket read: 200 runs each.
 */
function expectRandomChunkings(stream: Uint8Array, want: Uint8Array[], decode: (s: Uint8Array, cuts: number[]) => Buffer[]): void {
  const big = samplePayloads([2, 70_000, 17, 65_536, 3, 200_000, 16]);
  const bigStream = join(big.map((p) => frameOf(p, 0xff)));
  for (const [s, w] of [
    [stream, want],
    [bigStream, big],
  ] as const) {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: s.length - 1 }), { maxLength: 40 }), (raw) => {
        expectPayloads(
          decode(
            s,
            [...raw].sort((a, b) => a - b),
          ),
          w,
        );
      }),
      { numRuns: 200 },
    );
  }
}

describe('sending side', () => {
  it('encodeFrame writes zeros, the big-endian length, zeros, then the payload', () => {
    const frame = encodeFrame(Uint8Array.from([0x00, 0x0f, 0xaa]));
    expect([...frame]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0x00, 0x0f, 0xaa]);
  });

  it('writeFrameHeader fills a header in place, clearing what was there', () => {
    const buf = Buffer.alloc(24, 0xff);
    writeFrameHeader(buf, 0x01020304, 4);
    expect([...buf]).toEqual([255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('frameHeader and allocFrame give the header alone and a zero-filled frame to encode into', () => {
    expect([...frameHeader(0xfffffffe)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0]);
    const frame = allocFrame(5);
    expect(FRAME_HEADER_SIZE).toBe(16);
    expect([...frame]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses lengths with no room for a message id or beyond u32, and headers that do not fit', () => {
    expect(() => encodeFrame(new Uint8Array(1))).toThrow(RangeError);
    expect(() => frameHeader(0)).toThrow(RangeError);
    expect(() => frameHeader(2 ** 32)).toThrow(RangeError);
    expect(() => allocFrame(2.5)).toThrow(RangeError);
    expect(() => writeFrameHeader(Buffer.alloc(20), 10, 5)).toThrow(RangeError);
  });
});

/**
 * decodeCut through FrameDecoder.borrowing: each range copied during the call (as a
 * borrowing receiver must), checked to lie inside the bytes given, and each chunk
 * overwritten right after push.
 */
function decodeCutBorrowing(stream: Uint8Array, cuts: number[], decoderOptions = {}): Buffer[] {
  const got: Buffer[] = [];
  const d = FrameDecoder.borrowing((b, start, end) => {
    expect(0 <= start && start + 2 <= end && end <= b.length).toBe(true);
    got.push(Buffer.from(b.subarray(start, end)));
  }, decoderOptions);
  pushCut(d, stream, cuts);
  return got;
}

describe('FrameDecoder', () => {
  const payloads = samplePayloads();
  const stream = join(payloads.map((p, i) => frameOf(p, 0xa0 + i)));

  it('decodes a whole stream in one chunk, ignoring queue pointer and timestamp', () => {
    expectPayloads(decodeCut(stream, []), payloads);
  });

  it('gives the same payloads for a two-piece split at every offset', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const got = decodeCut(stream, [cut]);
      if (got.length !== payloads.length || got.some((p, i) => !p.equals(payloads[i]))) {
        throw new Error(`split at offset ${cut} decoded differently`);
      }
    }
    expect(stream.length).toBe(5250 + 8 * 16); // every offset of 8 frames was tried
  });

  it('gives the same payloads fed byte by byte', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expectPayloads(decodeCut(stream, cuts), payloads);
  });

  it('gives the same payloads for random chunkings, with frames larger than a socket read too', () => {
    expectRandomChunkings(stream, payloads, decodeCut);
  });

  it('hands up payloads that later pushes and chunk reuse never change', () => {
    // One reused chunk buffer, as a reader with a fixed receive buffer would do.
    const got: Buffer[] = [];
    const d = new FrameDecoder((p) => got.push(p));
    const reused = Buffer.alloc(777);
    for (let from = 0; from < stream.length; from += reused.length) {
      const n = Math.min(reused.length, stream.length - from);
      reused.set(stream.subarray(from, from + n));
      d.push(reused.subarray(0, n));
      reused.fill(0x55);
    }
    expectPayloads(got, payloads);
    for (const p of got) expect(p.buffer).not.toBe(reused.buffer);
  });

  it('keeps the first of two spanning frames intact while the second is gathered', () => {
    const a = Uint8Array.from({ length: 50 }, (_, i) => i + 1);
    const b = Uint8Array.from({ length: 50 }, (_, i) => 200 - i);
    const s = join([frameOf(a), frameOf(b)]);
    const got: Buffer[] = [];
    const d = new FrameDecoder((p) => got.push(p));
    for (const [from, to] of [
      [0, 30],
      [30, 70],
      [70, 100],
      [100, s.length],
    ]) {
      const chunk = Buffer.from(s.subarray(from, to));
      d.push(chunk);
      chunk.fill(0);
    }
    expectPayloads(got, [a, b]);
  });

  it('reports bytes held for an unfinished frame, and end() refuses a stream cut mid-frame', () => {
    const d = new FrameDecoder(() => {});
    const f = frameOf(new Uint8Array(40));
    d.push(f.subarray(0, 10));
    expect(d.bufferedBytes).toBe(10);
    d.push(f.subarray(10, 30));
    expect(d.bufferedBytes).toBe(30);
    let err: unknown;
    try {
      d.end();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FramingError);
    expect((err as FramingError).code).toBe('EFRAME');
    expect((err as FramingError).streamOffset).toBe(0);
    expect((err as FramingError).payloadLength).toBe(40);
    expect((err as FramingError).message).toContain('30 of 56 bytes');
  });

  describe('protocol errors', () => {
    afterEach(() => vi.restoreAllMocks());

    function pushError(d: FrameDecoder, chunk: Uint8Array): FramingError {
      try {
        d.push(chunk);
      } catch (e) {
        expect(e).toBeInstanceOf(FramingError);
        return e as FramingError;
      }
      throw new Error('push did not throw');
    }

    it('rejects a header announcing more than maxFrameSize without allocating for it', () => {
      const spy = vi.spyOn(Buffer, 'allocUnsafe');
      const whole = pushError(new FrameDecoder(() => {}), headerOnly(DEFAULT_MAX_FRAME_SIZE + 1));
      expect(whole.code).toBe('EFRAME');
      expect(whole.payloadLength).toBe(64 * 1024 * 1024 + 1);
      const d = new FrameDecoder(() => {});
      d.push(headerOnly(0xffffffff).subarray(0, 9));
      const split = pushError(d, headerOnly(0xffffffff).subarray(9));
      expect(split.payloadLength).toBe(0xffffffff);
      expect(spy).not.toHaveBeenCalled();
    });

    it('honours a custom maxFrameSize exactly', () => {
      const ok: Buffer[] = [];
      new FrameDecoder((p) => ok.push(p), { maxFrameSize: 100 }).push(frameOf(new Uint8Array(100)));
      expect(ok.length).toBe(1);
      const err = pushError(new FrameDecoder(() => {}, { maxFrameSize: 100 }), frameOf(new Uint8Array(101)));
      expect(err.message).toContain('101');
      expect(() => new FrameDecoder(() => {}, { maxFrameSize: 1 })).toThrow(RangeError);
    });

    it('rejects payloads of 0 and 1 bytes (no room for the message id)', () => {
      expect(pushError(new FrameDecoder(() => {}), headerOnly(0)).payloadLength).toBe(0);
      expect(pushError(new FrameDecoder(() => {}), frameOf(Uint8Array.of(7))).message).toContain('message id');
    });

    it('delivers the valid frames before garbage, then fails for good', () => {
      const got: Buffer[] = [];
      const d = new FrameDecoder((p) => got.push(p));
      const good = Uint8Array.of(0, 42, 1, 2, 3);
      const garbage = Uint8Array.from({ length: 40 }, () => 0xde);
      const err = pushError(d, join([frameOf(good), garbage]));
      expectPayloads(got, [good]);
      expect(err.streamOffset).toBe(21);
      expect(err.payloadLength).toBe(0xdededede);
      expect(pushError(d, frameOf(good))).toBe(err);
      expect(got.length).toBe(1);
    });

    it('fails when garbage arrives in a later chunk, naming its stream offset', () => {
      const d = new FrameDecoder(() => {});
      d.push(frameOf(new Uint8Array(10)));
      d.push(Uint8Array.of(1, 2, 3));
      const err = pushError(d, new Uint8Array(13).fill(0xff));
      expect(err.streamOffset).toBe(26);
    });

    it('propagates a throwing handler, then refuses further input', () => {
      const boom = new Error('handler bug');
      const d = new FrameDecoder(() => {
        throw boom;
      });
      expect(() => d.push(frameOf(Uint8Array.of(0, 1)))).toThrow(boom);
      const later = pushError(d, frameOf(Uint8Array.of(0, 1)));
      expect(later.cause).toBe(boom);
    });
  });

  describe.skipIf(!existsSync(shared))('frames recorded from VPP 26.06', () => {
    it('re-frames the get_api_json conversation (a 3 MB reply) and decodes it in 64 KiB reads', () => {
      const lines = readFileSync(path.join(shared, 'captures/v26.06-get-api-json.jsonl'), 'utf8').trim().split('\n');
      const recorded = lines.map((l) => Buffer.from((JSON.parse(l) as { hex: string }).hex, 'hex'));
      expect(recorded.some((p) => p.length === 3_072_672)).toBe(true);
      const s = join(recorded.map((p, i) => frameOf(p, 0x11 * (i + 1))));
      const cuts: number[] = [];
      for (let at = 65_536; at < s.length; at += 65_536) cuts.push(at);
      expectPayloads(decodeCut(s, cuts), recorded);
    });
  });
});

describe('FrameDecoder.borrowing', () => {
  const payloads = samplePayloads();
  const stream = join(payloads.map((p, i) => frameOf(p, 0xa0 + i)));

  it('gives the same payloads whole, split in two at every offset, and byte by byte', () => {
    expectPayloads(decodeCutBorrowing(stream, []), payloads);
    for (let cut = 1; cut < stream.length; cut++) {
      const got = decodeCutBorrowing(stream, [cut]);
      if (got.length !== payloads.length || got.some((p, i) => !p.equals(payloads[i]!))) {
        throw new Error(`split at offset ${cut} decoded differently`);
      }
    }
    expectPayloads(
      decodeCutBorrowing(
        stream,
        Array.from({ length: stream.length - 1 }, (_, i) => i + 1),
      ),
      payloads,
    );
  });

  it('gives the same payloads for random chunkings, with frames larger than a socket read too', () => {
    expectRandomChunkings(stream, payloads, decodeCutBorrowing);
  });

  it('lends frames whole in a chunk as ranges of that chunk, and a frame that spanned chunks as its own buffer', () => {
    const a = Uint8Array.from({ length: 50 }, (_, i) => i + 1);
    const b = Uint8Array.from({ length: 30 }, (_, i) => 200 - i);
    const s = Buffer.from(join([frameOf(a), frameOf(b), frameOf(a)]));
    const seen: { same: boolean; start: number; end: number }[] = [];
    let chunk = s.subarray(0, 16 + 50 + 16 + 30);
    const d = FrameDecoder.borrowing((bytes, start, end) => seen.push({ same: bytes === chunk, start, end }));
    d.push(chunk);
    expect(seen).toEqual([
      { same: true, start: 16, end: 66 },
      { same: true, start: 82, end: 112 },
    ]);
    chunk = s.subarray(112, 140);
    d.push(chunk);
    chunk = s.subarray(140);
    d.push(chunk);
    expect(seen[2]).toEqual({ same: false, start: 0, end: 50 });
  });

  it('delivers the valid frames before garbage, then fails for good; a throwing receiver fails it too', () => {
    const got: Buffer[] = [];
    const d = FrameDecoder.borrowing((b, start, end) => got.push(Buffer.from(b.subarray(start, end))));
    const good = Uint8Array.of(0, 42, 1, 2, 3);
    let err: unknown;
    try {
      d.push(join([frameOf(good), Uint8Array.from({ length: 40 }, () => 0xde)]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FramingError);
    expect((err as FramingError).streamOffset).toBe(21);
    expectPayloads(got, [good]);
    expect(() => d.push(frameOf(good))).toThrow(err as Error);
    const boom = new Error('receiver bug');
    const t = FrameDecoder.borrowing(() => {
      throw boom;
    });
    expect(() => t.push(frameOf(good))).toThrow(boom);
    expect(() => t.push(frameOf(good))).toThrow(FramingError);
    expect(() => FrameDecoder.borrowing(() => {}, { maxFrameSize: 1 })).toThrow(RangeError);
  });
});
