/**
 * Frames decoded per second by FrameDecoder against a naive decoder that Buffer.concat's
 * every chunk onto what it holds. Run: `npm run build && node dist/bench/framing.js`.
 * Prints figures only; nothing here asserts a speed.
 */
import { Buffer } from 'node:buffer';
import { FrameDecoder, encodeFrame } from '../src/client/transport/framing.js';

type Push = (chunk: Buffer) => void;

/** The baseline: append each chunk with Buffer.concat, copy each payload out, keep the rest. */
function naiveDecoder(onFrame: (payload: Buffer) => void): Push {
  let held = Buffer.alloc(0);
  return (chunk) => {
    held = Buffer.concat([held, chunk]);
    while (held.length >= 16) {
      const length = held.readUInt32BE(8);
      if (held.length < 16 + length) break;
      onFrame(Buffer.from(held.subarray(16, 16 + length)));
      held = held.subarray(16 + length);
    }
  };
}

/** `count` frames of `size`-byte payloads, cut into `chunkSize` reads as a socket would deliver them. */
function makeChunks(size: number, count: number, chunkSize: number): Buffer[] {
  const payload = Buffer.alloc(size, 0xab);
  payload.writeUInt16BE(42, 0);
  const stream = Buffer.concat(Array.from({ length: count }, () => encodeFrame(payload)));
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += chunkSize) chunks.push(Buffer.from(stream.subarray(at, at + chunkSize)));
  return chunks;
}

/** Best of `rounds` runs, in frames per second; checks every frame arrived. */
function measure(make: (onFrame: (p: Buffer) => void) => Push, chunks: Buffer[], frames: number, rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let seen = 0;
    let check = 0;
    const push = make((p) => {
      seen++;
      check += p[1];
    });
    const t0 = performance.now();
    for (const chunk of chunks) push(chunk);
    const dt = (performance.now() - t0) / 1000;
    if (seen !== frames || check !== 42 * frames) throw new Error(`decoded ${seen} of ${frames} frames`);
    best = Math.min(best, dt);
  }
  return frames / best;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
}

function scenario(title: string, size: number, count: number, rounds: number): void {
  const chunkSize = 64 * 1024;
  const chunks = makeChunks(size, count, chunkSize);
  const ours = (onFrame: (p: Buffer) => void): Push => {
    const d = new FrameDecoder(onFrame);
    return (chunk) => d.push(chunk);
  };
  measure(ours, chunks, count, 2); // warm-up
  measure(naiveDecoder, chunks, count, 2);
  const fast = measure(ours, chunks, count, rounds);
  const naive = measure(naiveDecoder, chunks, count, rounds);
  const mbps = (rate: number): string => `${((rate * (16 + size)) / 1e6).toFixed(0)} MB/s`;
  console.log(`${title}: ${count} frames of ${size}-byte payloads in ${chunkSize / 1024} KiB chunks`);
  console.log(`  FrameDecoder   ${fmt(fast).padStart(9)} frames/s  ${mbps(fast)}`);
  console.log(`  naive concat   ${fmt(naive).padStart(9)} frames/s  ${mbps(naive)}`);
  console.log(`  ratio          ${(fast / naive).toFixed(2)}x`);
}

scenario('small messages', 100, 300_000, 7);
scenario('get_api_json-sized reply', 3_072_672, 8, 5);
