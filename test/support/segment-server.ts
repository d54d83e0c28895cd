/**
 * A stats socket that hands out a fixed segment image (the bytes of a captured VPP
 * segment), for running `vppapi stats` against real bytes. The image goes into a memfd
 * as it is: its pointers are the captured VPP's addresses and the reader translates them
 * through the header's `base`, as it does for a live VPP. Polled on a timer, as the
 * emulator's socket is, so the CLI may run in the same process.
 */
import { writeSync } from 'node:fs';
import { loadNative } from '../../src/client/stats/native.js';

export interface SegmentServer {
  close(): void;
}

/** @throws StatsError without the FFI library or when `socketPath` cannot be bound. */
export function serveSegment(bytes: Buffer, socketPath: string): SegmentServer {
  const native = loadNative();
  const fd = native.createMemfd('captured segment', bytes.length);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
  const listener = native.listen(socketPath);
  const timer = setInterval(() => listener.serve(fd), 5);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      listener.close();
      native.close(fd);
    },
  };
}
