/**
 * Loaded into a `vppapi serve` child by bench:serve (`node --expose-gc --import …`), to
 * tell real growth from garbage not yet collected: asked over the IPC channel, it answers
 * the process's memory figures, after full collections when asked `gc`. It adds no work
 * to a request; the channel is unref'd so that it keeps nothing alive at exit.
 */
type Ask = 'sample' | 'gc';

process.on('message', (m: Ask) => {
  if (m === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return process.send?.({ error: 'the server was not started with --expose-gc' });
    // Twice: finalizers and weak references of the first leave garbage for a second.
    gc();
    gc();
  }
  const u = process.memoryUsage();
  process.send?.({ rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers });
});
// After the listener: adding a 'message' listener refs the channel.
process.channel?.unref();
