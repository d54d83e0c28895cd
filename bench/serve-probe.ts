/**
 * Loaded into a `vppapi serve` child by bench:serve (`node --expose-gc --import …`), to
 * tell real growth from garbage not yet collected: asked over the IPC channel, it answers
 * the process's memory figures, after full collections when asked `gc`: V8's
 * (process.memoryUsage), the kernel's (/proc/self/smaps_rollup: anonymous and file-backed
 * resident pages) and glibc malloc's (mallinfo2 through koffi, when it loads: bytes in
 * use and free within the arenas, and mmap'd chunks), so that growth outside the V8 heap
 * can be placed. It adds no work to a request; the channel is unref'd so that it keeps
 * nothing alive at exit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Ask = 'sample' | 'gc';

/** glibc's mallinfo2 (all size_t): arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost. */
function mallocInfo(): (() => { arena: number; inUse: number; free: number; mmapped: number }) | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const Info = koffi.struct('mallinfo2_t', { arena: 'size_t', ordblks: 'size_t', smblks: 'size_t', hblks: 'size_t', hblkhd: 'size_t', usmblks: 'size_t', fsmblks: 'size_t', uordblks: 'size_t', fordblks: 'size_t', keepcost: 'size_t' });
    const fn = koffi.load('libc.so.6').func('mallinfo2_t mallinfo2()');
    void Info;
    return () => {
      const m = fn() as Record<string, number>;
      return { arena: Number(m.arena), inUse: Number(m.uordblks), free: Number(m.fordblks), mmapped: Number(m.hblkhd) };
    };
  } catch {
    return undefined;
  }
}

const malloc = mallocInfo();

/** Resident KiB by kind from /proc/self/smaps_rollup (Linux), or {} elsewhere. */
function rollup(): Record<string, number> {
  try {
    const out: Record<string, number> = {};
    for (const m of readFileSync('/proc/self/smaps_rollup', 'utf8').matchAll(/^(Rss|Anonymous|Private_Dirty|Shared_Clean|Private_Clean):\s+(\d+) kB/gm)) out[m[1]!] = Number(m[2]);
    return out;
  } catch {
    return {};
  }
}

/** Waited after the collections before reading: V8 gives freed pages back from a background thread. */
const UNMAP_WAIT_MS = 500;

process.on('message', (m: Ask) => {
  if (m === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return process.send?.({ error: 'the server was not started with --expose-gc' });
    // Twice: finalizers and weak references of the first leave garbage for a second.
    gc();
    gc();
    return void setTimeout(answer, UNMAP_WAIT_MS).unref();
  }
  answer();
});

function answer(): void {
  const u = process.memoryUsage();
  process.send?.({ rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers, kernel: rollup(), malloc: malloc?.() });
}
// After the listener: adding a 'message' listener refs the channel.
process.channel?.unref();
